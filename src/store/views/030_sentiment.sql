-- Sentiment beside the price (issue 5). Scores come from current_scores (the latest analyzer version).
-- "press" = non-duplicate articles (duplicate_of IS NULL): the document score, or the mean of the article's
-- sentence scores when it has no document score. "public" = comments that are not deleted.
-- KST day of an instant = its UTC instant + 9 h, cut to a date: Korea has kept UTC+9 without DST since 1988,
-- and plain arithmetic is several times faster than an ICU time-zone conversion over millions of comments.
--
-- daily_sentiment_live: per (day, audience) sums computed from the tables now (slow at scale: ~2 s over
-- 10 M comments). The table sentiment_daily holds the same rows as of the last refreshSentimentDaily (run at
-- the end of analyze and of the sample run); daily_sentiment, sentiment_vs_price and weekly_summary read that
-- table, so they are as fresh as the last analyze. `SELECT * FROM sentiment_daily_staleness` lists differences.
--   day DATE (KST publication day), audience 'press' | 'public', n (items), n_scored, sum_compound, n_neg, n_pos
--
-- daily_sentiment: one row per (day, audience)
--   day            DATE     KST day the article was published / the comment was written
--   audience       VARCHAR  'press' | 'public'
--   n              BIGINT   articles (press) or comments (public) that day, scored or not
--   n_scored       BIGINT   of which scored by the current analyzer
--   mean_compound  DOUBLE   mean compound score in [-1, 1] of the scored items
--   neg_share      DOUBLE   share of scored items labelled neg
--   pos_share      DOUBLE   share of scored items labelled pos
--
-- sentiment_vs_price: one row per (trading day, ticker) in prices. News published on a weekend or a KRX
-- holiday is counted on the NEXT trading day (trading_calendar.trading_day); news on a trading day counts on
-- that day whatever the hour. Sentiment columns are the same for every ticker of a day.
--   day, ticker, name, role   trading day and ticker (name/role from tickers)
--   close                     KRW
--   return                    close-to-close simple return (a fraction); return_pct the same in % to 2 places
--   control_return            the control ticker's return (role 'control', e.g. NAVER 035420)
--   abnormal_return           return - control_return (NULL for the control itself)
--   n_articles, n_comments    volumes counted on this trading day
--   press_mean, public_mean   mean compound of the scored articles / comments
--   press_neg_share, public_neg_share, press_pos_share, public_pos_share   label shares
--
-- statement_reactions: one row per (statement, KST day) with reactions (statement_mentions role 'reaction',
-- current analyzer version; the speaker's own utterances are role 'statement' and not counted)
--   statement_id, speaker     the tracked statement and who said it
--   day                       KST day of the reacting sentence or comment
--   trading_day               the trading day that day's reactions count toward
--   mentions                  reactions that day; press_mentions (sentences) + public_mentions (comments)
--   share_against, share_support   stance shares
--   mean_compound             mean sentiment of the reactions
--
-- weekly_summary: one row per (ISO week in KST, ticker); weeks with news but no prices have ticker NULL
--   week                      'YYYY-Www' (ISO 8601 week of the KST day; news is not moved to trading days here)
--   week_start                the Monday
--   ticker                    ticker
--   articles, comments        volumes
--   press_mean, public_mean   mean compound; press_neg_share, public_neg_share label shares
--   close                     the ticker's last close in the week
--   weekly_return             that close / the last close of the previous week with prices - 1

CREATE OR REPLACE VIEW daily_sentiment_live AS
  WITH sentence_means AS (
    SELECT se.item_id AS doc_id, avg(sc.compound) AS compound
    FROM sentences se JOIN current_scores sc ON sc.item_id = se.sentence_id AND sc.item_kind = 'sentence'
    WHERE se.item_kind = 'document'
    GROUP BY se.item_id
  ), press AS (
    SELECT DATE '1970-01-01' + CAST((epoch_us(d.published_at) + 32400000000) // 86400000000 AS INTEGER) AS day,
           coalesce(ds.compound, sm.compound) AS compound,
           -- VADER's ±0.05 thresholds label an article that only has sentence scores
           coalesce(ds.label, CASE WHEN sm.compound <= -0.05 THEN 'neg' WHEN sm.compound >= 0.05 THEN 'pos'
                                   WHEN sm.compound IS NOT NULL THEN 'neu' END) AS label
    FROM documents d
    LEFT JOIN current_scores ds ON ds.item_id = d.doc_id AND ds.item_kind = 'document'
    LEFT JOIN sentence_means sm ON sm.doc_id = d.doc_id
    WHERE d.duplicate_of IS NULL AND d.published_at IS NOT NULL
  ), public AS (
    SELECT DATE '1970-01-01' + CAST((epoch_us(c.written_at) + 32400000000) // 86400000000 AS INTEGER) AS day,
           s.compound, s.label
    FROM comments c
    LEFT JOIN current_scores s ON s.item_id = c.comment_id AND s.item_kind = 'comment'
    WHERE NOT c.is_deleted
  ), items AS (
    SELECT 'press' AS audience, * FROM press
    UNION ALL
    SELECT 'public' AS audience, * FROM public
  )
  SELECT day, audience, count(*) AS n, count(compound) AS n_scored, sum(compound) AS sum_compound,
         count(*) FILTER (WHERE label = 'neg') AS n_neg, count(*) FILTER (WHERE label = 'pos') AS n_pos
  FROM items GROUP BY day, audience;

CREATE OR REPLACE VIEW daily_sentiment_sums AS
  SELECT day, audience, n, n_scored, sum_compound, n_neg, n_pos FROM sentiment_daily;

-- Days where the stored aggregate and the live computation disagree (empty when sentiment_daily is fresh).
CREATE OR REPLACE VIEW sentiment_daily_staleness AS
  SELECT coalesce(l.day, s.day) AS day, coalesce(l.audience, s.audience) AS audience,
         s.n AS stored_n, l.n AS live_n, s.n_scored AS stored_scored, l.n_scored AS live_scored
  FROM daily_sentiment_live l FULL OUTER JOIN daily_sentiment_sums s USING (day, audience)
  WHERE l.n IS DISTINCT FROM s.n OR l.n_scored IS DISTINCT FROM s.n_scored
     OR abs(coalesce(l.sum_compound, 0) - coalesce(s.sum_compound, 0)) > 1e-9
     OR l.n_neg IS DISTINCT FROM s.n_neg OR l.n_pos IS DISTINCT FROM s.n_pos;

CREATE OR REPLACE VIEW daily_sentiment AS
  SELECT day, audience, n, n_scored,
         sum_compound / nullif(n_scored, 0) AS mean_compound,
         n_neg / nullif(n_scored, 0) AS neg_share,
         n_pos / nullif(n_scored, 0) AS pos_share
  FROM daily_sentiment_sums;

CREATE OR REPLACE VIEW sentiment_vs_price AS
  WITH by_trading_day AS (
    SELECT c.trading_day AS day,
           sum(s.n) FILTER (WHERE s.audience = 'press') AS n_articles,
           sum(s.n_scored) FILTER (WHERE s.audience = 'press') AS press_scored,
           sum(s.sum_compound) FILTER (WHERE s.audience = 'press') AS press_sum,
           sum(s.n_neg) FILTER (WHERE s.audience = 'press') AS press_neg,
           sum(s.n_pos) FILTER (WHERE s.audience = 'press') AS press_pos,
           sum(s.n) FILTER (WHERE s.audience = 'public') AS n_comments,
           sum(s.n_scored) FILTER (WHERE s.audience = 'public') AS public_scored,
           sum(s.sum_compound) FILTER (WHERE s.audience = 'public') AS public_sum,
           sum(s.n_neg) FILTER (WHERE s.audience = 'public') AS public_neg,
           sum(s.n_pos) FILTER (WHERE s.audience = 'public') AS public_pos
    FROM daily_sentiment_sums s JOIN trading_calendar c ON c.day = s.day
    GROUP BY c.trading_day
  )
  SELECT p.day, p.ticker, p.name, p.role, p.close, p."return", round(100 * p."return", 2) AS return_pct,
         p.control_return, p.abnormal_return,
         coalesce(b.n_articles, 0) AS n_articles,
         b.press_sum / nullif(b.press_scored, 0) AS press_mean,
         b.press_neg / nullif(b.press_scored, 0) AS press_neg_share,
         b.press_pos / nullif(b.press_scored, 0) AS press_pos_share,
         coalesce(b.n_comments, 0) AS n_comments,
         b.public_sum / nullif(b.public_scored, 0) AS public_mean,
         b.public_neg / nullif(b.public_scored, 0) AS public_neg_share,
         b.public_pos / nullif(b.public_scored, 0) AS public_pos_share
  FROM price_returns p LEFT JOIN by_trading_day b USING (day);

CREATE OR REPLACE VIEW statement_reactions AS
  WITH r AS (
    SELECT m.statement_id, m.item_kind, m.stance, m.compound,
           DATE '1970-01-01' + CAST((epoch_us(m.published_at) + 32400000000) // 86400000000 AS INTEGER) AS day
    FROM statement_mentions m
    WHERE m.role = 'reaction' AND m.published_at IS NOT NULL
      AND m.analyzer_version = coalesce((SELECT value FROM meta WHERE key = 'analyzer_version'), m.analyzer_version)
  )
  SELECT r.statement_id, st.speaker, r.day, c.trading_day,
         count(*) AS mentions,
         count(*) FILTER (WHERE r.item_kind = 'sentence') AS press_mentions,
         count(*) FILTER (WHERE r.item_kind = 'comment') AS public_mentions,
         avg(CASE WHEN r.stance = 'against' THEN 1.0 ELSE 0.0 END) AS share_against,
         avg(CASE WHEN r.stance = 'support' THEN 1.0 ELSE 0.0 END) AS share_support,
         avg(r.compound) AS mean_compound
  FROM r
  LEFT JOIN statements st USING (statement_id)
  LEFT JOIN trading_calendar c ON c.day = r.day
  GROUP BY ALL;

CREATE OR REPLACE VIEW weekly_summary AS
  WITH s AS (
    SELECT strftime(day, '%G-W%V') AS week,
           sum(n) FILTER (WHERE audience = 'press') AS articles,
           sum(n_scored) FILTER (WHERE audience = 'press') AS press_scored,
           sum(sum_compound) FILTER (WHERE audience = 'press') AS press_sum,
           sum(n_neg) FILTER (WHERE audience = 'press') AS press_neg,
           sum(n) FILTER (WHERE audience = 'public') AS comments,
           sum(n_scored) FILTER (WHERE audience = 'public') AS public_scored,
           sum(sum_compound) FILTER (WHERE audience = 'public') AS public_sum,
           sum(n_neg) FILTER (WHERE audience = 'public') AS public_neg
    FROM daily_sentiment_sums GROUP BY 1
  ), weekly_close AS (
    SELECT ticker, strftime(day, '%G-W%V') AS week, arg_max(close, day) AS close
    FROM prices GROUP BY ALL
  ), weekly_price AS (
    SELECT ticker, week, close, close / lag(close) OVER (PARTITION BY ticker ORDER BY week) - 1 AS weekly_return
    FROM weekly_close
  ), weeks AS (
    SELECT week FROM s UNION SELECT week FROM weekly_price
  ), tick AS (
    SELECT DISTINCT ticker FROM prices
    UNION ALL
    SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM prices)
  )
  SELECT w.week,
         CAST(strptime(w.week || '-1', '%G-W%V-%u') AS DATE) AS week_start,
         t.ticker,
         coalesce(s.articles, 0) AS articles,
         coalesce(s.comments, 0) AS comments,
         s.press_sum / nullif(s.press_scored, 0) AS press_mean,
         s.press_neg / nullif(s.press_scored, 0) AS press_neg_share,
         s.public_sum / nullif(s.public_scored, 0) AS public_mean,
         s.public_neg / nullif(s.public_scored, 0) AS public_neg_share,
         wp.close, wp.weekly_return
  FROM weeks w CROSS JOIN tick t
  LEFT JOIN s ON s.week = w.week
  LEFT JOIN weekly_price wp ON wp.week = w.week AND wp.ticker IS NOT DISTINCT FROM t.ticker
  ORDER BY w.week, t.ticker;
