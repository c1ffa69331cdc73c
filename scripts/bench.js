#!/usr/bin/env node
// `npm run bench -- <suite> [args]`: benchmarks that print ntsim's figures beside a peer's,
// measured in the same run on the same inputs. Suites: pe, machine, create, loader, win32, dbg.
const suites = {
  pe: () => import('./bench/pe.js'),
  machine: () => import('./bench/machine.js'),
  create: () => import('./bench/create.js'),
  loader: () => import('./bench/loader.js'),
  win32: () => import('./bench/win32.js'),
  dbg: () => import('./bench/dbg.js'),
};
const [name, ...args] = process.argv.slice(2);
if (name !== undefined && !suites[name]) {
  console.error(`unknown benchmark suite ${JSON.stringify(name)}; suites: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
// No name: every suite, one after another.
for (const key of name === undefined ? Object.keys(suites) : [name]) {
  if (name === undefined) console.log(`\n== ${key} ==`);
  const suite = await suites[key]();
  process.exitCode = (await suite.run(name === undefined ? [] : args)) || process.exitCode;
}
