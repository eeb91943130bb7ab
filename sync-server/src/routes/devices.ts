import { REVOCABLE_BY } from '@daiban/schemas';
import { Hono } from 'hono';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.ts';
import { type AppEnv, nowOf } from '../context.ts';
import { appendEvent, deviceHealth, getDeviceOwner, revokeDevice } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { validate } from './validate.ts';

/** The township's devices: silent ones, stuck queues and reset sequences come first; revoking one. */
export const deviceRoutes = new Hono<AppEnv>()
  .get('/', requireRole('supervisor', 'admin'), async (c) => {
    return c.json({ devices: await deviceHealth(c.var.db, c.var.principal.townshipId, nowOf(c.var.config)) });
  })
  /**
   * Revokes a device: every later request with its token is refused with `device_revoked`.
   * Revoking a revoked device answers the same and records nothing new (safe to retry).
   */
  .post('/:id/revoke', requireRole('supervisor', 'admin'), validate('param', z.object({ id: z.uuid() })), async (c) => {
    const { db, principal, config } = c.var;
    const at = nowOf(config).toISOString();
    const revokedAt = await db.transaction(async () => {
      const device = await getDeviceOwner(db, c.req.valid('param').id);
      if (!device || device.townshipId !== principal.townshipId) {
        throw new ApiError(404, 'not_found', '找不到设备 (device not found)');
      }
      if (!REVOCABLE_BY[principal.account.role].includes(device.role)) {
        throw new ApiError(403, 'forbidden', '只有管理员可以停用审核员或管理员的设备 (only the admin revokes staff devices)');
      }
      if (device.revokedAt) return device.revokedAt;
      await appendEvent(db, {
        type: 'device.revoke',
        entityId: device.id,
        villageId: device.villageId,
        accountId: principal.account.id,
        deviceId: principal.device.id,
        mutationId: null,
        hlc: null,
        payload: { deviceId: device.id, accountId: device.accountId },
        recordedAt: at,
      });
      await revokeDevice(db, device.id, at);
      return at;
    });
    return c.json({ revokedAt });
  });
