-- Headline figures for the report week and the week before: one row per period, re-aggregated exactly from
-- daily_sentiment_live (press = articles without wire copies, public = comments not deleted; KST days).
-- The live view, not the stored daily_sentiment table: a report must not depend on when analyze last refreshed it.
WITH periods AS (
  SELECT 'current' AS period, CAST($start AS DATE) AS d0, CAST($end AS DATE) AS d1
  UNION ALL
  SELECT 'previous', CAST($prev_start AS DATE), CAST($prev_end AS DATE)
)
SELECT p.period,
       coalesce(sum(s.n) FILTER (WHERE s.audience = 'press'), 0) AS articles,
       coalesce(sum(s.n) FILTER (WHERE s.audience = 'public'), 0) AS comments,
       sum(s.sum_compound) FILTER (WHERE s.audience = 'press')
         / nullif(sum(s.n_scored) FILTER (WHERE s.audience = 'press'), 0) AS press_mean,
       sum(s.sum_compound) FILTER (WHERE s.audience = 'public')
         / nullif(sum(s.n_scored) FILTER (WHERE s.audience = 'public'), 0) AS public_mean,
       sum(s.n_neg) FILTER (WHERE s.audience = 'press')
         / nullif(sum(s.n_scored) FILTER (WHERE s.audience = 'press'), 0) AS press_neg_share,
       sum(s.n_neg) FILTER (WHERE s.audience = 'public')
         / nullif(sum(s.n_scored) FILTER (WHERE s.audience = 'public'), 0) AS public_neg_share
FROM periods p
LEFT JOIN daily_sentiment_live s ON s.day BETWEEN p.d0 AND p.d1
GROUP BY p.period
ORDER BY CASE p.period WHEN 'current' THEN 0 ELSE 1 END;
