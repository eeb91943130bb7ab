// `npm run setup -- county --code HXX --name 湖乡县 --admin hx-admin --display-name 张明 --admin-phone 0737-5550001`
// creates a county and its first county administrator; `npm run setup -- township --code QSH --name
// 千山红镇 --phone 0737-5550100 --address "…" --admin qsh-admin --display-name 李华 --admin-phone 13800000001`
// a township on its own (no county) and its first admin. Run it before the first `npm start`, with
// the server's DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL): once the ledger has accounts the
// server seeds nothing. The admin's initial password is generated and printed once, to standard
// output only. It refuses (exit 1, one line on stderr, nothing written) bad input, a code or
// username already taken, and a ledger holding the demo county's accounts, whose passwords are
// public, unless --keep-demo says that ledger is a trial (docs/operations.md, "Setting up").
import { randomInt, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type Account, type SetupCountyRequest, setupCountyRequestSchema, setupTownshipRequestSchema } from '@daiban/schemas';
import type { z } from 'zod';
import { hashPassword } from '../auth/passwords.ts';
import type { Publisher } from '../catalog/publishing.ts';
import { type Db, getAccountByUsername, openLedger } from '../db/index.ts';
import { ApiError } from '../errors.ts';
import { countyIdOf, createCounty } from '../org/create-county.ts';
import { createTownship, townshipIdOf } from '../org/create-township.ts';
import { demoLogins } from '../seed/seed-demo.ts';

const USAGE =
  'usage: npm run setup -- county --code CODE --name NAME --admin USERNAME --display-name NAME --admin-phone PHONE | township --code CODE --name NAME --phone PHONE --address ADDRESS --admin USERNAME --display-name NAME --admin-phone PHONE [--keep-demo]';

/** The option each field of the request comes from, to name it in a refusal. */
const OPTION_OF: Record<string, string> = {
  code: '--code',
  name: '--name',
  phone: '--phone',
  address: '--address',
  'admin.username': '--admin',
  'admin.displayName': '--display-name',
  'admin.phone': '--admin-phone',
};

/** Nobody's device: the setup's records are written by the operator at the server, like the seed's. */
const OPERATOR: Publisher = { accountId: null, deviceId: null };

/** Letters and digits that cannot be mistaken for each other (no 0/o, 1/l/i). */
const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** 16 characters of 31 (about 79 bits), in groups of four to be copied by hand: `7kqm-x3fp-…`. */
function generatePassword(): string {
  const chars = Array.from({ length: 16 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A refusal: one line on stderr and exit 1. */
class Refusal extends Error {}

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${OPTION_OF[i.path.join('.')] ?? i.path.join('.')}: ${i.message}`);
  throw new Refusal(`输入有误 (bad input): ${problems.join('；')}`);
}

function options() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        code: { type: 'string', default: '' },
        name: { type: 'string', default: '' },
        phone: { type: 'string', default: '' },
        address: { type: 'string', default: '' },
        admin: { type: 'string', default: '' },
        'display-name': { type: 'string', default: '' },
        'admin-phone': { type: 'string', default: '' },
        'keep-demo': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    throw new Refusal(`${(err as Error).message}. ${USAGE}`);
  }
}

/** The first admin's account; the township or county is set by the caller. */
function adminAccount(admin: SetupCountyRequest['admin'], role: Account['role'], townshipId: string | null): Account {
  return { id: randomUUID(), ...admin, role, townshipId, villageId: null, post: null };
}

/** Refuses a ledger holding the demo county's accounts: their passwords are printed in the README. */
async function refuseDemo(db: Db): Promise<void> {
  for (const login of demoLogins()) {
    if (await getAccountByUsername(db, login.username)) {
      throw new Refusal(
        `这个台账里有演示县（湖乡县）的账号，其密码是公开的：请在空的 DATA_DIR 或新的数据库上运行；仅供试用时加 --keep-demo (this ledger holds the demo accounts, whose passwords are public: set up on an empty DATA_DIR or database, or add --keep-demo for a trial)`,
      );
    }
  }
}

async function main(): Promise<void> {
  const { values, positionals } = options();
  const command = positionals[0];
  if ((command !== 'county' && command !== 'township') || positionals.length > 1) throw new Refusal(USAGE);
  const admin = { username: values.admin, displayName: values['display-name'], phone: values['admin-phone'] };
  const fields = { code: values.code.trim().toUpperCase(), name: values.name, admin };
  const password = generatePassword();
  if (command === 'county') {
    const request = parse(setupCountyRequestSchema, fields);
    const county = { id: countyIdOf(request.code), code: request.code, name: request.name };
    const account = adminAccount(request.admin, 'county_admin', null);
    await inLedger(values['keep-demo'], (db, hash, at) => createCounty(db, OPERATOR, county, account, hash, at), password);
    console.log(
      `已创建县 ${county.name}（${county.code}）和县级管理员 ${account.username} (created the county and its administrator)`,
    );
  } else {
    const { admin: person, ...township } = parse(setupTownshipRequestSchema, {
      ...fields,
      phone: values.phone,
      address: values.address,
    });
    const id = townshipIdOf(township.code);
    const account = adminAccount(person, 'admin', id);
    await inLedger(
      values['keep-demo'],
      (db, hash, at) => createTownship(db, OPERATOR, { id, ...township }, null, account, hash, at),
      password,
    );
    console.log(
      `已创建乡镇 ${township.name}（${township.code}）和管理员 ${account.username} (created the township and its admin)`,
    );
  }
  console.log(`初始密码 (initial password): ${password}`);
  console.log('只显示这一次：请当面交给本人 (shown only this once: hand it over in person)');
}

/**
 * Writes the records in one transaction of the server's ledger (DATA_DIR or DATABASE_URL, as for
 * `npm start`), after refusing a demo ledger; a refusal of the write (a code or username taken)
 * leaves the ledger as it was.
 */
async function inLedger(
  keepDemo: boolean,
  write: (db: Db, passwordHash: string, at: string) => Promise<void>,
  password: string,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  const db = await openLedger({ dataDir: resolve(process.env.DATA_DIR ?? 'data'), databaseUrl: process.env.DATABASE_URL });
  try {
    if (!keepDemo) await refuseDemo(db);
    await db.transaction(() => write(db, passwordHash, new Date().toISOString()));
  } catch (err) {
    throw err instanceof ApiError ? new Refusal(err.message) : err;
  } finally {
    await db.close();
  }
}

try {
  await main();
} catch (err) {
  if (!(err instanceof Refusal)) throw err;
  console.error(err.message);
  process.exitCode = 1;
}
