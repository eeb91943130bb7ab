import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export interface BlobRow {
  sha256: string;
  size: number;
  mime: string;
}

export function getBlob(db: Db, sha256: string): BlobRow | undefined {
  return stmt(db, 'SELECT sha256, size, mime FROM blobs WHERE sha256 = ?').get(sha256) as BlobRow | undefined;
}

export function insertBlob(db: Db, blob: BlobRow, createdAt: string): void {
  stmt(db, 'INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)').run(
    blob.sha256,
    blob.size,
    blob.mime,
    createdAt,
  );
}

/** Every stored blob, for backups. */
export function iterateBlobs(db: Db): IterableIterator<BlobRow> {
  return db.prepare('SELECT sha256, size, mime FROM blobs ORDER BY sha256').iterate() as IterableIterator<BlobRow>;
}

/** Villages whose cases or home visits reference the blob: who (with their township) may read it. */
export function villagesReferencingBlob(db: Db, sha256: string): string[] {
  const rows = stmt(
    db,
    `SELECT c.village_id AS villageId FROM case_blobs cb JOIN cases c ON c.id = cb.case_id WHERE cb.sha256 = ?
     UNION
     SELECT v.village_id FROM visit_blobs vb JOIN visits v ON v.id = vb.visit_id WHERE vb.sha256 = ?`,
  ).all(sha256, sha256) as { villageId: string }[];
  return rows.map((r) => r.villageId);
}

/** Blobs a case references that have not arrived (complete) yet. */
export function missingBlobsOfCase(db: Db, caseId: string): string[] {
  const rows = stmt(
    db,
    `SELECT cb.sha256 FROM case_blobs cb LEFT JOIN blobs b ON b.sha256 = cb.sha256
       WHERE cb.case_id = ? AND b.sha256 IS NULL ORDER BY cb.sha256`,
  ).all(caseId) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

export interface UploadRow {
  sha256: string;
  mime: string;
  total: number;
  received: number;
  /** The village (or township) the upload is for. */
  owner: string;
}

export function getUpload(db: Db, sha256: string): UploadRow | undefined {
  return stmt(db, 'SELECT sha256, mime, total, received, owner FROM blob_uploads WHERE sha256 = ?').get(sha256) as
    | UploadRow
    | undefined;
}

export function startUpload(db: Db, upload: UploadRow, startedAt: string): void {
  stmt(db, 'INSERT INTO blob_uploads (sha256, mime, total, received, owner, started_at) VALUES (?, ?, ?, ?, ?, ?)').run(
    upload.sha256,
    upload.mime,
    upload.total,
    upload.received,
    upload.owner,
    startedAt,
  );
}

/** Uploads started before `before` and never finished: abandoned, their partial bytes can go. */
export function abandonedUploads(db: Db, before: string): string[] {
  const rows = stmt(db, 'SELECT sha256 FROM blob_uploads WHERE started_at < ?').all(before) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

/** Who may reference and read a blob: villages (and townships) that uploaded it or proved they hold it. */
export function blobOwners(db: Db, sha256: string): string[] {
  const rows = stmt(db, 'SELECT owner FROM blob_owners WHERE sha256 = ?').all(sha256) as { owner: string }[];
  return rows.map((r) => r.owner);
}

export function addBlobOwner(db: Db, sha256: string, owner: string): void {
  stmt(db, 'INSERT OR IGNORE INTO blob_owners (sha256, owner) VALUES (?, ?)').run(sha256, owner);
}

/** How far another owner got re-sending a stored blob's bytes (0 when it has not started). */
export function claimReceived(db: Db, sha256: string, owner: string): number {
  const row = stmt(db, 'SELECT received FROM blob_claims WHERE sha256 = ? AND owner = ?').get(sha256, owner) as
    | { received: number }
    | undefined;
  return row?.received ?? 0;
}

export function setClaimReceived(db: Db, sha256: string, owner: string, received: number): void {
  stmt(
    db,
    `INSERT INTO blob_claims (sha256, owner, received) VALUES (?, ?, ?)
     ON CONFLICT (sha256, owner) DO UPDATE SET received = excluded.received`,
  ).run(sha256, owner, received);
}

export function deleteClaim(db: Db, sha256: string, owner: string): void {
  stmt(db, 'DELETE FROM blob_claims WHERE sha256 = ? AND owner = ?').run(sha256, owner);
}

export function setUploadReceived(db: Db, sha256: string, received: number): void {
  stmt(db, 'UPDATE blob_uploads SET received = ? WHERE sha256 = ?').run(received, sha256);
}

export function deleteUpload(db: Db, sha256: string): void {
  stmt(db, 'DELETE FROM blob_uploads WHERE sha256 = ?').run(sha256);
}
