import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import {
  PULL_CURSOR_HEADER,
  PULL_GZIP_TYPE,
  PULL_MORE_HEADER,
  type PushResponse,
  pullQuerySchema,
  pushRequestSchema,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { ledgerHead, recordDeviceReset, recordPushFailure, recordPushSuccess } from '../db/index.ts';
import { ApiError, issuesOf } from '../errors.ts';
import { signHead } from '../ledger/head-signing.ts';
import { applyPush, DeviceResetError, sequenceGap } from '../sync/apply-push.ts';
import { inGroupCommit } from '../sync/group-commit.ts';
import { pullPage } from '../sync/pull-page.ts';
import { readJsonBody } from './json-body.ts';
import { validate } from './validate.ts';

const gzipped = promisify(gzip);

export const syncRoutes = new Hono<AppEnv>()
  .post('/push', requireRole('agent'), async (c) => {
    const { db, principal, config } = c.var;
    const now = nowOf(config);
    try {
      const parsed = pushRequestSchema.safeParse(await readJsonBody(c));
      if (!parsed.success)
        throw new ApiError(400, 'validation_failed', '请求内容不符合要求 (invalid json)', issuesOf(parsed.error));
      const response: PushResponse = await inGroupCommit(db, async () => {
        const results = await applyPush(db, principal, parsed.data.mutations, now);
        // A push stopped at a gap answers 200 with what it applied, but counts as failed: only the
        // township can get a queue that keeps hitting one moving again.
        const gap = await sequenceGap(db, principal, parsed.data.mutations, results);
        if (gap) await recordPushFailure(db, principal.device.id, gap);
        else await recordPushSuccess(db, principal.device.id, now);
        return { results };
      });
      return c.json(response);
    } catch (error) {
      // A push the server cannot take is counted per device, so a queue that never moves is seen.
      if (error instanceof DeviceResetError) await recordDeviceReset(db, principal.device.id, now);
      if (error instanceof ApiError) await recordPushFailure(db, principal.device.id, `${error.reason}: ${error.message}`);
      throw error;
    }
  })
  .get('/pull', requireRole('agent', 'supervisor', 'admin'), validate('query', pullQuerySchema), async (c) => {
    const { cursor, limit } = c.req.valid('query');
    // Echoing such a cursor would leave the device past every change the ledger makes until it
    // overtakes the cursor: the device must pull again from 0 (the ledger head only grows).
    const head = await ledgerHead(c.var.db);
    if (cursor > head) {
      throw new ApiError(
        409,
        'cursor_ahead',
        `台账只到第 ${head} 条，本设备已同步到第 ${cursor} 条：服务器可能已从备份恢复，请重新同步全部数据` +
          ` (cursor ${cursor} is beyond the ledger head ${head}: pull again from 0)`,
      );
    }
    const key = c.var.config.ledgerKey;
    const sign = key && ((head: { seq: number; hash: string }) => signHead(key, head));
    const page = await pullPage(c.var.db, c.var.principal, cursor, limit, sign);
    const next = { [PULL_CURSOR_HEADER]: String(page.cursor), [PULL_MORE_HEADER]: page.hasMore ? '1' : '0', vary: 'Accept' };
    // zlib on its thread pool, not the compress middleware's web streams (3.4 against 5.9 ms for a page of 1,000 records).
    if (c.req.header('accept')?.includes(PULL_GZIP_TYPE)) {
      return c.body(new Uint8Array(await gzipped(page.json)), 200, { 'content-type': PULL_GZIP_TYPE, ...next });
    }
    return c.body(page.json, 200, { 'content-type': 'application/json', ...next });
  });
