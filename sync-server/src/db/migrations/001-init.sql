-- The township ledger: an append-only event log and the projections built from it.

CREATE TABLE townships (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  address TEXT NOT NULL
);

CREATE TABLE villages (
  id TEXT PRIMARY KEY,
  township_id TEXT NOT NULL REFERENCES townships(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX villages_seq ON villages(seq);

CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  phone TEXT NOT NULL,
  township_id TEXT NOT NULL REFERENCES townships(id),
  village_id TEXT REFERENCES villages(id),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  village_id TEXT REFERENCES villages(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  last_seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- Every change is an event. Each carries the hash of the one before it (tamper evidence).
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  village_id TEXT,
  account_id TEXT,
  device_id TEXT,
  mutation_id TEXT UNIQUE,
  hlc TEXT,
  payload TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX events_entity ON events(entity_id, seq);

-- The answer given to every mutation a device pushed, so a repeated push gets the same answer.
CREATE TABLE mutation_results (
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  mutation_id TEXT NOT NULL UNIQUE,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
  reason TEXT,
  message TEXT,
  PRIMARY KEY (device_id, device_seq)
);

CREATE TABLE service_items (
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (code, version)
);
CREATE INDEX service_items_seq ON service_items(seq);

CREATE TABLE applicants (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  id_number TEXT NOT NULL,
  data TEXT NOT NULL,
  seq INTEGER NOT NULL,
  UNIQUE (village_id, id_number)
);
CREATE INDEX applicants_seq ON applicants(village_id, seq);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  village_id TEXT NOT NULL REFERENCES villages(id),
  status TEXT NOT NULL,
  data TEXT NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX cases_seq ON cases(village_id, seq);
CREATE INDEX cases_status ON cases(status, village_id);

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  mime TEXT NOT NULL,
  created_at TEXT NOT NULL
);

-- Which case references which blob: a photo attached to two cases is stored once.
CREATE TABLE case_blobs (
  case_id TEXT NOT NULL REFERENCES cases(id),
  sha256 TEXT NOT NULL,
  PRIMARY KEY (case_id, sha256)
);
CREATE INDEX case_blobs_sha ON case_blobs(sha256);
