import type { Db, Principal } from './db/index.ts';

export interface AppConfig {
  db: Db;
  /** Where blob files live, content-addressed. */
  blobDir: string;
  version: string;
  /** The built PWA to serve from the same origin; omitted in API-only tests. */
  staticDir?: string;
  now?: () => Date;
}

export interface AppEnv {
  Variables: {
    db: Db;
    config: AppConfig;
    principal: Principal;
  };
}

/** The server's clock; tests pin it through `config.now`. */
export function nowOf(config: AppConfig): Date {
  return config.now?.() ?? new Date();
}
