-- The event table rebuilt without two writes every event paid for: AUTOINCREMENT (a row of
-- sqlite_sequence updated per insert; appendEvent numbers events itself and none is ever deleted)
-- and a unique index on mutation_id (mutation_results holds each mutation id once, written in the
-- same transaction as the event, and nothing reads events by mutation id).
CREATE TABLE events_lean (
  seq INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  village_id TEXT,
  account_id TEXT,
  device_id TEXT,
  mutation_id TEXT,
  hlc TEXT,
  payload TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
INSERT INTO events_lean
  SELECT seq, type, entity_id, village_id, account_id, device_id, mutation_id, hlc, payload, recorded_at, prev_hash, hash
    FROM events ORDER BY seq;
DROP TABLE events;
ALTER TABLE events_lean RENAME TO events;
CREATE INDEX events_entity ON events(entity_id, seq);
CREATE INDEX events_type_time ON events(type, recorded_at);
