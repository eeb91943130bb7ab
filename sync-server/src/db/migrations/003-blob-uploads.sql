-- Blobs being uploaded in chunks: how much of each has arrived (the bytes wait in blobs/tmp/).
CREATE TABLE blob_uploads (
  sha256 TEXT PRIMARY KEY,
  mime TEXT NOT NULL,
  total INTEGER NOT NULL,
  received INTEGER NOT NULL,
  started_at TEXT NOT NULL
);
