import { randomUUID } from 'node:crypto';
import { loginRequestSchema, passwordConfirmSchema, type Session } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import { verifyPassword } from '../auth/passwords.ts';
import { hashToken, newDeviceToken } from '../auth/tokens.ts';
import { type AppEnv, nowOf } from '../context.ts';
import {
  getAccountByUsername,
  getTownship,
  getVillage,
  insertDevice,
  nextDeviceCode,
  priorEnrolments,
  recordGoodbye,
} from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

/** Signing in enrols the device: it gets a device code and a token it keeps. */
export const authRoutes = new Hono<AppEnv>()
  .post('/login', validate('json', loginRequestSchema), async (c) => {
    const { username, password, deviceName } = c.req.valid('json');
    const db = c.var.db;
    const found = getAccountByUsername(db, username);
    if (!found || !(await verifyPassword(password, found.passwordHash))) {
      throw new ApiError(401, 'unauthorized', '用户名或密码不正确 (wrong username or password)');
    }
    const { passwordHash: _, ...account } = found;
    const township = getTownship(db, account.townshipId);
    if (!township) throw new ApiError(500, 'internal', 'account without township');
    const village = account.villageId ? (getVillage(db, account.villageId) ?? null) : null;
    const token = newDeviceToken();
    const device = {
      id: randomUUID(),
      code: nextDeviceCode(db, account.villageId, account.role),
      name: deviceName,
    };
    insertDevice(db, {
      ...device,
      accountId: account.id,
      villageId: account.villageId,
      tokenHash: hashToken(token),
      createdAt: new Date().toISOString(),
    });
    const session: Session = {
      token,
      device,
      account,
      township,
      village,
      priorEnrolments: priorEnrolments(db, account.id, device.id),
    };
    return c.json(session, 201);
  })
  /**
   * A forgotten PIN: the device's user types the account password again. The device keeps its
   * enrolment (token, device code, change numbering), so nothing waiting on it to sync is stranded.
   */
  .post('/confirm', requireRole('agent'), validate('json', passwordConfirmSchema), async (c) => {
    const found = getAccountByUsername(c.var.db, c.var.principal.account.username);
    if (!found || !(await verifyPassword(c.req.valid('json').password, found.passwordHash))) {
      throw new ApiError(401, 'unauthorized', '密码不正确 (wrong password)');
    }
    return c.json({ ok: true });
  })
  /** Signing off: the device says nothing is left to sync; its token stops working. */
  .post('/goodbye', requireRole('agent', 'supervisor', 'admin'), (c) => {
    recordGoodbye(c.var.db, c.var.principal.device.id, nowOf(c.var.config));
    return c.json({ ok: true });
  });
