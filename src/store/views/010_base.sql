-- Base analyst views. Times stay UTC in the tables; *_kst columns are the same instants as Korean dates.

-- The analyzer version whose scores the views show: the latest one `yeoron analyze` wrote (meta.analyzer_version).
CREATE OR REPLACE VIEW current_scores AS
  SELECT s.* FROM scores s
  WHERE s.analyzer_version = coalesce((SELECT value FROM meta WHERE key = 'analyzer_version'), s.analyzer_version);

CREATE OR REPLACE VIEW articles AS
  SELECT d.doc_id, d.url, d.outlet, d.source_id, d.title, d.subtitle, d.body, d.published_at,
         CAST(timezone('Asia/Seoul', d.published_at) AS DATE) AS day_kst,
         d.reporters, d.emails, d.section, d.method, d.duplicate_of, d.duplicate_reason, d.fetched_at,
         s.compound, s.label
  FROM documents d
  LEFT JOIN current_scores s ON s.item_id = d.doc_id;

CREATE OR REPLACE VIEW comments_scored AS
  SELECT c.comment_id, c.doc_id, c.parent_id, c.reply_level, c.contents, c.user_name, c.written_at,
         CAST(timezone('Asia/Seoul', c.written_at) AS DATE) AS day_kst,
         c.sympathy, c.antipathy, c.is_best, c.is_deleted, c.is_hidden,
         s.compound, s.label, s.terms
  FROM comments c
  LEFT JOIN current_scores s ON s.item_id = c.comment_id;
