import type { DBCore, Middleware } from 'dexie';

/**
 * How durably each read-write transaction is written. Strict: IndexedDB reports it done only once the
 * disk has it. Since Chrome 121 the browser's default is relaxed (done once the OS has it, on disk
 * within seconds), and a power cut in those seconds — a tablet's battery running out — would lose
 * an agent's work that the screen, and perhaps a printed receipt, called saved. So every transaction
 * is strict except the scopes marked relaxed here: a pulled page with its cursor, which are committed
 * together or not at all and which the server sends again when a power cut loses them.
 */
export class Durability {
  private readonly relaxed = new Set<string>();

  /** Marks the transactions over exactly these tables as relaxed. */
  relax(tables: readonly string[]): void {
    this.relaxed.add(scopeKey(tables));
  }

  of(tables: readonly string[]): 'strict' | 'relaxed' {
    return this.relaxed.has(scopeKey(tables)) ? 'relaxed' : 'strict';
  }
}

const scopeKey = (tables: readonly string[]) => [...tables].sort().join(',');

/** Opens every read-write transaction with the durability `durability` gives its scope. */
export function durabilityMiddleware(durability: Durability): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Durability',
    create: (down) => ({
      ...down,
      transaction: (tables, mode, options) =>
        down.transaction(tables, mode, mode === 'readwrite' ? { ...options, durability: durability.of(tables) } : options),
    }),
  };
}
