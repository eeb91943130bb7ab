/** "<package version> · <build id>", fixed at build time (vite.config.ts). */
declare const __APP_BUILD__: string;

interface ImportMetaEnv {
  /** "1" only in the e2e build of a next version with a schema change (see data/db.ts). */
  readonly VITE_TEST_EXTRA_SCHEMA?: string;
}
