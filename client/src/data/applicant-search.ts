import type { Applicant } from '@daiban/schemas';
import type { DaibanDb } from './db.ts';
import { applicantTokens } from './sealing.ts';

/** Villagers in name order, the way a list of people reads. */
export const byName = (a: Applicant, b: Applicant) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Up to this many names missing from memory are read by id; more, through the name index in one request. */
const FEW_NAMES = 16;

/**
 * The ids of villagers whose name starts with `term`, at most `limit` of them, in name order. The
 * index holds keyed tokens of name prefixes (sealing.ts), never names: only its keys are read, and
 * the names, to order the matches and to check a term longer than the tokens reach, come from
 * memory, or from the records of the villagers no search has read since the vault opened.
 */
export async function applicantIdsNamed(db: DaibanDb, term: string, limit: number): Promise<string[]> {
  const matches = db.applicants.where('nameKeys').equals(applicantTokens.namePrefix(db.vault, term)).limit(limit);
  const ids = await matches.primaryKeys();
  const names = await namesOf(db, ids, () => matches.toArray());
  const name = (id: string) => names.get(id) ?? '';
  return ids.filter((id) => name(id).startsWith(term)).sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/**
 * The names of these villagers (none for one deleted meanwhile), remembering those read from records:
 * a few by id, or all the matches at once (`readAll`, one request instead of one per villager, as
 * after unlocking, when memory holds no names yet).
 */
async function namesOf(db: DaibanDb, ids: string[], readAll: () => Promise<Applicant[]>): Promise<Map<string, string>> {
  const memory = db.searchMemory;
  const found = new Map<string, string>();
  const unknown: string[] = [];
  for (const id of ids) {
    const name = memory.names.get(id);
    if (name === undefined) unknown.push(id);
    else found.set(id, name);
  }
  if (unknown.length === 0) return found;
  const version = memory.version;
  const read = unknown.length <= FEW_NAMES ? await db.applicants.bulkGet(unknown) : await readAll();
  // A write since the read began may have changed a name: this search uses what it read, and keeps none.
  const keep = version === memory.version;
  for (const a of read) {
    if (!a) continue;
    found.set(a.id, a.name);
    if (keep) memory.names.set(a.id, a.name);
  }
  return found;
}

/**
 * Finds villagers by name prefix, the last four characters of the ID number, the whole number, or a
 * phone number (whole, or its last four digits).
 */
export async function findApplicants(db: DaibanDb, term: string, limit = 20): Promise<Applicant[]> {
  const name = term.trim();
  const q = name.toUpperCase();
  if (q.length === 0) return [];
  db.searchMemory.searchedAt = performance.now();
  const found = new Map<string, Applicant>();
  const add = (list: Applicant[]) => {
    for (const a of list) found.set(a.id, a);
  };
  const { vault } = db;
  add((await db.applicants.bulkGet(await applicantIdsNamed(db, name, limit))).filter((a) => a !== undefined));
  if (/^[\dX]{4}$/.test(q))
    add(await db.applicants.where('idTailKey').equals(applicantTokens.idTail(vault, q)).limit(limit).toArray());
  if (/^\d{4}$/.test(q))
    add(await db.applicants.where('phoneKeys').equals(applicantTokens.phoneTail(vault, q)).limit(limit).toArray());
  if (/^\d{11}$/.test(q))
    add(await db.applicants.where('phoneKeys').equals(applicantTokens.phone(vault, q)).limit(limit).toArray());
  if (/^\d{17}[\dX]$/.test(q)) add(await db.applicants.where('idNumberKey').equals(applicantTokens.idNumber(vault, q)).toArray());
  return [...found.values()].sort(byName);
}

/** The villager registered with this ID number, if any. */
export function applicantWithIdNumber(db: DaibanDb, idNumber: string): Promise<Applicant | undefined> {
  return db.applicants.where('idNumberKey').equals(applicantTokens.idNumber(db.vault, idNumber)).first();
}
