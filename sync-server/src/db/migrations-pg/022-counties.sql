-- The county level (issue 17): SQLite's 022-counties.sql in PostgreSQL's dialect (the reasons are there).
CREATE TABLE counties (
  id TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);

ALTER TABLE townships ADD COLUMN county_id TEXT REFERENCES counties(id);

ALTER TABLE accounts DROP CONSTRAINT accounts_role_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_role_check CHECK (role IN ('agent', 'supervisor', 'admin', 'county_admin'));
ALTER TABLE accounts ALTER COLUMN township_id DROP NOT NULL;
ALTER TABLE accounts ADD COLUMN county_id TEXT REFERENCES counties(id);
ALTER TABLE accounts ADD CHECK ((role = 'county_admin') = (township_id IS NULL));
ALTER TABLE accounts ADD CHECK ((role = 'county_admin') = (county_id IS NOT NULL));

CREATE TABLE county_items (
  county_id TEXT NOT NULL REFERENCES counties(id),
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  seq BIGINT NOT NULL,
  PRIMARY KEY (county_id, code, version)
);

ALTER TABLE service_items ADD COLUMN county_version INTEGER;
