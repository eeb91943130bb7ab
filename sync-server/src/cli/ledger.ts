// `npm run ledger -- verify --data-dir DIR` checks the hash chain of the township ledger and names
// the first missing or altered event; `npm run ledger -- export --data-dir DIR --out FILE` writes
// the event log as CSV for audits and the provincial platform. Both only read the ledger.
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { iterateEvents, openDbReadOnly, verifyLedger } from '../db/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'data-dir': { type: 'string', default: 'data' }, out: { type: 'string' } },
});
const command = positionals[0];
const db = openDbReadOnly(resolve(values['data-dir']));

try {
  if (command === 'verify') {
    const check = verifyLedger(db);
    if (check.ok) console.log(`台账完整：${check.events} 条事件，哈希链无误 (ledger intact: ${check.events} events)`);
    else {
      console.error(check.problem?.message);
      process.exitCode = 1;
    }
  } else if (command === 'export' && values.out) {
    await exportCsv(values.out);
  } else {
    console.error('usage: npm run ledger -- verify --data-dir DIR | export --data-dir DIR --out FILE.csv');
    process.exitCode = 2;
  }
} finally {
  db.close();
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
  for (const e of iterateEvents(db)) {
    if (!out.write(`${columns.map((c) => cell(e[c])).join(',')}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
    rows += 1;
  }
  await new Promise<void>((done) => out.end(done));
  console.log(`已导出 ${rows} 条事件到 ${file} (exported ${rows} events)`);
}
