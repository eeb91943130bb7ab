-- The township's case list is paged by the server (issue 17): at county scale a status holds
-- millions of cases, so the list is read a page at a time in the order cases reached the township.
-- That order, `submittedAt`, lived only inside the JSON; it becomes a column (NULL for a case never
-- submitted), filled here for the cases already on the ledger and kept by every save of a case.
ALTER TABLE cases ADD COLUMN submitted_at TEXT;
UPDATE cases SET submitted_at = json_extract(data, '$.submittedAt');

-- A page is `status = ? AND village_id IN (the township's villages) ORDER BY submitted_at, id`,
-- after a cursor. Status and village first: one village's queue (the village filter) is one range
-- read in order and stopped at the page's end; a township's is one range per village, merged by a
-- sort of that township's cases after the cursor only. Order first (status, submitted_at, …) would
-- read every township's cases of the status, in order, to pick out the caller's: the work would grow
-- with the county, not with the township. The index has the old (status, village_id) as its prefix.
DROP INDEX cases_status;
CREATE INDEX cases_queue ON cases(status, village_id, submitted_at, id);
