import { v7 } from 'uuid';

/**
 * A new id for a record or a mutation: a UUID version 7, whose first 48 bits are the time it was
 * made. Ids made one after another sort one after another, so the ledger's indexes on ids (cases,
 * villagers, events by entity, mutation results) take new rows at their right-hand edge instead of
 * at a random page each: a push rewrites a few index pages rather than one per row, however big
 * the ledger grows. The time in an id is the record's creation time, which the record holds anyway.
 */
export function newId(): string {
  return v7();
}
