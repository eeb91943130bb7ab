-- The service catalog belongs to a township (issue 17, county deployment): each township's admin
-- publishes its own items, and two townships may use one code with versions of their own, so the
-- township is part of the key. Only the projection changes: the catalog.publish events already in
-- the ledger stay exactly as they are (the hash chain is not touched).
--
-- Existing rows go to every township there is, copied once per township with the sequence of the
-- event that published them. Until now every township's tablets pulled every item and could open
-- a case with any of them: copying keeps each case's (code, version) resolvable in its own township,
-- and leaves each tablet's local catalog exactly the server's (the copies keep their sequence, so
-- nothing is pulled again). Handing a row to one township would orphan the other townships' cases
-- opened with it. A ledger with one township (every seeded one) simply has its catalog assigned to
-- it; with several, each admin retires the items that are not the township's.
CREATE TABLE service_items_by_township (
  township_id TEXT NOT NULL REFERENCES townships(id),
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (township_id, code, version)
);

-- Items with no township to go to would be dropped: stop the migration instead (the server does
-- not start) rather than lose them. No ledger the server wrote has them: the seed writes the
-- township before its catalog.
CREATE TEMP TABLE catalog_without_township (items INTEGER NOT NULL CHECK (items = 0));
INSERT INTO catalog_without_township SELECT COUNT(*) FROM service_items WHERE NOT EXISTS (SELECT 1 FROM townships);
DROP TABLE catalog_without_township;

INSERT INTO service_items_by_township (township_id, code, version, data, seq)
  SELECT t.id, s.code, s.version, s.data, s.seq FROM townships t CROSS JOIN service_items s ORDER BY t.id, s.seq;
DROP TABLE service_items;
ALTER TABLE service_items_by_township RENAME TO service_items;
CREATE INDEX service_items_seq ON service_items(township_id, seq);
