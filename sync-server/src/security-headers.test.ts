import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { FileBlobStore } from './sync/blob-store.ts';
import { startTestServer, type TestServer } from './testing/test-server.ts';

let server: TestServer;
let staticDir: string;
beforeEach(async () => {
  staticDir = mkdtempSync(join(tmpdir(), 'daiban-static-'));
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>代办</title>');
  server = await startTestServer({ staticDir });
});
afterEach(async () => {
  await server.close();
  rmSync(staticDir, { recursive: true, force: true });
});

describe('security headers', () => {
  it('the app shell gets a strict Content-Security-Policy and the usual hardening headers', async () => {
    const res = await fetch(`${server.url}/cases/123`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('permissions-policy')).toContain('microphone=()');
  });

  it('API answers, refusals included, carry the same headers', async () => {
    for (const res of [await server.api('/api/health'), await server.api('/api/cases'), await server.api('/api/nothing')]) {
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('API answers with personal data are never cached, and HSTS is not sent over plain HTTP', async () => {
    const agent = await server.login('dxg-agent');
    const supervisor = await server.login('supervisor');
    for (const res of [
      await server.api('/api/sync/pull', { token: agent.token }),
      await server.api('/api/cases', { token: supervisor.token }),
      await server.api('/api/devices', { token: supervisor.token }),
      await server.api('/api/cases'),
    ]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    expect((await fetch(`${server.url}/cases/123`)).headers.get('strict-transport-security')).toBeNull();
    // Served over HTTPS, it is.
    const app = createApp({ db: server.db, blobs: new FileBlobStore(join(staticDir, 'blobs')), version: 'https' });
    const overTls = await app.fetch(new Request('https://township.example/api/health'));
    expect(overTls.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
