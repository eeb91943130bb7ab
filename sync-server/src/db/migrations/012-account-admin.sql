-- Account administration: disabled accounts, and one-time codes that enrol an agent's tablet.
-- An account created without a password has password_hash '' (no password matches it).
ALTER TABLE accounts ADD COLUMN disabled_at TEXT;

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
