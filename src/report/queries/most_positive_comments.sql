-- The most-liked positive comments of the week (label = 'pos'), ties broken by the stronger score.
SELECT c.day_kst AS day, c.contents, c.sympathy AS likes, c.antipathy AS dislikes, c.compound,
       d.outlet, d.title, d.url
FROM comments_scored c
LEFT JOIN documents d ON d.doc_id = c.doc_id
WHERE c.label = 'pos' AND NOT c.is_deleted AND NOT c.is_hidden
  AND c.day_kst BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
ORDER BY c.sympathy DESC, c.compound DESC, c.comment_id
LIMIT 5;
