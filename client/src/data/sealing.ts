import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import type { DBCore, DBCoreCursor, DBCoreTable, Middleware } from 'dexie';
import { CommandError } from './errors.ts';

/**
 * Records sealed at rest (docs/operations.md, "A lost tablet"). Below Dexie's own layers, every row
 * of a table named here is stored as the fields it keeps in clear (the ones its indexes and the
 * lists need, none of them personal) plus one sealed field with everything else: names, ID
 * numbers, phones, addresses, notes, materials, history, queued changes, the device token.
 *
 * The cipher is XChaCha20-Poly1305 (@noble/ciphers), synchronous: IndexedDB ends a transaction at
 * the first await that is not one of its own requests, so WebCrypto's promises cannot run inside
 * the transactions that read and write records. (WebCrypto's AES-GCM wraps the keys and seals photos,
 * which are stored outside transactions.) Random 24-byte nonces never repeat in practice.
 */

/** Fields kept in clear per table: what the indexes are built on, and nothing personal. */
const CLEAR_FIELDS: Record<string, ReadonlySet<string>> = {};
const caseFields = [
  'id',
  'caseNumber',
  'villageId',
  'serviceItemCode',
  'serviceItemVersion',
  'applicantId',
  'agentId',
  'handlerId',
  'deviceId',
  'visitId',
  'channel',
  'status',
  'createdAt',
  'receivedAt',
  'submittedAt',
  'acceptedAt',
  'dueDate',
  'completedAt',
  'updatedAt',
  // What happened when, by which account, to which material: no villager's data, and the bulk of a case.
  'history',
  'clocks',
];
const visitFields = [
  'id',
  'villageId',
  'plannedFor',
  'status',
  'applicantId',
  'caseId',
  'serviceItemCode',
  'createdAt',
  'updatedAt',
];
const handoverFields = ['id', 'villageId', 'slipNumber', 'caseIds', 'status', 'createdAt', 'updatedAt'];
const applicantFields = ['id', 'villageId', 'createdAt', 'updatedAt'];
for (const [tables, fields] of [
  [['cases', 'serverCases'], caseFields],
  [['visits', 'serverVisits'], visitFields],
  [['handovers', 'serverHandovers'], handoverFields],
  [['applicants', 'serverApplicants'], applicantFields],
  [['outbox'], ['seq', 'entityId']],
  [['refusals'], ['mutationId', 'entityId', 'reason', 'refusedAt']],
  [['agents'], ['id', 'villageId']],
  [['meta'], ['key']],
] as const) {
  for (const table of tables) CLEAR_FIELDS[table] = new Set(fields);
}
/** Of the key-value `meta` rows only these are sealed: the session holds the device token. */
const SEALED_META = new Set(['session']);

/** Made once: every record read or written passes through them. */
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The field that holds a row's sealed part: a nonce and the ciphertext with its tag. */
const SEALED = '$sealed';

/**
 * The search tokens (keyed hashes of name prefixes, ID tails, phones) that version 12 kept beside each
 * villager for its indexes: dropped from a row as it is read (the record index searches now).
 */
const OLD_SEARCH_TOKENS = ['nameKeys', 'idTailKey', 'idNumberKey', 'phoneKeys'] as const;

/** The keys of an open vault, or none: a browser that seals nothing (the township's) or a locked tablet. */
export class VaultState {
  dataKey: Uint8Array | undefined;
  photoKey: CryptoKey | undefined;
  /** Pulled pages' key (record-pages.ts): sealed by WebCrypto as they arrive, opened here in transactions. */
  pageKey: { raw: Uint8Array; crypto: CryptoKey } | undefined;
  /** This database holds sealed records: without the key nothing of them is read or written. */
  sealed = false;
  /** `sealed` has been read from the database (vault.ts, loadVaultState). */
  loaded = false;
  private readonly listeners = new Set<() => void>();

  get isOpen(): boolean {
    return this.dataKey !== undefined;
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export class VaultLockedError extends CommandError {
  constructor() {
    super('error.vaultLocked', 'not_allowed');
  }
}

export function sealingMiddleware(vault: VaultState): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'Sealing',
    // Below every middleware of Dexie's: its caches and change tracking see records as they are.
    level: -10,
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        const clear = CLEAR_FIELDS[name];
        return clear ? sealedTable(table, clear, vault) : table;
      },
    }),
  };
}

function sealedTable(table: DBCoreTable, clear: ReadonlySet<string>, vault: VaultState): DBCoreTable {
  const isMeta = table.name === 'meta';
  const open = (row: unknown) => openRow(row, vault);
  const seal = (row: Record<string, unknown>) => (isMeta && !SEALED_META.has(String(row.key)) ? row : sealRow(row, clear, vault));
  return {
    ...table,
    mutate: (req) => {
      if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
      try {
        return table.mutate({ ...req, values: req.values.map(seal) });
      } catch (error) {
        return Promise.reject(error);
      }
    },
    get: (req) => table.get(req).then(open),
    getMany: (req) => table.getMany(req).then((rows) => rows.map(open)),
    query: (req) => table.query(req).then((res) => (req.values ? { ...res, result: res.result.map(open) } : res)),
    openCursor: (req) =>
      table.openCursor(req).then((cursor) => (cursor && req.values !== false ? openingCursor(cursor, vault) : cursor)),
  };
}

function sealRow(row: Record<string, unknown>, clear: ReadonlySet<string>, vault: VaultState): Record<string, unknown> {
  if (!vault.dataKey) {
    if (vault.sealed) throw new VaultLockedError();
    return row;
  }
  const kept: Record<string, unknown> = {};
  const secret: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(row)) (clear.has(field) ? kept : secret)[field] = value;
  const nonce = crypto.getRandomValues(new Uint8Array(24));
  const sealed = xchacha20poly1305(vault.dataKey, nonce).encrypt(utf8.encode(JSON.stringify(secret)));
  const stored = new Uint8Array(nonce.length + sealed.length);
  stored.set(nonce);
  stored.set(sealed, nonce.length);
  kept[SEALED] = stored;
  return kept;
}

function openRow(row: unknown, vault: VaultState): unknown {
  if (!row || typeof row !== 'object' || !(SEALED in row || 'nameKeys' in row)) return row;
  const { [SEALED]: sealed, ...kept } = row as Record<string, unknown>;
  for (const token of OLD_SEARCH_TOKENS) delete kept[token];
  if (!(sealed instanceof Uint8Array)) return kept;
  if (!vault.dataKey) throw new VaultLockedError();
  const plain = xchacha20poly1305(vault.dataKey, sealed.subarray(0, 24)).decrypt(sealed.subarray(24));
  return { ...kept, ...JSON.parse(fromUtf8.decode(plain)) };
}

/** A cursor whose value is the opened row, opened once per position. */
function openingCursor(cursor: DBCoreCursor, vault: VaultState): DBCoreCursor {
  let raw: unknown;
  let opened: unknown;
  // The native cursor's getters need it as `this`: every one the wrapper passes on is spelled out.
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: {
      get() {
        if (cursor.value !== raw) {
          raw = cursor.value;
          opened = openRow(raw, vault);
        }
        return opened;
      },
    },
  });
}
