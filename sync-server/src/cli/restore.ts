// `npm run restore -- --from FILE --data-dir DIR` brings a backup back into an empty data
// directory, after checking the ledger's hash chain and every blob (see docs/operations.md).
// A PostgreSQL ledger (DATABASE_URL=postgres://…) is restored with pg_restore instead: refused here.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { refuseOnPostgres, restore } from '../ops/backup.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: 'data' }, from: { type: 'string' } } });
if (!values.from) {
  console.error('usage: npm run restore -- --from FILE.tar --data-dir DIR');
  process.exit(2);
}
try {
  refuseOnPostgres(process.env.DATABASE_URL, 'restore');
  const m = await restore(resolve(values.from), resolve(values['data-dir']));
  console.log(
    `恢复完成：${m.events} 条事件，${m.blobs} 个文件，台账校验无误 (restored ${m.events} events and ${m.blobs} blobs; ledger verifies)`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
