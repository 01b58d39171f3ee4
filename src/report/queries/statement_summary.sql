-- Tracked statements with reactions this week or last (statement_reactions: the speaker's own words are not
-- reactions): mentions, share against and mean sentiment weighted by each day's mentions.
WITH r AS (
  SELECT *, CASE WHEN day BETWEEN CAST($start AS DATE) AND CAST($end AS DATE) THEN 'current'
                 WHEN day BETWEEN CAST($prev_start AS DATE) AND CAST($prev_end AS DATE) THEN 'previous' END AS period
  FROM statement_reactions
)
SELECT s.statement_id, s.speaker, s.text, s.said_on,
       coalesce(sum(r.mentions) FILTER (WHERE r.period = 'current'), 0) AS mentions,
       coalesce(sum(r.mentions) FILTER (WHERE r.period = 'previous'), 0) AS mentions_prev,
       sum(r.share_against * r.mentions) FILTER (WHERE r.period = 'current')
         / nullif(sum(r.mentions) FILTER (WHERE r.period = 'current'), 0) AS share_against,
       sum(r.mean_compound * r.mentions) FILTER (WHERE r.period = 'current')
         / nullif(sum(r.mentions) FILTER (WHERE r.period = 'current'), 0) AS mean_compound,
       sum(r.mean_compound * r.mentions) FILTER (WHERE r.period = 'previous')
         / nullif(sum(r.mentions) FILTER (WHERE r.period = 'previous'), 0) AS mean_compound_prev
FROM statements s JOIN r USING (statement_id)
WHERE r.period IS NOT NULL
GROUP BY ALL
ORDER BY mentions DESC, s.statement_id;
