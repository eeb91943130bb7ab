// The service catalog (事项清单): each township's own items, every version ever published. Every
// query names the township, so one township's items are never another's.
import type { ServiceItem } from '@daiban/schemas';
import type { Db } from './driver.ts';
import type { StoredJson } from './records.ts';

/** `countyVersion`: the county version this version copies; null for the township's own. */
export async function insertServiceItem(
  db: Db,
  townshipId: string,
  item: ServiceItem,
  seq: number,
  countyVersion: number | null,
): Promise<void> {
  await db.run(
    'INSERT INTO service_items (township_id, code, version, data, seq, county_version) VALUES (?, ?, ?, ?, ?, ?)',
    townshipId,
    item.code,
    item.version,
    JSON.stringify(item),
    seq,
    countyVersion,
  );
}

/** The township's newest version of a code, and the county version it copies (null: the township's own). */
export async function newestServiceItemRow(
  db: Db,
  townshipId: string,
  code: string,
): Promise<{ version: number; countyVersion: number | null } | undefined> {
  return (await db.get(
    `SELECT version, county_version AS "countyVersion" FROM service_items
     WHERE township_id = ? AND code = ? ORDER BY version DESC LIMIT 1`,
    townshipId,
    code,
  )) as { version: number; countyVersion: number | null } | undefined;
}

const parsedItems = new WeakMap<Db, Map<string, ServiceItem>>();

/**
 * The version of a service item a case names, looked up in the catalog of the case's township (the
 * township of its village). A published version never changes and a village never changes township,
 * so each is parsed once per database handle (every case opened reads its item). Callers must not
 * modify the returned item.
 */
export async function serviceItemOfCase(
  db: Db,
  c: { villageId: string; serviceItemCode: string; serviceItemVersion: number },
): Promise<ServiceItem | undefined> {
  const key = `${c.villageId}\n${c.serviceItemCode}@${c.serviceItemVersion}`;
  const items = parsedItems.get(db) ?? new Map<string, ServiceItem>();
  parsedItems.set(db, items);
  const known = items.get(key);
  if (known) return known;
  const row = (await db.get(
    `SELECT s.data FROM service_items s JOIN villages v ON v.township_id = s.township_id
     WHERE v.id = ? AND s.code = ? AND s.version = ?`,
    c.villageId,
    c.serviceItemCode,
    c.serviceItemVersion,
  )) as { data: string } | undefined;
  if (!row) return undefined;
  const item = JSON.parse(row.data) as ServiceItem;
  items.set(key, item);
  return item;
}

/** The township's item versions published after `cursor`, oldest first: what its devices pull. */
export async function serviceItemsChangedSince(db: Db, townshipId: string, cursor: number, limit: number) {
  const rows = (await db.all(
    'SELECT data, seq FROM service_items WHERE township_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    townshipId,
    cursor,
    limit,
  )) as { data: string; seq: number }[];
  return rows.map((r) => ({ seq: r.seq, json: r.data as StoredJson<ServiceItem> }));
}

/** The newest version of every item of the township, by code. */
export async function listLatestServiceItems(db: Db, townshipId: string): Promise<ServiceItem[]> {
  const rows = (await db.all(
    `SELECT data FROM service_items s
     WHERE township_id = ?
       AND version = (SELECT MAX(version) FROM service_items WHERE township_id = s.township_id AND code = s.code)
     ORDER BY code`,
    townshipId,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as ServiceItem);
}

/** Every version of one item of the township, oldest first (empty when the township has no such code). */
export async function serviceItemVersions(db: Db, townshipId: string, code: string): Promise<ServiceItem[]> {
  const rows = (await db.all(
    'SELECT data FROM service_items WHERE township_id = ? AND code = ? ORDER BY version',
    townshipId,
    code,
  )) as { data: string }[];
  return rows.map((r) => JSON.parse(r.data) as ServiceItem);
}
