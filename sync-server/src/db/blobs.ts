import { inList, listParam } from './dialect.ts';
import type { Db } from './driver.ts';

export interface BlobRow {
  sha256: string;
  size: number;
  mime: string;
}

/** SQL: a case's materials or result, or a home visit's consent, name the blob `sha` (a column or parameter). */
const referenced = (sha: string) => `(EXISTS (SELECT 1 FROM case_blobs cb WHERE cb.sha256 = ${sha})
  OR EXISTS (SELECT 1 FROM visit_blobs vb WHERE vb.sha256 = ${sha}))`;

/** The same as 1 or 0 (both engines store flags as integers). */
const referencedFlag = (sha: string) => `CASE WHEN ${referenced(sha)} THEN 1 ELSE 0 END`;

export async function getBlob(db: Db, sha256: string): Promise<BlobRow | undefined> {
  return (await db.get('SELECT sha256, size, mime FROM blobs WHERE sha256 = ?', sha256)) as BlobRow | undefined;
}

/** Stores a blob's row; `deviceId` is the device whose upload stored it (its quota counts the bytes). */
export async function insertBlob(db: Db, blob: BlobRow, createdAt: string, deviceId: string | null): Promise<void> {
  await db.run(
    `INSERT INTO blobs (sha256, size, mime, created_at, device_id, referenced)
     VALUES (?, ?, ?, ?, ?, ${referencedFlag('?')}) ON CONFLICT DO NOTHING`,
    blob.sha256,
    blob.size,
    blob.mime,
    createdAt,
    deviceId,
    blob.sha256,
    blob.sha256,
  );
}

/** A case or visit now references the blob (stored or not yet): it no longer counts against a quota or ages out. */
export async function markBlobReferenced(db: Db, sha256: string): Promise<void> {
  await db.run('UPDATE blobs SET referenced = 1 WHERE sha256 = ? AND referenced = 0', sha256);
}

/** markBlobReferenced for many blobs in one statement. */
export async function markBlobsReferenced(db: Db, sha256s: string[]): Promise<void> {
  if (sha256s.length === 0) return;
  await db.run(`UPDATE blobs SET referenced = 1 WHERE ${inList(db, 'sha256')} AND referenced = 0`, listParam(sha256s));
}

/** Whether a case or a home visit references the blob (stored or not yet). */
export async function isBlobReferenced(db: Db, sha256: string): Promise<boolean> {
  return ((await db.get(`SELECT ${referencedFlag('?')} AS yes`, sha256, sha256)) as { yes: number }).yes === 1;
}

/**
 * Bytes a device has stored, or declared for uploads in progress, of blobs no case or visit
 * references yet: what its quota counts. A blob stops counting once a push references it.
 */
export async function unreferencedBytesOf(db: Db, deviceId: string): Promise<number> {
  const row = (await db.get(
    `SELECT
       (SELECT COALESCE(SUM(b.size), 0) FROM blobs b
          WHERE b.device_id = ? AND b.referenced = 0 AND NOT ${referenced('b.sha256')})
     + (SELECT COALESCE(SUM(u.total), 0) FROM blob_uploads u WHERE u.device_id = ? AND NOT ${referenced('u.sha256')})
       AS bytes`,
    deviceId,
    deviceId,
  )) as { bytes: number };
  return row.bytes;
}

