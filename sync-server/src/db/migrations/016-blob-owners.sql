-- Who uploaded each blob (or proved to hold its bytes): a village id for a tablet's photo, a
-- township id for a document the township attached. Only the owners, and their township, may
-- reference or read it; knowing a photo's SHA-256 is not enough.
CREATE TABLE blob_owners (
  sha256 TEXT NOT NULL,
  owner TEXT NOT NULL,
  PRIMARY KEY (sha256, owner)
);

-- Blobs stored before owners were recorded belong to the villages whose cases and visits use them.
INSERT OR IGNORE INTO blob_owners (sha256, owner)
  SELECT cb.sha256, c.village_id FROM case_blobs cb JOIN cases c ON c.id = cb.case_id JOIN blobs b ON b.sha256 = cb.sha256;
INSERT OR IGNORE INTO blob_owners (sha256, owner)
  SELECT vb.sha256, v.village_id FROM visit_blobs vb JOIN visits v ON v.id = vb.visit_id JOIN blobs b ON b.sha256 = vb.sha256;

-- The owner an upload in progress is for; a claim is another owner re-sending the bytes of a blob
-- already stored, chunk by chunk, to prove it holds them.
ALTER TABLE blob_uploads ADD COLUMN owner TEXT NOT NULL DEFAULT '';
CREATE TABLE blob_claims (
  sha256 TEXT NOT NULL,
  owner TEXT NOT NULL,
  received INTEGER NOT NULL,
  PRIMARY KEY (sha256, owner)
);
