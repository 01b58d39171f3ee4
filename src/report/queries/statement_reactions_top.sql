-- Candidate representative reactions per statement this week: the most-liked comments and the most-cited article
-- sentences (the same sentence carried by several articles, e.g. a wire quote, counts once per article).
WITH m AS (
  SELECT * FROM statement_mentions
  WHERE role = 'reaction'
    AND analyzer_version = coalesce((SELECT value FROM meta WHERE key = 'analyzer_version'), analyzer_version)
    AND CAST(timezone('Asia/Seoul', published_at) AS DATE) BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
comment_reactions AS (
  SELECT m.statement_id, 'comment' AS kind, c.contents AS text, d.url, d.outlet, d.title,
         c.sympathy AS likes, 1 AS citations, m.stance, m.compound,
         row_number() OVER (PARTITION BY m.statement_id ORDER BY c.sympathy DESC, c.comment_id) AS rank
  FROM m JOIN comments c ON c.comment_id = m.item_id
  LEFT JOIN documents d ON d.doc_id = c.doc_id
  WHERE m.item_kind = 'comment' AND NOT c.is_deleted AND NOT c.is_hidden
),
sentence_reactions AS (
  SELECT m.statement_id, 'sentence' AS kind, s.text,
         arg_min(d.url, d.published_at) AS url, arg_min(d.outlet, d.published_at) AS outlet,
         arg_min(d.title, d.published_at) AS title,
         0 AS likes, count(DISTINCT m.doc_id) AS citations,
         mode(m.stance) AS stance, avg(m.compound) AS compound
  FROM m JOIN sentences s ON s.sentence_id = m.item_id
  LEFT JOIN documents d ON d.doc_id = m.doc_id
  WHERE m.item_kind = 'sentence'
  GROUP BY m.statement_id, s.text
),
ranked_sentences AS (
  SELECT *, row_number() OVER (PARTITION BY statement_id ORDER BY citations DESC, text) AS rank FROM sentence_reactions
)
SELECT statement_id, kind, rank, text, url, outlet, title, likes, citations, stance, compound
FROM comment_reactions WHERE rank <= 3
UNION ALL
SELECT statement_id, kind, rank, text, url, outlet, title, likes, citations, stance, compound
FROM ranked_sentences WHERE rank <= 3
ORDER BY statement_id, kind, rank;