/** Complete blobs stored before `before` that no case or visit references: never used, they may go. */
export async function unreferencedBlobsBefore(db: Db, before: string): Promise<string[]> {
  const rows = (await db.all(
    `SELECT b.sha256 FROM blobs b WHERE b.created_at < ? AND b.referenced = 0 AND NOT ${referenced('b.sha256')}
       ORDER BY b.created_at`,
    before,
  )) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

/** Forgets a stored blob: its row, owners and claims (the caller removes the file). */
export async function deleteBlob(db: Db, sha256: string): Promise<void> {
  await db.run('DELETE FROM blob_claims WHERE sha256 = ?', sha256);
  await db.run('DELETE FROM blob_owners WHERE sha256 = ?', sha256);
  await db.run('DELETE FROM blobs WHERE sha256 = ?', sha256);
}

/** Every stored blob, for backups. */
export function iterateBlobs(db: Db): AsyncIterable<BlobRow> {
  return db.iterate<BlobRow>('SELECT sha256, size, mime FROM blobs ORDER BY sha256');
}

/** Villages whose cases or home visits reference the blob: who (with their township) may read it. */
export async function villagesReferencingBlob(db: Db, sha256: string): Promise<string[]> {
  const rows = (await db.all(
    `SELECT c.village_id AS "villageId" FROM case_blobs cb JOIN cases c ON c.id = cb.case_id WHERE cb.sha256 = ?
     UNION
     SELECT v.village_id FROM visit_blobs vb JOIN visits v ON v.id = vb.visit_id WHERE vb.sha256 = ?`,
    sha256,
    sha256,
  )) as { villageId: string }[];
  return rows.map((r) => r.villageId);
}

/** Blobs a case references that have not arrived (complete) yet. */
export async function missingBlobsOfCase(db: Db, caseId: string): Promise<string[]> {
  const rows = (await db.all(
    `SELECT cb.sha256 FROM case_blobs cb LEFT JOIN blobs b ON b.sha256 = cb.sha256
       WHERE cb.case_id = ? AND b.sha256 IS NULL ORDER BY cb.sha256`,
    caseId,
  )) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

/** Of `caseIds`, the cases that name a blob the server does not hold yet (one query for a page of cases). */
export async function casesMissingBlobs(db: Db, caseIds: string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = (await db.all(
    `SELECT DISTINCT cb.case_id AS "caseId" FROM case_blobs cb LEFT JOIN blobs b ON b.sha256 = cb.sha256
       WHERE cb.case_id IN (${caseIds.map(() => '?').join(', ')}) AND b.sha256 IS NULL`,
    ...caseIds,
  )) as { caseId: string }[];
  return new Set(rows.map((r) => r.caseId));
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

export async function getUpload(db: Db, sha256: string): Promise<UploadRow | undefined> {
  return (await db.get(
    'SELECT sha256, mime, total, received, owner, device_id AS "deviceId" FROM blob_uploads WHERE sha256 = ?',
    sha256,
  )) as UploadRow | undefined;
}

export async function startUpload(db: Db, upload: UploadRow, startedAt: string): Promise<void> {
  await db.run(
    'INSERT INTO blob_uploads (sha256, mime, total, received, owner, device_id, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    upload.sha256,
    upload.mime,
    upload.total,
    upload.received,
    upload.owner,
    upload.deviceId,
    startedAt,
  );
}

/** Uploads started before `before` and never finished: abandoned, their partial bytes can go. */
export async function abandonedUploads(db: Db, before: string): Promise<string[]> {
  const rows = (await db.all('SELECT sha256 FROM blob_uploads WHERE started_at < ?', before)) as { sha256: string }[];
  return rows.map((r) => r.sha256);
}

/** Who may reference and read a blob: villages (and townships) that uploaded it or proved they hold it. */
export async function blobOwners(db: Db, sha256: string): Promise<string[]> {
  const rows = (await db.all('SELECT owner FROM blob_owners WHERE sha256 = ?', sha256)) as { owner: string }[];
  return rows.map((r) => r.owner);
}

export async function addBlobOwner(db: Db, sha256: string, owner: string): Promise<void> {
  await db.run('INSERT INTO blob_owners (sha256, owner) VALUES (?, ?) ON CONFLICT DO NOTHING', sha256, owner);
}

/** How far another owner got re-sending a stored blob's bytes (0 when it has not started). */
export async function claimReceived(db: Db, sha256: string, owner: string): Promise<number> {
  const row = (await db.get('SELECT received FROM blob_claims WHERE sha256 = ? AND owner = ?', sha256, owner)) as
    | { received: number }
    | undefined;
  return row?.received ?? 0;
}

export async function setClaimReceived(db: Db, sha256: string, owner: string, received: number): Promise<void> {
  await db.run(
    `INSERT INTO blob_claims (sha256, owner, received) VALUES (?, ?, ?)
     ON CONFLICT (sha256, owner) DO UPDATE SET received = excluded.received`,
    sha256,
    owner,
    received,
  );
}

export async function deleteClaim(db: Db, sha256: string, owner: string): Promise<void> {
  await db.run('DELETE FROM blob_claims WHERE sha256 = ? AND owner = ?', sha256, owner);
}

export async function setUploadReceived(db: Db, sha256: string, received: number): Promise<void> {
  await db.run('UPDATE blob_uploads SET received = ? WHERE sha256 = ?', received, sha256);
}

export async function deleteUpload(db: Db, sha256: string): Promise<void> {
  await db.run('DELETE FROM blob_uploads WHERE sha256 = ?', sha256);
}
