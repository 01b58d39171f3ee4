-- 002: a pre-aggregated daily sentiment table (issue 5). Joining 10 M comments to their 10 M scores takes
-- about 1.5 s on 2 cores, so the analyst views (daily_sentiment, sentiment_vs_price, weekly_summary) read these
-- per-day sums instead; `refreshSentimentDaily` (src/store/prices.ts) rebuilds them from the live view
-- daily_sentiment_live at the end of every analyze and sample run.

CREATE TABLE IF NOT EXISTS sentiment_daily (
  day              DATE NOT NULL,           -- KST day of publication (article) or writing (comment)
  audience         VARCHAR NOT NULL,        -- press | public
  n                BIGINT NOT NULL,         -- items, scored or not
  n_scored         BIGINT NOT NULL,         -- items with a current score
  sum_compound     DOUBLE,                  -- sum of compound over scored items
  n_neg            BIGINT NOT NULL,         -- scored items labelled neg
  n_pos            BIGINT NOT NULL,         -- scored items labelled pos
  analyzer_version VARCHAR,                 -- meta.analyzer_version when refreshed
  refreshed_at     TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (day, audience)
);
