import { ERROR, STATUS, type NTSTATUS } from '../base/index.js';
import {
  CloseHandle,
  CREATE_FLAGS,
  CreateProcessW,
  NTSTATUS_FROM_WIN32,
  STARTF,
  SW,
  BaseComputeProcessExePath,
  type Win32Result,
} from '../kernelbase/index.js';
import { BasepReadCallerParameters, type CallerParameters } from '../kernelbase/process/caller-peb.js';
import { BasepPathContext, BasepProbeFile } from '../kernelbase/process/paths.js';
import { NtCurrentTebClientId, type RtlPathContext, type UserThreadContext } from '../ntdll/index.js';
import type { AppInfoBinding } from './appinfo-client.js';
import { expandEnvironmentStrings, SHELL_ArgifyW } from './argify.js';
import {
  ERROR_CANCELLED,
  ERROR_NO_ASSOCIATION,
  ERROR_SERVICE_NOT_ACTIVE,
  SE_ERR,
  SEE_MASK,
  SHELL_EXECUTE_SUCCESS,
} from './constants.js';
import { ClassesRoot, queryAppPath } from './registry.js';

/** The RPC connections shell32 reaches other processes through: the Application Information service. */
export interface Shell32Rpc {
  appinfo?: AppInfoBinding | null;
}

/**
 * SHELLEXECUTEINFOW (Microsoft Learn) with its members named without their Hungarian prefixes
 * (fMask → mask, lpVerb → verb, lpFile → file, lpParameters → parameters, lpDirectory → directory,
 * nShow → show, lpClass → class). hwnd, lpIDList, hkeyClass, dwHotKey and hIcon are not modelled.
 */
export interface ShellExecuteInfo {
  mask?: number;
  verb?: string | null;
  file: string | null;
  parameters?: string | null;
  directory?: string | null;
  show?: number;
  /** lpClass: a ProgID or extension, read only with SEE_MASK_CLASSNAME. */
  class?: string | null;
}

/** BOOL ShellExecuteExW, with the members it writes: hInstApp (> 32 on success) and hProcess. */
export type ShellExecuteExResult = Win32Result & { out: { hInstApp: number; hProcess: number } };

/** A failure: hInstApp's SE_ERR_* value, the last error and the status behind it. */
interface Failure {
  instApp: number;
  lastError: number;
  status: NTSTATUS;
}

const failure = (instApp: number, lastError: number, status?: NTSTATUS): Failure => ({
  instApp,
  lastError,
  status: (status ?? NTSTATUS_FROM_WIN32(lastError)) >>> 0,
});

/**
 * The SE_ERR_* a Win32 error shows as in hInstApp (shellapi.h): the errors below 32 keep their number
 * (SE_ERR_FNF 2, SE_ERR_PNF 3, SE_ERR_ACCESSDENIED 5, SE_ERR_OOM 8), ERROR_NO_ASSOCIATION is
 * SE_ERR_NOASSOC, a cancelled elevation SE_ERR_ACCESSDENIED, anything else ERROR_BAD_FORMAT (Wine's
 * SHELL_ExecuteW: "retval >= 32 → ERROR_BAD_FORMAT").
 */
function instAppOf(error: number): number {
  if (error === ERROR_NO_ASSOCIATION) return SE_ERR.NOASSOC;
  if (error === ERROR_CANCELLED) return SE_ERR.ACCESSDENIED;
  return error > 0 && error < 32 ? error : SE_ERR.BAD_FORMAT;
}

