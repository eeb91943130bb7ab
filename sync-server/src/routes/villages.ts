import { type CreateVillageResponse, createVillageRequestSchema, type Village, type VillageList } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { appendEvent, getVillageByCode, getVillageByName, insertVillage, listVillages } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

/**
 * The township's villages: listed for the township's screens that filter by village (the review
 * queue), and added by its admin (村/社区管理). A new village reaches the township's tablets by the
 * pull, like every record written with its ledger event.
 */
export const villageRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) => {
    const body: VillageList = { villages: await listVillages(c.var.db, c.var.principal.townshipId) };
    return c.json(body);
  })
  .post('/', requireRole('admin'), validate('json', createVillageRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const { code, name } = c.req.valid('json');
    const village: Village = { id: `v-${code.toLowerCase()}`, townshipId: principal.townshipId, code, name };
    await db.transaction(async () => {
      const sameCode = await getVillageByCode(db, code);
      if (sameCode?.townshipId === principal.townshipId) {
        throw new ApiError(409, 'already_exists', `村代码 ${code} 已是本乡镇${sameCode.name}的代码 (village code taken)`);
      }
      if (sameCode) {
        // Case numbers begin with the village code: it is unique on the server, whichever township has it.
        throw new ApiError(
          409,
          'already_exists',
          `村代码 ${code} 已被本服务器上的其他乡镇使用 (village code taken on this server)`,
        );
      }
      if (await getVillageByName(db, principal.townshipId, name)) {
        throw new ApiError(409, 'already_exists', `本乡镇已有${name} (village name taken)`);
      }
      const seq = await appendEvent(db, {
        type: 'village.create',
        entityId: village.id,
        villageId: village.id,
        accountId: principal.account.id,
        deviceId: principal.device.id,
        mutationId: null,
        hlc: null,
        payload: village,
        recordedAt: nowOf(config).toISOString(),
      });
      await insertVillage(db, village, seq);
    });
    const body: CreateVillageResponse = { village };
    return c.json(body, 201);
  });
