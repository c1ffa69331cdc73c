import { Command } from 'commander';
import { runMkpe } from './commands/mkpe.js';
import { UsageError } from './usage-error.js';
import { checkTraceFormat, formatTrace } from './trace-output.js';
import { runPe } from './commands/pe.js';
import { registerDeps } from './commands/deps.js';
import { registerScenario } from './commands/scenario.js';
import { registerRun } from './commands/run.js';
import { registerDbg } from './commands/dbg.js';
import { explainPath, formatPathView } from './commands/path.js';
import { formatLsView, listPath } from './commands/ls.js';
import { machineFromFlags } from './machine-options.js';
import { exportKey, formatRegKeyView, importRegFiles, queryKey } from './commands/reg.js';
import { describeMachine, formatMachineView } from './commands/machine-info.js';
import { formatPsTable, formatPsTree, processRows } from './commands/ps.js';
import { bootMachine } from '../../system/boot.js';
import { Clock, Trace } from '../../base/index.js';

import { ntStatusName } from '../../base/index.js';

export function buildProgram(write: (s: string) => void = (s) => process.stdout.write(s)): Command {
  const program = new Command('ntsim')
    .description('Windows NT process creation and image loading as an executable model')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('pe')
    .description('read PE images: a dumpbin-style view, or JSON (--json / --jsonl)')
    .argument('<paths...>', 'image files or directories (every regular file under them)')
    .option('--json', 'one JSON object per image (an array for several)')
    .option('--jsonl', 'one JSON line per image')
    .action((paths: string[], opts: { json?: boolean; jsonl?: boolean }) => {
      process.exitCode = runPe(paths, opts, write);
    });
  registerDeps(program, write);
  registerScenario(program, write);
  registerRun(program, write);
  registerDbg(program, write);
  program
    .command('mkpe')
    .description('synthesize a PE image from a PeSpec (YAML or JSON, scenario.md) with the PE writer')
    .argument('<spec>', 'a file holding a PeSpec, or { pe: PeSpec }')
    .requiredOption('-o, --output <file>', 'where to write the image')
    .action((spec: string, opts: { output: string }) => {
      process.exitCode = runMkpe(spec, opts.output, (s) => process.stderr.write(s));
    });
  program
    .command('path')
    .description(
      'what Windows does with Win32 paths: type, full path, NT path, object-manager path, and the file it names',
    )
    .argument('<paths...>', 'Win32 paths (quote them in the shell)')
    .option('--cwd <dir>', 'the current directory (a Win32 path)', 'C:\\Users\\user\\')
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--json', 'JSON output')
    .action((paths: string[], opts: { cwd: string; systemRoot?: string; json?: boolean }) => {
      const machine = machineFromFlags(opts);
      const cwd = opts.cwd.endsWith('\\') ? opts.cwd : opts.cwd + '\\';
      const views = paths.map((p) => explainPath(machine, p, { currentDirectory: cwd }));
      write(
        opts.json
          ? JSON.stringify(views.length === 1 ? views[0] : views, null, 2) + '\n'
          : views.map(formatPathView).join('\n'),
      );
      process.exitCode = views.every((v) => v.statusName === 'STATUS_SUCCESS') ? 0 : 1;
    });
  program
    .command('ls')
    .description('list a directory of the simulated disk (the embedded image, or with --system-root)')
    .argument('[path]', 'a Win32 path', 'C:\\Windows\\System32')
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--json', 'JSON output')
    .action((path: string, opts: { systemRoot?: string; json?: boolean }) => {
      const v = listPath(machineFromFlags(opts), path);
      write(opts.json ? JSON.stringify(v, null, 2) + '\n' : formatLsView(v));
      process.exitCode = v.entries ? 0 : 1;
    });
  const collect = (v: string, prev: string[]): string[] => [...prev, v];
  const reg = program.command('reg').description("the simulated machine's registry (reg.exe-style)");
  reg
    .command('query')
    .description('show a key: its values and subkeys')
    .argument('<key>', 'HKLM\\…, HKCU\\…, HKCR\\…, HKU\\… (or the long names)')
    .option('--import <file>', 'import a .reg file first (repeatable; all or nothing)', collect, [])
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--json', 'JSON output')
    .action((key: string, opts: { import: string[]; systemRoot?: string; json?: boolean }) => {
      const machine = machineFromFlags(opts);
      importRegFiles(machine, opts.import);
      const v = queryKey(machine, key);
      write(opts.json ? JSON.stringify(v, null, 2) + '\n' : formatRegKeyView(v));
      process.exitCode = v.statusName === 'STATUS_SUCCESS' ? 0 : 1;
    });
  reg
    .command('export')
    .description('a key and its subtree as a .reg file ("Windows Registry Editor Version 5.00")')
    .argument('<key>', 'the key to export')
    .option('--import <file>', 'import a .reg file first (repeatable; all or nothing)', collect, [])
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .action((key: string, opts: { import: string[]; systemRoot?: string }) => {
      const machine = machineFromFlags(opts);
      importRegFiles(machine, opts.import);
      const r = exportKey(machine, key);
      if (r.text === undefined) {
        process.stderr.write(`ntsim: ${key}: ${ntStatusName(r.status)}\n`);
        process.exitCode = 1;
      } else write(r.text);
    });
  program
    .command('machine')
    .description('assemble the machine (embedded image, or with --system-root) and summarize it')
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--json', 'JSON output')
    .action((opts: { systemRoot?: string; json?: boolean }) => {
      const v = describeMachine(machineFromFlags(opts));
      write(opts.json ? JSON.stringify(v, null, 2) + '\n' : formatMachineView(v));
    });
  program
    .command('ps')
    .description(
      'boot the machine and list its processes (System → smss → csrss, wininit, winlogon → … → explorer)',
    )
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--boot <mode>', 'full (default) or minimal', 'full')
    .option('--tree', 'as a tree')
    .option('--json', 'JSON output')
    .option(
      '--trace-format <format>',
      'print the boot trace instead: text, json, chrome (Perfetto) or mermaid',
    )
    .action(
      (opts: { systemRoot?: string; boot: string; tree?: boolean; json?: boolean; traceFormat?: string }) => {
        if (opts.boot !== 'full' && opts.boot !== 'minimal')
          throw new UsageError(`--boot ${opts.boot}: expected full or minimal`);
        const format = opts.traceFormat;
        checkTraceFormat(format);
        const trace = format ? new Trace(new Clock()) : undefined;
        const booted = bootMachine(machineFromFlags(opts), { mode: opts.boot, ...(trace ? { trace } : {}) });
        if (trace) {
          write(formatTrace(trace.toJSON(), format!));
          return;
        }
        const rows = processRows(booted);
        write(
          opts.json
            ? JSON.stringify(rows, null, 2) + '\n'
            : opts.tree
              ? formatPsTree(rows)
              : formatPsTable(rows),
        );
      },
    );
  return program;
}

export function main(argv: string[]): void {
  try {
    buildProgram().parse(argv);
  } catch (e) {
    const code = (e as { code?: string; exitCode?: number }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exitCode = 0;
    else if (code?.startsWith('commander.')) process.exitCode = 2;
    else if (e instanceof UsageError) {
      process.stderr.write(`ntsim: ${e.message}\n`);
      process.exitCode = 2;
    } else throw e;
  }
}
