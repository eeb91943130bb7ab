-- Losing values of concurrent edits of the same agent-owned field (see schemas/src/conflict.ts).
CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  village_id TEXT NOT NULL REFERENCES villages(id),
  data TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  restored_at TEXT
);
CREATE INDEX conflicts_village ON conflicts(village_id, recorded_at);
