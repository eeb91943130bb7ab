-- The county level (issue 17): one server for a county's townships. A county has townships, a
-- county administrator (an account with no township) and a county catalog that reaches every
-- township of the county. A township on its own (the default, one township per server) has no county.
CREATE TABLE counties (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

ALTER TABLE townships ADD COLUMN county_id TEXT REFERENCES counties(id);

-- Accounts: a county administrator has a county and no township, everyone else a township and no
-- county. SQLite changes constraints by rebuilding the table: the rows are kept aside, the table is
-- made anew under its own name, and the rows go back. Devices, duty and codes refer to accounts:
-- with foreign keys deferred, dropping the table counts their rows as orphans and putting each
-- account back counts its rows as found again, so the migration commits only if every account
-- came back (a lost one fails it with FOREIGN KEY constraint failed, and nothing changes).
CREATE TEMP TABLE accounts_before_022 AS SELECT * FROM accounts;
PRAGMA defer_foreign_keys = ON;
DROP TABLE accounts;
CREATE TABLE accounts (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin', 'county_admin')),
  phone TEXT NOT NULL,
  township_id TEXT REFERENCES townships(id),
  village_id TEXT REFERENCES villages(id),
  -- '' for an account created without a password (no password matches it).
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  post TEXT CHECK (post IN ('A', 'B')),
  seq INTEGER NOT NULL DEFAULT 0,
  disabled_at TEXT,
  county_id TEXT REFERENCES counties(id),
  CHECK ((role = 'county_admin') = (township_id IS NULL)),
  CHECK ((role = 'county_admin') = (county_id IS NOT NULL))
);
INSERT INTO accounts (id, username, display_name, role, phone, township_id, village_id, password_hash, created_at, post, seq, disabled_at)
  SELECT id, username, display_name, role, phone, township_id, village_id, password_hash, created_at, post, seq, disabled_at
  FROM accounts_before_022;
DROP TABLE accounts_before_022;
CREATE INDEX accounts_seq ON accounts(village_id, seq);

-- The county catalog: every version the county published. Each version also reaches the catalog
-- of every township that follows the item, as that township's next version, with its own event.
CREATE TABLE county_items (
  county_id TEXT NOT NULL REFERENCES counties(id),
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (county_id, code, version)
);

-- The county version a township's version copies; NULL for the township's own versions.
ALTER TABLE service_items ADD COLUMN county_version INTEGER;
