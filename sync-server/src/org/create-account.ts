import type { Account } from '@daiban/schemas';
import type { Publisher } from '../catalog/publishing.ts';
import { appendEvent, type Db, getAccountByUsername, insertAccount } from '../db/index.ts';
import { ApiError } from '../errors.ts';

/**
 * Creates the account with its ledger event (the account without its phone number), refusing a
 * username already taken (409). `by`: who creates it (an admin on their device, or nobody's device
 * for `npm run setup`); `countyId` only for a county administrator. Call inside a transaction.
 */
export async function createAccount(
  db: Db,
  by: Publisher,
  account: Account,
  passwordHash: string,
  at: string,
  countyId: string | null = null,
): Promise<void> {
  if (await getAccountByUsername(db, account.username)) {
    throw new ApiError(409, 'already_exists', `用户名 ${account.username} 已被使用 (username taken)`);
  }
  const { phone: _, ...recorded } = account;
  const seq = await appendEvent(db, {
    type: 'account.create',
    entityId: account.id,
    villageId: account.villageId,
    accountId: by.accountId,
    deviceId: by.deviceId,
    mutationId: null,
    hlc: null,
    payload: countyId ? { ...recorded, countyId } : recorded,
    recordedAt: at,
  });
  await insertAccount(db, account, passwordHash, at, seq, countyId);
}
