import { runScenario } from '../../src/tools/scenario/runner.js';
import { DbgEngine } from '../../src/tools/dbg/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';

/** The default machine (boot's processes settled), as `ntsim dbg` without --scenario sees it. */
export function defaultEngine(): DbgEngine {
  return new DbgEngine(runScenario('steps: []\n', 'dbg.yaml').booted);
}

/** Output lines of one command (no trailing empty line). */
export function lines(e: DbgEngine, cmd: string): string[] {
  const text = e.execute(cmd);
  return text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
}

export function byImage(e: DbgEngine, name: string): EPROCESS {
  const p = e.target.processes.find((x) => x.ImageFileName === name);
  if (!p) throw new Error(`no ${name}`);
  return p;
}

export const addr = (p: EPROCESS): string => p.header!.bodyAddress.toString(16);
