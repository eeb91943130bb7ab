import { z } from 'zod';

// In the browser the app runs under a Content-Security-Policy without eval, and zod probes for
// eval (new Function) when it creates its first object schema, to compile faster parsers: that
// probe is a CSP violation on every page, and in the worker that checks pulled pages. Jitless mode
// never tries. It must run before any schema is created, so index.ts imports this first. The
// server keeps the compiled parsers (push path).
if ('document' in globalThis || 'WorkerGlobalScope' in globalThis) z.config({ jitless: true });
