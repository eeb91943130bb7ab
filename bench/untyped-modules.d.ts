// The PouchDB comparison's packages (and express 4) ship no types; only what the benchmark calls is declared.
declare module 'pouchdb' {
  interface Database {
    bulkDocs(docs: object[]): Promise<unknown>;
    replicate: { to(target: string): Promise<unknown> };
    info(): Promise<{ doc_count: number }>;
    destroy(): Promise<unknown>;
  }
  interface PouchDBStatic {
    new (name: string, options?: { adapter?: string }): Database;
    plugin(plugin: unknown): void;
    defaults(options: { adapter: string }): PouchDBStatic;
  }
  const PouchDB: PouchDBStatic;
  export default PouchDB;
}
declare module 'pouchdb-adapter-memory' {
  const plugin: unknown;
  export default plugin;
}
declare module 'express-pouchdb' {
  export default function expressPouchdb(pouchdb: unknown, options: { mode: string; inMemoryConfig: boolean }): unknown;
}
declare module 'express' {
  interface Application {
    use(path: string, handler: unknown): void;
    listen(port: number, host: string, ready: () => void): import('node:http').Server;
  }
  export default function express(): Application;
}
