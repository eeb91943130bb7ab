-- Home visits (上门代办), projected from visit.plan and visit.record events.
CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  data TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX visits_seq ON visits(village_id, seq);
