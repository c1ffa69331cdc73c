import { ERROR, hexStatus, STATUS } from '../../base/index.js';
import {
  AddDllDirectory,
  CloseHandle,
  FreeLibrary,
  GetExitCodeProcess,
  GetModuleFileNameW,
  GetModuleHandleExW,
  GetModuleHandleW,
  GetProcAddress,
  GetProcessId,
  LoadLibraryExW,
  LoadLibraryW,
  OpenProcess,
  OpenThread,
  RemoveDllDirectory,
  ResumeThread,
  SetDefaultDllDirectories,
  SetDllDirectoryW,
  SuspendThread,
  TerminateProcess,
} from '../../kernelbase/index.js';
import { LdrResolveDelayLoadedAPI, type UserThreadContext } from '../../ntdll/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { EPROCESS, ETHREAD } from '../../kernel/ps/index.js';
import { flagsValue, type ArgSpec } from './args.js';
import { CREATE_PROCESS_CALLS } from './create-process-call.js';
import { GUI_CALLS } from './gui-calls.js';
import { LOGON_CALLS } from './logon-calls.js';
import { DEBUG_CALLS } from './debug-calls.js';
import { PICO_CALLS } from './pico-calls.js';
import { JOB_CALLS } from './job-calls.js';
import { REGISTRY_CALLS } from './registry-calls.js';
import { MEMORY_CALLS } from './memory-calls.js';
import { TOKEN_CALLS } from './token-calls.js';
import { handleArg, hex, opt, win32 } from './outcome.js';
import type { LogonServices } from '../../system/accounts.js';
import { GET_MODULE_HANDLE_EX_FLAGS, LOAD_LIBRARY_FLAGS, PROCESS_ACCESS, THREAD_ACCESS } from './names.js';

/** What a call step gives back before it is written into the Result. */
export interface CallOutcome {
  ok: boolean;
  /** A number (BOOL 0/1, counts) or, for handles, modules and addresses, a number shown as `0x…`. */
  returnValue: number | string | null;
  /** Win32 calls: GetLastError() right after the call. */
  lastError?: number;
  status?: number;
  out?: Record<string, unknown>;
}

export interface CallEnv {
  /** The calling process and a user-mode context on its thread. */
  caller: EPROCESS;
  thread: ETHREAD;
  ctx: UserThreadContext;
  kernel: Kernel;
  /** Per-run counters (deterministic: a fresh run starts them again). */
  session: { windows: number };
  /** LSA, Secondary Logon and AppInfo of the booted machine (advapi32's and shell32's rpc). */
  services: LogonServices;
  /** A process id argument (a number, or {image}) as a pid. */
  pid(v: unknown): number;
  /**
   * The calling thread waits: the other ready threads run meanwhile (the runner's `untilIdle`).
   * What a blocking wait (WaitForDebugEvent with a timeout) does before it times out.
   */
  yieldToReadyThreads?(): void;
}

export interface CallDef {
  args: Readonly<Record<string, ArgSpec>>;
  run(env: CallEnv, a: Record<string, unknown>): CallOutcome;
}

/**
 * The calls a scenario step may make (scenario.md: Windows function names exactly; arguments are
 * the documented parameter names without Hungarian prefixes, in camelCase). Each runs as the
 * step's calling process, through the model's kernelbase/ntdll.
 */
