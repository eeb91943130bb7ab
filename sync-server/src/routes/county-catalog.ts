import { type CountyItemHistory, createServiceItemRequestSchema, editServiceItemRequestSchema } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireCountyAdmin } from '../auth/middleware.ts';
import { publisherOf, publishToCounty } from '../catalog/publishing.ts';
import { firstVersion, nextVersion, noSuchItem } from '../catalog/versions.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { countyItemVersions, listLatestCountyItems, townshipItemStates } from '../db/index.ts';
import { codeParam } from './catalog.ts';
import { validate } from './validate.ts';

const forCountyAdmin = requireCountyAdmin();

/**
 * The county catalog (县级事项清单), kept by the county administrator. Each version the county
 * publishes reaches every township of the county as that township's next version of the code, except
 * townships that published their own version of it (they keep theirs). Another county's items are
 * unknown here (404).
 */
export const countyCatalogRoutes = new Hono<AppEnv>()
  .get('/', forCountyAdmin, async (c) => c.json({ items: await listLatestCountyItems(c.var.db, c.var.countyAdmin.countyId) }))
  .get('/:code', forCountyAdmin, validate('param', codeParam), async (c) => {
    const { db, countyAdmin } = c.var;
    const { code } = c.req.valid('param');
    const versions = await countyItemVersions(db, countyAdmin.countyId, code);
    const item = versions.at(-1);
    if (!item) throw noSuchItem();
    const body: CountyItemHistory = { item, versions, townships: await townshipItemStates(db, countyAdmin.countyId, code) };
    return c.json(body);
  })
  .post('/', forCountyAdmin, validate('json', createServiceItemRequestSchema), async (c) => {
    const { db, countyAdmin, config } = c.var;
    const draft = c.req.valid('json');
    const item = await db.transaction(async () => {
      const existing = await countyItemVersions(db, countyAdmin.countyId, draft.code);
      const first = firstVersion(existing, draft, nowOf(config).toISOString());
      return await publishToCounty(db, publisherOf(countyAdmin), countyAdmin.countyId, first);
    });
    return c.json({ item }, 201);
  })
  .put('/:code', forCountyAdmin, validate('param', codeParam), validate('json', editServiceItemRequestSchema), async (c) => {
    const { db, countyAdmin, config } = c.var;
    const { code } = c.req.valid('param');
    const item = await db.transaction(async () => {
      const latest = (await countyItemVersions(db, countyAdmin.countyId, code)).at(-1);
      const next = nextVersion(latest, code, c.req.valid('json'), nowOf(config).toISOString());
      return await publishToCounty(db, publisherOf(countyAdmin), countyAdmin.countyId, next);
    });
    return c.json({ item });
  });
