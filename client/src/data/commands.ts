import { caseCommands } from './case-commands.ts';
import { makeCommandTools } from './command-tools.ts';
import { type DaibanDb, db as defaultDb } from './db.ts';
import { handoverCommands } from './handover-commands.ts';
import { intakeCommands } from './intake-commands.ts';
import { visitCommands } from './visit-commands.ts';

/**
 * The only write path of the UI. Each command validates its input, then changes the
 * record and appends the matching mutation to the outbox in one Dexie transaction: when
 * the promise resolves, the change is durable and queued for sync.
 */
export function makeCommands(db: DaibanDb) {
  const tools = makeCommandTools(db);
  return {
    ...intakeCommands(tools),
    ...caseCommands(tools),
    ...visitCommands(tools),
    ...handoverCommands(tools),
    /** The agent has read a refusal and dealt with it; only then does it leave the list. */
    async dismissRefusal(mutationId: string): Promise<void> {
      await db.refusals.delete(mutationId);
    },
  };
}

export type Commands = ReturnType<typeof makeCommands>;
export const commands = makeCommands(defaultDb);
