import { randomUUID } from 'node:crypto';
import {
  type Account,
  enrolRequestSchema,
  loginRequestSchema,
  normalizeEnrolmentCode,
  passwordChangeSchema,
  passwordConfirmSchema,
  type Session,
} from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole, requireSignedIn } from '../auth/middleware.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hashToken, newDeviceToken } from '../auth/tokens.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  appendEvent,
  countyOfAccount,
  type Db,
  type EnrolmentCodeRow,
  getAccountByUsername,
  getAccountListing,
  getTownship,
  getVillage,
  insertDevice,
  lastPasswordChangeDevice,
  nextDeviceCode,
  priorEnrolments,
  recentEnrolmentCodes,
  recordGoodbye,
  setPasswordHash,
  useEnrolmentCode,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { confirmRateLimit } from '../rate-limits.ts';
import { validate } from './validate.ts';

const WRONG_CODE = '用户名或登记码不正确 (wrong username or enrolment code)';

/** Signing in, or enrolling with a one-time code, enrols the device: it gets a device code and a token it keeps. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', loginRequestSchema), async (c) => {
    const { username, password, deviceName } = c.req.valid('json');
    const db = c.var.db;
    const found = await getAccountByUsername(db, username);
    // An unknown name costs the same password check as a known one: the time taken tells nothing.
    if (!(await verifyPassword(password, found?.passwordHash ?? (await unknownAccountHash()))) || !found) {
      throw new ApiError(401, 'unauthorized', '用户名或密码不正确 (wrong username or password)');
    }
    const { passwordHash: _, ...account } = found;
    await refuseDisabled(db, account);
    return c.json(await db.transaction(async () => await enrolDevice(db, account, deviceName, nowOf(c.var.config))), 201);
  })
  /**
   * 用登记码启用平板: an agent's username and the one-time code the admin issued. The code
   * works once, for 24 hours; wrong codes count against it. See docs/sync-protocol.md.
   */
  .post('/enrol', validate('json', enrolRequestSchema), async (c) => {
    const { username, code, deviceName, newPassword } = c.req.valid('json');
    const { db, config } = c.var;
    const now = nowOf(config);
    const found = await getAccountByUsername(db, username);
    if (found?.role !== 'agent') {
      await verifyPassword(code, await unknownAccountHash());
      throw new ApiError(401, 'unauthorized', WRONG_CODE);
    }
    const { passwordHash, ...account } = found;
    await refuseDisabled(db, account);
    // Wrong codes do not void the open one (anyone knowing the username could): guessing is
    // limited per address instead, and 8 characters of 31 are far beyond those limits.
    const matched = await findCode(await recentEnrolmentCodes(db, account.id), normalizeEnrolmentCode(code));
    if (!matched) throw new ApiError(401, 'unauthorized', WRONG_CODE);
    if (matched.usedAt) throw new ApiError(401, 'unauthorized', '此登记码已使用过，请向乡镇管理员重新申请 (code already used)');
    if (!isOpen(matched, now)) {
      throw new ApiError(401, 'unauthorized', '此登记码已过期或已作废，请向乡镇管理员重新申请 (code expired or void)');
    }
    if (!passwordHash && !newPassword) {
      throw new ApiError(400, 'validation_failed', '首次启用请设置密码 (set a password for this account)', [
        { path: 'newPassword', message: '请设置密码 (required)' },
      ]);
    }
    const newHash = newPassword ? await hashPassword(newPassword) : undefined;
    const session = await db.transaction(async () => {
      const s = await enrolDevice(db, account, deviceName, now);
      if (!(await useEnrolmentCode(db, matched.id, s.device.id, now.toISOString()))) {
        throw new ApiError(401, 'unauthorized', '此登记码已使用过，请向乡镇管理员重新申请 (code already used)');
      }
      if (newHash) await setPasswordHash(db, account.id, newHash);
      await appendEvent(db, {
        type: 'device.enrol',
        entityId: s.device.id,
        villageId: account.villageId,
        accountId: account.id,
        deviceId: s.device.id,
        mutationId: null,
        hlc: null,
        payload: { deviceId: s.device.id, code: s.device.code, enrolmentCodeId: matched.id, passwordSet: !!newHash },
        recordedAt: now.toISOString(),
      });
      return s;
    });
    return c.json(session, 201);
  })
  /**
   * A forgotten PIN: the device's user types the account password again. The device keeps its
   * enrolment (token, device code, change numbering), so nothing waiting on it to sync is stranded.
   */
  .post('/confirm', requireRole('agent'), confirmRateLimit(), validate('json', passwordConfirmSchema), async (c) => {
    const found = await getAccountByUsername(c.var.db, c.var.principal.account.username);
    if (!found || !(await verifyPassword(c.req.valid('json').password, found.passwordHash))) {
      throw new ApiError(401, 'unauthorized', '密码不正确 (wrong password)');
    }
    return c.json({ ok: true });
  })
  /**
   * 修改密码, for every role: the current password is checked like a sign-in (wrong ones share the
   * sign-in counts, app.ts) and the hash replaced, with an `account.password` ledger event that holds
   * no password. The account's other devices keep their tokens: a tablet must not be cut off from
   * its unsynced work, and another browser session ends by itself when idle.
   */
  .post('/password', requireSignedIn(), validate('json', passwordChangeSchema), async (c) => {
    const { db, caller, config } = c.var;
    const { currentPassword, newPassword } = c.req.valid('json');
    const found = await getAccountByUsername(db, caller.account.username);
    if (!found) throw new ApiError(401, 'unauthorized', '设备令牌无效或已被撤销 (unknown or revoked device token)');
    if (!(await verifyPassword(currentPassword, found.passwordHash))) {
      if (await isRepeat(db, found, caller.device.id, newPassword)) return c.json({ ok: true });
      throw new ApiError(401, 'unauthorized', '当前密码不正确，密码未修改 (wrong current password, nothing changed)', [
        { path: 'currentPassword', message: '当前密码不正确 (wrong current password)' },
      ]);
    }
    const newHash = await hashPassword(newPassword);
    await db.transaction(async () => {
      await setPasswordHash(db, found.id, newHash);
      await appendEvent(db, {
        type: 'account.password',
        entityId: found.id,
        villageId: found.villageId,
        accountId: found.id,
        deviceId: caller.device.id,
        mutationId: null,
        hlc: null,
        payload: { accountId: found.id },
        recordedAt: nowOf(config).toISOString(),
      });
    });
    return c.json({ ok: true });
  })
  /** Signing off: the device says nothing is left to sync; its token stops working. */
  .post('/goodbye', requireSignedIn(), async (c) => {
    await recordGoodbye(c.var.db, c.var.caller.device.id, nowOf(c.var.config));
    return c.json({ ok: true });
  });

