import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeTablet } from '../testing/fixtures.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

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

const ledger = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--data-dir', server.dataDir], { encoding: 'utf8' });

/** Changes the ledger file with another program (Python's sqlite3), as a tamperer would. */
function tamper(sql: string) {
  const result = spawnSync('python3', [
    '-c',
    `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()`,
    join(server.dataDir, 'ledger.sqlite'),
    sql,
  ]);
  expect(result.status, String(result.stderr)).toBe(0);
}

describe('npm run ledger', () => {
  it('verifies an intact ledger and exports every event as CSV', () => {
    const verify = ledger('verify');
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/台账完整/);
    const events = (server.db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
    const out = join(server.dataDir, 'ledger.csv');
    expect(ledger('export', '--out', out).status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(events + 1);
    expect(lines[0]).toContain('seq,type,entityId');
  });

  it('names the first altered event when a row was changed with another tool', () => {
    const seq = (server.db.prepare("SELECT seq FROM events WHERE type = 'applicant.register'").get() as { seq: number }).seq;
    server.db.close();
    tamper(`UPDATE events SET payload = replace(payload, '李桂英', '李贵英') WHERE seq = ${seq}`);
    const verify = ledger('verify');
    expect(verify.status).toBe(1);
    expect(verify.stderr).toContain(`第 ${seq} 条事件已被改动`);
  });

  it('names a missing event', () => {
    server.db.close();
    tamper('DELETE FROM events WHERE seq = 5');
    const verify = ledger('verify');
    expect(verify.status).toBe(1);
    expect(verify.stderr).toContain('第 5 条事件缺失');
  });

  it('is refused to agents over HTTP, and answers the supervisor', async () => {
    const agent = await server.login('dxg-agent');
    expect((await server.api('/api/ledger/verify', { token: agent.token })).status).toBe(403);
    const supervisor = await server.login('supervisor');
    expect(await (await server.api('/api/ledger/verify', { token: supervisor.token })).json()).toMatchObject({ ok: true });
  });
});
