import { execFileSync, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/**
 * The loader oracle: small mingw-w64-built programs and DLLs (sources beside this file, built by
 * build.sh) run under Wine, recording what a real loader does — initialization order, which copy of
 * a DLL the search order finds, forwarders, ordinals, failures, delay loads, reference counts.
 *
 * SCENARIOS describes every run in implementation-neutral terms (layout-relative paths, the
 * arguments, the expected outcome), so a second implementation (ntsim's loader) can be fed the
 * same layout and compared with the facts Wine produced.
 */

/** Debian's wine64 package: the loader binary is not on PATH. */
export const WINE64 = '/usr/lib/wine/wine64';
export const WINESERVER = '/usr/lib/wine/wineserver';
/** Where Wine's prefix keeps System32, as Windows paths in the prefix name it. */
export const WINE_SYSTEM32 = 'C:\\windows\\system32';

const BUILD = new URL('./build.sh', import.meta.url).pathname;
const RUNNER_SOURCE = new URL('./runner.c', import.meta.url).pathname;

export function haveWine(): boolean {
  return existsSync(WINE64) && existsSync(WINESERVER);
}

export function haveMingw(): boolean {
  try {
    execFileSync('x86_64-w64-mingw32-gcc', ['--version'], { stdio: 'ignore' });
    execFileSync('x86_64-w64-mingw32-dlltool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The fixture layout

/** Host paths of everything build.sh makes. Folders are where the scenarios put programs, cwd, PATH. */
export interface FixtureLayout {
  root: string;
  /** Starts a fixture program and reports its full 32-bit exit status (runner.c). */
  runner: string;
  init: { dir: string; app: string };
  search: {
    /** search.exe, dynload.exe, probe.dll (appdir), sysprobe.dll (appdir) */
    app: string;
    /** search.exe, dynload.exe, no probe.dll */
    noapp: string;
    /** probe.dll (cwd), sysprobe.dll (cwd): used as the current directory */
    cwd: string;
    /** probe.dll (path): put on PATH */
    path: string;
    /** probe.dll (extra), outer.dll, inner.dll: for SetDllDirectory / AddDllDirectory / full paths */
    extra: string;
    /** nothing: a current directory with no DLLs */
    empty: string;
    /** sysprobe.dll (system32): to be copied into System32 (installSystem32) */
    system32: string;
  };
  forward: { dir: string; app: string; dynload: string };
  ordinal: { dir: string; app: string; dynload: string };
  failure: {
    dir: string;
    missingDll: string;
    missingSymbol: string;
    missingOrdinal: string;
    initFail: string;
    dynload: string;
  };
  delay: { dir: string; app: string; dll: string };
  refcount: { dir: string; dynload: string };
}

export function layoutOf(root: string): FixtureLayout {
  const p = (...parts: string[]) => join(root, ...parts);
  return {
    root,
    runner: p('bin', 'runner.exe'),
    init: { dir: p('init'), app: p('init', 'app.exe') },
    search: {
      app: p('search', 'app'),
      noapp: p('search', 'noapp'),
      cwd: p('search', 'cwd'),
      path: p('search', 'path'),
      extra: p('search', 'extra'),
      empty: p('search', 'empty'),
      system32: p('search', 'system32'),
    },
    forward: { dir: p('forward'), app: p('forward', 'fwdapp.exe'), dynload: p('forward', 'dynload.exe') },
    ordinal: { dir: p('ordinal'), app: p('ordinal', 'ordapp.exe'), dynload: p('ordinal', 'dynload.exe') },
    failure: {
      dir: p('failure'),
      missingDll: p('failure', 'missingdll.exe'),
      missingSymbol: p('failure', 'missingsym.exe'),
      missingOrdinal: p('failure', 'missingord.exe'),
      initFail: p('failure', 'initfail.exe'),
      dynload: p('failure', 'dynload.exe'),
    },
    delay: { dir: p('delay'), app: p('delay', 'dlyapp.exe'), dll: p('delay', 'dly.dll') },
    refcount: { dir: p('refcount'), dynload: p('refcount', 'dynload.exe') },
  };
}

let lastRunner: string | undefined;

/** Runs build.sh into outDir (throws with the compiler's output if anything fails to build). */
export function buildLoaderFixtures(outDir: string): FixtureLayout {
  execFileSync('bash', [BUILD, outDir], { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 24 });
  const layout = layoutOf(outDir);
  for (const f of [layout.runner, layout.init.app, layout.delay.app, layout.refcount.dynload])
    if (!existsSync(f)) throw new Error(`build.sh did not produce ${f}`);
  lastRunner = layout.runner;
  return layout;
}

/** The runner.exe of the last build, or one built on its own into a temporary folder. */
function runnerExe(): string {
  if (lastRunner && existsSync(lastRunner)) return lastRunner;
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-runner-'));
  const exe = join(dir, 'runner.exe');
  execFileSync('x86_64-w64-mingw32-gcc', ['-O1', '-s', '-o', exe, RUNNER_SOURCE], { stdio: 'pipe' });
  lastRunner = exe;
  return exe;
}

/** Just enough of a PE image's headers to check what the linker wrote (independent of src/pe). */
function peHeaders(file: string) {
  const b = readFileSync(file);
  const pe = b.readUInt32LE(0x3c);
  if (b.readUInt32LE(pe) !== 0x4550) throw new Error(`${file}: no PE signature`);
  const opt = pe + 24;
  const dirs = opt + (b.readUInt16LE(opt) === 0x20b ? 112 : 96);
  const sectionTable = opt + b.readUInt16LE(pe + 20);
  const sections = Array.from({ length: b.readUInt16LE(pe + 6) }, (_, i) => {
    const at = sectionTable + i * 40;
    return { va: b.readUInt32LE(at + 12), size: b.readUInt32LE(at + 16), raw: b.readUInt32LE(at + 20) };
  });
  const offset = (rva: number) => {
    const s = sections.find((x) => rva >= x.va && rva < x.va + x.size);
    if (!s) throw new Error(`${file}: RVA 0x${rva.toString(16)} is in no section`);
    return rva - s.va + s.raw;
  };
  return { b, dirs, count: b.readUInt32LE(dirs - 4), offset };
}

/** DataDirectory[index] (RVA, size) of a PE image. */
export function dataDirectory(file: string, index: number): { rva: number; size: number } {
  const { b, dirs, count } = peHeaders(file);
  if (index >= count) return { rva: 0, size: 0 };
  return { rva: b.readUInt32LE(dirs + index * 8), size: b.readUInt32LE(dirs + index * 8 + 4) };
}

/** The DLL names of the import directory (DataDirectory[1]), in descriptor order. */
export function importedDlls(file: string): string[] {
  const { b, offset } = peHeaders(file);
  const { rva } = dataDirectory(file, 1);
  const names: string[] = [];
  if (!rva) return names;
  for (let at = offset(rva); b.readUInt32LE(at + 12) !== 0; at += 20) {
    const start = offset(b.readUInt32LE(at + 12));
    names.push(b.toString('latin1', start, b.indexOf(0, start)));
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// Paths: host <-> Wine, and the portable notation scenarios use

/** A host path as Wine names it: the Unix root is drive Z: in every prefix. */
export function toWinePath(hostPath: string): string {
  if (!hostPath.startsWith('/')) throw new Error(`not an absolute host path: ${hostPath}`);
  return `Z:${hostPath.replace(/\//g, '\\')}`;
}

/** A Wine path back on the host: Z: is /, C: is the prefix's drive_c, other drives via dosdevices. */
export function fromWinePath(winePath: string, prefix: string): string {
  const m = /^([A-Za-z]):(.*)$/.exec(winePath);
  if (!m) throw new Error(`not a drive path: ${winePath}`);
  const drive = m[1]!.toLowerCase();
  const rest = m[2]!.replace(/\\/g, '/');
  if (drive === 'z') return rest || '/';
  if (drive === 'c') return join(prefix, 'drive_c', rest);
  return join(prefix, 'dosdevices', `${drive}:`, rest);
}

/** The two roots the portable notation names, in one implementation's Windows form. */
export interface WindowsRoots {
  /** The fixture layout's root, e.g. Z:\tmp\ntsim-loader-xyz */
  out: string;
  /** System32, e.g. C:\windows\system32 */
  system32: string;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites Windows paths under the two roots as `$OUT/rel/path` and `$SYSTEM32/name`
 * (case-insensitive, as Windows paths are). Path segments end at a backslash, whitespace or ','.
 */
export function toPortable(text: string, roots: WindowsRoots): string {
  let out = text;
  for (const [token, prefix] of [
    ['$OUT', roots.out],
    ['$SYSTEM32', roots.system32],
  ] as const) {
    const re = new RegExp(`${escapeRe(prefix)}(?![^\\\\\\s,])((?:\\\\[^\\\\\\s,]+)*)`, 'gi');
    out = out.replace(re, (_m, tail: string) => token + tail.replace(/\\/g, '/'));
  }
  return out;
}

/** The inverse of toPortable: `$OUT/a/b` becomes `<roots.out>\a\b`. */
export function fromPortable(text: string, roots: WindowsRoots): string {
  return text.replace(/\$(OUT|SYSTEM32)((?:\/[^/\s,]+)*)/g, (_m, which: string, tail: string) => {
    return (which === 'OUT' ? roots.out : roots.system32) + tail.replace(/\//g, '\\');
  });
}

// ---------------------------------------------------------------------------------------------
// The Wine prefix

interface PrefixState {
  dir: string;
  created: boolean;
}
let prefixState: PrefixState | undefined;

function wineEnv(prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINEPREFIX: prefix,
    // No Gecko or Mono install dialogs; nothing on a display.
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    WINEDEBUG: '-all',
    ...extra,
  };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

/**
 * A private Wine prefix for this test process, created once (wineboot -i takes ~10 s) and reused:
 * the path in NTSIM_WINEPREFIX if set (kept afterwards, for faster reruns), else a new temporary
 * folder (removed by disposeWinePrefix). A persistent wineserver (-p30: it lingers 30 s after the
 * last client) keeps the prefix's services running, so each run costs tens of milliseconds.
 */
export function ensureWinePrefix(): string {
  if (prefixState) return prefixState.dir;
  const fromEnv = process.env.NTSIM_WINEPREFIX;
  const dir = fromEnv ?? mkdtempSync(join(tmpdir(), 'ntsim-wineprefix-'));
  mkdirSync(dir, { recursive: true });
  const env = wineEnv(dir);
  // Exit status 2 means a server already runs for this prefix: fine, it is reused.
  spawnSync(WINESERVER, ['-p30'], { env, stdio: 'ignore' });
  // wineboot creates the prefix if needed and starts its services. Their stdio is /dev/null, so the
  // runs that follow do not share theirs with services that outlive them.
  const fresh = !existsSync(join(dir, 'system.reg'));
  const boot = spawnSync(WINE64, fresh ? ['wineboot', '-i'] : ['wineboot'], {
    env,
    stdio: 'ignore',
    timeout: 300_000,
  });
  if (boot.status !== 0)
    throw new Error(`wineboot failed in ${dir}: status ${boot.status} ${boot.error ?? ''}`);
  prefixState = { dir, created: !fromEnv };
  return dir;
}

/** Stops the prefix's wineserver and removes the prefix if ensureWinePrefix created it. */
export function disposeWinePrefix(): void {
  if (!prefixState) return;
  const { dir, created } = prefixState;
  prefixState = undefined;
  spawnSync(WINESERVER, ['-k'], { env: wineEnv(dir), stdio: 'ignore' });
  if (created) rmSync(dir, { recursive: true, force: true });
}

/** Copies files (host paths) into the prefix's System32. */
export function installSystem32(prefix: string, files: string[]): void {
  const sys32 = fromWinePath(WINE_SYSTEM32, prefix);
  for (const f of files) copyFileSync(f, join(sys32, basename(f)));
}

// ---------------------------------------------------------------------------------------------
// One run under Wine

export interface LoadedModule {
  /** The file name, as the loader has it. */
  name: string;
  /** The host path. */
  path: string;
  /** The path Wine's loader reported. */
  winePath: string;
  kind: 'native' | 'builtin';
}

export interface WineRun {
  /** The child's exit status as GetExitCodeProcess returns it (an NTSTATUS on a loader failure). */
  exitCode: number;
  /** The child's stdout, line by line. */
  stdout: string[];
  /** The child process's WINEDEBUG=+loaddll "Loaded" lines, in order. */
  loaddll: LoadedModule[];
  /** Its "Unloaded module" lines, in order. */
  unloaded: LoadedModule[];
  /** Its err/warn lines of the module channel ("class:channel:function message"). */
  messages: string[];
  /** All of wine64's stderr, for diagnosis. */
  stderr: string;
}

export interface RunOptions {
  /** The child's current directory (host path). */
  cwd: string;
  /** Folders (host paths) put in front of the child's PATH. */
  path?: string[];
  /** Extra environment variables (Wine copies the Unix environment into the Windows one). */
  env?: Record<string, string>;
  /** Arguments, already in Windows form; quoted if they contain spaces. */
  args?: string[];
  /** runner.exe to use; default: the last buildLoaderFixtures's. */
  runner?: string;
  /** The prefix; default: ensureWinePrefix(). */
  prefix?: string;
  timeoutMs?: number;
}

const quote = (a: string) => (/[\s"]/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a);

/** Undoes Wine's debugstr_w escaping inside L"...". */
function unescapeDebugstr(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{4}|.)/g, (_m, e: string) => {
    if (e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[e] ?? e;
  });
}

const TRACE = /^([0-9a-f]+):([0-9a-f]+):(\w+):(\w+):(\S+) (.*)$/;
const LOADED = /^Loaded L"((?:[^"\\]|\\.)*)" at [0-9A-Fa-f]+: (native|builtin)$/;
const UNLOADED = /^Unloaded module L"((?:[^"\\]|\\.)*)" : (native|builtin)$/;

/**
 * Runs exe (a host path) under Wine through runner.exe, with WINEDEBUG=+pid,+loaddll and the module
 * channel's errors and warnings, and keeps what belongs to the child process.
 */
export function runUnderWine(exe: string, opts: RunOptions): WineRun {
  const prefix = opts.prefix ?? ensureWinePrefix();
  const runner = opts.runner ?? runnerExe();
  const exeWin = toWinePath(exe);
  const work = mkdtempSync(join(tmpdir(), 'ntsim-wine-run-'));
  // Files, not pipes: Wine's service processes may inherit the handles and outlive the run.
  const outFile = join(work, 'stdout');
  const errFile = join(work, 'stderr');
  const outFd = openSync(outFile, 'w');
  const errFd = openSync(errFile, 'w');
  let stdoutText: string;
  let stderr: string;
  try {
    const env = wineEnv(prefix, {
      WINEDEBUG: '-all,+pid,+loaddll,err+module,warn+module',
      NTSIM_ORACLE_CMDLINE: [quote(exeWin), ...(opts.args ?? []).map(quote)].join(' '),
      NTSIM_ORACLE_CWD: toWinePath(opts.cwd),
      NTSIM_ORACLE_PATH: (opts.path ?? []).map(toWinePath).join(';'),
      ...opts.env,
    });
    const r = spawnSync(WINE64, [runner], {
      env,
      stdio: ['ignore', outFd, errFd],
      timeout: opts.timeoutMs ?? 60_000,
    });
    if (r.error) throw r.error;
    stdoutText = readFileSync(outFile, 'utf8');
    stderr = readFileSync(errFile, 'utf8');
  } finally {
    closeSync(outFd);
    closeSync(errFd);
    rmSync(work, { recursive: true, force: true });
  }

  const status = /^ntsim-oracle: (exit|error [\w-]+) 0x([0-9A-F]{8})$/m.exec(stderr);
  if (!status || status[1] !== 'exit')
    throw new Error(`runner.exe did not report an exit status for ${exe}:\n${stderr.slice(-4000)}`);

  const lines = stderr.split('\n').map((l) => l.replace(/\r$/, ''));
  const traces = lines.flatMap((l) => {
    const m = TRACE.exec(l);
    return m ? [{ pid: m[1]!, cls: m[3]!, channel: m[4]!, fn: m[5]!, text: m[6]! }] : [];
  });
  const isLoaded = (t: (typeof traces)[number]) => t.channel === 'loaddll' && LOADED.test(t.text);
  const runnerPid = traces.find((t) => isLoaded(t) && /\\runner\.exe"/i.test(t.text))?.pid;
  const exeName = basename(exe).toLowerCase();
  const childPid = traces.find((t) => {
    if (!isLoaded(t) || t.pid === runnerPid) return false;
    const path = unescapeDebugstr(LOADED.exec(t.text)![1]!);
    return (
      path.toLowerCase() === exeWin.toLowerCase() ||
      basename(path.replace(/\\/g, '/')).toLowerCase() === exeName
    );
  })?.pid;
  const mine = traces.filter((t) => t.pid === childPid);
  const module = (winePath: string, kind: string): LoadedModule => ({
    name: winePath.slice(winePath.lastIndexOf('\\') + 1),
    path: fromWinePath(winePath, prefix),
    winePath,
    kind: kind as LoadedModule['kind'],
  });
  const loaddll: LoadedModule[] = [];
  const unloaded: LoadedModule[] = [];
  for (const t of mine) {
    if (t.channel !== 'loaddll') continue;
    const l = LOADED.exec(t.text);
    if (l) loaddll.push(module(unescapeDebugstr(l[1]!), l[2]!));
    const u = UNLOADED.exec(t.text);
    if (u) unloaded.push(module(unescapeDebugstr(u[1]!), u[2]!));
  }
  return {
    exitCode: parseInt(status[2]!, 16),
    stdout: stdoutText
      .split('\n')
      .flatMap((l, i, all) => (i === all.length - 1 && l === '' ? [] : [l.replace(/\r$/, '')])),
    loaddll,
    unloaded,
    messages: mine
      .filter((t) => t.channel === 'module')
      .map((t) => `${t.cls}:${t.channel}:${t.fn} ${t.text}`),
    stderr,
  };
}

// ---------------------------------------------------------------------------------------------
// Scenarios

/** What a scenario observes, in the portable path notation ($OUT/..., $SYSTEM32/...). */
export interface Outcome {
  /** The exit status (GetExitCodeProcess): 0, or the NTSTATUS the loader failed with. */
  exitCode: number;
  /** The program's stdout lines: DllMain/TLS lines and the program's own. */
  stdout: string[];
  /** The fixture DLLs that were mapped during the run (not the program, not system DLLs), sorted. */
  modules: string[];
}

export type Observation = keyof Outcome;

export interface Scenario {
  id: string;
  group: 'init' | 'search' | 'forward' | 'ordinal' | 'failure' | 'delay' | 'refcount';
  summary: string;
  /**
   * 'static': the outcome follows from the images and the search order at process start (what a
   * dependency walker can predict); 'dynamic': it needs the program's loader API calls executed.
   */
  kind: 'static' | 'dynamic';
  /** The program, relative to the layout root (posix separators). */
  exe: string;
  /** Its arguments (dynload.exe steps); `$OUT/rel` stands for a layout path in Windows form. */
  args: string[];
  /** The current directory, relative to the layout root. */
  cwd: string;
  /** Folders put in front of PATH, relative to the layout root. */
  path: string[];
  /** Files (relative to the layout root) that must be present in System32. */
  system32: string[];
  /** The observations a second implementation should reproduce. */
  compare: Observation[];
  /** What Wine 8.0 (Debian wine64) did: recorded facts, asserted by oracle.test.ts. */
  wine: Outcome;
  /** Where Windows is documented (or, per `source`, reliably reported) to do otherwise. */
  windows?: { outcome: Partial<Outcome>; source: string };
}

const ALL: Observation[] = ['exitCode', 'stdout', 'modules'];
const S = (s: Omit<Scenario, 'args' | 'path' | 'system32' | 'compare'> & Partial<Scenario>): Scenario => ({
  args: [],
  path: [],
  system32: [],
  compare: ALL,
  ...s,
});

const DOCS = {
  searchOrder:
    'Microsoft Learn, "Dynamic-link library search order" (https://learn.microsoft.com/windows/win32/dlls/dynamic-link-library-search-order)',
  setDllDirectory:
    'Microsoft Learn, SetDllDirectoryW: "If this parameter is an empty string (""), the call removes the current directory from the default DLL search order." (https://learn.microsoft.com/windows/win32/api/winbase/nf-winbase-setdlldirectoryw)',
  ntstatus:
    'Microsoft Learn, [MS-ERREF] 2.3.1 NTSTATUS Values (https://learn.microsoft.com/openspecs/windows_protocols/ms-erref/596a1078-e883-4972-9bbc-49e60bebca55)',
  dllMain: 'Microsoft Learn, DllMain entry point (https://learn.microsoft.com/windows/win32/dlls/dllmain)',
};

export const STATUS = {
  DLL_NOT_FOUND: 0xc0000135,
  ORDINAL_NOT_FOUND: 0xc0000138,
  ENTRYPOINT_NOT_FOUND: 0xc0000139,
  DLL_INIT_FAILED: 0xc0000142,
} as const;

export const SCENARIOS: Scenario[] = [
  // ---- init order ---------------------------------------------------------------------------
  S({
    id: 'init-order',
    group: 'init',
    kind: 'static',
    summary: 'app.exe -> a.dll, b.dll; a -> c; b -> c, d: attach, TLS and detach order',
    exe: 'init/app.exe',
    cwd: 'init',
    wine: {
      exitCode: 0,
      stdout: [
        'attach c.dll static',
        'attach a.dll static',
        'attach d.dll static',
        'tls b.dll 1',
        'attach b.dll static',
        'tls app.exe 1',
        'main a=13 b=27',
        'tls b.dll 0',
        'detach b.dll exit',
        'detach d.dll exit',
        'detach a.dll exit',
        'detach c.dll exit',
      ],
      modules: ['$OUT/init/a.dll', '$OUT/init/b.dll', '$OUT/init/c.dll', '$OUT/init/d.dll'],
    },
    windows: {
      // Wine never calls the program's own TLS callbacks with DLL_PROCESS_DETACH.
      outcome: {
        stdout: [
          'attach c.dll static',
          'attach a.dll static',
          'attach d.dll static',
          'tls b.dll 1',
          'attach b.dll static',
          'tls app.exe 1',
          'main a=13 b=27',
          'tls b.dll 0',
          'detach b.dll exit',
          'detach d.dll exit',
          'detach a.dll exit',
          'detach c.dll exit',
          'tls app.exe 0',
        ],
      },
      source:
        'Not verified on Windows here. ReactOS ntdll (a reimplementation of Windows\' ntdll) LdrShutdownProcess, dll/ntdll/ldr/ldrinit.c: after the DLLs\' DLL_PROCESS_DETACH calls, "if (LdrpImageHasTls) LdrpCallTlsInitializers(LdrpImageEntry, DLL_PROCESS_DETACH)"; the PE format\'s TLS callback reasons include DLL_PROCESS_DETACH (Microsoft Learn, "PE Format", TLS Callback Functions)',
    },
  }),

  // ---- search order: imports at process start -----------------------------------------------
  S({
    id: 'search-static-appdir',
    group: 'search',
    kind: 'static',
    summary: 'an import found in the application folder before the cwd and PATH copies',
    exe: 'search/app/search.exe',
    cwd: 'search/cwd',
    path: ['search/path'],
    wine: {
      exitCode: 0,
      stdout: ['attach probe.dll (appdir) static', 'main probe=appdir', 'detach probe.dll (appdir) exit'],
      modules: ['$OUT/search/app/probe.dll'],
    },
  }),
  S({
    id: 'search-static-cwd',
    group: 'search',
    kind: 'static',
    summary: 'no copy beside the program: the current directory before PATH',
    exe: 'search/noapp/search.exe',
    cwd: 'search/cwd',
    path: ['search/path'],
    wine: {
      exitCode: 0,
      stdout: ['attach probe.dll (cwd) static', 'main probe=cwd', 'detach probe.dll (cwd) exit'],
      modules: ['$OUT/search/cwd/probe.dll'],
    },
  }),
  S({
    id: 'search-static-path',
    group: 'search',
    kind: 'static',
    summary: 'only PATH has a copy',
    exe: 'search/noapp/search.exe',
    cwd: 'search/empty',
    path: ['search/path'],
    wine: {
      exitCode: 0,
      stdout: ['attach probe.dll (path) static', 'main probe=path', 'detach probe.dll (path) exit'],
      modules: ['$OUT/search/path/probe.dll'],
    },
  }),
  S({
    id: 'search-static-missing',
    group: 'search',
    kind: 'static',
    summary: 'no copy anywhere: STATUS_DLL_NOT_FOUND before main',
    exe: 'search/noapp/search.exe',
    cwd: 'search/empty',
    wine: { exitCode: STATUS.DLL_NOT_FOUND, stdout: [], modules: [] },
  }),

  // ---- search order: LoadLibrary(Ex) --------------------------------------------------------
  S({
    id: 'search-dynamic-flags',
    group: 'search',
    kind: 'dynamic',
    summary: 'LoadLibraryW and LoadLibraryExW with LOAD_LIBRARY_SEARCH_* from the application folder',
    exe: 'search/app/dynload.exe',
    cwd: 'search/cwd',
    path: ['search/path'],
    args: [
      'load=probe.dll',
      'free',
      'loadex=probe.dll,SEARCH_APPLICATION_DIR',
      'free',
      'loadex=probe.dll,SEARCH_SYSTEM32',
      'loadex=probe.dll,SEARCH_DEFAULT_DIRS',
      'free',
      'adddir=$OUT/search/extra',
      'loadex=probe.dll,SEARCH_USER_DIRS',
      'free',
      'loadex=probe.dll,0',
      'free',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'attach probe.dll (appdir) dynamic',
        'load probe.dll -> $OUT/search/app/probe.dll',
        'detach probe.dll (appdir) free',
        'free -> ok',
        'attach probe.dll (appdir) dynamic',
        'loadex probe.dll,SEARCH_APPLICATION_DIR -> $OUT/search/app/probe.dll',
        'detach probe.dll (appdir) free',
        'free -> ok',
        'loadex probe.dll,SEARCH_SYSTEM32 -> error 126',
        'attach probe.dll (appdir) dynamic',
        'loadex probe.dll,SEARCH_DEFAULT_DIRS -> $OUT/search/app/probe.dll',
        'detach probe.dll (appdir) free',
        'free -> ok',
        'adddir $OUT/search/extra -> ok',
        'attach probe.dll (extra) dynamic',
        'loadex probe.dll,SEARCH_USER_DIRS -> $OUT/search/extra/probe.dll',
        'detach probe.dll (extra) free',
        'free -> ok',
        'attach probe.dll (appdir) dynamic',
        'loadex probe.dll,0 -> $OUT/search/app/probe.dll',
        'detach probe.dll (appdir) free',
        'free -> ok',
      ],
      modules: ['$OUT/search/app/probe.dll', '$OUT/search/extra/probe.dll'],
    },
  }),
  S({
    id: 'search-setdlldirectory',
    group: 'search',
    kind: 'dynamic',
    summary: 'SetDllDirectoryW(dir) replaces the current directory in the search; NULL restores it',
    exe: 'search/noapp/dynload.exe',
    cwd: 'search/cwd',
    path: ['search/path'],
    args: [
      'load=probe.dll',
      'free',
      'setdlldir=$OUT/search/extra',
      'load=probe.dll',
      'free',
      'setdlldir',
      'load=probe.dll',
      'free',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'attach probe.dll (cwd) dynamic',
        'load probe.dll -> $OUT/search/cwd/probe.dll',
        'detach probe.dll (cwd) free',
        'free -> ok',
        'setdlldir $OUT/search/extra -> ok',
        'attach probe.dll (extra) dynamic',
        'load probe.dll -> $OUT/search/extra/probe.dll',
        'detach probe.dll (extra) free',
        'free -> ok',
        'setdlldir -> ok',
        'attach probe.dll (cwd) dynamic',
        'load probe.dll -> $OUT/search/cwd/probe.dll',
        'detach probe.dll (cwd) free',
        'free -> ok',
      ],
      modules: ['$OUT/search/cwd/probe.dll', '$OUT/search/extra/probe.dll'],
    },
  }),
  S({
    id: 'search-setdlldirectory-empty',
    group: 'search',
    kind: 'dynamic',
    summary: 'SetDllDirectoryW(L"") should take the current directory out of the search',
    exe: 'search/noapp/dynload.exe',
    cwd: 'search/cwd',
    path: ['search/path'],
    args: ['setdlldir=', 'load=probe.dll', 'free'],
    wine: {
      // Wine's LdrGetDllPath treats an empty DLL directory as none: the cwd copy loads.
      exitCode: 0,
      stdout: [
        'setdlldir  -> ok',
        'attach probe.dll (cwd) dynamic',
        'load probe.dll -> $OUT/search/cwd/probe.dll',
        'detach probe.dll (cwd) free',
        'free -> ok',
      ],
      modules: ['$OUT/search/cwd/probe.dll'],
    },
    windows: {
      outcome: {
        stdout: [
          'setdlldir  -> ok',
          'attach probe.dll (path) dynamic',
          'load probe.dll -> $OUT/search/path/probe.dll',
          'detach probe.dll (path) free',
          'free -> ok',
        ],
        modules: ['$OUT/search/path/probe.dll'],
      },
      source: `${DOCS.setDllDirectory}. Wine 8 dlls/ntdll/loader.c LdrGetDllPath: "dll_directory.Length ? dll_directory.Buffer : NULL".`,
    },
  }),
  S({
    id: 'search-default-dll-directories',
    group: 'search',
    kind: 'dynamic',
    summary:
      'SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_DEFAULT_DIRS) drops cwd and PATH; AddDllDirectory adds a folder',
    exe: 'search/noapp/dynload.exe',
    cwd: 'search/cwd',
    path: ['search/path'],
    args: [
      'setdefault=SEARCH_DEFAULT_DIRS',
      'load=probe.dll',
      'adddir=$OUT/search/extra',
      'load=probe.dll',
      'free',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'setdefault SEARCH_DEFAULT_DIRS -> ok',
        'load probe.dll -> error 126',
        'adddir $OUT/search/extra -> ok',
        'attach probe.dll (extra) dynamic',
        'load probe.dll -> $OUT/search/extra/probe.dll',
        'detach probe.dll (extra) free',
        'free -> ok',
      ],
      modules: ['$OUT/search/extra/probe.dll'],
    },
  }),
  S({
    id: 'search-system32',
    group: 'search',
    kind: 'dynamic',
    summary: 'System32 before the current directory',
    exe: 'search/noapp/dynload.exe',
    cwd: 'search/cwd',
    system32: ['search/system32/sysprobe.dll'],
    args: ['load=sysprobe.dll', 'free'],
    wine: {
      exitCode: 0,
      stdout: [
        'attach sysprobe.dll (system32) dynamic',
        'load sysprobe.dll -> $SYSTEM32/sysprobe.dll',
        'detach sysprobe.dll (system32) free',
        'free -> ok',
      ],
      modules: ['$SYSTEM32/sysprobe.dll'],
    },
  }),
  S({
    id: 'search-system32-appdir',
    group: 'search',
    kind: 'dynamic',
    summary: 'the application folder copy wins over the System32 copy',
    exe: 'search/app/dynload.exe',
    cwd: 'search/cwd',
    system32: ['search/system32/sysprobe.dll'],
    args: ['load=sysprobe.dll', 'free'],
    wine: {
      exitCode: 0,
      stdout: [
        'attach sysprobe.dll (appdir) dynamic',
        'load sysprobe.dll -> $OUT/search/app/sysprobe.dll',
        'detach sysprobe.dll (appdir) free',
        'free -> ok',
      ],
      modules: ['$OUT/search/app/sysprobe.dll'],
    },
  }),
  S({
    id: 'search-already-loaded',
    group: 'search',
    kind: 'dynamic',
    summary: 'a module already loaded under the same base name is used, wherever it came from',
    exe: 'search/app/dynload.exe',
    cwd: 'search/cwd',
    args: ['load=$OUT/search/extra/probe.dll', 'load=probe.dll', 'handle=probe.dll', 'free', 'free'],
    wine: {
      exitCode: 0,
      stdout: [
        'attach probe.dll (extra) dynamic',
        'load $OUT/search/extra/probe.dll -> $OUT/search/extra/probe.dll',
        'load probe.dll -> $OUT/search/extra/probe.dll',
        'handle probe.dll -> $OUT/search/extra/probe.dll',
        'free -> ok',
        'detach probe.dll (extra) free',
        'free -> ok',
      ],
      modules: ['$OUT/search/extra/probe.dll'],
    },
  }),
  S({
    id: 'search-dependency-of-full-path',
    group: 'search',
    kind: 'dynamic',
    summary:
      'a DLL loaded by full path: its imports are not searched in its folder unless LOAD_WITH_ALTERED_SEARCH_PATH or LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR',
    exe: 'search/noapp/dynload.exe',
    cwd: 'search/cwd',
    args: [
      'load=$OUT/search/extra/outer.dll',
      'loadex=$OUT/search/extra/outer.dll,ALTERED_SEARCH_PATH',
      'free',
      'loadex=$OUT/search/extra/outer.dll,SEARCH_DLL_LOAD_DIR|SEARCH_SYSTEM32',
      'free',
      'loadex=$OUT/search/extra/outer.dll,SEARCH_SYSTEM32',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'load $OUT/search/extra/outer.dll -> error 126',
        'attach inner.dll dynamic',
        'attach outer.dll dynamic',
        'loadex $OUT/search/extra/outer.dll,ALTERED_SEARCH_PATH -> $OUT/search/extra/outer.dll',
        'detach outer.dll free',
        'detach inner.dll free',
        'free -> ok',
        'attach inner.dll dynamic',
        'attach outer.dll dynamic',
        'loadex $OUT/search/extra/outer.dll,SEARCH_DLL_LOAD_DIR|SEARCH_SYSTEM32 -> $OUT/search/extra/outer.dll',
        'detach outer.dll free',
        'detach inner.dll free',
        'free -> ok',
        'loadex $OUT/search/extra/outer.dll,SEARCH_SYSTEM32 -> error 126',
      ],
      modules: ['$OUT/search/extra/inner.dll', '$OUT/search/extra/outer.dll'],
    },
  }),

  // ---- forwarders ---------------------------------------------------------------------------
  S({
    id: 'forward-static',
    group: 'forward',
    kind: 'static',
    summary:
      'imports of forwarded exports: by name (impl.F1), to an ordinal (impl.#5), a chain (mid.F3 -> impl.F3)',
    exe: 'forward/fwdapp.exe',
    cwd: 'forward',
    wine: {
      exitCode: 0,
      stdout: [
        'attach fwd.dll static',
        'attach impl.dll static',
        'attach mid.dll static',
        'main F1=1 F2=5 F3=3',
        'GetProcAddress(fwd, F1) == impl.F1: yes',
        'GetProcAddress(fwd, F2) == impl.#5: yes',
        'GetProcAddress(fwd, F3) == impl.F3: yes',
        'import F2 == impl.#5: yes',
        'detach mid.dll exit',
        'detach impl.dll exit',
        'detach fwd.dll exit',
      ],
      modules: ['$OUT/forward/fwd.dll', '$OUT/forward/impl.dll', '$OUT/forward/mid.dll'],
    },
  }),
  S({
    id: 'forward-getprocaddress',
    group: 'forward',
    kind: 'dynamic',
    summary: 'GetProcAddress on forwarders loads the targets on demand; they stay after FreeLibrary(fwd)',
    exe: 'forward/dynload.exe',
    cwd: 'forward',
    args: [
      'load=fwd.dll',
      'handle=impl.dll',
      'proc=F1',
      'proc=F2',
      'proc=F3',
      'proc=#2',
      'handle=mid.dll',
      'free',
      'handle=fwd.dll',
      'handle=impl.dll',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'attach fwd.dll dynamic',
        'load fwd.dll -> $OUT/forward/fwd.dll',
        'handle impl.dll -> error 126',
        'attach impl.dll dynamic',
        'proc F1 -> returns 1',
        'proc F2 -> returns 5',
        'attach mid.dll dynamic',
        'proc F3 -> returns 3',
        'proc #2 -> returns 5',
        'handle mid.dll -> $OUT/forward/mid.dll',
        'detach fwd.dll free',
        'free -> ok',
        'handle fwd.dll -> error 126',
        'handle impl.dll -> $OUT/forward/impl.dll',
        'detach mid.dll exit',
        'detach impl.dll exit',
      ],
      modules: ['$OUT/forward/fwd.dll', '$OUT/forward/impl.dll', '$OUT/forward/mid.dll'],
    },
  }),

  // ---- ordinals -----------------------------------------------------------------------------
  S({
    id: 'ordinal-import',
    group: 'ordinal',
    kind: 'static',
    summary: 'an import by ordinal (NONAME export) beside imports by name',
    exe: 'ordinal/ordapp.exe',
    cwd: 'ordinal',
    wine: {
      exitCode: 0,
      stdout: ['attach ord.dll static', 'main O1=1 O2=2 Named=7', 'detach ord.dll exit'],
      modules: ['$OUT/ordinal/ord.dll'],
    },
  }),
  S({
    id: 'ordinal-getprocaddress',
    group: 'ordinal',
    kind: 'dynamic',
    summary: 'GetProcAddress by name and by ordinal: NONAME, empty slots, out of range, case',
    exe: 'ordinal/dynload.exe',
    cwd: 'ordinal',
    args: [
      'load=ord.dll',
      'proc=O1',
      'proc=#1',
      'proc=#2',
      'proc=O2',
      'proc=#3',
      'proc=#7',
      'proc=Named',
      'proc=named',
      'proc=#8',
      'proc=#0',
      'proc=#99',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'attach ord.dll dynamic',
        'load ord.dll -> $OUT/ordinal/ord.dll',
        'proc O1 -> returns 1',
        'proc #1 -> returns 1',
        'proc #2 -> returns 2',
        'proc O2 -> error 127',
        'proc #3 -> error 127',
        'proc #7 -> returns 7',
        'proc Named -> returns 7',
        'proc named -> error 127',
        'proc #8 -> error 127',
        'proc #0 -> error 127',
        'proc #99 -> error 127',
        'detach ord.dll exit',
      ],
      modules: ['$OUT/ordinal/ord.dll'],
    },
  }),

  // ---- failures -----------------------------------------------------------------------------
  S({
    id: 'failure-missing-dll',
    group: 'failure',
    kind: 'static',
    summary: 'an imported DLL exists nowhere: STATUS_DLL_NOT_FOUND',
    exe: 'failure/missingdll.exe',
    cwd: 'failure',
    wine: { exitCode: STATUS.DLL_NOT_FOUND, stdout: [], modules: [] },
  }),
  S({
    id: 'failure-missing-export',
    group: 'failure',
    kind: 'static',
    summary: 'an import by name the DLL does not export',
    exe: 'failure/missingsym.exe',
    cwd: 'failure',
    wine: {
      // Wine fills the slot with a stub that faults if called, and runs the program.
      exitCode: 0,
      stdout: ['attach part.dll static', 'main Present=1 Missing resolved: non-null', 'detach part.dll exit'],
      modules: ['$OUT/failure/part.dll'],
    },
    windows: {
      outcome: { exitCode: STATUS.ENTRYPOINT_NOT_FOUND, stdout: [] },
      source: `${DOCS.ntstatus}: 0xC0000139 STATUS_ENTRYPOINT_NOT_FOUND "The procedure entry point %hs could not be located in the dynamic link library %hs." Wine 8 dlls/ntdll/loader.c import_dll: WARN "No implementation for %s.%s imported from %s, setting to %p".`,
    },
  }),
  S({
    id: 'failure-missing-ordinal',
    group: 'failure',
    kind: 'static',
    summary: 'an import by ordinal the DLL does not export',
    exe: 'failure/missingord.exe',
    cwd: 'failure',
    wine: {
      exitCode: 0,
      stdout: ['attach part.dll static', 'main Present=1 #42 resolved: non-null', 'detach part.dll exit'],
      modules: ['$OUT/failure/part.dll'],
    },
    windows: {
      outcome: { exitCode: STATUS.ORDINAL_NOT_FOUND, stdout: [] },
      source: `${DOCS.ntstatus}: 0xC0000138 STATUS_ORDINAL_NOT_FOUND "The ordinal %ld could not be located in the dynamic link library %hs." Wine 8 import_dll: WARN "No implementation for %s.%d imported from %s, setting to %p".`,
    },
  }),
  S({
    id: 'failure-init-failed',
    group: 'failure',
    kind: 'static',
    summary: 'a DllMain returns FALSE at process start: STATUS_DLL_INIT_FAILED; what gets detached',
    exe: 'failure/initfail.exe',
    cwd: 'failure',
    wine: {
      exitCode: STATUS.DLL_INIT_FAILED,
      stdout: ['attach okinit.dll static', 'attach refuse.dll static', 'detach refuse.dll exit'],
      modules: ['$OUT/failure/okinit.dll', '$OUT/failure/refuse.dll'],
    },
  }),
  S({
    id: 'failure-dynamic',
    group: 'failure',
    kind: 'dynamic',
    summary: 'LoadLibrary failures: DllMain FALSE (1114), missing DLL (126), missing dependency (126)',
    exe: 'failure/dynload.exe',
    cwd: 'failure',
    args: [
      'load=refuse.dll',
      'handle=refuse.dll',
      'load=nothere.dll',
      'load=missingdep.dll',
      'load=part.dll',
      'proc=Missing',
      'proc=#42',
      'proc=Present',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'attach refuse.dll dynamic',
        'detach refuse.dll free',
        'load refuse.dll -> error 1114',
        'handle refuse.dll -> error 126',
        'load nothere.dll -> error 126',
        'load missingdep.dll -> error 126',
        'attach part.dll dynamic',
        'load part.dll -> $OUT/failure/part.dll',
        'proc Missing -> error 127',
        'proc #42 -> error 127',
        'proc Present -> returns 1',
        'detach part.dll exit',
      ],
      modules: ['$OUT/failure/part.dll', '$OUT/failure/refuse.dll'],
    },
  }),
  S({
    id: 'failure-dynamic-missing-export',
    group: 'failure',
    kind: 'dynamic',
    summary: 'LoadLibrary of a DLL that imports a function its dependency lacks',
    exe: 'failure/dynload.exe',
    cwd: 'failure',
    args: ['load=needsmissing.dll', 'handle=part.dll'],
    wine: {
      exitCode: 0,
      stdout: [
        'attach part.dll dynamic',
        'attach needsmissing.dll dynamic',
        'load needsmissing.dll -> $OUT/failure/needsmissing.dll',
        'handle part.dll -> $OUT/failure/part.dll',
        'detach needsmissing.dll exit',
        'detach part.dll exit',
      ],
      modules: ['$OUT/failure/needsmissing.dll', '$OUT/failure/part.dll'],
    },
    windows: {
      outcome: { stdout: ['load needsmissing.dll -> error 127', 'handle part.dll -> error 126'] },
      source: `Not verified on Windows here. ${DOCS.ntstatus} (STATUS_ENTRYPOINT_NOT_FOUND), which RtlNtStatusToDosError maps to ERROR_PROC_NOT_FOUND (127); a failed load unloads what it mapped and runs no DllMain (imports are snapped before initialization).`,
    },
  }),

  // ---- delay load ---------------------------------------------------------------------------
  S({
    id: 'delay-load',
    group: 'delay',
    kind: 'dynamic',
    summary: 'a delay-imported DLL (dlltool --output-delaylib) loads at the first call, not at start',
    exe: 'delay/dlyapp.exe',
    cwd: 'delay',
    wine: {
      exitCode: 0,
      stdout: [
        'before call: GetModuleHandle(dly.dll) -> error 126',
        'attach dly.dll dynamic',
        'call dly_value -> 42',
        'after call: GetModuleHandle(dly.dll) -> $OUT/delay/dly.dll',
        'detach dly.dll exit',
      ],
      modules: ['$OUT/delay/dly.dll'],
    },
  }),

  // ---- reference counts ---------------------------------------------------------------------
  S({
    id: 'refcount',
    group: 'refcount',
    kind: 'dynamic',
    summary:
      'LoadLibrary twice, FreeLibrary twice: detach on the last free; a dependency held on its own survives',
    exe: 'refcount/dynload.exe',
    cwd: 'refcount',
    args: [
      'load=refdep.dll',
      'load=refc.dll',
      'load=refc.dll',
      'free',
      'handle=refc.dll',
      'free',
      'handle=refc.dll',
      'handle=refdep.dll',
      'free',
      'handle=refdep.dll',
      'load=refc.dll',
      'free',
    ],
    wine: {
      exitCode: 0,
      stdout: [
        'attach refdep.dll dynamic',
        'load refdep.dll -> $OUT/refcount/refdep.dll',
        'attach refc.dll dynamic',
        'load refc.dll -> $OUT/refcount/refc.dll',
        'load refc.dll -> $OUT/refcount/refc.dll',
        'free -> ok',
        'handle refc.dll -> $OUT/refcount/refc.dll',
        'detach refc.dll free',
        'free -> ok',
        'handle refc.dll -> error 126',
        'handle refdep.dll -> $OUT/refcount/refdep.dll',
        'detach refdep.dll free',
        'free -> ok',
        'handle refdep.dll -> error 126',
        'attach refdep.dll dynamic',
        'attach refc.dll dynamic',
        'load refc.dll -> $OUT/refcount/refc.dll',
        'detach refc.dll free',
        'detach refdep.dll free',
        'free -> ok',
      ],
      modules: ['$OUT/refcount/refc.dll', '$OUT/refcount/refdep.dll'],
    },
  }),
];

