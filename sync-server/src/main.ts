import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Checkpointer, openLedger, SqliteDb, startCheckpointer } from './db/index.ts';
import { defaultLedgerKeyFile, loadOrCreateLedgerKey } from './ledger/head-signing.ts';
import { createLogger } from './log.ts';
import { demoLoginsStillSeeded, seedDemo } from './seed/seed-demo.ts';
import { FileBlobStore } from './sync/blob-store.ts';
import { dropAbandonedUploads, dropUnreferencedBlobs, UNREFERENCED_BLOB_QUOTA } from './sync/blob-upload.ts';
import { type Tls, TlsSettingError, tlsFromEnv } from './tls.ts';

/** Starts the township server: API and built PWA on one origin, ledger under DATA_DIR. */
const port = Number(process.env.PORT ?? 8787);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const staticDir = resolve(process.env.STATIC_DIR ?? new URL('../../client/dist', import.meta.url).pathname);
const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

// Bytes of photos no case references yet that one device may hold (docs/operations.md, Photos on disk).
const unreferencedBlobQuota = mebibytes('UNREFERENCED_BLOB_QUOTA_MB', UNREFERENCED_BLOB_QUOTA);
// HTTPS itself when TLS_CERT and TLS_KEY are set (docs/operations.md, HTTPS); checked before the ledger is opened.
const tls = tlsOrExit();

const logger = createLogger(process.env.LOG_FILE);
// DATABASE_URL=postgres://… puts the ledger on PostgreSQL (docs/operations.md); the SQLite file in DATA_DIR otherwise.
const databaseUrl = process.env.DATABASE_URL || undefined;
const db = await openLedger({ dataDir, databaseUrl });
const checkpointer: Checkpointer | undefined =
  db instanceof SqliteDb
    ? startCheckpointer(db, dataDir, (message) => logger.error({ message }, 'ledger checkpoint failed'))
    : undefined;
const seeded = await seedDemo(db);
// The ledger signing key lives outside the data directory (docs/operations.md, Ledger integrity).
const ledgerKeyFile = resolve(process.env.LEDGER_KEY_FILE ?? defaultLedgerKeyFile(dataDir));
const ledgerKey = loadOrCreateLedgerKey(ledgerKeyFile);
const blobs = new FileBlobStore(join(dataDir, 'blobs'));
const app = createApp({ db, blobs, version, staticDir, logger, ledgerKey, unreferencedBlobQuota });

const demo = await demoLoginsStillSeeded(db);

// Hourly: the partial bytes of uploads abandoned for a week go, and complete blobs no case or visit
// has referenced for 30 days (never a referenced photo).
setInterval(() => {
  void dropAbandonedUploads(db, blobs, new Date())
    .then((dropped) => dropped > 0 && logger.info({ dropped }, 'abandoned uploads removed'))
    .catch((err: unknown) => logger.error({ err }, 'removing abandoned uploads failed'));
  void dropUnreferencedBlobs(db, blobs, new Date())
    .then((dropped) => dropped > 0 && logger.info({ dropped }, 'unreferenced blobs removed'))
    .catch((err: unknown) => logger.error({ err }, 'removing unreferenced blobs failed'));
}, 3600_000).unref();

const listen = { fetch: app.fetch, port, hostname: host };
const server = serve(tls ? { ...listen, createServer: tls.createServer, serverOptions: tls.serverOptions } : listen, (info) => {
  logger.info({ version, port: info.port, dataDir, https: tls !== null }, 'server started');
  // The operator's first-start table goes to the console, not to the log.
  const ledger = databaseUrl
    ? `PostgreSQL ${new URL(databaseUrl).host}${new URL(databaseUrl).pathname}`
    : join(dataDir, 'ledger.sqlite');
  console.log(`Daiban sync server ${version} on ${tls ? 'https' : 'http'}://127.0.0.1:${info.port}/ (ledger ${ledger})`);
  if (tls) console.log(`HTTPS certificate for ${tls.names}, valid until ${tls.validTo}`);
  if (seeded) console.log('Seeded the demo township.');
  if (demo.length > 0) console.log('Demo accounts (passwords still as seeded):');
  for (const login of demo) {
    console.log(
      `  ${login.role.padEnd(10)} ${login.username.padEnd(16)} ${login.password.padEnd(14)} ${login.place} ${login.displayName}`,
    );
  }
});

/** Finish in-flight requests, then close the database cleanly. */
function shutdown(signal: string): void {
  logger.info({ signal }, 'closing: finishing requests in flight');
  server.close(async () => {
    await checkpointer?.stop();
    await db.close();
    logger.info('database closed');
    process.exit(0);
  });
  // Keep-alive connections that finish their request after this point would otherwise hold the
  // close back until they time out.
  if ('closeIdleConnections' in server) setInterval(() => server.closeIdleConnections(), 100).unref();
  setTimeout(() => process.exit(1), 10_000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

/** The HTTPS settings; a missing or unreadable file, or a key that is not the certificate's, stops the start. */
function tlsOrExit(): Tls | null {
  try {
    return tlsFromEnv(process.env);
  } catch (err) {
    if (!(err instanceof TlsSettingError)) throw err;
    console.error(`Cannot serve HTTPS: ${err.message}`);
    process.exit(1);
  }
}

/** A size setting in MiB from the environment, in bytes; a value that is not a positive number stops the start. */
function mebibytes(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const mib = Number(value);
  if (!Number.isFinite(mib) || mib <= 0) {
    console.error(`${name} must be a positive number of MiB, not "${value}"`);
    process.exit(1);
  }
  return Math.floor(mib * 1024 ** 2);
}
