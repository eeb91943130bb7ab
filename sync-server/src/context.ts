import { MIN_PROTOCOL_VERSION } from '@daiban/schemas';
import type { Caller, CountyPrincipal, Db, Principal } from './db/index.ts';
import type { LedgerKey } from './ledger/head-signing.ts';
import type { Logger } from './log.ts';
import type { BlobStore } from './sync/blob-store.ts';

export interface AppConfig {
  db: Db;
  /** Where the bytes of photos and scans live, named by their SHA-256. */
  blobs: BlobStore;
  version: string;
  /** The built PWA to serve from the same origin; omitted in API-only tests. */
  staticDir?: string;
  now?: () => Date;
  /** Oldest client protocol still served (MIN_PROTOCOL_VERSION unless a test raises it). */
  minProtocolVersion?: number;
  /** Structured log without personal data; silent when omitted (tests). */
  logger?: Logger;
  /** Signs the chain heads handed out (pull, report); kept outside the data directory. */
  ledgerKey?: LedgerKey;
  /** Bytes of blobs no case references yet one device may hold (UNREFERENCED_BLOB_QUOTA unless set). */
  unreferencedBlobQuota?: number;
}

export interface AppEnv {
  Variables: {
    db: Db;
    config: AppConfig;
    /** A township's person (agent, supervisor, admin): set by `requireRole`. */
    principal: Principal;
    /** The county administrator: set by `requireCountyAdmin`. */
    countyAdmin: CountyPrincipal;
    /** Anyone signed in: set by `requireSignedIn`. */
    caller: Caller;
  };
}

export function minProtocolOf(config: AppConfig): number {
  return config.minProtocolVersion ?? MIN_PROTOCOL_VERSION;
}

/** The server's clock; tests pin it through `config.now`. */
export function nowOf(config: AppConfig): Date {
  return config.now?.() ?? new Date();
}
