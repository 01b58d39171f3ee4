-- Texts of this week and the previous one, per KST day, for TF-IDF keywords (titles and bodies of articles,
-- visible comments). Not a report table itself: rising_keywords.csv is computed from it.
SELECT CASE WHEN day_kst >= CAST($start AS DATE) THEN 'current' ELSE 'previous' END AS period, day_kst AS day,
       title || E'\n' || body AS text
FROM articles
WHERE duplicate_of IS NULL AND day_kst BETWEEN CAST($prev_start AS DATE) AND CAST($end AS DATE)
UNION ALL
SELECT CASE WHEN day_kst >= CAST($start AS DATE) THEN 'current' ELSE 'previous' END, day_kst, contents
FROM comments_scored
WHERE NOT is_deleted AND NOT is_hidden AND day_kst BETWEEN CAST($prev_start AS DATE) AND CAST($end AS DATE)
ORDER BY day, text;
