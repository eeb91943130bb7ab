import type { Handover } from '@daiban/schemas';
import { jsonText } from './dialect.ts';
import type { Db } from './driver.ts';

/** Slips the township still has to confirm come first (oldest first), then the latest confirmed ones. */
export async function listHandovers(db: Db, villageIds: string[], limit = 300): Promise<Handover[]> {
  if (villageIds.length === 0) return [];
  const status = jsonText(db, 'data', 'status');
  const rows = (await db.all(
    `SELECT data FROM handovers WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY CASE ${status} WHEN 'received' THEN 1 ELSE 0 END,
              CASE ${status} WHEN 'received' THEN ${jsonText(db, 'data', 'receivedAt')} END DESC,
              ${jsonText(db, 'data', 'createdAt')}
     LIMIT ?`,
    ...villageIds,
    limit,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Handover);
}
