import { cmp, type DBCoreCursor, type DBCoreTransaction } from 'dexie';

/** A cursor over rows already read, as Dexie drives one (start, continue, advance, stop). */
export function arrayCursor(
  trans: DBCoreTransaction,
  rows: { key: string; value: object | undefined }[],
  reverse: boolean,
): DBCoreCursor | null {
  if (rows.length === 0) return null;
  let at = 0;
  let moved = false;
  let stopped = false;
  let finish: (value?: unknown) => void = () => {};
  let failed: (error: Error) => void = () => {};
  const seek = (key: unknown) => {
    while (at < rows.length && (reverse ? cmp(rows[at]?.key, key) > 0 : cmp(rows[at]?.key, key) < 0)) at++;
  };
  const cursor: DBCoreCursor & { done: boolean } = {
    trans,
    done: false,
    get key() {
      return rows[at]?.key;
    },
    get primaryKey() {
      return rows[at]?.key;
    },
    get value() {
      return rows[at]?.value;
    },
    continue(key?: unknown) {
      if (key === undefined) at++;
      else seek(key);
      moved = true;
    },
    continuePrimaryKey(key: unknown) {
      seek(key);
      moved = true;
    },
    advance(count: number) {
      at += count;
      moved = true;
    },
    stop(value?: unknown) {
      stopped = true;
      finish(value);
    },
    fail(error: Error) {
      stopped = true;
      failed(error);
    },
    next() {
      let once = true;
      return cursor
        .start(() => {
          if (once) {
            once = false;
            cursor.continue();
          } else cursor.stop();
        })
        .then(() => cursor);
    },
    start(onNext: () => void) {
      return new Promise((resolve, reject) => {
        finish = resolve;
        failed = reject;
        stopped = false;
        // Each step runs once the one before moved the cursor, as a request's success would.
        const step = () => {
          if (stopped) return;
          if (at >= rows.length) {
            cursor.done = true;
            resolve(undefined);
            return;
          }
          moved = false;
          try {
            onNext();
          } catch (error) {
            reject(error);
            return;
          }
          if (moved && !stopped) queueMicrotask(step);
        };
        step();
      });
    },
  };
  return cursor;
}
