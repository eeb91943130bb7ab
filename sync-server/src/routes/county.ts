import { randomUUID } from 'node:crypto';
import {
  type Account,
  type CountyOverview,
  createTownshipAdminRequestSchema,
  createTownshipRequestSchema,
  type Township,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireCountyAdmin } from '../auth/middleware.ts';
import { hashPassword } from '../auth/passwords.ts';
import { publisherOf } from '../catalog/publishing.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { countyOfTownship, getCounty, listCountyTownships } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { createAccount } from '../org/create-account.ts';
import { createTownship, townshipIdOf } from '../org/create-township.ts';
import { validate } from './validate.ts';

const townshipParam = validate('param', z.object({ id: z.string().min(1).max(100) }));

const forCountyAdmin = requireCountyAdmin();

/**
 * 县级管理: the county administrator's townships. Creating a township creates its first admin (who
 * then creates its villages' people) and gives it the county's catalog and the holiday calendar
 * every township of the county shares. Another county's townships
 * are unknown here (404).
 */
export const countyRoutes = new Hono<AppEnv>()
  .get('/', forCountyAdmin, async (c) => {
    const { db, countyAdmin } = c.var;
    const county = await getCounty(db, countyAdmin.countyId);
    if (!county) throw new ApiError(404, 'not_found', '找不到县 (county not found)');
    const body: CountyOverview = { county, townships: await listCountyTownships(db, county.id) };
    return c.json(body);
  })
  .post('/townships', forCountyAdmin, validate('json', createTownshipRequestSchema), async (c) => {
    const { db, countyAdmin, config } = c.var;
    const { admin, ...fields } = c.req.valid('json');
    const township: Township = { id: townshipIdOf(fields.code), ...fields };
    const passwordHash = await hashPassword(admin.password);
    const at = nowOf(config).toISOString();
    await db.transaction(() =>
      createTownship(db, publisherOf(countyAdmin), township, countyAdmin.countyId, adminOf(township.id, admin), passwordHash, at),
    );
    return c.json({ township: await countyTownship(c, township.id) }, 201);
  })
  .post('/townships/:id/admins', forCountyAdmin, townshipParam, validate('json', createTownshipAdminRequestSchema), async (c) => {
    const { db, countyAdmin, config } = c.var;
    const { id } = c.req.valid('param');
    const request = c.req.valid('json');
    const passwordHash = await hashPassword(request.password);
    const account = adminOf(id, request);
    await db.transaction(async () => {
      if ((await countyOfTownship(db, id))?.id !== countyAdmin.countyId) throw noSuchTownship();
      await createAccount(db, publisherOf(countyAdmin), account, passwordHash, nowOf(config).toISOString());
    });
    const created = (await countyTownship(c, id)).admins.find((a) => a.id === account.id);
    return c.json({ admin: created }, 201);
  });

/** A new admin account of the township. */
function adminOf(townshipId: string, person: { username: string; displayName: string; phone: string }): Account {
  return { id: randomUUID(), ...person, role: 'admin', townshipId, villageId: null, post: null };
}

/** A township of the caller's county as its list shows it, or 404: another county's townships do not exist for it. */
async function countyTownship(c: { var: AppEnv['Variables'] }, id: string) {
  const found = (await listCountyTownships(c.var.db, c.var.countyAdmin.countyId)).find((t) => t.id === id);
  if (!found) throw noSuchTownship();
  return found;
}

const noSuchTownship = () => new ApiError(404, 'not_found', '本县没有这个乡镇 (no such township in the county)');
