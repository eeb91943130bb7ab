import { type Health, PROTOCOL_VERSION, SCHEMA_VERSION } from '@daiban/schemas';
import { Hono } from 'hono';
import { type AppEnv, minProtocolOf, nowOf } from '../context.ts';

export const healthRoutes = new Hono<AppEnv>().get('/', (c) => {
  const body: Health = {
    status: 'ok',
    name: 'daiban-sync-server',
    version: c.var.config.version,
    protocolVersion: PROTOCOL_VERSION,
    minProtocolVersion: minProtocolOf(c.var.config),
    schemaVersion: SCHEMA_VERSION,
    serverTime: nowOf(c.var.config).toISOString(),
  };
  c.header('cache-control', 'no-store');
  return c.json(body);
});
