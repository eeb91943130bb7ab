-- The tablet's data key is wrapped under its PIN and a share the server keeps (docs/operations.md,
-- "A lost tablet"): the share is handed out only for the right PIN proof, counted here, and
-- dropped when the device is revoked or signs off, so the tablet's files alone never open.
ALTER TABLE devices ADD COLUMN key_share BLOB;
ALTER TABLE devices ADD COLUMN pin_proof_hash TEXT;
ALTER TABLE devices ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
