-- Sources that failed, over every recorded run (an outcome cannot be tied to a week before the page is parsed):
-- outcomes other than success or a deliberate skip, counted per source and kind, with the latest detail.
SELECT source_id, stage, outcome, count(*) AS items,
       arg_max(item_key, recorded_at) AS last_item, arg_max(detail, recorded_at) AS last_detail,
       max(recorded_at) AS last_at
FROM outcomes
WHERE outcome NOT IN ('ok', 'duplicate', 'not-modified', 'not-article', 'off-topic', 'skipped')
GROUP BY source_id, stage, outcome
ORDER BY items DESC, source_id, stage, outcome;
