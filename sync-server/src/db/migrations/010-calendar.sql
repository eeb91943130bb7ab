-- The township's holiday calendar: 法定节假日 (weekdays not worked) and 调休 (weekend days worked).
CREATE TABLE calendar_days (
  township_id TEXT NOT NULL REFERENCES townships(id),
  date TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name TEXT NOT NULL,
  PRIMARY KEY (township_id, date)
);

-- Ledger sequence of the calendar's last edit: a device whose cursor is older pulls the whole calendar again.
ALTER TABLE townships ADD COLUMN calendar_seq INTEGER NOT NULL DEFAULT 0;
