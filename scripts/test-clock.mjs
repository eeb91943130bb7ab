// Preloaded with `node --import` when DAIBAN_TEST_CLOCK is set (scripts/run-tests.mjs does this):
// the process, and every process it starts with the same environment, sees the wall clock start at
// that moment and run on from there. It proves the suite does not depend on the day it runs.
import timekeeper from 'timekeeper';

const at = process.env.DAIBAN_TEST_CLOCK;
if (at) {
  const start = new Date(at);
  if (Number.isNaN(start.getTime())) throw new Error(`DAIBAN_TEST_CLOCK is not a date: ${at}`);
  timekeeper.travel(start);
}
