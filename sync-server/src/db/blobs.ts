import type { Db } from './open.ts';
import { stmt } from './statements.ts';

export interface BlobRow {
  sha256: string;
  size: number;
  mime: string;
}

/** SQL: a case's materials or result, or a home visit's consent, name the blob `sha` (a column or parameter). */
const referenced = (sha: string) => `(EXISTS (SELECT 1 FROM case_blobs cb WHERE cb.sha256 = ${sha})
  OR EXISTS (SELECT 1 FROM visit_blobs vb WHERE vb.sha256 = ${sha}))`;

export function getBlob(db: Db, sha256: string): BlobRow | undefined {
  return stmt(db, 'SELECT sha256, size, mime FROM blobs WHERE sha256 = ?').get(sha256) as BlobRow | undefined;
}

/** Stores a blob's row; `deviceId` is the device whose upload stored it (its quota counts the bytes). */
export function insertBlob(db: Db, blob: BlobRow, createdAt: string, deviceId: string | null): void {
  stmt(
    db,
    `INSERT OR IGNORE INTO blobs (sha256, size, mime, created_at, device_id, referenced)
     VALUES (@sha256, @size, @mime, @createdAt, @deviceId, ${referenced('@sha256')})`,
  ).run({ ...blob, createdAt, deviceId });
}

/** A case or visit now references the blob (stored or not yet): it no longer counts against a quota or ages out. */
export function markBlobReferenced(db: Db, sha256: string): void {
  stmt(db, 'UPDATE blobs SET referenced = 1 WHERE sha256 = ? AND referenced = 0').run(sha256);
}

/** Whether a case or a home visit references the blob (stored or not yet). */
export function isBlobReferenced(db: Db, sha256: string): boolean {
  return (stmt(db, `SELECT ${referenced('@sha256')} AS yes`).get({ sha256 }) as { yes: number }).yes === 1;
}

/**
 * Bytes a device has stored, or declared for uploads in progress, of blobs no case or visit
 * references yet: what its quota counts. A blob stops counting once a push references it.
 */
export function unreferencedBytesOf(db: Db, deviceId: string): number {
  const row = stmt(
    db,
    `SELECT
       (SELECT COALESCE(SUM(b.size), 0) FROM blobs b
          WHERE b.device_id = @deviceId AND b.referenced = 0 AND NOT ${referenced('b.sha256')})
     + (SELECT COALESCE(SUM(u.total), 0) FROM blob_uploads u WHERE u.device_id = @deviceId AND NOT ${referenced('u.sha256')})
       AS bytes`,
  ).get({ deviceId }) as { bytes: number };
  return row.bytes;
}

/** Complete blobs stored before `before` that no case or visit references: never used, they may go. */
export function unreferencedBlobsBefore(db: Db, before: string): string[] {
  const rows = stmt(
    db,
    `SELECT b.sha256 FROM blobs b WHERE b.created_at < ? AND b.referenced = 0 AND NOT ${referenced('b.sha256')}
       ORDER BY b.created_at`,
  ).all(before) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

/** Forgets a stored blob: its row, owners and claims (the caller removes the file). */
export function deleteBlob(db: Db, sha256: string): void {
  stmt(db, 'DELETE FROM blob_claims WHERE sha256 = ?').run(sha256);
  stmt(db, 'DELETE FROM blob_owners WHERE sha256 = ?').run(sha256);
  stmt(db, 'DELETE FROM blobs WHERE sha256 = ?').run(sha256);
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
  /** The device that started it: its quota counts `total` until the upload ends. */
  deviceId: string | null;
}

export function getUpload(db: Db, sha256: string): UploadRow | undefined {
  return stmt(db, 'SELECT sha256, mime, total, received, owner, device_id AS deviceId FROM blob_uploads WHERE sha256 = ?').get(
    sha256,
  ) as UploadRow | undefined;
}

export function startUpload(db: Db, upload: UploadRow, startedAt: string): void {
  stmt(
    db,
    'INSERT INTO blob_uploads (sha256, mime, total, received, owner, device_id, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(upload.sha256, upload.mime, upload.total, upload.received, upload.owner, upload.deviceId, startedAt);
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
