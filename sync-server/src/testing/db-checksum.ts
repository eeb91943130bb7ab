import { createHash } from 'node:crypto';
import type { Db } from '../db/index.ts';

/**
 * Columns that record that a request happened rather than what it asked for: a device's last
 * contact and push health are updated on purpose even when the request itself is refused.
 */
const TELEMETRY = new Set(['devices.last_contact_at', 'devices.push_failures', 'devices.last_push_error']);

const TABLES = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  postgres: 'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name',
};
const COLUMNS = {
  sqlite: 'SELECT name FROM pragma_table_info(?) ORDER BY cid',
  postgres:
    'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position',
};

/** Each ledger's tables and their columns, read once: the schema does not change after the ledger opened. */
const schemas = new WeakMap<Db, Promise<{ name: string; columns: string[] }[]>>();

async function schemaOf(db: Db): Promise<{ name: string; columns: string[] }[]> {
  const tables = [];
  for (const { name } of await db.all<{ name: string }>(TABLES[db.dialect])) {
    const columns = (await db.all<{ name: string }>(COLUMNS[db.dialect], name))
      .map((c) => c.name)
      .filter((c) => !TELEMETRY.has(`${name}.${c}`));
    tables.push({ name, columns });
  }
  return tables;
}

/** A SHA-256 over every row of every table (telemetry columns aside), to prove a refused request wrote nothing. */
export async function dbChecksum(db: Db): Promise<string> {
  const hash = createHash('sha256');
  let schema = schemas.get(db);
  if (!schema) {
    schema = schemaOf(db);
    schemas.set(db, schema);
  }
  for (const { name, columns } of await schema) {
    hash.update(`${name}(${columns.join(',')})`);
    const list = columns.map((c) => `"${c}"`).join(',');
    for (const row of await db.all(`SELECT ${list} FROM "${name}" ORDER BY ${list}`)) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}
