import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/postgres-cluster.ts';
import { openPostgres, type PostgresDb, positional } from './postgres.ts';

let db: PostgresDb;
let url: string;

beforeAll(async () => {
  url = await createTestDatabase();
  db = await openPostgres(url);
}, 60_000);

afterAll(async () => {
  await db?.close();
});

/** A table of its own for each test: the tests share one database. */
async function table(name: string): Promise<string> {
  await db.exec(`CREATE TABLE ${name} (id BIGINT PRIMARY KEY, note TEXT)`);
  return name;
}

async function ids(name: string): Promise<number[]> {
  const rows = await db.all<{ id: number }>(`SELECT id FROM ${name} ORDER BY id`);
  return rows.map((r) => r.id);
}

/** A promise and the function that settles it. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('placeholders', () => {
  it('numbers each ? outside literals, quoted identifiers and comments', () => {
    expect(positional(`SELECT ?, 'a?''?', "b?", ? /* ? */ FROM t WHERE x = ? -- ?\nAND y = ?`)).toBe(
      `SELECT $1, 'a?''?', "b?", $2 /* ? */ FROM t WHERE x = $3 -- ?\nAND y = $4`,
    );
  });

  it('binds values in order and leaves a ? in a string literal alone', async () => {
    const row = await db.get<{ first: string; mark: string; villageId: string }>(
      `SELECT ?::text AS first, 'why?' AS mark, ?::text AS "villageId"`,
      'a',
      'v1',
    );
    expect(row).toEqual({ first: 'a', mark: 'why?', villageId: 'v1' });
  });
});

describe('types', () => {
  it('round-trips Chinese text, big integers, bytes and null', async () => {
    await db.exec('CREATE TABLE typed (id BIGINT PRIMARY KEY, label TEXT, amount BIGINT, bytes BYTEA, maybe TEXT)');
    const bytes = new Uint8Array([0, 1, 0xfe, 0xff, 0x27, 0x5c]);
    await db.run('INSERT INTO typed VALUES (?, ?, ?, ?, ?)', 1, '代办员 张三（五保户）', Number.MAX_SAFE_INTEGER, bytes, null);
    await db.run('INSERT INTO typed VALUES (?, ?, ?, ?, ?)', 2, '', 2n ** 62n, Buffer.alloc(0), null);
    const rows = await db.all<{ id: number; label: string; amount: number | bigint; bytes: Buffer; maybe: null }>(
      'SELECT * FROM typed ORDER BY id',
    );
    expect(rows[0]).toEqual({
      id: 1,
      label: '代办员 张三（五保户）',
      amount: Number.MAX_SAFE_INTEGER,
      bytes: Buffer.from(bytes),
      maybe: null,
    });
    expect(rows[1]?.amount).toBe(2n ** 62n);
    expect(rows[1]?.bytes).toEqual(Buffer.alloc(0));
  });

  it('answers counts, sums and truth values as numbers, like SQLite', async () => {
    const row = await db.get(
      'SELECT COUNT(*) AS n, SUM(x) AS total, AVG(x) AS mean, EXISTS (SELECT 1) AS yes, 1 > 2 AS no FROM (VALUES (1::bigint), (2::bigint)) v(x)',
    );
    expect(row).toEqual({ n: 2, total: 3, mean: 1.5, yes: 1, no: 0 });
  });
});

describe('transactions', () => {
  it('commits when the work resolves and rolls back when it throws', async () => {
    const t = await table('committed');
    await db.transaction(async () => {
      await db.run(`INSERT INTO ${t} (id) VALUES (1)`);
    });
    await expect(
      db.transaction(async () => {
        await db.run(`INSERT INTO ${t} (id) VALUES (2)`);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await ids(t)).toEqual([1]);
  });

  it('rolls back a nested transaction alone (a savepoint)', async () => {
    const t = await table('nested');
    await db.transaction(async () => {
      await db.run(`INSERT INTO ${t} (id) VALUES (1)`);
      await expect(
        db.transaction(async () => {
          await db.run(`INSERT INTO ${t} (id) VALUES (2)`);
          // A failed statement aborts a PostgreSQL transaction; the savepoint's rollback recovers it.
          await db.run(`INSERT INTO ${t} (id) VALUES (1)`);
        }),
      ).rejects.toThrow(/duplicate key/);
      await db.transaction(async () => {
        await db.run(`INSERT INTO ${t} (id) VALUES (3)`);
      });
    });
    expect(await ids(t)).toEqual([1, 3]);
  });

  it('runs every call made inside the work on the transaction, across awaits and in parallel', async () => {
    const t = await table('implicit');
    const backend = async () => (await db.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))?.pid;
    const insertLater = async (id: number) => {
      await sleep(5);
      await db.run(`INSERT INTO ${t} (id) VALUES (?)`, id);
      return backend();
    };
    const seen = await db.transaction(async () => {
      const first = await backend();
      const later = await Promise.all([
        insertLater(1),
        insertLater(2),
        new Promise((resolve) => setImmediate(() => resolve(backend()))),
      ]);
      expect(new Set([first, ...later]).size).toBe(1);
      return ids(t);
    });
    expect(seen).toEqual([1, 2]);
  });

  it('lets one transaction at a time write, across app nodes: the next waits for the commit and then sees the rows', async () => {
    const t = await table('turns');
    const otherNode = await openPostgres(url);
    try {
      const inserted = gate();
      const checked = gate();
      const first = db.transaction(async () => {
        await db.run(`INSERT INTO ${t} (id) VALUES (1)`);
        inserted.open();
        await checked.opened;
        return ids(t);
      });
      await inserted.opened;
      let secondBegan = false;
      const second = otherNode.transaction(async () => {
        secondBegan = true;
        await otherNode.run(`INSERT INTO ${t} (id) VALUES (2)`);
        return (await otherNode.all<{ id: number }>(`SELECT id FROM ${t} ORDER BY id`)).map((r) => r.id);
      });
      await sleep(200);
      // The other node's transaction waits for the writer lock; outside both, the uncommitted row is not there.
      expect(secondBegan).toBe(false);
      expect(await ids(t)).toEqual([]);
      checked.open();
      expect(await first).toEqual([1]);
      expect(await second).toEqual([1, 2]);
    } finally {
      await otherNode.close();
    }
  });

  it('refuses a call from a transaction’s work after the transaction ended', async () => {
    let late: Promise<unknown> = Promise.resolve();
    await db.transaction(async () => {
      late = sleep(20).then(() => db.get('SELECT 1'));
    });
    await expect(late).rejects.toThrow(/transaction has ended/);
  });

  it('gives every connection back to the pool, after failures too', async () => {
    for (let i = 0; i < 25; i++) {
      await expect(db.transaction(() => db.run('SELECT * FROM missing_table'))).rejects.toThrow(/missing_table/);
    }
    expect(await db.get('SELECT 1 AS one')).toEqual({ one: 1 });
    expect(db.pool.totalCount).toBe(db.pool.idleCount);
  });
});

describe('iterate', () => {
  it('streams 10,000 rows in order', async () => {
    await db.exec('CREATE TABLE many AS SELECT n::bigint AS n, md5(n::text) AS hash FROM generate_series(1, 10000) n');
    let count = 0;
    let last = 0;
    for await (const row of db.iterate<{ n: number; hash: string }>('SELECT n, hash FROM many WHERE n > ? ORDER BY n', 0)) {
      expect(row.n).toBe(last + 1);
      last = row.n;
      count++;
    }
    expect(count).toBe(10_000);
    expect(db.pool.totalCount).toBe(db.pool.idleCount);
  });

  it('gives the connection back when the loop stops early, and reads the transaction’s own rows inside one', async () => {
    // More early stops than the pool has connections: a leak would hang here.
    for (let i = 0; i < 15; i++) {
      for await (const _ of db.iterate('SELECT n FROM generate_series(1, 5000) n')) break;
    }
    const t = await table('iterated');
    const seen = await db.transaction(async () => {
      await db.run(`INSERT INTO ${t} (id) VALUES (1), (2)`);
      const rows: number[] = [];
      for await (const row of db.iterate<{ id: number }>(`SELECT id FROM ${t} ORDER BY id`)) rows.push(row.id);
      return rows;
    });
    expect(seen).toEqual([1, 2]);
  });
});

describe('changes', () => {
  it('counts the rows run() wrote, not the rows anything read', async () => {
    const t = await table('counted');
    const before = db.changes();
    expect(await db.run(`INSERT INTO ${t} (id) VALUES (?), (?), (?)`, 1, 2, 3)).toEqual({ changes: 3 });
    expect(await db.run(`UPDATE ${t} SET note = ? WHERE id > ?`, 'x', 1)).toEqual({ changes: 2 });
    expect(await db.run(`SELECT * FROM ${t}`)).toEqual({ changes: 0 });
    await db.all(`SELECT * FROM ${t}`);
    expect(await db.run(`DELETE FROM ${t} WHERE id = ?`, 9)).toEqual({ changes: 0 });
    expect(db.changes() - before).toBe(5);
  });
});

describe('opening', () => {
  it('commits synchronously on its connections whatever the cluster says, so an acknowledged push is on disk', async () => {
    // The test cluster runs with synchronous_commit off, for speed: a plain connection shows it.
    const plain = new pg.Client({ connectionString: url });
    await plain.connect();
    try {
      expect((await plain.query('SHOW synchronous_commit')).rows[0]).toEqual({ synchronous_commit: 'off' });
    } finally {
      await plain.end();
    }
    await db.transaction(async () => {
      expect(await db.get('SHOW synchronous_commit')).toEqual({ synchronous_commit: 'on' });
    });
  });

  it('refuses a database that does not store UTF-8 and sort by code point', async () => {
    const url = new URL(await createTestDatabase({ migrated: false }));
    const admin = new pg.Client({ connectionString: url.href });
    await admin.connect();
    await admin.query(`CREATE DATABASE latin TEMPLATE template0 ENCODING 'SQL_ASCII' LOCALE 'C'`);
    await admin.end();
    url.pathname = '/latin';
    await expect(openPostgres(url.href)).rejects.toThrow(/encoding SQL_ASCII and collation C; the ledger needs UTF8 and C/);
  });

  it('fills each case’s submitted_at from its JSON when opening a ledger from before migration 23', async () => {
    const url = await createTestDatabase({ migrated: false });
    const old = new pg.Client({ connectionString: url });
    await old.connect();
    try {
      await old.query('CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
      for (const file of ['021-baseline.sql', '022-counties.sql']) {
        await old.query(readFileSync(new URL(`./migrations-pg/${file}`, import.meta.url), 'utf8'));
        await old.query('INSERT INTO schema_version (version) VALUES ($1)', [Number(file.slice(0, 3))]);
      }
      await old.query(`
        INSERT INTO townships (id, code, name, phone, address) VALUES ('t-one', 'ONE', '一镇', '0737-1', '一路');
        INSERT INTO villages (id, township_id, code, name, seq) VALUES ('v-one', 't-one', 'ONE', '一村', 1);
        INSERT INTO cases (id, case_number, village_id, status, data, seq) VALUES
          ('c-sent', 'ONE-1', 'v-one', 'submitted', '{"id":"c-sent","submittedAt":"2026-11-20T02:00:00.000Z"}', 2),
          ('c-draft', 'ONE-2', 'v-one', 'draft', '{"id":"c-draft"}', 3);`);
    } finally {
      await old.end();
    }
    const ledger = await openPostgres(url);
    try {
      expect(await ledger.all('SELECT id, submitted_at FROM cases ORDER BY id')).toEqual([
        { id: 'c-draft', submitted_at: null },
        { id: 'c-sent', submitted_at: '2026-11-20T02:00:00.000Z' },
      ]);
    } finally {
      await ledger.close();
    }
  });

  it('apply once when several app nodes open a new database at the same moment', async () => {
    const url = await createTestDatabase({ migrated: false });
    const nodes = await Promise.all([openPostgres(url), openPostgres(url), openPostgres(url)]);
    try {
      const versions = await nodes[0]?.all<{ version: number }>('SELECT version FROM schema_version');
      // Each migration once: the baseline (021) and every later one.
      const files = readdirSync(new URL('./migrations-pg/', import.meta.url)).filter((f) => /^\d{3}-.*\.sql$/.test(f));
      expect(versions).toEqual(files.sort().map((f) => ({ version: Number(f.slice(0, 3)) })));
      expect(await nodes[1]?.get('SELECT COUNT(*) AS n FROM events')).toEqual({ n: 0 });
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });
});
