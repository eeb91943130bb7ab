import { readdirSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../testing/postgres-cluster.ts';
import { openPostgres, type PostgresDb } from './postgres.ts';

/**
 * The PostgreSQL schema (migrations-pg/) is the SQLite one (migrations/) in another dialect: the same
 * tables, columns in the same order with the same nullability, defaults and keys, the same foreign
 * keys and indexes. A migration added to one dialect and not the other fails here.
 */

interface Column {
  name: string;
  type: string;
  notNull: boolean;
  default: string | null;
  /** Place in the primary key, 0 when not part of it. */
  pk: number;
}

interface Schema {
  columns: Map<string, Column[]>;
  /** Per table: "columns unique? partial?" of each index, sorted. */
  indexes: Map<string, string[]>;
  /** Per table: "column -> table(column)" of each foreign key, sorted. */
  foreignKeys: Map<string, string[]>;
}

/** SQLite's type affinity of a PostgreSQL column type. */
const AFFINITY: Record<string, string> = {
  bigint: 'INTEGER',
  integer: 'INTEGER',
  smallint: 'INTEGER',
  text: 'TEXT',
  bytea: 'BLOB',
  'double precision': 'REAL',
};

/** A fresh SQLite ledger: the migration files applied in order, as open.ts does. */
function sqliteSchema(): Schema {
  const dir = new URL('./migrations/', import.meta.url);
  const db = new Database(':memory:');
  for (const file of readdirSync(dir)
    .filter((f) => /^\d{3}-.*\.sql$/.test(f))
    .sort()) {
    db.exec(readFileSync(new URL(file, dir), 'utf8'));
  }
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  const schema: Schema = { columns: new Map(), indexes: new Map(), foreignKeys: new Map() };
  for (const table of tables) {
    const info = db.pragma(`table_info(${table})`) as {
      name: string;
      type: string;
      notnull: number;
      dflt_value: string | null;
      pk: number;
    }[];
    schema.columns.set(
      table,
      info.map((c) => ({
        name: c.name,
        type: c.type,
        // SQLite lets a non-INTEGER primary key column hold NULL (a legacy bug); PostgreSQL does not.
        notNull: c.notnull === 1 || c.pk > 0,
        default: c.dflt_value,
        pk: c.pk,
      })),
    );
    const indexes = (
      db.pragma(`index_list(${table})`) as { name: string; unique: number; origin: string; partial: number }[]
    ).map((index) => {
      const columns = (db.pragma(`index_info(${index.name})`) as { name: string }[]).map((c) => c.name);
      return describeIndex(columns, index.unique === 1, index.partial === 1);
    });
    // An INTEGER PRIMARY KEY is the rowid itself in SQLite, with no index of its own.
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    if (pk.length === 1 && pk[0]?.type === 'INTEGER') indexes.push(describeIndex([pk[0].name], true, false));
    schema.indexes.set(table, indexes.sort());
    const foreignKeys = db.pragma(`foreign_key_list(${table})`) as { table: string; from: string; to: string }[];
    schema.foreignKeys.set(table, foreignKeys.map((fk) => `${fk.from} -> ${fk.table}(${fk.to})`).sort());
  }
  db.close();
  return schema;
}

async function postgresSchema(db: PostgresDb): Promise<Schema> {
  const schema: Schema = { columns: new Map(), indexes: new Map(), foreignKeys: new Map() };
  const columns = await db.all<{
    table: string;
    name: string;
    type: string;
    notNull: number;
    default: string | null;
    pk: number;
  }>(
    `SELECT c.relname AS "table", a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS "notNull", pg_get_expr(d.adbin, d.adrelid) AS "default",
            COALESCE(array_position(p.conkey, a.attnum), 0) AS pk
       FROM pg_class c
       JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
       LEFT JOIN pg_constraint p ON p.conrelid = c.oid AND p.contype = 'p'
      WHERE c.relkind = 'r' AND c.relname <> 'schema_version'
      ORDER BY c.relname, a.attnum`,
  );
  for (const c of columns) {
    const list = schema.columns.get(c.table) ?? [];
    list.push({
      name: c.name,
      type: AFFINITY[c.type] ?? c.type,
      notNull: c.notNull === 1,
      // PostgreSQL writes a default with its type: ''::text.
      default: c.default?.replace(/::[a-z ]+$/, '') ?? null,
      pk: c.pk,
    });
    schema.columns.set(c.table, list);
  }
  const indexes = await db.all<{ table: string; columns: string; unique: number; partial: number }>(
    `SELECT t.relname AS "table", i.indisunique AS "unique", i.indpred IS NOT NULL AS partial,
            (SELECT string_agg(a.attname, ',' ORDER BY k.place)
               FROM unnest(i.indkey) WITH ORDINALITY k(attnum, place)
               JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      WHERE t.relname <> 'schema_version'`,
  );
  for (const index of indexes) {
    const list = schema.indexes.get(index.table) ?? [];
    list.push(describeIndex(index.columns.split(','), index.unique === 1, index.partial === 1));
    schema.indexes.set(index.table, list.sort());
  }
  const foreignKeys = await db.all<{ table: string; key: string }>(
    `SELECT c.relname AS "table", a.attname || ' -> ' || r.relname || '(' || ra.attname || ')' AS key
       FROM pg_constraint f
       JOIN pg_class c ON c.oid = f.conrelid
       JOIN pg_class r ON r.oid = f.confrelid
       JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = f.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = f.confrelid AND ra.attnum = f.confkey[1]
      WHERE f.contype = 'f'`,
  );
  for (const table of schema.columns.keys()) {
    schema.foreignKeys.set(
      table,
      foreignKeys
        .filter((fk) => fk.table === table)
        .map((fk) => fk.key)
        .sort(),
    );
  }
  return schema;
}

function describeIndex(columns: string[], unique: boolean, partial: boolean): string {
  return `(${columns.join(', ')})${unique ? ' unique' : ''}${partial ? ' partial' : ''}`;
}

let sqlite: Schema;
let postgres: Schema;

beforeAll(async () => {
  sqlite = sqliteSchema();
  const db = await openPostgres(await createTestDatabase());
  try {
    postgres = await postgresSchema(db);
  } finally {
    await db.close();
  }
}, 60_000);

describe('schema parity of SQLite and PostgreSQL', () => {
  it('has the same tables', () => {
    expect([...postgres.columns.keys()].sort()).toEqual([...sqlite.columns.keys()].sort());
  });

  it('has the same columns in every table: name, order, type, nullability, default, primary key', () => {
    for (const [table, columns] of sqlite.columns) {
      expect({ table, columns: postgres.columns.get(table) }).toEqual({ table, columns });
    }
  });

  it('has an index on the same columns for every index (unique and partial alike)', () => {
    for (const [table, indexes] of sqlite.indexes) {
      expect({ table, indexes: postgres.indexes.get(table) ?? [] }).toEqual({ table, indexes });
    }
  });

  it('has the same foreign keys', () => {
    for (const [table, foreignKeys] of sqlite.foreignKeys) {
      expect({ table, foreignKeys: postgres.foreignKeys.get(table) }).toEqual({ table, foreignKeys });
    }
  });
});