async function refuseDisabled(db: Db, account: Account): Promise<void> {
  if ((await getAccountListing(db, account.id))?.disabledAt) {
    throw new ApiError(401, 'unauthorized', '此账号已停用，请联系乡镇管理员 (account disabled)');
  }
}

/**
 * The same change sent again by the device that made it (its answer was lost on the way): answered
 * as done, changing nothing. Only that device's repeat counts, so nobody else gets two guesses a try.
 */
async function isRepeat(db: Db, account: { id: string; passwordHash: string }, deviceId: string, newPassword: string) {
  return (
    (await lastPasswordChangeDevice(db, account.id)) === deviceId && (await verifyPassword(newPassword, account.passwordHash))
  );
}

function isOpen(code: EnrolmentCodeRow, now: Date): boolean {
  return !code.usedAt && Date.parse(code.expiresAt) > now.getTime();
}

let unknownAccount: Promise<string> | undefined;
/** A password hash no one knows, checked for names with no account so both take the same time. */
function unknownAccountHash(): Promise<string> {
  unknownAccount ??= hashPassword(randomUUID());
  return unknownAccount;
}

async function findCode(codes: EnrolmentCodeRow[], typed: string): Promise<EnrolmentCodeRow | undefined> {
  for (const x of codes) if (await verifyPassword(typed, x.codeHash)) return x;
  return undefined;
}

/** A new device for the account, with its token (shown once, stored as a hash). Call inside a transaction. */
async function enrolDevice(db: Db, account: Account, deviceName: string, now: Date): Promise<Session> {
  const township = account.townshipId ? ((await getTownship(db, account.townshipId)) ?? null) : null;
  const county = (await countyOfAccount(db, account.id)) ?? null;
  const village = account.villageId ? ((await getVillage(db, account.villageId)) ?? null) : null;
  const token = newDeviceToken();
  const device = { id: randomUUID(), code: await nextDeviceCode(db, account.villageId, account.role), name: deviceName };
  await insertDevice(db, {
    ...device,
    accountId: account.id,
    villageId: account.villageId,
    tokenHash: hashToken(token),
    createdAt: now.toISOString(),
  });
  return { token, device, account, township, county, village, priorEnrolments: await priorEnrolments(db, account.id, device.id) };
}
