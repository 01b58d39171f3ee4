-- Abnormal return and CAR around the week's event day, from price_returns (abnormal return = subject return −
-- mean return of the control tickers, a market-adjusted model with the peer as the market).
-- Event day = the week's trading day with the largest |abnormal return|; window = 1 trading day before to 5
-- after, the window `yeoron event` uses by default (-1,+5). CAR sums abnormal returns from the window's start.
WITH s AS (
  SELECT day, close, "return", control_return, abnormal_return, row_number() OVER (ORDER BY day) AS trading_idx
  FROM price_returns WHERE ticker = $subject
),
event AS (
  SELECT day AS event_day, trading_idx AS event_idx FROM s
  WHERE day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE) AND abnormal_return IS NOT NULL
  ORDER BY abs(abnormal_return) DESC, day
  LIMIT 1
)
SELECT s.trading_idx - e.event_idx AS rel_day, s.day, e.event_day, s.close,
       s."return" AS subject_return, s.control_return, s.abnormal_return,
       sum(s.abnormal_return) OVER (ORDER BY s.day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS car
FROM s CROSS JOIN event e
WHERE s.trading_idx - e.event_idx BETWEEN -1 AND 5
ORDER BY s.day;
