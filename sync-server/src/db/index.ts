/** The storage module: every SQL statement of the server lives under db/. */
export * from './accounts.ts';
export * from './blobs.ts';
export * from './calendar.ts';
export * from './catalog.ts';
export * from './checkpointer.ts';
export * from './conflicts.ts';
export * from './device-health.ts';
export * from './device-keys.ts';
export * from './followups.ts';
export * from './handover-list.ts';
export * from './ledger.ts';
export * from './mutation-results.ts';
export * from './open.ts';
export * from './org.ts';
export * from './records.ts';
export * from './reports.ts';
export * from './spot-checks.ts';
export { totalChanges } from './statements.ts';