const BASE_CALLS: Readonly<Record<string, CallDef>> = {
  OpenProcess: {
    args: {
      desiredAccess: { kind: 'flags', table: PROCESS_ACCESS, what: 'access right' },
      inheritHandle: opt({ kind: 'bool' }),
      processId: { kind: 'pid' },
    },
    run: (e, a) =>
      win32(
        OpenProcess(
          e.ctx,
          flagsValue(a.desiredAccess, PROCESS_ACCESS),
          a.inheritHandle === true,
          e.pid(a.processId),
        ),
        'handle',
      ),
  },
  OpenThread: {
    args: {
      desiredAccess: { kind: 'flags', table: THREAD_ACCESS, what: 'access right' },
      inheritHandle: opt({ kind: 'bool' }),
      threadId: { kind: 'int' },
    },
    run: (e, a) =>
      win32(
        OpenThread(
          e.ctx,
          flagsValue(a.desiredAccess, THREAD_ACCESS),
          a.inheritHandle === true,
          Number(a.threadId),
        ),
        'handle',
      ),
  },
  CloseHandle: {
    args: { object: { kind: 'handle' } },
    run: (e, a) => win32(CloseHandle(e.ctx, handleArg(a.object)), 'bool'),
  },
  TerminateProcess: {
    args: { process: { kind: 'handle' }, exitCode: opt({ kind: 'int' }) },
    run: (e, a) => win32(TerminateProcess(e.ctx, handleArg(a.process), Number(a.exitCode ?? 0)), 'bool'),
  },
  ResumeThread: {
    args: { thread: { kind: 'handle' } },
    run: (e, a) => win32(ResumeThread(e.ctx, handleArg(a.thread)), 'number'),
  },
  SuspendThread: {
    args: { thread: { kind: 'handle' } },
    run: (e, a) => win32(SuspendThread(e.ctx, handleArg(a.thread)), 'number'),
  },
  GetExitCodeProcess: {
    args: { process: { kind: 'handle' } },
    run: (e, a) => {
      const r = GetExitCodeProcess(e.ctx, handleArg(a.process));
      return win32(r, 'bool', r.exitCode !== undefined ? { exitCode: r.exitCode } : undefined);
    },
  },
  GetProcessId: {
    args: { process: { kind: 'handle' } },
    run: (e, a) => {
      const r = GetProcessId(e.ctx, handleArg(a.process));
      return { ...win32(r, 'number'), ok: r.returnValue !== 0 };
    },
  },
  LoadLibraryW: {
    args: { libFileName: { kind: 'string' } },
    run: (e, a) => win32(LoadLibraryW(e.ctx, String(a.libFileName)), 'handle'),
  },
  LoadLibraryExW: {
    args: {
      libFileName: { kind: 'string' },
      file: opt({ kind: 'handle', nullable: true }),
      flags: opt({ kind: 'flags', table: LOAD_LIBRARY_FLAGS, what: 'flag' }),
    },
    run: (e, a) =>
      win32(
        LoadLibraryExW(
          e.ctx,
          String(a.libFileName),
          handleArg(a.file),
          flagsValue(a.flags, LOAD_LIBRARY_FLAGS),
        ),
        'handle',
      ),
  },
  GetModuleHandleW: {
    args: { moduleName: { kind: 'string', nullable: true } },
    run: (e, a) => win32(GetModuleHandleW(e.ctx, (a.moduleName as string | null) ?? null), 'handle'),
  },
  GetModuleHandleExW: {
    args: {
      flags: opt({ kind: 'flags', table: GET_MODULE_HANDLE_EX_FLAGS, what: 'flag' }),
      moduleName: { kind: 'any' },
    },
    run: (e, a) => {
      const r = GetModuleHandleExW(
        e.ctx,
        flagsValue(a.flags, GET_MODULE_HANDLE_EX_FLAGS),
        a.moduleName as string | number | null,
      );
      // BOOL, with the module in *phModule.
      return {
        ...win32(r, 'bool', r.returnValue ? { module: hex(r.returnValue) } : undefined),
        returnValue: r.returnValue ? 1 : 0,
      };
    },
  },
  GetModuleFileNameW: {
    args: { module: { kind: 'handle', nullable: true }, size: opt({ kind: 'int' }) },
    run: (e, a) => {
      const r = GetModuleFileNameW(e.ctx, handleArg(a.module) || null, Number(a.size ?? 260));
      // The characters copied; a buffer too small gives nSize back (Microsoft Learn, GetModuleFileNameW).
      const size = Number(a.size ?? 260);
      return {
        ok: r.lastError === ERROR.SUCCESS,
        returnValue: r.lastError === ERROR.INSUFFICIENT_BUFFER ? size : r.returnValue.length,
        lastError: r.lastError,
        status: r.status,
        out: { filename: r.returnValue },
      };
    },
  },
  GetProcAddress: {
    args: { module: { kind: 'handle' }, procName: { kind: 'any' } },
    run: (e, a) => {
      const p = a.procName;
      const name = typeof p === 'string' && /^#\d+$/.test(p) ? Number(p.slice(1)) : (p as string | number);
      const r = GetProcAddress(e.ctx, handleArg(a.module), name);
      return win32(r, 'handle', r.returnValue ? { address: hex(r.returnValue) } : undefined);
    },
  },
  FreeLibrary: {
    args: { libModule: { kind: 'handle' } },
    run: (e, a) => win32(FreeLibrary(e.ctx, handleArg(a.libModule)), 'bool'),
  },
  SetDllDirectoryW: {
    args: { pathName: { kind: 'string', nullable: true } },
    run: (e, a) => win32(SetDllDirectoryW(e.ctx, (a.pathName as string | null) ?? null), 'bool'),
  },
  AddDllDirectory: {
    args: { newDirectory: { kind: 'string' } },
    run: (e, a) => {
      const r = AddDllDirectory(e.ctx, String(a.newDirectory));
      return win32(r, 'handle', r.returnValue ? { cookie: hex(r.returnValue) } : undefined);
    },
  },
  RemoveDllDirectory: {
    args: { cookie: { kind: 'handle' } },
    run: (e, a) => win32(RemoveDllDirectory(e.ctx, handleArg(a.cookie)), 'bool'),
  },
  SetDefaultDllDirectories: {
    args: { directoryFlags: { kind: 'flags', table: LOAD_LIBRARY_FLAGS, what: 'flag' } },
    run: (e, a) =>
      win32(SetDefaultDllDirectories(e.ctx, flagsValue(a.directoryFlags, LOAD_LIBRARY_FLAGS)), 'bool'),
  },
  /**
   * The first call through a delay-load thunk: `__delayLoadHelper2`'s work (ntdll
   * LdrResolveDelayLoadedAPI) for `dll`!`function` as imported by `module` (the exe when omitted).
   * returnValue is the resolved address; a failure gives the status and the exception the helper
   * raises (out.exceptionCode: 0xC06D007E module, 0xC06D007F procedure).
   */
  __delayLoadHelper2: {
    args: { module: opt({ kind: 'handle' }), dll: { kind: 'string' }, function: { kind: 'any' } },
    run: (e, a) => {
      const g = e.ctx.processData.ldr;
      const importer =
        a.module !== undefined ? handleArg(a.module) : (g?.modules.find((m) => m.isExe)?.base ?? 0);
      const f = a.function;
      const fn = typeof f === 'string' && /^#\d+$/.test(f) ? Number(f.slice(1)) : (f as string | number);
      const r = LdrResolveDelayLoadedAPI(e.ctx, importer, String(a.dll), fn);
      const out: Record<string, unknown> = {};
      if (r.module) out.module = hex(r.module.base);
      if (r.exception !== undefined) out.exceptionCode = hexStatus(r.exception);
      return {
        ok: r.status === STATUS.SUCCESS,
        returnValue: hex(r.address ?? 0),
        status: r.status,
        ...(Object.keys(out).length ? { out } : {}),
      };
    },
  },
};

export const CALLS: Readonly<Record<string, CallDef>> = {
  ...BASE_CALLS,
  ...CREATE_PROCESS_CALLS,
  ...GUI_CALLS,
  ...LOGON_CALLS,
  ...DEBUG_CALLS,
  ...PICO_CALLS,
  ...JOB_CALLS,
  ...REGISTRY_CALLS,
  ...MEMORY_CALLS,
  ...TOKEN_CALLS,
};
