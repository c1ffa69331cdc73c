import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import type { TraceJson } from '../../../base/index.js';
import { formatSysmonJsonLines, type SysmonEvent } from '../../../system/drivers/sysmon.js';
import { runScenario } from '../../scenario/runner.js';
import { ScenarioError } from '../../scenario/errors.js';
import type { ProcessView } from '../../views/process-view.js';
import { checkTraceFormat, formatTrace } from '../trace-output.js';
import { UsageError } from '../usage-error.js';

export interface RunCommandOptions {
  systemRoot?: string;
  as?: string;
  traceFormat?: string;
  json?: boolean;
  /** Install the Sysmon-like driver and print its events (JSON lines) after the report. */
  sysmon?: boolean;
}

const DESKTOP = 'C:\\Users\\user\\Desktop';

/** A command-line argument quoted as CommandLineToArgvW would read it back. */
function quote(arg: string): string {
  return arg === '' || /[\s"]/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg;
}

/** The ProcessView in a few lines. */
function summary(v: ProcessView, real: boolean): string {
  const lines = [
    `${v.imageName} (pid ${v.pid}, parent ${v.parentPid}, session ${v.sessionId}) — ${v.state}${v.exitStatus ? `, exit ${v.exitStatus}` : ''}`,
    `  image       ${v.imagePath}`,
    `  nt image    ${v.ntImagePath}`,
    `  command     ${v.commandLine}`,
    `  directory   ${v.currentDirectory}`,
    `  user        ${v.user} (${v.integrityLevel}${v.elevated ? ', elevated' : ''})`,
    `  protection  ${v.protection.type}/${v.protection.signer} (${v.protection.level})   kind ${v.kind}`,
    `  csrss       ${v.csrProcess ? 'registered (CSR_PROCESS)' : 'not registered'}   win32k ${v.win32Process ? 'W32PROCESS' : 'none'}`,
    `  peb         ${v.peb ? `${v.peb.address}, image base ${v.peb.imageBaseAddress}, loader ${v.peb.ldrInitialized ? 'initialized' : 'not run'}` : 'none'}`,
    `  modules     ${v.modules.map((m) => m.name).join(', ')}`,
    `  init order  ${v.initOrder.join(', ') || '(none)'}`,
    `  threads     ${v.threads.map((t) => `${t.tid} ${t.state}`).join(', ')}   handles ${v.handleCount}`,
  ];
  if (real && v.state === 'running')
    lines.push(
      '  (stopped at its entry point: the model does not execute x86 code; a synthesized image runs its behavior)',
    );
  return lines.join('\n') + '\n';
}

/**
 * `ntsim run EXE [ARGS…]` (cli.md): boots the machine, the shell (explorer, or --as) calls
 * CreateProcessW for EXE, the new process runs to its entry point (its loader; a synthesized
 * program's behavior), and the creation trace — from kernel32!CreateProcessW through the kernel,
 * CSRSS and the loader — is printed with the new process's ProcessView. A host file is placed on the
 * simulated Desktop first. Exit 1 when the process could not be created or ended with a failure.
 */
export function runRun(
  exe: string,
  args: string[],
  opts: RunCommandOptions,
  out: (s: string) => void,
): number {
  checkTraceFormat(opts.traceFormat);
  const files: Record<string, unknown> = {};
  let image = exe;
  const onHost = !/^[A-Za-z]:\\/.test(exe) && existsSync(exe) && statSync(exe).isFile();
  if (onHost) {
    image = `${DESKTOP}\\${basename(exe)}`;
    files[image] = { host: resolve(exe) };
  }
  if (
    opts.systemRoot !== undefined &&
    !(existsSync(opts.systemRoot) && statSync(opts.systemRoot).isDirectory())
  )
    throw new UsageError(`--system-root ${opts.systemRoot}: not a directory`);
  const doc = {
    machine: {
      ...(opts.systemRoot !== undefined ? { systemRoot: resolve(opts.systemRoot) } : {}),
      ...(Object.keys(files).length ? { files } : {}),
      ...(opts.sysmon ? { settings: { sysmon: true } } : {}),
    },
    steps: [
      {
        id: 'spawn',
        as: { image: opts.as ?? 'explorer.exe' },
        call: 'CreateProcessW',
        args: { applicationName: null, commandLine: [quote(image), ...args.map(quote)].join(' ') },
      },
      { run: 'untilIdle' },
      { query: 'process', args: { pid: '$spawn.processId' } },
    ],
  };
  let run;
  try {
    run = runScenario(stringify(doc), 'run.yaml', { trace: true });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
  const [created, , query] = run.result.steps;
  const all = run.trace!.toJSON();
  const trace: TraceJson = {
    ...all,
    spans: all.spans.slice(run.traceMark.spans),
    events: all.events.slice(run.traceMark.events),
    objects: all.objects.slice(run.traceMark.objects),
  };
  if (!created?.ok) {
    const why =
      created?.error ??
      `lastError ${String(created?.lastError)} (${String(created?.lastErrorName)}), ${String(created?.statusName)}`;
    if (opts.json) out(JSON.stringify({ created, process: null }, null, 2) + '\n');
    else out(formatTrace(trace, opts.traceFormat ?? 'text') + `CreateProcessW failed: ${why}\n`);
    return 1;
  }
  const view = (query as unknown as { view: ProcessView }).view;
  if (opts.json)
    out(
      JSON.stringify({ created, process: view, ...(opts.sysmon ? { sysmon: run.sysmon } : {}) }, null, 2) +
        '\n',
    );
  else if (opts.traceFormat && opts.traceFormat !== 'text') out(formatTrace(trace, opts.traceFormat));
  else out(formatTrace(trace, 'text') + '\n' + summary(view, true));
  if (opts.sysmon && run.sysmon && !opts.json) out(formatSysmonJsonLines(run.sysmon as SysmonEvent[]));
  const failed = view.exitStatus !== null && (parseInt(view.exitStatus, 16) | 0) < 0;
  return failed ? 1 : 0;
}

export function registerRun(program: Command, write: (s: string) => void): void {
  program
    .command('run')
    .description(
      'the main job: boot, CreateProcessW from the shell, run to the entry point; print the trace across every layer and the new process',
    )
    .argument('<exe>', 'a Win32 path on the simulated disk, or a host file (placed on the Desktop)')
    .argument('[args...]', "the program's arguments")
    .option('--system-root <dir>', 'a host folder laid over C:\\Windows\\System32')
    .option('--as <image>', 'the creating process (default explorer.exe)')
    .option('--trace-format <format>', 'text (default), json, chrome (Perfetto) or mermaid')
    .option('--json', 'the CreateProcessW result and the ProcessView as JSON')
    .option(
      '--sysmon',
      'a Sysmon-like driver watches the run: its events (IDs 1, 7, 10) as JSON lines at the end',
    )
    .action((exe: string, args: string[], opts: RunCommandOptions) => {
      process.exitCode = runRun(exe, args, opts, write);
    });
}
