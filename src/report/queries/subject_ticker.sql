-- The subject's name and its control, for titles and the event-study note.
SELECT (SELECT name FROM tickers WHERE ticker = $subject) AS subject_name,
       (SELECT ticker FROM tickers WHERE role = 'control' AND ticker <> $subject ORDER BY ticker LIMIT 1) AS control_ticker,
       (SELECT name FROM tickers WHERE role = 'control' AND ticker <> $subject ORDER BY ticker LIMIT 1) AS control_name;
