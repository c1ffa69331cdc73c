import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { runScenario, type ScenarioRun } from '../../scenario/runner.js';
import { ScenarioError } from '../../scenario/errors.js';
import { checkTraceFormat, formatTrace } from '../trace-output.js';
import { UsageError } from '../usage-error.js';

export interface ScenarioCommandOptions {
  json?: boolean;
  trace?: boolean;
  traceFormat?: string;
}

/** A step of the Result as one line of text. */
function stepLine(s: Record<string, unknown>): string {
  const head = `[${String(s.index)}]${s.id ? ` ${String(s.id)}:` : ''}`;
  if (s.call !== undefined) {
    const err =
      s.lastError !== undefined ? ` lastError=${String(s.lastError)} (${String(s.lastErrorName)})` : '';
    const st = s.statusName !== undefined ? ` ${String(s.statusName)}` : '';
    const out = s.out ? ` ${JSON.stringify(s.out)}` : '';
    return `${head} ${String(s.call)} → ${JSON.stringify(s.returnValue)}${err}${st}${out}`;
  }
  if (s.query !== undefined) return `${head} query ${String(s.query)}\n${JSON.stringify(s.view, null, 2)}`;
  return `${head} run ${String(s.run)}`;
}

/**
 * `ntsim scenario FILE`: runs a scenario (../shared/spec/scenario.md). Exit 0 when it ran, 1 when
 * an `expect` did not hold, 2 when the file is invalid (UsageError, nothing runs).
 */
export function runScenarioCommand(
  file: string,
  opts: ScenarioCommandOptions,
  out: (s: string) => void,
): number {
  checkTraceFormat(opts.traceFormat);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`${file}: cannot read the file`);
  }
  let run: ScenarioRun;
  try {
    run = runScenario(text, file, { trace: opts.trace === true || opts.traceFormat !== undefined });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
  if (run.trace && (opts.traceFormat !== undefined || (opts.trace && !opts.json)))
    out(formatTrace(run.trace.toJSON(), opts.traceFormat ?? 'text'));
  if (opts.json) out(JSON.stringify(run.result, null, 2) + '\n');
  else if (!opts.traceFormat) out(run.result.steps.map((s) => stepLine(s)).join('\n') + '\n');
  for (const f of run.failures) process.stderr.write(`expect failed: ${f}\n`);
  return run.failures.length ? 1 : 0;
}

export function registerScenario(program: Command, write: (s: string) => void): void {
  program
    .command('scenario')
    .description('run a scenario file (machine + steps; ../shared/spec/scenario.md)')
    .argument('<file>', 'the scenario, YAML or JSON')
    .option('--json', 'print the Result document only')
    .option('--trace', 'print the trace of the whole run (text unless --trace-format)')
    .option('--trace-format <format>', 'text, json, chrome (Perfetto) or mermaid')
    .action((file: string, opts: ScenarioCommandOptions) => {
      process.exitCode = runScenarioCommand(file, opts, write);
    });
}
