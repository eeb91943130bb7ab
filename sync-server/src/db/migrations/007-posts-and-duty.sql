-- A/B posts (AB岗) of village agents, the agents as a pulled record, and the duty roster (值班表).
ALTER TABLE accounts ADD COLUMN post TEXT CHECK (post IN ('A', 'B'));
ALTER TABLE accounts ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX accounts_seq ON accounts(village_id, seq);

CREATE TABLE duty_roster (
  village_id TEXT NOT NULL REFERENCES villages(id),
  date TEXT NOT NULL,
  account_id TEXT NOT NULL REFERENCES accounts(id),
  seq INTEGER NOT NULL,
  PRIMARY KEY (village_id, date)
);
CREATE INDEX duty_roster_seq ON duty_roster(village_id, seq);
