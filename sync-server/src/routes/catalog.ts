import {
  createServiceItemRequestSchema,
  editServiceItemRequestSchema,
  type ServiceItemHistory,
  serviceItemSchema,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { publisherOf, publishToTownship } from '../catalog/publishing.ts';
import { firstVersion, nextVersion, noSuchItem } from '../catalog/versions.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  countyItemVersions,
  countyOfTownship,
  listLatestServiceItems,
  newestCountyItemVersion,
  newestServiceItemRow,
  serviceItemVersions,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

export const codeParam = z.object({ code: serviceItemSchema.shape.code });

/**
 * The service catalog (事项清单) of the caller's township: every route reads and writes only its
 * items, and another township's item is answered as unknown (404). Two townships may use one code,
 * each with its own versions. An edit publishes version n+1 of the whole item; earlier versions are
 * never changed, so a case keeps the version it was opened with. Each published version is a ledger
 * event whose sequence is the row's pull cursor: the township's devices pull it next time.
 * A township of a county also receives the county's items (routes/county-catalog.ts); its admin's
 * edit of one is the township's own version, which the county's later edits leave alone until the
 * township follows the county again.
 */
export const catalogRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) =>
    c.json({ items: await listLatestServiceItems(c.var.db, c.var.principal.townshipId) }),
  )
  .get('/:code', requireRole('supervisor', 'admin'), validate('param', codeParam), async (c) => {
    const { db, principal } = c.var;
    const { code } = c.req.valid('param');
    const versions = await serviceItemVersions(db, principal.townshipId, code);
    const item = versions.at(-1);
    if (!item) throw noSuchItem();
    const county = await countyOfTownship(db, principal.townshipId);
    const body: ServiceItemHistory = {
      item,
      versions,
      countyVersion: (await newestServiceItemRow(db, principal.townshipId, code))?.countyVersion ?? null,
      countyLatestVersion: county ? await newestCountyItemVersion(db, county.id, code) : null,
    };
    return c.json(body);
  })
  .post('/', requireRole('admin'), validate('json', createServiceItemRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const draft = c.req.valid('json');
    const item = await db.transaction(async () => {
      const first = firstVersion(
        await serviceItemVersions(db, principal.townshipId, draft.code),
        draft,
        nowOf(config).toISOString(),
      );
      return await publishToTownship(db, publisherOf(principal), principal.townshipId, first, null);
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
      const item = await db.transaction(async () => {
        const latest = (await serviceItemVersions(db, principal.townshipId, code)).at(-1);
        const next = nextVersion(latest, code, c.req.valid('json'), nowOf(config).toISOString());
        return await publishToTownship(db, publisherOf(principal), principal.townshipId, next, null);
      });
      return c.json({ item });
    },
  )
  /**
   * Follows the county's item again after the township published its own version: the county's
   * newest version becomes the township's next, and the county's later edits reach it again.
   */
  .post('/:code/follow-county', requireRole('admin'), validate('param', codeParam), async (c) => {
    const { db, principal, config } = c.var;
    const { code } = c.req.valid('param');
    const item = await db.transaction(async () => {
      const newest = await newestServiceItemRow(db, principal.townshipId, code);
      if (!newest) throw noSuchItem();
      const county = await countyOfTownship(db, principal.townshipId);
      const countyItem = county && (await countyItemVersions(db, county.id, code)).at(-1);
      if (!countyItem) throw new ApiError(409, 'invalid_transition', '县级清单没有这个事项 (the county has no such item)');
      if (newest.countyVersion === countyItem.version) return (await serviceItemVersions(db, principal.townshipId, code)).at(-1);
      const item = { ...countyItem, version: newest.version + 1, publishedAt: nowOf(config).toISOString() };
      return await publishToTownship(db, publisherOf(principal), principal.townshipId, item, countyItem.version);
    });
    return c.json({ item });
  });
