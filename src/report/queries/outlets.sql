-- Articles per outlet this week, their mean sentiment and negative share, and the comments they drew.
WITH a AS (
  SELECT doc_id, outlet, compound, label FROM articles
  WHERE duplicate_of IS NULL AND day_kst BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
),
c AS (
  SELECT doc_id, count(*) AS n, avg(compound) AS mean_compound FROM comments_scored
  WHERE NOT is_deleted AND day_kst BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
  GROUP BY doc_id
)
SELECT a.outlet, count(*) AS articles, avg(a.compound) AS press_mean,
       avg(CASE WHEN a.label = 'neg' THEN 1.0 WHEN a.label IS NULL THEN NULL ELSE 0.0 END) AS press_neg_share,
       coalesce(sum(c.n), 0) AS comments,
       sum(c.mean_compound * c.n) / nullif(sum(c.n), 0) AS public_mean
FROM a LEFT JOIN c USING (doc_id)
GROUP BY a.outlet
ORDER BY articles DESC, a.outlet;
