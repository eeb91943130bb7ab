import {
  createServiceItemRequestSchema,
  editServiceItemRequestSchema,
  SCHEMA_VERSION,
  type ServiceItem,
  serviceItemSchema,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  appendEvent,
  type Db,
  insertServiceItem,
  listLatestServiceItems,
  type Principal,
  serviceItemVersions,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

const codeParam = z.object({ code: serviceItemSchema.shape.code });

/**
 * The service catalog (事项清单) of the caller's township: every route reads and writes only its
 * items, and another township's item is answered as unknown (404). Two townships may use one code,
 * each with its own versions. An edit publishes version n+1 of the whole item; earlier versions are
 * never changed, so a case keeps the version it was opened with. Each published version is a ledger
 * event whose sequence is the row's pull cursor: the township's devices pull it next time.
 */
export const catalogRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) =>
    c.json({ items: await listLatestServiceItems(c.var.db, c.var.principal.townshipId) }),
  )
  .get('/:code', requireRole('supervisor', 'admin'), validate('param', codeParam), async (c) => {
    const versions = await serviceItemVersions(c.var.db, c.var.principal.townshipId, c.req.valid('param').code);
    const item = versions.at(-1);
    if (!item) throw new ApiError(404, 'not_found', '没有这个事项 (no such service item)');
    return c.json({ item, versions });
  })
  .post('/', requireRole('admin'), validate('json', createServiceItemRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const draft = c.req.valid('json');
    const item = await db.transaction(async () => {
      if ((await serviceItemVersions(db, principal.townshipId, draft.code)).length > 0) {
        throw new ApiError(409, 'already_exists', `事项编码 ${draft.code} 已存在 (service item code exists)`);
      }
      return await publish(db, principal, { ...draft, version: 1, publishedAt: nowOf(config).toISOString() });
    });
    return c.json({ item }, 201);
  })
  .put(
    '/:code',
    requireRole('admin'),
    validate('param', codeParam),
    validate('json', editServiceItemRequestSchema),
    async (c) => {
      const { db, principal, config } = c.var;
      const { code } = c.req.valid('param');
      const { baseVersion, ...draft } = c.req.valid('json');
      const item = await db.transaction(async () => {
        const latest = (await serviceItemVersions(db, principal.townshipId, code)).at(-1);
        if (!latest) throw new ApiError(404, 'not_found', '没有这个事项 (no such service item)');
        if (latest.version !== baseVersion) {
          throw new ApiError(
            409,
            'stale_version',
            `事项已更新到第 ${latest.version} 版，请在最新版本上修改 (item is at version ${latest.version})`,
          );
        }
        return await publish(db, principal, {
          ...draft,
          code,
          version: latest.version + 1,
          publishedAt: nowOf(config).toISOString(),
        });
      });
      return c.json({ item });
    },
  );

/**
 * Appends the version to the ledger as an event of the publishing admin's township and stores it in
 * that township's catalog with the event's sequence. Call inside a transaction.
 */
async function publish(db: Db, who: Principal, item: ServiceItem): Promise<ServiceItem> {
  const seq = await appendEvent(db, {
    type: 'catalog.publish',
    entityId: `${who.townshipId}:${item.code}@${item.version}`,
    villageId: null,
    accountId: who.account.id,
    deviceId: who.device.id,
    mutationId: null,
    hlc: null,
    payload: { ...item, townshipId: who.townshipId, schemaVersion: SCHEMA_VERSION },
    recordedAt: item.publishedAt,
  });
  await insertServiceItem(db, who.townshipId, item, seq);
  return item;
}
