import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Option, type Command } from 'commander';
import { hexStatus, NtStatusError } from '../../../base/index.js';
import { listRegularFiles } from '../../../host/index.js';
import { formatDepsDot } from '../../deps/render-dot.js';
import { statusSucceeded } from '../../deps/render-graph.js';
import { formatDepsText } from '../../deps/render-text.js';
import type { DepsReport } from '../../deps/report.js';
import { DepsSession, type DepsSessionOptions } from '../../deps/session.js';
import { UsageError } from '../usage-error.js';
import { checkTraceFormat, formatTrace } from '../trace-output.js';

export interface DepsCommandOptions {
  systemRoot?: string;
  cwd?: string;
  path?: string[];
  json?: boolean;
  tree?: boolean;
  dot?: boolean;
  /** Print the trace of the image's start instead of the report (one image only). */
  traceFormat?: string;
}

export interface DepsOutput {
  /** ANSI colours in the text view. */
  color?: boolean;
  /** A progress bar on stderr in batch mode. */
  progress?: boolean;
}

const IMAGE = /\.(exe|dll)$/i;

function kindOf(p: string): 'file' | 'dir' | null {
  try {
    const st = statSync(p);
    return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : null;
  } catch {
    return null;
  }
}

function requireDir(flag: string, p: string): string {
  if (kindOf(p) !== 'dir') throw new UsageError(`${flag} ${p}: not a directory`);
  return p;
}

/**
 * What `ntsim deps TARGET` runs: a file is one image, its folder the application folder; a
 * directory is every .exe and .dll under it (recursively, in sorted order), the directory the
 * application folder of the one session they share. Bad input is a UsageError (exit 2).
 */
export function depsTargets(target: string): { appFolder: string; files: string[]; batch: boolean } {
  const kind = kindOf(target);
  if (kind === null) throw new UsageError(`${target}: no such file or directory`);
  if (kind === 'file') return { appFolder: dirname(resolve(target)), files: [resolve(target)], batch: false };
  const files = listRegularFiles(resolve(target)).filter((f) => IMAGE.test(f));
  if (files.length === 0) throw new UsageError(`${target}: no .exe or .dll under it`);
  return { appFolder: resolve(target), files, batch: true };
}

/** A session failure the loader reports as a status (an NtStatusError) becomes that image's report. */
function failedReport(image: string, e: NtStatusError): DepsReport {
  return {
    image,
    status: hexStatus(e.status),
    statusName: e.statusName,
    modules: [],
    loadOrder: [],
    initOrder: [],
    missing: [],
    unresolved: [],
  };
}

/**
 * `ntsim deps EXE|DIR`: the loader's verdict per image, as text (the default, or --tree), JSON
 * (--json: the report, pretty for one image, one line each for a directory) or DOT (--dot).
 * Returns the exit status: 0 when every image's status is NT_SUCCESS, 1 when one is not; bad
 * usage or input throws UsageError before anything is written.
 */
export function runDeps(
  target: string,
  opts: DepsCommandOptions,
  out: (s: string) => void,
  output: DepsOutput = {},
): number {
  const formats = (['json', 'tree', 'dot'] as const).filter((f) => opts[f]);
  if (formats.length > 1) throw new UsageError(`--${formats.join(' and --')} cannot be used together`);
  const session: DepsSessionOptions = {};
  if (opts.systemRoot !== undefined) session.systemRoot = requireDir('--system-root', opts.systemRoot);
  if (opts.cwd !== undefined) session.cwd = requireDir('--cwd', opts.cwd);
  if (opts.path !== undefined) session.path = opts.path.map((p) => requireDir('--path', p));
  const { appFolder, files, batch } = depsTargets(target);
  checkTraceFormat(opts.traceFormat);
  if (opts.traceFormat !== undefined) {
    if (batch) throw new UsageError('--trace-format takes one image, not a directory');
    const deps = DepsSession.open(appFolder, { ...session, trace: true });
    const report = deps.run(files[0]!);
    out(formatTrace(deps.traceOfLastRun(), opts.traceFormat));
    return statusSucceeded(report.status) ? 0 : 1;
  }

  const bar =
    batch && output.progress
      ? new SingleBar({ format: 'deps {bar} {value}/{total} {file}', hideCursor: true })
      : null;
  bar?.start(files.length, 0, { file: '' });
  let failed = 0;
  try {
    const deps = DepsSession.open(appFolder, session);
    files.forEach((f, i) => {
      let report: DepsReport;
      try {
        report = deps.run(f);
      } catch (e) {
        if (!(e instanceof NtStatusError)) throw e;
        report = failedReport(f, e);
      }
      if (!statusSucceeded(report.status)) failed++;
      if (opts.json) out((batch ? JSON.stringify(report) : JSON.stringify(report, null, 2)) + '\n');
      else if (opts.dot) out(formatDepsDot(report));
      else out((batch && i > 0 ? '\n' : '') + formatDepsText(report, { color: output.color === true }));
      bar?.increment(1, { file: f });
    });
  } finally {
    bar?.stop();
  }
  return failed ? 1 : 0;
}

/** Registers `deps` on the program (so it inherits exitOverride and the output settings). */
export function registerDeps(program: Command, write: (s: string) => void): void {
  program
    .command('deps')
    .description(
      "the loader's verdict for starting an image: the modules it loads and the search step that found each, " +
        'load and init order, what is missing or unresolved, and where a planted DLL would win',
    )
    .argument('<image>', 'an .exe or .dll, or a directory: every .exe/.dll under it, one report each')
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--cwd <dir>', 'a host folder as the current directory')
    .option('--path <dirs...>', 'host folders as the PATH entries, in order (after the image argument)')
    .addOption(
      new Option('--json', 'the report as JSON (one line per image for a directory)').conflicts([
        'tree',
        'dot',
      ]),
    )
    .addOption(
      new Option('--tree', 'the text view: import tree, missing, orders, hijack view (default)').conflicts(
        'dot',
      ),
    )
    .addOption(new Option('--dot', 'the import graph as Graphviz DOT'))
    .option(
      '--trace-format <format>',
      "print the trace of the image's start instead (NtCreateUserProcess → LdrInitializeThunk → entry point): text, json, chrome or mermaid",
    )
    .action((image: string, opts: DepsCommandOptions) => {
      const noColor = (process.env.NO_COLOR ?? '') !== '';
      process.exitCode = runDeps(image, opts, write, {
        color: !noColor && process.stdout.isTTY === true,
        // The bar shares the terminal with nothing else only when stdout goes elsewhere.
        progress: process.stderr.isTTY === true && process.stdout.isTTY !== true,
      });
    });
}
