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
}

export function getUpload(db: Db, sha256: string): UploadRow | undefined {
  return stmt(db, 'SELECT sha256, mime, total, received FROM blob_uploads WHERE sha256 = ?').get(sha256) as UploadRow | undefined;
}

export function startUpload(db: Db, upload: UploadRow, startedAt: string): void {
  stmt(db, 'INSERT INTO blob_uploads (sha256, mime, total, received, started_at) VALUES (?, ?, ?, ?, ?)').run(
    upload.sha256,
    upload.mime,
    upload.total,
    upload.received,
    startedAt,
  );
}

export function setUploadReceived(db: Db, sha256: string, received: number): void {
  stmt(db, 'UPDATE blob_uploads SET received = ? WHERE sha256 = ?').run(received, sha256);
}

export function deleteUpload(db: Db, sha256: string): void {
  stmt(db, 'DELETE FROM blob_uploads WHERE sha256 = ?').run(sha256);
}
