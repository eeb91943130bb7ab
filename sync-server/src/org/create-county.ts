import type { Account, County } from '@daiban/schemas';
import type { Publisher } from '../catalog/publishing.ts';
import { appendEvent, type Db, getCounty, insertCounty } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { createAccount } from './create-account.ts';

/**
 * Creates a county and its first county administrator, each with its ledger event, refusing a county
 * code already taken (409). The county starts with no township and an empty county catalog: its
 * administrator creates both (新建乡镇, 县级事项). Call inside a transaction: on a refusal nothing is written.
 */
export async function createCounty(
  db: Db,
  by: Publisher,
  county: County,
  admin: Account,
  passwordHash: string,
  at: string,
): Promise<void> {
  if (await getCounty(db, county.id))
    throw new ApiError(409, 'already_exists', `县代码 ${county.code} 已被使用 (county code taken)`);
  await insertCounty(db, county);
  await appendEvent(db, {
    type: 'county.create',
    entityId: county.id,
    villageId: null,
    ...by,
    mutationId: null,
    hlc: null,
    payload: county,
    recordedAt: at,
  });
  await createAccount(db, by, admin, passwordHash, at, county.id);
}

/** The id of the county with this code, as the seed names it. */
export const countyIdOf = (code: string) => `c-${code.toLowerCase()}`;