function stripQuotes(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

/** The file's name has no extension: SearchPathW's lpExtension (`.exe`) is added. */
function needsExtension(name: string): boolean {
  const last = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
  return !name.slice(last + 1).includes('.');
}

interface Located {
  status: NTSTATUS;
  path?: string;
  directory?: boolean;
}

/**
 * Where lpFile is (Wine SHELL_FindExecutable): App Paths for a bare name; then SearchPathW(lpDirectory
 * first, then the process's exe search path, `.exe` appended to a name without extension) for a
 * plain name, or the name itself for one with a path. Not found: ERROR_PATH_NOT_FOUND when a named
 * directory does not exist, else ERROR_FILE_NOT_FOUND.
 */
function locate(
  ctx: UserThreadContext,
  file: string,
  directory: string | null,
  caller: CallerParameters,
  paths: RtlPathContext,
  note: (text: string, data?: Record<string, string | number | boolean | null>) => void,
): Located {
  const hasPath = /[\\/:]/.test(file);
  const names = needsExtension(file) ? [file + '.exe', file] : [file];
  const probe = (p: string): Located | null => {
    const r = BasepProbeFile(ctx, p, paths);
    note(`probe ${p}`, { status: r.status >>> 0, directory: r.directory });
    return r.status === STATUS.SUCCESS
      ? { status: STATUS.SUCCESS, path: r.fullPath, directory: r.directory }
      : null;
  };
  if (!hasPath) {
    const app = queryAppPath(ctx, file);
    if (app) {
      const path = stripQuotes(
        app.expand ? expandEnvironmentStrings(app.value, caller.environment) : app.value,
      );
      note('App Paths', { path });
      return { status: STATUS.SUCCESS, path, directory: false };
    }
    const dirs = [...(directory ? [directory] : []), ...BaseComputeProcessExePath(caller)];
    for (const dir of dirs)
      for (const n of names) {
        const found = probe(dir.endsWith('\\') ? dir + n : `${dir}\\${n}`);
        if (found) return found;
      }
    return { status: STATUS.OBJECT_NAME_NOT_FOUND };
  }
  for (const n of names) {
    const found = probe(n);
    if (found) return found;
  }
  const cut = Math.max(file.lastIndexOf('\\'), file.lastIndexOf('/'));
  if (cut > 0) {
    const parent = BasepProbeFile(ctx, file.slice(0, cut + (file[cut - 1] === ':' ? 1 : 0)), paths);
    if (parent.status !== STATUS.SUCCESS || !parent.directory)
      return { status: STATUS.OBJECT_PATH_NOT_FOUND };
  }
  return { status: STATUS.OBJECT_NAME_NOT_FOUND };
}

/**
 * The verb's command template (Microsoft Learn "Verbs and File Associations"; Wine
 * SHELL_FindExecutableByVerb / HCR_GetDefaultVerbW): the class is the extension key's default value
 * (the ProgID) or, with SEE_MASK_CLASSNAME, lpClass; a given verb must have
 * `<class>\shell\<verb>\command`; without a verb, the class's `shell` default value names the
 * default verb (the first of a comma-separated list that exists), else `open`. Enumerating the verbs
 * for "the first one" is not modelled (ntdll has no NtEnumerateKey stub in the model).
 */
function findCommand(
  classes: ClassesRoot,
  progId: string,
  verb: string | null,
): { verb: string; template: string; expand: boolean } | null {
  const command = (v: string) => classes.query(`${progId}\\shell\\${v}\\command`);
  const candidates: string[] = [];
  if (verb) candidates.push(verb);
  else {
    const def = classes.query(`${progId}\\shell`);
    if (def?.value)
      candidates.push(
        ...def.value
          .split(',')
          .map((v) => v.trim())
          .filter((v) => v),
      );
    candidates.push('open');
  }
  for (const v of candidates) {
    const c = command(v);
    if (c?.value) return { verb: v, template: c.value, expand: c.expand };
  }
  return null;
}

/**
 * ShellExecuteExW (Microsoft Learn "ShellExecuteExW", "SHELLEXECUTEINFOW", "Launching Applications";
 * Wine dlls/shell32/shlexec.c SHELL_execute, whose behaviour dlls/shell32/tests/shlexec.c checks
 * against Windows):
 * 1. lpFile (surrounding quotes removed) and lpDirectory have their environment strings expanded;
 *    the file is located (App Paths, SearchPathW from lpDirectory) — SE_ERR_FNF / SE_ERR_PNF;
 * 2. a directory opens in Explorer; a file's class is its extension's ProgID (HKCR merged view) and
 *    the verb's command (the default verb without one) — SE_ERR_NOASSOC, ERROR_NO_ASSOCIATION, when
 *    the extension, the class or the verb is not registered;
 * 3. the command template (REG_EXPAND_SZ expanded) gets %1, %L, %2…%9, %* and %~n substituted (SHELL_ArgifyW);
 * 4. `runas`: the elevated start goes to the Application Information service
 *    (RAiLaunchAdminProcess), which creates the process with the user's linked token and the caller
 *    as parent; any other verb: CreateProcessW(NULL, command, …, CREATE_UNICODE_ENVIRONMENT and
 *    CREATE_NEW_CONSOLE unless SEE_MASK_NO_CONSOLE, lpDirectory when it is an existing directory,
 *    STARTF_USESHOWWINDOW with nShow) — a failure's error is the last error and, below 32, hInstApp;
 * 5. hInstApp is 42 (> 32) on success; hProcess is the new process's handle only with
 *    SEE_MASK_NOCLOSEPROCESS (else it is closed, and hProcess is NULL); the thread handle is closed.
 * No dialog is shown in any case (as with SEE_MASK_FLAG_NO_UI); DDE, IDLists, context-menu
 * handlers, URLs and SEE_MASK_CLASSKEY are not modelled.
 */
export function ShellExecuteExW(
  ctx: UserThreadContext,
  rpc: Shell32Rpc,
  info: ShellExecuteInfo,
): ShellExecuteExResult {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'shell32',
      fn: 'ShellExecuteExW',
      channel: 'win32',
      args: {
        mask: (info.mask ?? 0) >>> 0,
        verb: info.verb ?? null,
        file: info.file,
        parameters: info.parameters ?? null,
        directory: info.directory ?? null,
        show: info.show ?? SW.SHOWNORMAL,
      },
    },
    (span) => {
      const r = shellExecute(ctx, rpc, info, (text, data) => span.note(text, data));
      return { status: r.status, value: r, result: { ...r.out, lastError: r.lastError } };
    },
  ).value!;
}

