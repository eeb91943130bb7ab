// Back-to-back figures for the sealing change: the benches it touches, median of 3 after a warm-up.
const root = process.argv[2]!;
const { benchCaseList } = await import(`${root}/bench/case-list.ts`);
const { benchPull } = await import(`${root}/bench/pull.ts`);
const { benchColdStart } = await import(`${root}/bench/cold-start.ts`);
const { benchIntake } = await import(`${root}/bench/intake.ts`);
const { median } = await import(`${root}/bench/stats.ts`);
async function med(name: string, run: () => Promise<Record<string, number>>) {
  await run();
  const rs = [];
  for (let i = 0; i < 3; i++) { rs.push(await run()); console.error(name, i, rs.at(-1)); }
  return Object.fromEntries(Object.keys(rs[0]!).map((k) => [k, median(rs.map((r) => r[k]!))]));
}
const out = {
  ...(await med('case list', benchCaseList)),
  ...(await med('pull', benchPull)),
  ...(await benchColdStart(3)),
  ...(await med('intake', benchIntake)),
};
console.log(JSON.stringify(out));
