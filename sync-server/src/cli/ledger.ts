// `npm run ledger -- verify --data-dir DIR [--witness FILE …] [--public-key FILE]` checks the hash
// chain of the township ledger and names the first missing or altered event; with witness files
// (heads a tablet saw, an earlier monthly report, a backup manifest) it also checks the ledger
// against those signed heads, which a rewrite with recomputed hashes cannot match.
// `npm run ledger -- export --data-dir DIR --out FILE` writes the event log as CSV for audits and
// the provincial platform. Both only read the ledger: the SQLite file in --data-dir, or, with
// DATABASE_URL=postgres://… set as for the server, the PostgreSQL database (--data-dir then only
// locates the default signing key, as for the server).
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chainHead, iterateEvents, openLedgerReadOnly, verifyLedger } from '../db/index.ts';
import { defaultLedgerKeyFile, publicKeyFileOf } from '../ledger/head-signing.ts';
import { checkWitnesses, headsIn } from '../ledger/witnesses.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'data-dir': { type: 'string', default: 'data' },
    out: { type: 'string' },
    witness: { type: 'string', multiple: true, default: [] },
    'public-key': { type: 'string' },
  },
});
const command = positionals[0];
const dataDir = resolve(values['data-dir']);
const db = await openLedgerReadOnly({ dataDir, databaseUrl: process.env.DATABASE_URL });

try {
  if (command === 'verify') {
    const check = await verifyLedger(db);
    if (check.ok) {
      const head = await chainHead(db);
      console.log(`台账完整：${check.events} 条事件，哈希链无误 (ledger intact: ${check.events} events)`);
      console.log(`链头 (head): 第 ${head.seq} 条 ${head.hash}`);
      if (values.witness.length > 0) await verifyWitnesses();
    } else {
      console.error(check.problem?.message);
      process.exitCode = 1;
    }
  } else if (command === 'export' && values.out) {
    await exportCsv(values.out);
  } else {
    console.error(
      'usage: [DATABASE_URL=postgres://…] npm run ledger -- verify --data-dir DIR [--witness FILE …] [--public-key FILE] | export --data-dir DIR --out FILE.csv',
    );
    process.exitCode = 2;
  }
} finally {
  await db.close();
}

async function verifyWitnesses(): Promise<void> {
  const keyFile = resolve(values['public-key'] ?? publicKeyFileOf(process.env.LEDGER_KEY_FILE ?? defaultLedgerKeyFile(dataDir)));
  if (!existsSync(keyFile)) {
    console.error(`找不到台账公钥 ${keyFile} (no ledger public key: give --public-key)`);
    process.exitCode = 2;
    return;
  }
  const heads = values.witness.flatMap((file) => headsIn(JSON.parse(readFileSync(resolve(file), 'utf8'))));
  const check = await checkWitnesses(db, readFileSync(keyFile, 'utf8'), heads);
  if (check.ok) console.log(`与 ${check.witnesses} 个已签名的链头一致 (matches ${check.witnesses} signed heads)`);
  else {
    console.error(check.message);
    process.exitCode = 1;
  }
}

async function exportCsv(file: string): Promise<void> {
  const out = createWriteStream(resolve(file));
  const columns = [
    'seq',
    'type',
    'entityId',
    'villageId',
    'accountId',
    'deviceId',
    'mutationId',
    'hlc',
    'recordedAt',
    'prevHash',
    'hash',
    'payload',
  ] as const;
  const cell = (v: unknown) => (v === null || v === undefined ? '' : `"${String(v).replaceAll('"', '""')}"`);
  out.write(`\uFEFF${columns.join(',')}\n`);
  let rows = 0;
  for await (const e of iterateEvents(db)) {
    if (!out.write(`${columns.map((c) => cell(e[c])).join(',')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    rows += 1;
  }
  await new Promise<void>((done) => out.end(done));
  console.log(`已导出 ${rows} 条事件到 ${file} (exported ${rows} events)`);
}