function shellExecute(
  ctx: UserThreadContext,
  rpc: Shell32Rpc,
  info: ShellExecuteInfo,
  note: (text: string, data?: Record<string, string | number | boolean | null>) => void,
): ShellExecuteExResult {
  const r = execute(ctx, rpc, info, note);
  if ('instApp' in r)
    return {
      returnValue: 0,
      lastError: r.lastError,
      status: r.status,
      out: { hInstApp: r.instApp, hProcess: 0 },
    };
  return {
    returnValue: 1,
    lastError: ERROR.SUCCESS,
    status: STATUS.SUCCESS,
    out: { hInstApp: SHELL_EXECUTE_SUCCESS, hProcess: r.hProcess },
  };
}

function execute(
  ctx: UserThreadContext,
  rpc: Shell32Rpc,
  info: ShellExecuteInfo,
  note: (text: string, data?: Record<string, string | number | boolean | null>) => void,
): Failure | { hProcess: number } {
  const mask = (info.mask ?? 0) >>> 0;
  const caller = BasepReadCallerParameters(ctx);
  const env = caller.environment;
  const file = expandEnvironmentStrings(stripQuotes(info.file ?? ''), env);
  if (!file) return failure(SE_ERR.FNF, ERROR.FILE_NOT_FOUND, STATUS.OBJECT_NAME_NOT_FOUND);
  const callerPaths = BasepPathContext(caller.currentDirectory, env);
  // lpDirectory: the search starts there and the new process runs there, when it is a directory
  // (Wine: "make sure we don't fail the CreateProcess if the calling app passes in a bad working
  // directory").
  let directory: string | null = null;
  if (info.directory) {
    const d = BasepProbeFile(ctx, expandEnvironmentStrings(info.directory, env), callerPaths);
    if (d.status === STATUS.SUCCESS && d.directory) directory = d.fullPath;
    else note('lpDirectory is not a directory: ignored', { directory: info.directory });
  }
  const paths = directory ? BasepPathContext(directory, env) : callerPaths;
  const where = locate(ctx, file, directory, caller, paths, note);
  if (where.status !== STATUS.SUCCESS || !where.path)
    return where.status === STATUS.OBJECT_PATH_NOT_FOUND
      ? failure(SE_ERR.PNF, ERROR.PATH_NOT_FOUND, where.status)
      : failure(SE_ERR.FNF, ERROR.FILE_NOT_FOUND, where.status);
  const path = where.path;
  const parameters = info.parameters ?? '';
  const verb = info.verb ? info.verb : null;
  let commandLine: string;
  if (where.directory) {
    // A folder (Wine: "Check if we're executing a directory and if so use the handler for the Folder
    // class"): Explorer opens it.
    commandLine = `${caller.systemRoot}\\explorer.exe "${path}"`;
    note('a folder: Explorer', { commandLine });
  } else {
    const classes = new ClassesRoot(ctx);
    let progId: string | null = null;
    if (mask & SEE_MASK.CLASSNAME && info.class) progId = info.class;
    else {
      const last = path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
      const dot = last.lastIndexOf('.');
      const ext = dot >= 0 && dot < last.length - 1 ? last.slice(dot) : null;
      if (ext) progId = classes.query(ext)?.value || (classes.exists(`${ext}\\shell`) ? ext : null);
      note('class', { extension: ext, progId });
    }
    if (progId && progId.startsWith('.')) {
      const p = classes.query(progId)?.value;
      if (p) progId = p;
    }
    const found = progId ? findCommand(classes, progId, verb) : null;
    if (!found) return failure(SE_ERR.NOASSOC, ERROR_NO_ASSOCIATION);
    const template = found.expand ? expandEnvironmentStrings(found.template, env) : found.template;
    commandLine = SHELL_ArgifyW(template, path, parameters);
    note('command', { verb: found.verb, template: found.template, commandLine });
  }
  const show = info.show ?? SW.SHOWNORMAL;
  const startupInfo = { flags: STARTF.USESHOWWINDOW, showWindow: show };
  let creationFlags = CREATE_FLAGS.CREATE_UNICODE_ENVIRONMENT;
  if (!(mask & SEE_MASK.NO_CONSOLE)) creationFlags |= CREATE_FLAGS.CREATE_NEW_CONSOLE;
  let hProcess: number;
  let hThread: number;
  if (verb !== null && verb.toLowerCase() === 'runas') {
    const binding = rpc.appinfo;
    if (!binding) return failure(SE_ERR.ACCESSDENIED, ERROR_SERVICE_NOT_ACTIVE);
    const client = NtCurrentTebClientId(ctx);
    const r = ctx.trace.call(
      {
        layer: 'user',
        module: 'shell32',
        fn: 'AicLaunchAdminProcess',
        channel: 'win32',
        args: { commandLine },
      },
      () => {
        const response = binding.RAiLaunchAdminProcess(client, {
          ExecutablePath: null,
          CommandLine: commandLine,
          CreateFlags: creationFlags,
          CurrentDirectory: directory ?? caller.currentDirectory,
          StartupInfo: startupInfo,
          dwProcessId: client.processId,
        });
        return { status: response.status, value: response };
      },
    ).value!;
    if (r.dwError !== ERROR.SUCCESS) return failure(instAppOf(r.dwError), r.dwError, r.status);
    hProcess = r.hProcess;
    hThread = r.hThread;
  } else {
    const r = CreateProcessW(ctx, {
      applicationName: null,
      commandLine,
      inheritHandles: false,
      creationFlags,
      environment: null,
      currentDirectory: directory,
      startupInfo,
    });
    if (!r.returnValue || !r.out) return failure(instAppOf(r.lastError), r.lastError, r.status);
    hProcess = r.out.hProcess;
    hThread = r.out.hThread;
  }
  CloseHandle(ctx, hThread);
  if (mask & SEE_MASK.NOCLOSEPROCESS) return { hProcess };
  CloseHandle(ctx, hProcess);
  return { hProcess: 0 };
}

/**
 * ShellExecuteW (Microsoft Learn "ShellExecuteW"): ShellExecuteExW with SEE_MASK_FLAG_NO_UI (Wine);
 * the return value is hInstApp — greater than 32 on success, an SE_ERR_* value otherwise.
 */
export function ShellExecuteW(
  ctx: UserThreadContext,
  rpc: Shell32Rpc,
  operation: string | null,
  file: string | null,
  parameters: string | null,
  directory: string | null,
  showCmd: number,
): Win32Result {
  const r = ShellExecuteExW(ctx, rpc, {
    mask: SEE_MASK.FLAG_NO_UI,
    verb: operation,
    file,
    parameters,
    directory,
    show: showCmd,
  });
  return { returnValue: r.out.hInstApp, lastError: r.lastError, status: r.status };
}
