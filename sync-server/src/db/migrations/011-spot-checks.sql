-- 抽查: a reproducible sample of cases per village for a period, and the check of each.
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
