import type { Handover } from '@daiban/schemas';
import type { Db } from './open.ts';
import { stmt } from './statements.ts';

/** Slips the township still has to confirm come first (oldest first), then the latest confirmed ones. */
export function listHandovers(db: Db, villageIds: string[], limit = 300): Handover[] {
  if (villageIds.length === 0) return [];
  const rows = stmt(
    db,
    `SELECT data FROM handovers WHERE village_id IN (${villageIds.map(() => '?').join(', ')})
     ORDER BY json_extract(data, '$.status') = 'received',
              CASE json_extract(data, '$.status') WHEN 'received' THEN json_extract(data, '$.receivedAt') END DESC,
              json_extract(data, '$.createdAt')
     LIMIT ?`,
  ).all(...villageIds, limit) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as Handover);
}
