import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { Clock, hex, hexStatus, ntStatusName, STATUS, Trace, type TraceJson } from '../../base/index.js';
import { FileSource, HostFolderFileSystem } from '../../host/index.js';
import {
  LdrLoadDll,
  LdrResolveDelayLoadedAPI,
  LOAD_LIBRARY,
  type LdrGlobals,
  type LdrModule,
  type UserThreadContext,
} from '../../ntdll/index.js';
import { IMAGE_FILE, PeImage, readDelayImports, writePe } from '../../pe/index.js';
import { bootMachine, type BootedMachine } from '../../system/boot.js';
import { Machine } from '../../system/machine.js';
import { startImage, type StartedImage } from '../../system/start-image.js';
import { UserModeRuntime, type ExecutedRoutine } from '../../system/user-mode.js';
import type { DepsModule, DepsReport } from './report.js';

export interface DepsSessionOptions {
  /** A host folder of real DLLs laid over C:\Windows\System32 (`--system-root`). */
  systemRoot?: string;
  /** The current directory's host folder (`--cwd`). */
  cwd?: string;
  /** PATH's host folders, in order (`--path`). */
  path?: string[];
  /** Host files to put into C:\Windows\System32 as well (test layouts that install a DLL there). */
  system32Files?: string[];
  /** Record the trace of each run (`traceOfLastRun`); boot is not part of it. */
  trace?: boolean;
}

const APP = 'C:\\App';
const CWD = 'C:\\Cwd';
const PATH_ROOT = 'C:\\PathDirs';
const DLL_HOST = 'C:\\ProgramData\\ntsim\\dllhost.exe';

/** Host folders on the simulated disk, and the way back from a Win32 path to a host file. */
interface Mount {
  win32: string;
  host: string;
}

/**
 * `ntsim deps`: one booted machine (minimal boot) with the image's folder as `C:\App`, `--cwd` as
 * `C:\Cwd` and each `--path` folder as `C:\PathDirs\N`, on which every image of a run is started
 * — so a batch over a folder shares the machine, its KnownDLL sections and its cached image
 * sections. For an .exe the verdict is the loader's, in a process created for it and stopped at
 * its entry point; for a .dll, LoadLibraryExW(path, LOAD_WITH_ALTERED_SEARCH_PATH) in a host
 * process (a synthesized console program that imports nothing itself), as a program loading
 * the DLL by full path would.
 */
export class DepsSession {
  private readonly mounts: Mount[];
  private readonly listings = new Map<string, Map<string, string>>();

  private constructor(
    readonly appFolder: string,
    private readonly booted: BootedMachine,
    private readonly runtime: UserModeRuntime,
    mounts: Mount[],
    private readonly environment: Record<string, string>,
    private readonly currentDirectory: string,
  ) {
    this.mounts = mounts;
  }

  static open(appFolder: string, o: DepsSessionOptions = {}): DepsSession {
    const folder = (p: string, what: string): string => {
      let ok = false;
      try {
        ok = statSync(p).isDirectory();
      } catch {
        ok = false;
      }
      if (!ok) throw new Error(`${what} ${p}: not a directory`);
      return resolve(p);
    };
    const app = folder(appFolder, 'the image folder');
    const machine = Machine.assemble(
      o.systemRoot !== undefined
        ? { systemRoot: new HostFolderFileSystem(folder(o.systemRoot, '--system-root')) }
        : {},
    );
    const mounts: Mount[] = [];
    const mount = (win32: string, host: string): void => {
      machine.mountFolder(win32, new HostFolderFileSystem(host));
      mounts.push({ win32, host });
    };
    mount(APP, app);
    // A folder inside the image folder is already on the disk (as `C:\App\sub`); others get a mount.
    const place = (host: string, win32: string): string => {
      const rel = relative(app, host);
      if (rel === '') return APP;
      if (!rel.startsWith('..') && !isAbsolute(rel)) return `${APP}\\${rel.split(sep).join('\\')}`;
      mount(win32, host);
      return win32;
    };
    let cwd = 'C:\\Users\\user';
    if (o.cwd !== undefined) cwd = place(folder(o.cwd, '--cwd'), CWD);
    const pathDirs = (o.path ?? []).map((p, i) => place(folder(p, '--path'), `${PATH_ROOT}\\${i + 1}`));
    for (const f of o.system32Files ?? [])
      machine.addFile(`C:\\Windows\\System32\\${basename(f)}`, new Uint8Array(readFileSync(f)));
    if (o.systemRoot !== undefined)
      mounts.push({ win32: 'C:\\Windows\\System32', host: resolve(o.systemRoot) });
    const host = writePe({ kind: 'exe', subsystem: 'console', imports: {} });
    machine.addFile(DLL_HOST, host);
    const trace = o.trace ? new Trace(new Clock()) : undefined;
    const booted = bootMachine(machine, { mode: 'minimal', ...(trace ? { trace } : {}) });
    const runtime = new UserModeRuntime(booted.kernel);
    const environment = {
      SystemRoot: 'C:\\Windows',
      Path: ['C:\\Windows\\system32', 'C:\\Windows', 'C:\\Windows\\System32\\Wbem', ...pathDirs].join(';'),
      ComSpec: 'C:\\Windows\\system32\\cmd.exe',
    };
    return new DepsSession(app, booted, runtime, mounts, environment, cwd);
  }

