import { type PushResponse, pullQuerySchema, pushRequestSchema } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { applyPush } from '../sync/apply-push.ts';
import { changesSince } from '../sync/changes-since.ts';
import { validate } from './validate.ts';

export const syncRoutes = new Hono<AppEnv>()
  .post('/push', requireRole('agent'), validate('json', pushRequestSchema), (c) => {
    const { mutations } = c.req.valid('json');
    const body: PushResponse = { results: applyPush(c.var.db, c.var.principal, mutations, nowOf(c.var.config)) };
    return c.json(body);
  })
  .get('/pull', requireRole('agent', 'supervisor', 'admin'), validate('query', pullQuerySchema), (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(changesSince(c.var.db, c.var.principal, cursor, limit));
  });
