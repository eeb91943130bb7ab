-- The device whose upload stored each blob, or started an upload in progress: a device's bytes in
-- blobs that no case or home visit references yet are limited per device (docs/operations.md,
-- Photos on disk). Blobs stored before this was recorded count against no device.
ALTER TABLE blobs ADD COLUMN device_id TEXT;
ALTER TABLE blob_uploads ADD COLUMN device_id TEXT;
CREATE INDEX blob_uploads_device ON blob_uploads(device_id) WHERE device_id IS NOT NULL;

-- Set once a case or visit references the blob (references are never removed), so the quota and
-- the sweep of blobs never referenced read only the few not yet referenced, not every photo stored.
ALTER TABLE blobs ADD COLUMN referenced INTEGER NOT NULL DEFAULT 0;
UPDATE blobs SET referenced = 1
  WHERE EXISTS (SELECT 1 FROM case_blobs cb WHERE cb.sha256 = blobs.sha256)
     OR EXISTS (SELECT 1 FROM visit_blobs vb WHERE vb.sha256 = blobs.sha256);
CREATE INDEX blobs_unreferenced_device ON blobs(device_id) WHERE referenced = 0;
CREATE INDEX blobs_unreferenced_created ON blobs(created_at) WHERE referenced = 0;
