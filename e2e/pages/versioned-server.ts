import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import { join } from 'node:path';

const root = join(import.meta.dirname, '../..');
const work = join(root, '.test-output/pwa-update');

/** Builds the client into .test-output/pwa-update/<name> with the given build id and Vite env. */
export function buildClient(name: string, buildId: string, env: Record<string, string> = {}): string {
  const outDir = join(work, name);
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: join(root, 'client'),
    env: { ...process.env, DAIBAN_BUILD_ID: buildId, ...env },
    stdio: 'pipe',
  });
  return outDir;
}

/**
 * The real township server on its own port, ledger and static directory, whose served files can be
 * swapped for another build while it runs. It sits behind a pass-through proxy on `port` that can
 * cut the API alone: the app's files still come through (so a new version can install) while sync
 * cannot reach the township.
 */
export async function startVersionedServer(port: number) {
  const served = join(work, 'served');
  const dataDir = join(work, 'data');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(served, { recursive: true, force: true });
  mkdirSync(served, { recursive: true });
  const innerPort = port + 1;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'sync-server/src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(innerPort),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STATIC_DIR: served,
      LOG_FILE: join(dataDir, 'server.log'),
    },
    stdio: 'ignore',
  });
  let apiCut = false;
  const proxy: Server = createServer((req, res) => {
    if (apiCut && req.url?.startsWith('/api/')) {
      req.socket.destroy();
      return;
    }
    const upstream = forward(
      { host: '127.0.0.1', port: innerPort, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${innerPort}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) throw new Error('the versioned server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    /** Serves this build from now on (the running server reads its files from disk on each request). */
    serve(buildDir: string) {
      rmSync(served, { recursive: true, force: true });
      cpSync(buildDir, served, { recursive: true });
    },
    cutApi(cut: boolean) {
      apiCut = cut;
    },
    async stop() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
