// `npm run backup -- --data-dir DIR --out FILE` writes a consistent backup of the ledger and its
// blobs while the server keeps running (see docs/operations.md).
// The manifest carries the ledger's head signed with the township key (LEDGER_KEY_FILE, or the
// default beside the data directory) when that key is at hand.
// A PostgreSQL ledger (DATABASE_URL=postgres://…) is backed up with pg_dump instead: refused here.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLedgerKeyFile, loadOrCreateLedgerKey } from '../ledger/head-signing.ts';
import { backup, refuseOnPostgres } from '../ops/backup.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: 'data' }, out: { type: 'string' } } });
if (!values.out) {
  console.error('usage: npm run backup -- --data-dir DIR --out FILE.tar');
  process.exit(2);
}
try {
  refuseOnPostgres(process.env.DATABASE_URL, 'backup');
  const dataDir = resolve(values['data-dir']);
  const keyFile = resolve(process.env.LEDGER_KEY_FILE ?? defaultLedgerKeyFile(dataDir));
  const m = await backup(
    dataDir,
    resolve(values.out),
    new Date(),
    existsSync(keyFile) ? loadOrCreateLedgerKey(keyFile) : undefined,
  );
  console.log(
    `备份完成：${m.events} 条事件（至第 ${m.head} 条），${m.blobs} 个文件 ${(m.blobBytes / 1048576).toFixed(1)} MB → ${values.out}` +
      ` (backup written: ${m.events} events, ${m.blobs} blobs)`,
  );
  if (m.ledgerHead)
    console.log(`链头签名 (signed head): 第 ${m.ledgerHead.seq} 条 ${m.ledgerHead.hash} ${m.ledgerHead.signature}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
