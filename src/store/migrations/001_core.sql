-- 001: core tables (DESIGN §6). Every table has a primary key that makes its writes idempotent:
-- writers stage rows and then INSERT ... ON CONFLICT, so a re-run or a resumed run changes nothing.
-- All instants are TIMESTAMPTZ in UTC; days meant in Korean time are DATE columns named *_kst or day.

CREATE TABLE IF NOT EXISTS runs (
  run_id       VARCHAR PRIMARY KEY,
  command      VARCHAR NOT NULL,
  started_at   TIMESTAMPTZ NOT NULL,
  finished_at  TIMESTAMPTZ,
  status       VARCHAR NOT NULL,            -- running | ok | failed | interrupted
  summary      JSON
);

CREATE TABLE IF NOT EXISTS raw_fetches (
  fetch_id     VARCHAR PRIMARY KEY,         -- sha256(kind \n url \n fetched_at)
  run_id       VARCHAR NOT NULL,
  source_id    VARCHAR NOT NULL,
  kind         VARCHAR NOT NULL,            -- robots | feed | search | article | comments | prices
  url          VARCHAR NOT NULL,
  final_url    VARCHAR NOT NULL,
  status       INTEGER NOT NULL,
  headers      JSON NOT NULL,
  body         BLOB,
  fetched_at   TIMESTAMPTZ NOT NULL,
  elapsed_ms   INTEGER
);

CREATE TABLE IF NOT EXISTS outcomes (
  run_id       VARCHAR NOT NULL,
  stage        VARCHAR NOT NULL,
  item_key     VARCHAR NOT NULL,
  source_id    VARCHAR NOT NULL,
  outcome      VARCHAR NOT NULL,
  detail       VARCHAR,
  recorded_at  TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (run_id, stage, item_key)
);

CREATE TABLE IF NOT EXISTS documents (
  doc_id        VARCHAR PRIMARY KEY,        -- sha256 of the normalized URL
  url           VARCHAR NOT NULL,
  canonical_url VARCHAR NOT NULL,
  source_id     VARCHAR NOT NULL,
  outlet        VARCHAR NOT NULL,
  title         VARCHAR NOT NULL,
  subtitle      VARCHAR,
  body          VARCHAR NOT NULL,           -- paragraphs joined by \n\n
  n_paragraphs  INTEGER NOT NULL,
  published_at  TIMESTAMPTZ,
  modified_at   TIMESTAMPTZ,
  fetched_at    TIMESTAMPTZ NOT NULL,
  reporters     VARCHAR[],
  emails        VARCHAR[],
  section       VARCHAR,
  method        VARCHAR NOT NULL,           -- naver | daum | hankyung | yonhap | readability | paragraphs
  simhash       UBIGINT,
  duplicate_of  VARCHAR,                    -- doc_id of the first copy when this is a wire copy / re-post
  duplicate_reason VARCHAR,                 -- url | title | simhash
  raw_fetch_id  VARCHAR
);

