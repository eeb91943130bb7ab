import { cmp, type DBCoreKeyRange, type DBCoreRangeType, Dexie } from 'dexie';

/** The whole key range (DBCoreRangeType is a const enum, which an isolated module cannot read). */
export const EVERY_KEY: DBCoreKeyRange = { type: 2 as DBCoreRangeType.Range, lower: Dexie.minKey, upper: Dexie.maxKey };

/** Whether `key` lies in `range`, as IndexedDB compares keys. */
export function inRange(key: unknown, range: DBCoreKeyRange): boolean {
  switch (range.type as number) {
    case 1:
      return cmp(key, range.lower) === 0;
    case 3:
      return true;
    case 4:
      return false;
  }
  const lower = cmp(key, range.lower);
  const upper = cmp(key, range.upper);
  return (range.lowerOpen ? lower > 0 : lower >= 0) && (range.upperOpen ? upper < 0 : upper <= 0);
}