  /** The Win32 path of a host file under the image folder (`C:\App\…`), or null. */
  win32PathOf(hostPath: string): string | null {
    const rel = relative(this.appFolder, resolve(hostPath));
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return null;
    return `${APP}\\${rel.split(sep).join('\\')}`;
  }

  /**
   * Starts an .exe and leaves its process at the entry point: the report, and a user-mode context
   * on its initial thread (for callers that go on to drive its loader, as a program would).
   */
  launch(hostImagePath: string): { report: DepsReport; context: UserThreadContext | null } {
    this.markTrace();
    const abs = resolve(hostImagePath);
    const win32 = this.win32PathOf(abs);
    if (!win32) throw new Error(`${hostImagePath} is not inside ${this.appFolder}`);
    const { report, started } = this.runExe(abs, win32);
    const context =
      started?.process && started.thread && !started.process.exited
        ? this.runtime.context(started.process, started.thread)
        : null;
    return { report, context };
  }

  /** The routines the model's processor ran in `pid` (DllMain, TLS callbacks), in order. */
  executedIn(pid: number): ExecutedRoutine[] {
    return this.runtime.executed.filter((e) => e.pid === pid);
  }

  private traceMark = { spans: 0, events: 0, objects: 0 };

  /**
   * The trace of the last `run`/`launch` (the session was opened with `trace`): every span from
   * explorer's NtCreateUserProcess through the loader's LdrInitializeThunk to the entry point.
   */
  traceOfLastRun(): TraceJson {
    const all = this.booted.kernel.trace.toJSON();
    return {
      ...all,
      spans: all.spans.slice(this.traceMark.spans),
      events: all.events.slice(this.traceMark.events),
      objects: all.objects.slice(this.traceMark.objects),
    };
  }

  private markTrace(): void {
    const t = this.booted.kernel.trace;
    if (!t.enabled) return;
    const all = t.toJSON();
    this.traceMark = { spans: all.spans.length, events: all.events.length, objects: all.objects.length };
  }

  /** The report for one image under the session's folder. */
  run(hostImagePath: string): DepsReport {
    this.markTrace();
    const abs = resolve(hostImagePath);
    const win32 = this.win32PathOf(abs);
    if (!win32) throw new Error(`${hostImagePath} is not inside ${this.appFolder}`);
    // The file header's IMAGE_FILE_DLL decides how the image is started (the headers only are read).
    let isDll = /\.dll$/i.test(abs);
    const source = new FileSource(abs);
    try {
      isDll = (PeImage.open(source).fileHeader.Characteristics & IMAGE_FILE.DLL!) !== 0;
    } catch {
      // Not an image: it is started as named, and the creation reports why it is not one.
    } finally {
      source.close();
    }
    return isDll ? this.runDll(abs, win32) : this.runExe(abs, win32).report;
  }

  private runExe(hostPath: string, win32: string): { report: DepsReport; started: StartedImage | null } {
    const started = startImage(this.booted, this.runtime, {
      imagePath: win32,
      currentDirectory: this.currentDirectory,
      environment: this.environment,
    });
    const g = started.process ? this.runtime.processData(started.process).ldr : undefined;
    if (!g || started.stage === 'create')
      return { report: this.report(hostPath, started.status, null, []), started: null };
    const delayed = started.status === STATUS.SUCCESS ? this.resolveDelayLoads(started, g) : [];
    return {
      report: this.report(hostPath, started.status, g, delayed, g.modules.find((m) => m.isExe) ?? null),
      started,
    };
  }

