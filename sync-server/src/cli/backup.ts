// `npm run backup -- --data-dir DIR --out FILE` writes a consistent backup of the ledger and its
// blobs while the server keeps running (see docs/operations.md).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backup } from '../ops/backup.ts';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: 'data' }, out: { type: 'string' } } });
if (!values.out) {
  console.error('usage: npm run backup -- --data-dir DIR --out FILE.tar');
  process.exit(2);
}
try {
  const m = await backup(resolve(values['data-dir']), resolve(values.out));
  console.log(
    `备份完成：${m.events} 条事件（至第 ${m.head} 条），${m.blobs} 个文件 ${(m.blobBytes / 1048576).toFixed(1)} MB → ${values.out}` +
      ` (backup written: ${m.events} events, ${m.blobs} blobs)`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
