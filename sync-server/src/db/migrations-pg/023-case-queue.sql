-- The township's case list paged by the server (issue 17): SQLite's 023-case-queue.sql in
-- PostgreSQL's dialect (the reasons, and the choice of the index's column order, are there).
ALTER TABLE cases ADD COLUMN submitted_at TEXT;
UPDATE cases SET submitted_at = (data::jsonb ->> 'submittedAt');

DROP INDEX cases_status;
CREATE INDEX cases_queue ON cases(status, village_id, submitted_at, id);
