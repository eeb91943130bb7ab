import type { ServiceItem } from '@daiban/schemas';
import type { Db } from './open.ts';
import type { StoredJson } from './records.ts';
import { stmt } from './statements.ts';

export function insertServiceItem(db: Db, item: ServiceItem, seq: number): void {
  stmt(db, 'INSERT INTO service_items (code, version, data, seq) VALUES (?, ?, ?, ?)').run(
    item.code,
    item.version,
    JSON.stringify(item),
    seq,
  );
}

const parsedItems = new WeakMap<Db, Map<string, ServiceItem>>();

/**
 * One version of a service item. A published version never changes, so each is parsed once per
 * database handle (every case opened reads its item). Callers must not modify the returned item.
 */
export function getServiceItem(db: Db, code: string, version: number): ServiceItem | undefined {
  const key = `${code}@${version}`;
  const items = parsedItems.get(db) ?? new Map<string, ServiceItem>();
  parsedItems.set(db, items);
  const known = items.get(key);
  if (known) return known;
  const row = stmt(db, 'SELECT data FROM service_items WHERE code = ? AND version = ?').get(code, version) as
    | { data: string }
    | undefined;
  if (!row) return undefined;
  const item = JSON.parse(row.data) as ServiceItem;
  items.set(key, item);
  return item;
}

export function serviceItemsChangedSince(db: Db, cursor: number, limit: number) {
  const rows = stmt(db, 'SELECT data, seq FROM service_items WHERE seq > ? ORDER BY seq LIMIT ?').all(cursor, limit) as {
    data: string;
    seq: number;
  }[];
  return rows.map((r) => ({ seq: r.seq, json: r.data as StoredJson<ServiceItem> }));
}

/** The newest version of every item, by code. */
export function listLatestServiceItems(db: Db): ServiceItem[] {
  const rows = stmt(
    db,
    `SELECT data FROM service_items s
     WHERE version = (SELECT MAX(version) FROM service_items WHERE code = s.code) ORDER BY code`,
  ).all() as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as ServiceItem);
}

/** Every version of one item, oldest first (empty when the code is unknown). */
export function serviceItemVersions(db: Db, code: string): ServiceItem[] {
  const rows = stmt(db, 'SELECT data FROM service_items WHERE code = ? ORDER BY version').all(code) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as ServiceItem);
}
