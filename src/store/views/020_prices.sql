-- Prices views (issue 5). KRX trades Monday to Friday except the days in trading_holidays; dates are KST.
--
-- trading_calendar: one row per calendar day 2000-01-01 .. 2040-12-31
--   day            DATE     the calendar day (Asia/Seoul)
--   is_trading     BOOLEAN  KRX open that day (weekday and not in trading_holidays; years without loaded
--                           holidays count only weekends as closed)
--   trading_day    DATE     the first trading day on or after `day`: where news published that day is counted
--
-- price_returns: one row per (ticker, trading day) in prices
--   ticker, name, role      from tickers (role subject | control | index; NULL when the ticker is not listed)
--   day                     trading day
--   open, high, low, close  KRW
--   volume                  shares
--   prev_close              the ticker's previous stored close
--   return                  close / prev_close - 1 (simple close-to-close return; NULL on the first day)
--   control_return          mean return of the tickers with role 'control' that day
--   abnormal_return         return - control_return (control-adjusted; NULL for control and index tickers)
--   index_return            mean return of the tickers with role 'index' that day (NULL when none imported)

CREATE OR REPLACE VIEW trading_calendar AS
  WITH days AS (
    SELECT CAST(range AS DATE) AS day FROM range(DATE '2000-01-01', DATE '2041-01-01', INTERVAL 1 DAY)
  ), flagged AS (
    SELECT d.day, isodow(d.day) <= 5 AND h.day IS NULL AS is_trading
    FROM days d LEFT JOIN trading_holidays h ON h.day = d.day
  )
  SELECT day, is_trading,
         min(CASE WHEN is_trading THEN day END) OVER (ORDER BY day ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)
           AS trading_day
  FROM flagged;

CREATE OR REPLACE VIEW price_returns AS
  WITH r AS (
    SELECT p.ticker, t.name, t.role, p.day, p.open, p.high, p.low, p.close, p.volume,
           lag(p.close) OVER (PARTITION BY p.ticker ORDER BY p.day) AS prev_close
    FROM prices p LEFT JOIN tickers t USING (ticker)
  ), r2 AS (
    SELECT *, close / prev_close - 1 AS "return" FROM r
  ), bench AS (
    SELECT day,
           avg("return") FILTER (WHERE role = 'control') AS control_return,
           avg("return") FILTER (WHERE role = 'index') AS index_return
    FROM r2 GROUP BY day
  )
  SELECT r2.ticker, r2.name, r2.role, r2.day, r2.open, r2.high, r2.low, r2.close, r2.volume, r2.prev_close,
         r2."return", b.control_return,
         CASE WHEN coalesce(r2.role, 'subject') = 'subject' THEN r2."return" - b.control_return END
           AS abnormal_return,
         b.index_return
  FROM r2 LEFT JOIN bench b USING (day);
