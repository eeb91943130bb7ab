-- The PostgreSQL ledger starts here: the schema exactly as SQLite has it after migrations 001–021
-- (same tables, columns in the same order, keys, checks and indexes), written once, since no
-- PostgreSQL ledger predates it. Migration 022 and later come in both dialects (README.md beside
-- this file); schema-parity.test.ts compares the two.
--
-- Types: SQLite INTEGER is BIGINT for sequences, sizes and milliseconds, INTEGER for versions,
-- positions, small counters and the 0/1 flag; TEXT stays TEXT; BLOB is BYTEA.

CREATE TABLE townships (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  address TEXT NOT NULL,
  calendar_seq BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE villages (
  id TEXT PRIMARY KEY,
  township_id TEXT NOT NULL REFERENCES townships(id),
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  seq BIGINT NOT NULL
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
  -- '' for an account created without a password (no password matches it).
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  post TEXT CHECK (post IN ('A', 'B')),
  seq BIGINT NOT NULL DEFAULT 0,
  disabled_at TEXT
);

CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  village_id TEXT REFERENCES villages(id),
  code TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  last_seq BIGINT NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  revoked_at TEXT,
  last_contact_at TEXT,
  last_push_at TEXT,
  push_failures INTEGER NOT NULL DEFAULT 0,
  last_push_error TEXT,
  reset_detected_at TEXT,
  goodbye_at TEXT,
  clock_skew_ms BIGINT,
  key_share BYTEA,
  pin_proof_hash TEXT,
  pin_failures INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE mutation_results (
  device_id TEXT NOT NULL,
  device_seq BIGINT NOT NULL,
  mutation_id TEXT NOT NULL UNIQUE,
  outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'refused')),
  reason TEXT,
  message TEXT,
  PRIMARY KEY (device_id, device_seq)
);

CREATE TABLE applicants (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  id_number TEXT NOT NULL,
  data TEXT NOT NULL,
  seq BIGINT NOT NULL,
  UNIQUE (village_id, id_number)
);
CREATE INDEX applicants_seq ON applicants(village_id, seq);

CREATE TABLE cases (
  id TEXT PRIMARY KEY,
  case_number TEXT NOT NULL UNIQUE,
  village_id TEXT NOT NULL REFERENCES villages(id),
  status TEXT NOT NULL,
  data TEXT NOT NULL,
  seq BIGINT NOT NULL
);
CREATE INDEX cases_seq ON cases(village_id, seq);
CREATE INDEX cases_status ON cases(status, village_id);

CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size BIGINT NOT NULL,
  mime TEXT NOT NULL,
  created_at TEXT NOT NULL,
  device_id TEXT,
  referenced INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX blobs_unreferenced_device ON blobs(device_id) WHERE referenced = 0;
CREATE INDEX blobs_unreferenced_created ON blobs(created_at) WHERE referenced = 0;

CREATE TABLE case_blobs (
  case_id TEXT NOT NULL REFERENCES cases(id),
  sha256 TEXT NOT NULL,
  PRIMARY KEY (case_id, sha256)
);
CREATE INDEX case_blobs_sha ON case_blobs(sha256);

CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  village_id TEXT NOT NULL REFERENCES villages(id),
  data TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  restored_at TEXT
);
CREATE INDEX conflicts_village ON conflicts(village_id, recorded_at);

CREATE TABLE blob_uploads (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  total BIGINT NOT NULL,
  received BIGINT NOT NULL,
  started_at TEXT NOT NULL,
  owner TEXT NOT NULL DEFAULT '',
  device_id TEXT
);
CREATE INDEX blob_uploads_device ON blob_uploads(device_id) WHERE device_id IS NOT NULL;

CREATE TABLE visits (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  data TEXT NOT NULL,
  seq BIGINT NOT NULL,
  case_id TEXT
);
CREATE INDEX visits_seq ON visits(village_id, seq);
CREATE INDEX visits_case ON visits(case_id) WHERE case_id IS NOT NULL;

CREATE TABLE handovers (
  id TEXT PRIMARY KEY,
  village_id TEXT NOT NULL REFERENCES villages(id),
  slip_number TEXT NOT NULL UNIQUE,
  data TEXT NOT NULL,
  seq BIGINT NOT NULL
);
CREATE INDEX handovers_seq ON handovers(village_id, seq);

CREATE INDEX accounts_seq ON accounts(village_id, seq);

CREATE TABLE duty_roster (
  village_id TEXT NOT NULL REFERENCES villages(id),
  date TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  seq BIGINT NOT NULL,
  PRIMARY KEY (village_id, date)
);
CREATE INDEX duty_roster_seq ON duty_roster(village_id, seq);

CREATE TABLE followups (
  id TEXT PRIMARY KEY,
  case_id TEXT NOT NULL REFERENCES cases(id),
  village_id TEXT NOT NULL REFERENCES villages(id),
  data TEXT NOT NULL,
  due_date TEXT NOT NULL,
  closed_at TEXT
);
CREATE INDEX followups_open ON followups(closed_at, due_date);

CREATE TABLE calendar_days (
  township_id TEXT NOT NULL REFERENCES townships(id),
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL,
  PRIMARY KEY (township_id, date)
);

CREATE TABLE spot_checks (
  id TEXT PRIMARY KEY,
  township_id TEXT NOT NULL REFERENCES townships(id),
  period_from TEXT NOT NULL,
  period_to TEXT NOT NULL,
  per_village INTEGER NOT NULL,
  seed TEXT NOT NULL,
  drawn_at TEXT NOT NULL,
  drawn_by TEXT NOT NULL REFERENCES accounts(id)
);
CREATE INDEX spot_checks_township ON spot_checks(township_id, drawn_at);

CREATE TABLE spot_check_items (
  spot_check_id TEXT NOT NULL REFERENCES spot_checks(id),
  case_id TEXT NOT NULL REFERENCES cases(id),
  -- Place in the draw: villages in code order, then each village's cases in hash order.
  position INTEGER NOT NULL,
  result TEXT CHECK (result IN ('pass', 'rectify', 'fail')),
  note TEXT NOT NULL DEFAULT '',
  checked_at TEXT,
  checked_by TEXT REFERENCES accounts(id),
  PRIMARY KEY (spot_check_id, case_id)
);

CREATE TABLE enrolment_codes (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  -- scrypt, like passwords: the code itself is never stored.
  code_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  used_at TEXT,
  device_id TEXT REFERENCES devices(id)
);
CREATE INDEX enrolment_codes_account ON enrolment_codes(account_id, created_at);

CREATE TABLE visit_blobs (
  visit_id TEXT NOT NULL REFERENCES visits(id),
  sha256 TEXT NOT NULL,
  PRIMARY KEY (visit_id, sha256)
);
CREATE INDEX visit_blobs_sha ON visit_blobs(sha256);

-- Every change is an event, numbered by appendEvent itself (no sequence object), each carrying the
-- hash of the one before it (tamper evidence).
CREATE TABLE events (
  seq BIGINT PRIMARY KEY,
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
CREATE INDEX events_entity ON events(entity_id, seq);
CREATE INDEX events_type_time ON events(type, recorded_at);

CREATE TABLE blob_owners (
  sha256 TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (sha256, owner)
);

CREATE TABLE blob_claims (
  sha256 TEXT NOT NULL,
  owner TEXT NOT NULL,
  received BIGINT NOT NULL,
  PRIMARY KEY (sha256, owner)
);

CREATE TABLE service_items (
  township_id TEXT NOT NULL REFERENCES townships(id),
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (township_id, code, version)
);
CREATE INDEX service_items_seq ON service_items(township_id, seq);
