import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';

/**
 * What searches and warming (search-warming.ts) have read, kept in memory so that the next search
 * need not read it again: villagers' names (a name search orders its matches by them; read once the
 * vault is open) and each villager's case ids, newest change first (the case list shows a villager's
 * cases together; read from index keys alone, before the vault opens too). It is never written
 * anywhere, and is dropped when the tablet signs off (vault.ts, forgetVault).
 *
 * Every write of villagers or cases passes through `searchMemoryMiddleware`, which drops what the
 * write may change before the write can be read, and counts the write in `version`: a search keeps
 * what it read only if no write came in between.
 */
export class SearchMemory {
  readonly names = new Map<string, string>();
  readonly casesOf = new Map<string, readonly string[]>();
  /** The villager of each case in `casesOf`, to find the list a write of the case changes. */
  private readonly ownerOf = new Map<string, string>();
  version = 0;
  /** When the last search began (performance.now()): warming steps aside while the agent types. */
  searchedAt = Number.NEGATIVE_INFINITY;

  rememberCases(applicantId: string, caseIds: readonly string[]): void {
    this.casesOf.set(applicantId, caseIds);
    for (const id of caseIds) this.ownerOf.set(id, applicantId);
  }

  /** Drops what a write of villagers (`applicants`) or cases may change. */
  written(table: 'applicants' | 'cases', req: DBCoreMutateRequest): void {
    this.version++;
    if (req.type === 'deleteRange') {
      if (table === 'applicants') this.names.clear();
      else this.forgetAllCases();
      return;
    }
    const ids: string[] = req.type === 'delete' ? req.keys.map(String) : req.values.map((row) => String(row.id));
    if (table === 'applicants') {
      for (const id of ids) this.names.delete(id);
      return;
    }
    for (const id of ids) this.forgetCasesOf(this.ownerOf.get(id));
    // A case written may belong to a villager whose list did not have it yet.
    if (req.type !== 'delete') for (const row of req.values) this.forgetCasesOf(row.applicantId);
  }

  clear(): void {
    this.version++;
    this.names.clear();
    this.forgetAllCases();
  }

  private forgetCasesOf(applicantId: string | undefined): void {
    if (applicantId === undefined) return;
    for (const id of this.casesOf.get(applicantId) ?? []) this.ownerOf.delete(id);
    this.casesOf.delete(applicantId);
  }

  private forgetAllCases(): void {
    this.casesOf.clear();
    this.ownerOf.clear();
  }
}

/** Tells the search memory of every write of villagers and cases, as the write is made. */
export function searchMemoryMiddleware(memory: SearchMemory): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'SearchMemory',
    level: 5,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name !== 'applicants' && name !== 'cases') return table;
        return {
          ...table,
          mutate: (req) => {
            memory.written(name, req);
            return table.mutate(req);
          },
        };
      },
    }),
  };
}
