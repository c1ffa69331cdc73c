import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { completeLine, DbgEngine, PROMPT } from '../../dbg/index.js';
import { runScenario } from '../../scenario/runner.js';
import { ScenarioError } from '../../scenario/errors.js';
import { UsageError } from '../usage-error.js';

/**
 * `ntsim dbg [--scenario FILE] [-c "cmd; cmd"]` (cli.md): a WinDbg-style console over the booted
 * machine — after the scenario's steps when one is given, else the default machine with boot's
 * processes settled (the same machine a scenario without steps sees). `-c` runs the commands,
 * echoing each after the kd prompt as a log would, and exits; otherwise an interactive REPL
 * (node:readline: history, tab completion of commands, types, fields and module names).
 */
export function dbgEngineFor(scenario?: string): DbgEngine {
  let text = 'steps: []\n';
  let file = 'dbg.yaml';
  if (scenario !== undefined) {
    try {
      text = readFileSync(scenario, 'utf8');
    } catch {
      throw new UsageError(`${scenario}: cannot read the file`);
    }
    file = scenario;
  }
  try {
    return new DbgEngine(runScenario(text, file).booted);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(`${file}: ${e.message}`);
    throw e;
  }
}

export function runDbgCommands(engine: DbgEngine, commands: string, write: (s: string) => void): void {
  for (const line of commands.split(/\r?\n/)) {
    if (!line.trim()) continue;
    write(`${PROMPT}${line.trim()}\n${engine.execute(line)}`);
  }
}

function repl(engine: DbgEngine): void {
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    prompt: PROMPT,
    historySize: 1000,
    completer: (line: string) => completeLine(engine, line),
  });
  rl.prompt();
  rl.on('line', (line) => {
    const t = line.trim();
    if (t === 'q' || t === 'qq' || t === '.exit') {
      rl.close();
      return;
    }
    process.stdout.write(engine.execute(line));
    rl.prompt();
  });
}

export function registerDbg(program: Command, write: (s: string) => void): void {
  program
    .command('dbg')
    .description('a WinDbg-style console over the booted machine (!process, dt, !peb, db, u, lm, …)')
    .option('--scenario <file>', 'inspect the machine after this scenario’s steps')
    .option('-c, --commands <cmds>', 'run these commands ("cmd; cmd") and exit')
    .action((opts: { scenario?: string; commands?: string }) => {
      const engine = dbgEngineFor(opts.scenario);
      if (opts.commands !== undefined) runDbgCommands(engine, opts.commands, write);
      else repl(engine);
    });
}
