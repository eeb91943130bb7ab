-- What the township knows of each device's health: last contact, push failures, a reset
-- sequence, and whether it signed off cleanly (goodbye) with nothing left to sync.
ALTER TABLE devices ADD COLUMN last_contact_at TEXT;
ALTER TABLE devices ADD COLUMN last_push_at TEXT;
ALTER TABLE devices ADD COLUMN push_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE devices ADD COLUMN last_push_error TEXT;
ALTER TABLE devices ADD COLUMN reset_detected_at TEXT;
ALTER TABLE devices ADD COLUMN goodbye_at TEXT;