CREATE TABLE IF NOT EXISTS comments (
  comment_id    VARCHAR PRIMARY KEY,        -- source:commentNo
  doc_id        VARCHAR NOT NULL,
  source        VARCHAR NOT NULL,
  parent_id     VARCHAR,
  reply_level   INTEGER NOT NULL DEFAULT 0,
  contents      VARCHAR NOT NULL,
  user_name     VARCHAR,                    -- masked as the site shows it
  user_hash     VARCHAR,                    -- salted sha256 of the site's user id; never the raw id
  written_at    TIMESTAMPTZ NOT NULL,
  modified_at   TIMESTAMPTZ,
  sympathy      INTEGER NOT NULL DEFAULT 0,
  antipathy     INTEGER NOT NULL DEFAULT 0,
  reply_count   INTEGER NOT NULL DEFAULT 0,
  is_best       BOOLEAN NOT NULL DEFAULT false,
  is_deleted    BOOLEAN NOT NULL DEFAULT false,
  is_hidden     BOOLEAN NOT NULL DEFAULT false,
  fetched_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
  sentence_id   VARCHAR PRIMARY KEY,        -- item_id#idx
  item_id       VARCHAR NOT NULL,           -- doc_id or comment_id
  item_kind     VARCHAR NOT NULL,           -- document | comment
  idx           INTEGER NOT NULL,
  text          VARCHAR NOT NULL,
  speaker       VARCHAR,                    -- who said it when the sentence is a quote with a known speaker
  is_quote      BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE IF NOT EXISTS scores (
  item_id          VARCHAR NOT NULL,        -- sentence_id, doc_id or comment_id
  item_kind        VARCHAR NOT NULL,        -- sentence | document | comment
  analyzer_version VARCHAR NOT NULL,
  compound         DOUBLE NOT NULL,
  label            VARCHAR NOT NULL,        -- neg | neu | pos
  pos              DOUBLE NOT NULL,
  neu              DOUBLE NOT NULL,
  neg              DOUBLE NOT NULL,
  lexicon_compound DOUBLE,
  model_prob       DOUBLE,                  -- learned complement: P(positive)
  terms            JSON,
  scored_at        TIMESTAMPTZ NOT NULL,
  PRIMARY KEY (item_id, analyzer_version)
);

CREATE TABLE IF NOT EXISTS statements (
  statement_id  VARCHAR PRIMARY KEY,
  speaker       VARCHAR NOT NULL,
  said_on       DATE,
  text          VARCHAR NOT NULL,
  description   VARCHAR
);

CREATE TABLE IF NOT EXISTS statement_mentions (
  item_id          VARCHAR NOT NULL,        -- sentence_id or comment_id
  statement_id     VARCHAR NOT NULL,
  analyzer_version VARCHAR NOT NULL,
  item_kind        VARCHAR NOT NULL,        -- sentence | comment
  doc_id           VARCHAR NOT NULL,
  role             VARCHAR NOT NULL,        -- statement | reaction
  stance           VARCHAR NOT NULL,        -- against | support | neutral
  compound         DOUBLE NOT NULL,
  published_at     TIMESTAMPTZ,             -- when the mentioning sentence or comment was published
  PRIMARY KEY (item_id, statement_id, analyzer_version)
);

CREATE TABLE IF NOT EXISTS prices (
  ticker   VARCHAR NOT NULL,
  day      DATE NOT NULL,                   -- trading day in Asia/Seoul
  open     DOUBLE NOT NULL,
  high     DOUBLE NOT NULL,
  low      DOUBLE NOT NULL,
  close    DOUBLE NOT NULL,
  volume   BIGINT NOT NULL,
  source   VARCHAR NOT NULL,
  PRIMARY KEY (ticker, day)
);

CREATE TABLE IF NOT EXISTS tickers (
  ticker   VARCHAR PRIMARY KEY,
  name     VARCHAR NOT NULL,
  role     VARCHAR NOT NULL DEFAULT 'subject' -- subject | control | index
);

CREATE TABLE IF NOT EXISTS trading_holidays (
  day      DATE PRIMARY KEY,
  name     VARCHAR
);

-- crawl state: resumable after kill -9 (DESIGN §1, issue 3)
CREATE TABLE IF NOT EXISTS frontier (
  url_key       VARCHAR PRIMARY KEY,        -- sha256 of the normalized URL
  url           VARCHAR NOT NULL,
  source_id     VARCHAR NOT NULL,
  kind          VARCHAR NOT NULL,           -- article | comments
  state         VARCHAR NOT NULL,           -- queued | done | failed
  tries         INTEGER NOT NULL DEFAULT 0,
  last_outcome  VARCHAR,
  discovered_at TIMESTAMPTZ NOT NULL,
  updated_at    TIMESTAMPTZ NOT NULL,
  hint          JSON                        -- title/published time from the feed or search item
);

CREATE TABLE IF NOT EXISTS feed_state (
  source_id      VARCHAR NOT NULL,
  url            VARCHAR NOT NULL,
  etag           VARCHAR,
  last_modified  VARCHAR,
  last_polled_at TIMESTAMPTZ,
  last_status    INTEGER,
  failures       INTEGER NOT NULL DEFAULT 0,
  next_poll_at   TIMESTAMPTZ,
  last_error     VARCHAR,
  PRIMARY KEY (source_id, url)
);

CREATE TABLE IF NOT EXISTS comment_cursor (
  doc_id        VARCHAR PRIMARY KEY,
  object_id     VARCHAR NOT NULL,           -- news{oid},{aid}
  article_url   VARCHAR NOT NULL,
  next_page     INTEGER NOT NULL DEFAULT 1,
  total_pages   INTEGER,
  done          BOOLEAN NOT NULL DEFAULT false,
  fetched_count INTEGER NOT NULL DEFAULT 0,
  updated_at    TIMESTAMPTZ NOT NULL
);
