import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';

/**
 * Columns that record that a request happened rather than what it asked for: a device's last
 * contact and push health are updated on purpose even when the request itself is refused.
 */
const TELEMETRY = new Set(['devices.last_contact_at', 'devices.push_failures', 'devices.last_push_error']);

/** A SHA-256 over every row of every table (telemetry columns aside), to prove a refused request wrote nothing. */
export function dbChecksum(db: Db): string {
  const hash = createHash('sha256');
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  for (const { name } of tables) {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).all(name) as { name: string }[])
      .map((c) => c.name)
      .filter((c) => !TELEMETRY.has(`${name}.${c}`));
    hash.update(`${name}(${columns.join(',')})`);
    const select = `SELECT ${columns.map((c) => `"${c}"`).join(',')} FROM "${name}" ORDER BY rowid`;
    for (const row of db.prepare(select).raw().iterate()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}
