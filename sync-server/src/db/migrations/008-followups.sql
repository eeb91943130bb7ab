-- Follow-ups (回访) of bad ratings: opened with the rating, closed by the township.
CREATE TABLE followups (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  village_id TEXT NOT NULL REFERENCES villages(id),
  data TEXT NOT NULL,
  due_date TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX followups_open ON followups(closed_at, due_date);
