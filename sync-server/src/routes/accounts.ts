import { randomInt, randomUUID } from 'node:crypto';
import {
  type Account,
  type AccountList,
  type AccountListing,
  createAccountRequestSchema,
  ENROLMENT_CODE_ALPHABET,
  ENROLMENT_CODE_LENGTH,
  ENROLMENT_CODE_TTL_MS,
  type EnrolmentCode,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { hashPassword } from '../auth/passwords.ts';
import { publisherOf } from '../catalog/publishing.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  appendEvent,
  type Caller,
  type Db,
  disableAccount,
  getAccountListing,
  getVillage,
  insertEnrolmentCode,
  listAccounts,
  listVillages,
  type Principal,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { createAccount } from '../org/create-account.ts';
import { validate } from './validate.ts';

const idParam = validate('param', z.object({ id: z.string().min(1).max(100) }));

/** 账号管理 (admins): the township's agents and supervisors, disabling them, and tablet enrolment codes. */
export const accountRoutes = new Hono<AppEnv>()
  .get('/', requireRole('admin'), async (c) => {
    const { db, principal } = c.var;
    const body: AccountList = {
      accounts: await listAccounts(db, principal.townshipId),
      villages: await listVillages(db, principal.townshipId),
    };
    return c.json(body);
  })
  .post('/', requireRole('admin'), validate('json', createAccountRequestSchema), async (c) => {
    const { db, principal, config } = c.var;
    const request = c.req.valid('json');
    const villageId = request.role === 'agent' ? request.villageId : null;
    if (villageId && (await getVillage(db, villageId))?.townshipId !== principal.townshipId) {
      throw new ApiError(400, 'validation_failed', '本乡镇没有这个村 (no such village in the township)', [
        { path: 'villageId', message: 'unknown village' },
      ]);
    }
    // No password: the agent sets one when enrolling a tablet with a code ('' never matches).
    const passwordHash = request.password ? await hashPassword(request.password) : '';
    const at = nowOf(config).toISOString();
    const account: Account = {
      id: randomUUID(),
      username: request.username,
      displayName: request.displayName,
      role: request.role,
      phone: request.phone,
      townshipId: principal.townshipId,
      villageId,
      post: request.role === 'agent' ? request.post : null,
    };
    await db.transaction(async () => await createAccount(db, publisherOf(principal), account, passwordHash, at));
    return c.json({ account: await getAccountListing(db, account.id) }, 201);
  })
  .post('/:id/disable', requireRole('admin'), idParam, async (c) => {
    const { db, principal, config } = c.var;
    const at = nowOf(config).toISOString();
    const account = await db.transaction(async () => {
      const found = await accountOfTownship(db, principal, c.req.valid('param').id);
      if (found.disabledAt) throw new ApiError(409, 'invalid_transition', '此账号已停用 (account already disabled)');
      if (found.id === principal.account.id)
        throw new ApiError(409, 'invalid_transition', '不能停用自己的账号 (cannot disable yourself)');
      const devices = await disableAccount(db, found.id, at);
      await event(
        db,
        principal,
        'account.disable',
        found.id,
        found.villageId,
        { accountId: found.id, revokedDevices: devices },
        at,
      );
      return await getAccountListing(db, found.id);
    });
    return c.json({ account });
  })
  /** A one-time code for an agent's new tablet; it replaces the account's earlier open code. */
  .post('/:id/enrolment-code', requireRole('admin'), idParam, async (c) => {
    const { db, principal, config } = c.var;
    const found = await accountOfTownship(db, principal, c.req.valid('param').id);
    if (found.role !== 'agent') throw new ApiError(409, 'invalid_transition', '登记码只发给代办员账号 (codes are for agents)');
    if (found.disabledAt) throw new ApiError(409, 'invalid_transition', '此账号已停用 (account disabled)');
    const code = Array.from(
      { length: ENROLMENT_CODE_LENGTH },
      () => ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)],
    ).join('');
    const codeHash = await hashPassword(code);
    const now = nowOf(config);
    const issued = {
      id: randomUUID(),
      accountId: found.id,
      codeHash,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ENROLMENT_CODE_TTL_MS).toISOString(),
    };
    await db.transaction(async () => {
      await insertEnrolmentCode(db, issued);
      await event(
        db,
        principal,
        'enrolment.issue',
        found.id,
        found.villageId,
        { codeId: issued.id, accountId: found.id, expiresAt: issued.expiresAt },
        issued.createdAt,
      );
    });
    const body: EnrolmentCode = { code, expiresAt: issued.expiresAt };
    return c.json(body, 201);
  });

/** An account of the caller's township, or 404: another township's accounts do not exist for it. */
async function accountOfTownship(db: Db, who: Principal, id: string): Promise<AccountListing> {
  const found = await getAccountListing(db, id);
  if (!found || found.townshipId !== who.townshipId) throw new ApiError(404, 'not_found', '找不到账号 (account not found)');
  return found;
}

/** The admin's decision as a ledger event; returns its sequence. Call inside the transaction that applies it. */
async function event(
  db: Db,
  who: Caller,
  type: string,
  entityId: string,
  villageId: string | null,
  payload: unknown,
  at: string,
) {
  return await appendEvent(db, {
    type,
    entityId,
    villageId,
    accountId: who.account.id,
    deviceId: who.device.id,
    mutationId: null,
    hlc: null,
    payload,
    recordedAt: at,
  });
}
