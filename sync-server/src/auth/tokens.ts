import { createHash, randomBytes } from 'node:crypto';

/** A device token: 256 random bits. Only its hash is stored. */
export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
