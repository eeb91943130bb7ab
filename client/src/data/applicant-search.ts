import type { Applicant } from '@daiban/schemas';
import type { DaibanDb } from './db.ts';
import { applicantTokens } from './sealing.ts';

/** Villagers in name order, the way a list of people reads. */
export const byName = (a: Applicant, b: Applicant) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * Villagers whose name starts with `term`, at most `limit` of them, in name order. The index holds
 * keyed tokens of name prefixes (sealing.ts), never names: the records are read to order them and
 * to check a term longer than the tokens reach.
 */
export async function applicantsNamed(db: DaibanDb, term: string, limit: number): Promise<Applicant[]> {
  const found = await db.applicants.where('nameKeys').equals(applicantTokens.namePrefix(db.vault, term)).limit(limit).toArray();
  return found.filter((a) => a.name.startsWith(term)).sort(byName);
}

/**
 * Finds villagers by name prefix, the last four characters of the ID number, the whole number, or a
 * phone number (whole, or its last four digits).
 */
export async function findApplicants(db: DaibanDb, term: string, limit = 20): Promise<Applicant[]> {
  const name = term.trim();
  const q = name.toUpperCase();
  if (q.length === 0) return [];
  const found = new Map<string, Applicant>();
  const add = (list: Applicant[]) => {
    for (const a of list) found.set(a.id, a);
  };
  const { vault } = db;
  add(await applicantsNamed(db, name, limit));
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
