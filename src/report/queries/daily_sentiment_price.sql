-- Each day of the week (KST): press and public sentiment (the daily_sentiment definitions, computed live from
-- daily_sentiment_live so the report never shows a stale aggregate) beside the subject's close and volume.
-- Weekend and holiday days keep their sentiment and have no price (the chart leaves a gap there).
WITH days AS (
  SELECT CAST(d AS DATE) AS day FROM range(CAST($start AS DATE), CAST($end AS DATE) + 1, INTERVAL 1 DAY) t(d)
),
s AS (
  SELECT day, audience, n, sum_compound / nullif(n_scored, 0) AS mean_compound, n_neg / nullif(n_scored, 0) AS neg_share
  FROM daily_sentiment_live WHERE day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE)
)
SELECT days.day,
       coalesce(press.n, 0) AS n_articles, press.mean_compound AS press_mean, press.neg_share AS press_neg_share,
       coalesce(public.n, 0) AS n_comments, public.mean_compound AS public_mean, public.neg_share AS public_neg_share,
       p.close, p."return" AS subject_return, p.volume
FROM days
LEFT JOIN s press ON press.day = days.day AND press.audience = 'press'
LEFT JOIN s public ON public.day = days.day AND public.audience = 'public'
LEFT JOIN price_returns p ON p.ticker = $subject AND p.day = days.day
ORDER BY days.day;
