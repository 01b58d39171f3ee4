-- What each source contributed this week: articles (by the source that found them) and their comments.
WITH a AS (
  SELECT doc_id, source_id FROM articles
  WHERE duplicate_of IS NULL AND day_kst BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
c AS (
  SELECT d.source_id, count(*) AS comments FROM comments_scored cs JOIN documents d USING (doc_id)
  WHERE NOT cs.is_deleted AND cs.day_kst BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
  GROUP BY d.source_id
)
SELECT coalesce(a.source_id, c.source_id) AS source_id, count(a.doc_id) AS articles, coalesce(any_value(c.comments), 0) AS comments
FROM a FULL JOIN c ON c.source_id = a.source_id
GROUP BY 1
ORDER BY articles DESC, comments DESC, source_id;
