import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import type { Db, SqlValue } from './driver.ts';

/** A transaction in progress on this handle: its savepoint depth. */
interface Scope {
  depth: number;
}

/**
 * The embedded engine: one better-sqlite3 connection. better-sqlite3 is synchronous, so a statement
 * runs to its end before anything else; a transaction's work may await between statements, though,
 * and statements of other requests must not land inside it. So transactions take turns (a queue),
 * a statement outside any transaction waits while one is open, and the transaction's own statements
 * are recognised by the async context they run in.
 */
export class SqliteDb implements Db {
  readonly dialect = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  private readonly scope = new AsyncLocalStorage<Scope>();
  private turn: Promise<unknown> = Promise.resolve();
  private open = 0;
  private written = 0;

  constructor(readonly raw: Database.Database) {}

  /** A prepared statement, compiled once per handle (preparing costs more than running). */
  statement(sql: string): Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.raw.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /** The SQL of every statement prepared on this handle so far (the benchmarks check their query plans). */
  preparedSql(): string[] {
    return [...this.statements.keys()];
  }

  async get<T>(sql: string, ...params: SqlValue[]): Promise<T | undefined> {
    await this.outsideOthers();
    return this.statement(sql).get(...params) as T | undefined;
  }

  async all<T>(sql: string, ...params: SqlValue[]): Promise<T[]> {
    await this.outsideOthers();
    return this.statement(sql).all(...params) as T[];
  }

  async run(sql: string, ...params: SqlValue[]): Promise<{ changes: number }> {
    await this.outsideOthers();
    const { changes } = this.statement(sql).run(...params);
    this.written += changes;
    return { changes };
  }

  async *iterate<T>(sql: string, ...params: SqlValue[]): AsyncIterable<T> {
    if (this.scope.getStore()) {
      yield* this.statement(sql).iterate(...params) as IterableIterator<T>;
      return;
    }
    // Held like a transaction: nothing else may use the connection while its cursor is open.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await new Promise<void>((started) => {
      void this.takeTurn(() => {
        started();
        return held;
      });
    });
    try {
      yield* this.statement(sql).iterate(...params) as IterableIterator<T>;
    } finally {
      release();
    }
  }

  async exec(sql: string): Promise<void> {
    await this.outsideOthers();
    this.raw.exec(sql);
  }

  transaction<T>(work: () => Promise<T>): Promise<T> {
    const inside = this.scope.getStore();
    if (inside) return this.savepoint(inside, work);
    return this.takeTurn(() =>
      this.scope.run({ depth: 0 }, async () => {
        this.raw.exec('BEGIN');
        try {
          const result = await work();
          this.raw.exec('COMMIT');
          return result;
        } catch (error) {
          if (this.raw.inTransaction) this.raw.exec('ROLLBACK');
          throw error;
        }
      }),
    );
  }

  changes(): number {
    return this.written;
  }

  async close(): Promise<void> {
    await this.turn;
    if (this.raw.open) this.raw.close();
  }

  private async savepoint<T>(scope: Scope, work: () => Promise<T>): Promise<T> {
    const name = `sp${scope.depth + 1}`;
    this.raw.exec(`SAVEPOINT ${name}`);
    try {
      const result = await this.scope.run({ depth: scope.depth + 1 }, work);
      this.raw.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.raw.exec(`ROLLBACK TO ${name}`);
      this.raw.exec(`RELEASE ${name}`);
      throw error;
    }
  }

  /** Runs `work` when no other transaction holds the connection, holding it until `work` settles. */
  private takeTurn<T>(work: () => Promise<T>): Promise<T> {
    const mine = this.turn.then(async () => {
      this.open++;
      try {
        return await work();
      } finally {
        this.open--;
      }
    });
    this.turn = mine.catch(() => undefined);
    return mine;
  }

  /** A statement outside any transaction waits until no transaction of another request is open. */
  private async outsideOthers(): Promise<void> {
    if (this.scope.getStore()) return;
    while (this.open > 0) await this.turn;
  }
}
