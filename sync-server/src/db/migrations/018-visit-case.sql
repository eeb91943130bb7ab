-- The case a home visit was recorded for, so the township's case page finds the visit.
ALTER TABLE visits ADD COLUMN case_id TEXT;
UPDATE visits SET case_id = json_extract(data, '$.caseId');
CREATE INDEX visits_case ON visits(case_id) WHERE case_id IS NOT NULL;
