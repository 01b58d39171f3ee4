-- Which analyzer version the figures come from and how many items it scored.
SELECT (SELECT value FROM meta WHERE key = 'analyzer_version') AS analyzer_version,
       count(*) FILTER (WHERE item_kind = 'document') AS documents_scored,
       count(*) FILTER (WHERE item_kind = 'comment') AS comments_scored,
       count(*) FILTER (WHERE item_kind = 'sentence') AS sentences_scored
FROM current_scores;
