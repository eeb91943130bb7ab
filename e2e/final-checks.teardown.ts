import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { iterateApplicants, openDbReadOnly } from '../sync-server/src/db/index.ts';
import { CSP_VIOLATIONS, DATA_DIR, SERVER_LOG } from './server-files.ts';

const root = join(import.meta.dirname, '..');

test('the server log of the whole e2e run holds no villager’s name, ID number or phone', async () => {
  const log = readFileSync(join(root, SERVER_LOG), 'utf8');
  const lines = log.trim().split('\n');
  // Every line is structured JSON, and the run did log its requests.
  const entries = lines.map((line) => JSON.parse(line) as { route?: string });
  expect(entries.filter((e) => e.route?.startsWith('/api/')).length).toBeGreaterThan(0);

  const db = openDbReadOnly(join(root, DATA_DIR));
  const people = [];
  for await (const person of iterateApplicants(db)) people.push(person);
  await db.close();
  // A spec run alone may register nobody (the full run registers many): then there is nothing to look for.
  test.skip(people.length === 0, 'no villager was registered in this run');
  for (const person of people) {
    for (const value of [person.name, person.idNumber, person.phone]) {
      if (value) expect(log.includes(value), `the log contains ${person.name}'s data`).toBe(false);
    }
  }
});

test('no page broke the Content-Security-Policy during the whole e2e run', () => {
  const file = join(root, CSP_VIOLATIONS);
  expect(existsSync(file) ? readFileSync(file, 'utf8') : '').toBe('');
});
