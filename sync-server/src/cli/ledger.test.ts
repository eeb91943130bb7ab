import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PullResponse, SignedHead } from '@daiban/schemas';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventHash, openLedger } from '../db/index.ts';
import { publicKeyFileOf } from '../ledger/head-signing.ts';
import { FakeTablet } from '../testing/fixtures.ts';
import { createTestDatabase, postgresProgram } from '../testing/postgres-cluster.ts';
import { startTestServer, TEST_ENGINE, type TestServer } from '../testing/test-server.ts';

const CLI = fileURLToPath(new URL('./ledger.ts', import.meta.url));
let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
  const agent = await server.login('dxg-agent');
  const tablet = new FakeTablet(agent, server.now);
  const mutations = [tablet.mutation('applicant.register', tablet.applicant({ name: '李桂英' }))];
  await server.api('/api/sync/push', { method: 'POST', token: agent.token, body: JSON.stringify({ mutations }) });
});
afterEach(() => server.close());

/** The command as an operator runs it: DATABASE_URL set when the ledger is on PostgreSQL, as for the server. */
const ledger = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--data-dir', server.dataDir], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: server.databaseUrl ?? '' },
  });

/** An events row as the ledger stores it. */
interface EventRow {
  seq: number;
  type: string;
  entity_id: string;
  village_id: string | null;
  account_id: string | null;
  device_id: string | null;
  mutation_id: string | null;
  hlc: string | null;
  payload: string;
  recorded_at: string;
}

/** Changes the ledger with another program (Python's sqlite3, or psql), as a tamperer would. */
function tamper(sql: string) {
  const result = server.databaseUrl
    ? spawnSync(postgresProgram('psql'), ['-v', 'ON_ERROR_STOP=1', '-c', sql, server.databaseUrl], {
        env: { ...process.env, PGCLIENTENCODING: 'UTF8' },
      })
    : spawnSync('python3', [
        '-c',
        `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()`,
        join(server.dataDir, 'ledger.sqlite'),
        sql,
      ]);
  expect(result.status, String(result.stderr)).toBe(0);
}

describe('npm run ledger', () => {
  it('verifies an intact ledger and exports every event as CSV', async () => {
    const verify = ledger('verify');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/台账完整/);
    const events = ((await server.db.get('SELECT COUNT(*) AS n FROM events')) as { n: number }).n;
    const out = join(server.dataDir, 'ledger.csv');
    expect(ledger('export', '--out', out).status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(events + 1);
    expect(lines[0]).toContain('seq,type,entityId');
  });

  it('names the first altered event when a row was changed with another tool', async () => {
    const seq = ((await server.db.get("SELECT seq FROM events WHERE type = 'applicant.register'")) as { seq: number }).seq;
    await server.db.close();
    tamper(`UPDATE events SET payload = replace(payload, '李桂英', '李贵英') WHERE seq = ${seq}`);
    const verify = ledger('verify');
    expect(verify.status).toBe(1);
    expect(verify.stderr).toContain(`第 ${seq} 条事件已被改动`);
  });

  it('names a missing event', async () => {
    await server.db.close();
    tamper('DELETE FROM events WHERE seq = 5');
    const verify = ledger('verify');
    expect(verify.status).toBe(1);
    expect(verify.stderr).toContain('第 5 条事件缺失');
  });

  it('catches a rewrite with every hash recomputed, against the heads the tablet saw, and says where', async () => {
    const agent = await server.login('dxg-agent');
    const tablet = new FakeTablet(agent, server.now);
    const witnessed: SignedHead[] = [];
    const pullHead = async () =>
      witnessed.push(((await (await server.api('/api/sync/pull', { token: agent.token })).json()) as PullResponse).head!);
    const register = (name: string) =>
      server.api('/api/sync/push', {
        method: 'POST',
        token: agent.token,
        body: JSON.stringify({ mutations: [tablet.mutation('applicant.register', tablet.applicant({ name }))] }),
      });
    await pullHead();
    await register('王德顺');
    await register('张翠兰');
    await pullHead();
    await register('刘福生');
    await pullHead();
    const [first, second] = witnessed as [SignedHead, SignedHead, SignedHead];
    const witnessFile = join(server.dataDir, 'tablet-witnesses.json');
    writeFileSync(witnessFile, JSON.stringify({ ledgerWitnesses: witnessed }));
    const publicKey = publicKeyFileOf(server.ledgerKeyFile);
    expect(ledger('verify', '--witness', witnessFile, '--public-key', publicKey).status).toBe(0);

    // The tamperer edits 张翠兰's registration and recomputes every hash after it with our own function.
    const altered = ((await server.db.get("SELECT seq FROM events WHERE payload LIKE '%张翠兰%'")) as { seq: number }).seq;
    await server.db.close();
    const file = await openLedger({ dataDir: server.dataDir, databaseUrl: server.databaseUrl });
    const rows = await file.all<EventRow>('SELECT * FROM events WHERE seq >= ? ORDER BY seq', altered);
    let prev = (await file.get<{ hash: string }>('SELECT hash FROM events WHERE seq = ?', altered - 1))?.hash ?? '';
    for (const row of rows) {
      const payload = row.seq === altered ? row.payload.replace('张翠兰', '张翠花') : row.payload;
      const event = {
        type: row.type,
        entityId: row.entity_id,
        villageId: row.village_id,
        accountId: row.account_id,
        deviceId: row.device_id,
        mutationId: row.mutation_id,
        hlc: row.hlc,
        payload,
        recordedAt: row.recorded_at,
      };
      const next = eventHash(prev, row.seq, event);
      await file.run('UPDATE events SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?', payload, prev, next, row.seq);
      prev = next;
    }
    await file.close();

    expect(ledger('verify').status).toBe(0); // the chain alone still holds
    const checked = ledger('verify', '--witness', witnessFile, '--public-key', publicKey);
    expect(checked.status).toBe(1);
    expect(checked.stderr).toContain(`第 ${first.seq + 1} 至第 ${second.seq} 条事件之间与签名时不同`);
    expect(altered).toBeGreaterThan(first.seq);
    expect(altered).toBeLessThanOrEqual(second.seq);

    // A head "signed" with another key proves nothing.
    const forged = { ...first, signature: Buffer.from('not the township key').toString('base64') };
    writeFileSync(witnessFile, JSON.stringify([forged]));
    const refused = ledger('verify', '--witness', witnessFile, '--public-key', publicKey);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('见证签名无效');
  });

  it.runIf(TEST_ENGINE === 'postgres')('refuses a PostgreSQL database without a ledger, and creates nothing in it', async () => {
    const empty = await createTestDatabase({ migrated: false });
    const verify = spawnSync(process.execPath, ['--import', 'tsx', CLI, 'verify'], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: empty },
    });
    expect(verify.status).not.toBe(0);
    expect(verify.stderr).toContain('There is no Daiban ledger in database');
    const tables = spawnSync(
      postgresProgram('psql'),
      ['-At', '-c', "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", empty],
      {
        encoding: 'utf8',
      },
    );
    expect(tables.stdout.trim()).toBe('0');
  });

  it('is refused to agents over HTTP, and answers the supervisor', async () => {
    const agent = await server.login('dxg-agent');
    expect((await server.api('/api/ledger/verify', { token: agent.token })).status).toBe(403);
    const supervisor = await server.login('supervisor');
    expect(await (await server.api('/api/ledger/verify', { token: supervisor.token })).json()).toMatchObject({ ok: true });
  });
});
