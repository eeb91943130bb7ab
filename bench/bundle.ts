// The JavaScript a first load of the app needs: the entry script of client/dist/index.html and
// every module it preloads, gzipped as the server would send them. Lazy chunks (the township
// pages, the report, the slip scanner) load only when opened, so they are not counted.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export type BundleResult = { initial_js_gzip_kb: number };

const DIST = new URL('../client/dist/', import.meta.url);

export async function benchBundle(): Promise<BundleResult> {
  const html = readFileSync(new URL('index.html', DIST), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!);
  const files = [...new Set([...scripts, ...preloads])];
  if (scripts.length === 0) throw new Error('client/dist/index.html has no module script: build the client first');
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(new URL(`.${file}`, DIST)), { level: 9 }).length, 0);
  return { initial_js_gzip_kb: Math.round((bytes / 1024) * 10) / 10 };
}
