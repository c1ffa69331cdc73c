#!/usr/bin/env node
// `npm run bench -- <suite> [args]`: benchmarks that print ntsim's figures beside a peer's,
// measured in the same run on the same inputs. Suites: pe.
const suites = { pe: () => import('./bench/pe.js') };
const [name = 'pe', ...args] = process.argv.slice(2);
const load = suites[name];
if (!load) {
  console.error(`unknown benchmark suite ${JSON.stringify(name)}; suites: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}
const suite = await load();
process.exitCode = await suite.run(args);
