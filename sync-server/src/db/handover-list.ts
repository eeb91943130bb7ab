import type { Handover } from '@daiban/schemas';
import type { Db } from './driver.ts';

/** Slips the township still has to confirm come first (oldest first), then the latest confirmed ones. */
export async function listHandovers(db: Db, villageIds: string[], limit = 300): Promise<Handover[]> {
  if (villageIds.length === 0) return [];
  const rows = (await db.all(
    `SELECT data FROM handovers WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY json_extract(data, '$.status') = 'received',
              CASE json_extract(data, '$.status') WHEN 'received' THEN json_extract(data, '$.receivedAt') END DESC,
              json_extract(data, '$.createdAt')
     LIMIT ?`,
    ...villageIds,
    limit,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Handover);
}
