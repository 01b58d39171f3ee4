-- Reactions per tracked statement per day of the week (zero days included), for the trend sparkline and chart.
WITH days AS (
  SELECT CAST(d AS DATE) AS day FROM range(CAST($start AS DATE), CAST($end AS DATE) + 1, INTERVAL 1 DAY) t(d)
),
active AS (
  SELECT DISTINCT statement_id FROM statement_reactions WHERE day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
)
SELECT a.statement_id, days.day, coalesce(r.mentions, 0) AS mentions,
       round(coalesce(r.share_against * r.mentions, 0)) AS against
FROM active a CROSS JOIN days
LEFT JOIN statement_reactions r ON r.statement_id = a.statement_id AND r.day = days.day
ORDER BY a.statement_id, days.day;