  /**
   * What the exe's delay-load imports would load on their first calls: each delay-loaded DLL is
   * resolved once (LdrResolveDelayLoadedAPI for its first function) after the entry point is
   * reached, so the report can show it (delayLoad: true) without counting it in the load order.
   */
  private resolveDelayLoads(started: ReturnType<typeof startImage>, g: LdrGlobals): DelayResult[] {
    const exe = g.modules.find((m) => m.isExe);
    if (!exe || !started.process || !started.thread) return [];
    let descriptors;
    try {
      descriptors = readDelayImports(exe.image);
    } catch {
      return [];
    }
    const out: DelayResult[] = [];
    const ctx = this.runtime.context(started.process, started.thread);
    for (const d of descriptors) {
      const f = d.functions[0];
      if (!f) continue;
      const before = new Set(g.modules);
      const r = LdrResolveDelayLoadedAPI(ctx, exe.base, d.dll, 'name' in f ? f.name : f.ordinal);
      out.push({ dll: d.dll, status: r.status, modules: g.modules.filter((m) => !before.has(m)) });
    }
    return out;
  }

  private runDll(hostPath: string, win32: string): DepsReport {
    const started = startImage(this.booted, this.runtime, {
      imagePath: DLL_HOST,
      currentDirectory: this.currentDirectory,
      environment: this.environment,
    });
    const g = started.process ? this.runtime.processData(started.process).ldr : undefined;
    if (!g || started.status !== STATUS.SUCCESS || !started.process || !started.thread)
      return this.report(hostPath, started.status, g ?? null, []);
    const ctx = this.runtime.context(started.process, started.thread);
    const r = LdrLoadDll(ctx, win32, LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH);
    const dll = g.modules.find((m) => m.fullName.toLowerCase() === win32.toLowerCase()) ?? null;
    return this.report(hostPath, r.status, g, [], dll, DLL_HOST);
  }

  private report(
    image: string,
    status: number,
    g: LdrGlobals | null,
    delayed: DelayResult[],
    root: LdrModule | null = null,
    hidden: string | null = null,
  ): DepsReport {
    const shown = (m: LdrModule): boolean => !m.isExe && (hidden === null || m.fullName !== hidden);
    const modules: DepsModule[] = [];
    const describe = (m: LdrModule, delayLoad: boolean): DepsModule => ({
      name: m.baseName,
      path: m.fullName,
      hostPath: this.hostPathOf(m.fullName),
      base: hex(m.base),
      resolvedBy: m.resolvedBy,
      apiSet: m.apiSet,
      importedBy: [...m.importedBy],
      delayLoad,
      probed: m.probed.map((p) => ({ step: p.step, path: p.path, hostPath: this.hostPathOf(p.path) })),
    });
    const delayedModules = new Set(delayed.flatMap((d) => d.modules));
    for (const m of g?.modules ?? [])
      if (shown(m) && !delayedModules.has(m)) modules.push(describe(m, false));
    for (const m of delayedModules) modules.push(describe(m, true));
    const loadOrder = (g?.modules ?? [])
      .filter((m) => !delayedModules.has(m) && (hidden === null || m.fullName !== hidden))
      .map((m) => m.baseName);
    const initOrder = (g?.initOrder ?? []).filter((n) => ![...delayedModules].some((m) => m.baseName === n));
    const missing = new Map<string, { name: string; importedBy: string }>();
    for (const x of g?.missing ?? [])
      missing.set(`${x.name}|${x.importedBy}`, { name: x.name, importedBy: x.importedBy });
    for (const d of delayed)
      if (d.status === STATUS.DLL_NOT_FOUND && root)
        missing.set(`${d.dll}|${root.baseName}`, { name: d.dll, importedBy: root.baseName });
    return {
      image,
      status: hexStatus(status),
      statusName: ntStatusName(status),
      modules,
      loadOrder,
      initOrder,
      missing: [...missing.values()],
      unresolved: (g?.unresolved ?? []).map((u) => ({
        dll: u.dll,
        function: u.function,
        ordinal: u.ordinal,
        importedBy: u.importedBy,
        status: ntStatusName(u.status),
      })),
    };
  }

  /** The host file behind a Win32 path of a mounted folder (matched case-insensitively), or null. */
  hostPathOf(win32: string): string | null {
    const lower = win32.toLowerCase();
    for (const m of this.mounts) {
      const prefix = m.win32.toLowerCase() + '\\';
      if (!lower.startsWith(prefix)) continue;
      let at = m.host;
      for (const part of win32.slice(prefix.length).split('\\')) {
        const name = this.listing(at).get(part.toUpperCase());
        if (!name) return null;
        at = join(at, name);
      }
      return existsSync(at) ? at : null;
    }
    return null;
  }

  private listing(dir: string): Map<string, string> {
    let l = this.listings.get(dir);
    if (!l) {
      l = new Map();
      try {
        for (const n of readdirSync(dir).sort()) if (!l.has(n.toUpperCase())) l.set(n.toUpperCase(), n);
      } catch {
        // not a directory: nothing under it
      }
      this.listings.set(dir, l);
    }
    return l;
  }
}

interface DelayResult {
  dll: string;
  status: number;
  modules: LdrModule[];
}
