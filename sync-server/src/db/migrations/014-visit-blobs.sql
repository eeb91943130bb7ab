-- Which home visit references which blob (the consent signature), so that the visit's village
-- and its township, and nobody else, may read the signature back.
CREATE TABLE visit_blobs (
  visit_id TEXT NOT NULL REFERENCES visits(id),
  sha256 TEXT NOT NULL,
  PRIMARY KEY (visit_id, sha256)
);
CREATE INDEX visit_blobs_sha ON visit_blobs(sha256);

INSERT OR IGNORE INTO visit_blobs (visit_id, sha256)
  SELECT id, json_extract(data, '$.consent.sha256') FROM visits
  WHERE json_extract(data, '$.consent.sha256') IS NOT NULL;
