-- Handover slips (交接单) of paper originals from the villages to the township.
CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  slip_number TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX handovers_seq ON handovers(village_id, seq);
