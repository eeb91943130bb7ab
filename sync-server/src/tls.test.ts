import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

let dir: string;
/** A file in the test's directory. */
const file = (name: string) => join(dir, name);

/**
 * A root CA (what the tablets trust), an intermediate CA it signed (what TLS_CA holds) and the
 * server's certificate for 127.0.0.1 that the intermediate signed, made with the openssl CLI; and a
 * second key that is no certificate's.
 */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-tls-'));
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2'];
  openssl('req', '-x509', ...ec, '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=Test County CA');
  writeFileSync(file('ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  openssl('req', '-new', ...ec, '-keyout', 'intermediate.key', '-out', 'intermediate.csr', '-subj', '/CN=Test Township CA');
  openssl(
    'x509',
    '-req',
    '-in',
    'intermediate.csr',
    '-CA',
    'root.pem',
    '-CAkey',
    'root.key',
    '-days',
    '2',
    '-extfile',
    'ca.ext',
    '-out',
    'intermediate.pem',
  );
  writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:daiban.township.test\n');
  openssl('req', '-new', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=daiban.township.test');
  openssl(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'intermediate.pem',
    '-CAkey',
    'intermediate.key',
    '-days',
    '2',
    '-extfile',
    'server.ext',
    '-out',
    'server.pem',
  );
  openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', 'other.key');
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the real server process with `tls` settings; resolves with its banner, or with its exit and error output. */
function start(tls: Record<string, string>) {
  const run = mkdtempSync(join(dir, 'run-'));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: join(run, 'data'),
      LOG_FILE: join(run, 'server.log'),
      STATIC_DIR: join(run, 'none'),
      ...tls,
    },
  });
  return new Promise<{ child: typeof child; out: string; err: string; code: number | null; run: string }>((resolve) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/HTTPS certificate for .*\n/.test(out)) resolve({ child, out, err, code: null, run });
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => resolve({ child, out, err, code, run }));
  });
}

/** GET over HTTPS trusting only `ca`: the status and headers, or the TLS error's code. */
function fetchTrusting(url: string, ca: string) {
  return new Promise<{ status?: number; headers?: Record<string, unknown>; body?: string; error?: string }>((resolve) => {
    get(url, { ca }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => {
        body += d.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
  });
}

describe('HTTPS from TLS_CERT and TLS_KEY', () => {
  it('serves the API over HTTPS with the intermediate of TLS_CA, says so in the banner, and sends HSTS', async () => {
    const { child, out } = await start({
      TLS_CERT: file('server.pem'),
      TLS_KEY: file('server.key'),
      TLS_CA: file('intermediate.pem'),
    });
    try {
      const base = /on (https:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      expect(base, out).toBeDefined();
      expect(out).toMatch(
        /HTTPS certificate for IP Address:127\.0\.0\.1, DNS:daiban\.township\.test, valid until \d{4}-\d\d-\d\d/,
      );
      // A tablet that trusts only the county's root CA accepts the server: the chain reaches it.
      const res = await fetchTrusting(`${base}/api/health`, readFileSync(file('root.pem'), 'utf8'));
      expect(res.error).toBeUndefined();
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body ?? '')).toMatchObject({ status: 'ok', name: 'daiban-sync-server' });
      expect(res.headers?.['strict-transport-security']).toBe('max-age=31536000');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('without TLS_CA the chain stops at the server’s certificate, which a tablet trusting the root refuses', async () => {
    const { child, out } = await start({ TLS_CERT: file('server.pem'), TLS_KEY: file('server.key') });
    try {
      const base = /on (https:\/\/127\.0\.0\.1:\d+)\//.exec(out)?.[1];
      const res = await fetchTrusting(`${base}/api/health`, readFileSync(file('root.pem'), 'utf8'));
      expect(res.error).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it.each([
    [
      'a missing certificate file',
      () => ({ TLS_CERT: file('nothing.pem'), TLS_KEY: file('server.key') }),
      () => `TLS_CERT ${file('nothing.pem')} cannot be read: no such file`,
    ],
    [
      'a key that is not the certificate’s',
      () => ({ TLS_CERT: file('server.pem'), TLS_KEY: file('other.key') }),
      () => `TLS_KEY ${file('other.key')} is not the private key of the certificate in TLS_CERT ${file('server.pem')}`,
    ],
    [
      'a key file that holds a certificate',
      () => ({ TLS_CERT: file('server.pem'), TLS_KEY: file('server.pem') }),
      () => `TLS_KEY ${file('server.pem')} is not a PEM private key (without a passphrase)`,
    ],
    [
      'a certificate without its key',
      () => ({ TLS_CERT: file('server.pem') }),
      () => 'HTTPS needs both TLS_CERT and TLS_KEY; only TLS_CERT is set',
    ],
  ])(
    'refuses to start with %s, in one line and before touching the ledger',
    async (_, settings, message) => {
      const { code, out, err, run } = await start(settings());
      expect(code).toBe(1);
      expect(err).toBe(`Cannot serve HTTPS: ${message()}\n`);
      expect(out).toBe('');
      expect(existsSync(join(run, 'data'))).toBe(false);
    },
    30_000,
  );
});
