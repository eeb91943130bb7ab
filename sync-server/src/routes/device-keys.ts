import { pinRegistrationSchema, pinUnlockSchema } from '@daiban/schemas';
import { Hono } from 'hono';
import { requireRole } from '../auth/middleware.ts';
import type { AppEnv } from '../context.ts';
import { registerPinProof, shareForProof } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

/**
 * The tablet's PIN and the server's key share (docs/operations.md, "A lost tablet"). The tablet's
 * records are sealed under a key it can unwrap only with its PIN and this share; the share is
 * handed out against the PIN's proof, wrong proofs are counted, and a revoked device gets nothing.
 */
export const deviceKeyRoutes = new Hono<AppEnv>()
  /** A new PIN (after an online password check): its proof is kept, the share is the answer. */
  .post('/pin', requireRole('agent'), validate('json', pinRegistrationSchema), async (c) => {
    const { db, principal } = c.var;
    const keyShare = await db.transaction(async () => await registerPinProof(db, principal.device.id, c.req.valid('json').proof));
    return c.json({ keyShare: keyShare.toString('base64') });
  })
  /** A start of the app: the PIN's proof for the share. The token is sealed on the tablet until then. */
  .post('/unlock', validate('json', pinUnlockSchema), async (c) => {
    const { deviceId, proof } = c.req.valid('json');
    const db = c.var.db;
    const answer = await db.transaction(async () => await shareForProof(db, deviceId, proof));
    switch (answer.outcome) {
      case 'share':
        return c.json({ keyShare: answer.keyShare.toString('base64') });
      case 'wrong':
        throw new ApiError(401, 'wrong_pin', `PIN 不正确，还可以再试 ${answer.attemptsLeft} 次 (wrong PIN)`, [
          { path: 'attemptsLeft', message: String(answer.attemptsLeft) },
        ]);
      case 'disabled':
        throw new ApiError(403, 'pin_disabled', 'PIN 已停用，请用登录密码解锁 (PIN disabled, unlock with the password)');
      case 'unknown':
        throw new ApiError(401, 'device_revoked', '设备已停用或已退出 (device revoked or signed off)');
    }
  });
