-- 003: scheduler and operations state (issue 7). Times here come from the scheduler's clock, which tests and
-- the soak compress; they are still UTC instants.

-- One row per job run, scheduled or one-shot (`yeoron run --job`): what `yeoron status` shows as last run.
CREATE TABLE IF NOT EXISTS job_runs (
  job_run_id    VARCHAR PRIMARY KEY,
  job           VARCHAR NOT NULL,            -- feeds | search | comments | prices | analyze | report
  trigger       VARCHAR NOT NULL,            -- schedule | once | after:<job>
  scheduled_for TIMESTAMPTZ,                 -- the cron slot it ran for (null for one-shots)
  started_at    TIMESTAMPTZ NOT NULL,
  finished_at   TIMESTAMPTZ,
  status        VARCHAR NOT NULL,            -- running | ok | failed | interrupted | skipped
  crawl_run_id  VARCHAR,                     -- runs.run_id of the crawl it made, whose outcomes it counts
  counts        JSON,                        -- the job's own summary (new documents, comments, scored items …)
  detail        VARCHAR,                     -- why it failed or was skipped
  pid           INTEGER NOT NULL
);

-- When a running scheduler plans to run each job next (cron mode computes it from the config instead).
CREATE TABLE IF NOT EXISTS job_state (
  job          VARCHAR PRIMARY KEY,
  cron         VARCHAR NOT NULL,
  next_run_at  TIMESTAMPTZ,
  updated_at   TIMESTAMPTZ NOT NULL
);

-- When each article's comment thread was last paged again by the comments job (the refresh tiers read it).
CREATE TABLE IF NOT EXISTS comment_refresh (
  doc_id        VARCHAR PRIMARY KEY,
  refreshed_at  TIMESTAMPTZ NOT NULL,
  refreshes     INTEGER NOT NULL DEFAULT 0
);