/** Host paths of a scenario's program, folders and System32 files in a layout. */
export function scenarioPaths(
  layout: FixtureLayout,
  s: Scenario,
): { exe: string; cwd: string; path: string[]; system32: string[] } {
  const p = (rel: string) => join(layout.root, ...rel.split('/'));
  return { exe: p(s.exe), cwd: p(s.cwd), path: s.path.map(p), system32: s.system32.map(p) };
}

/** The Windows-form roots of a layout under Wine. */
export function wineRoots(layout: FixtureLayout): WindowsRoots {
  return { out: toWinePath(layout.root), system32: WINE_SYSTEM32 };
}

/** Runs a scenario under Wine and reduces the run to its Outcome. */
export function runScenario(
  layout: FixtureLayout,
  s: Scenario,
  prefix?: string,
): { run: WineRun; outcome: Outcome } {
  const roots = wineRoots(layout);
  const paths = scenarioPaths(layout, s);
  const run = runUnderWine(paths.exe, {
    cwd: paths.cwd,
    path: paths.path,
    args: s.args.map((a) => fromPortable(a, roots)),
    runner: layout.runner,
    ...(prefix ? { prefix } : {}),
  });
  const exeLower = paths.exe.toLowerCase();
  const modules = [
    ...new Set(
      run.loaddll
        .filter((m) => m.kind === 'native' && m.path.toLowerCase() !== exeLower)
        .map((m) => toPortable(m.winePath, roots)),
    ),
  ].sort();
  return {
    run,
    outcome: { exitCode: run.exitCode, stdout: run.stdout.map((l) => toPortable(l, roots)), modules },
  };
}
