import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords.ts';
import { type Db, getAccountByUsername, openDb, setPasswordHash } from '../db/index.ts';
import { demoLogins, demoLoginsStillSeeded, seedDemo } from './seed-demo.ts';

let dir: string;
let db: Db;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'daiban-seed-'));
  db = openDb(dir);
  await seedDemo(db, new Date('2026-11-20T02:00:00Z'));
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo accounts printed at start', () => {
  it('are only those whose password is still the seeded one', async () => {
    expect((await demoLoginsStillSeeded(db)).map((l) => l.username)).toEqual(demoLogins().map((l) => l.username));
    const admin = (await getAccountByUsername(db, 'admin'))!;
    await setPasswordHash(db, admin.id, await hashPassword('a-real-password-2026'));
    const still = (await demoLoginsStillSeeded(db)).map((l) => l.username);
    expect(still).not.toContain('admin');
    expect(still).toContain('supervisor');
  });
});
