import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  RTL_PATH_TYPE,
  RtlDetermineDosPathNameType_U,
  RtlGetFullPathName_U,
  type RtlPathContext,
  type UserThreadContext,
} from '../../ntdll/index.js';
import { environmentValue, type CallerParameters } from './caller-peb.js';
import { BasepProbeFile } from './paths.js';

/**
 * BaseComputeProcessExePath: where CreateProcess looks for a module named by the first token of the
 * command line (Microsoft Learn, CreateProcessW, lpCommandLine): "1. The directory from which the
 * application loaded. 2. The current directory for the parent process. 3. The 32-bit Windows system
 * directory. … 4. The 16-bit Windows system directory. … 5. The Windows directory. … 6. The
 * directories that are listed in the PATH environment variable." The current directory is left out
 * when the caller's environment has NoDefaultCurrentDirectoryInExePath (Microsoft Learn,
 * NeedCurrentDirectoryForExePathW).
 */
export function BaseComputeProcessExePath(caller: CallerParameters): string[] {
  const dirs: string[] = [];
  const image = caller.imagePathName;
  const slash = image.lastIndexOf('\\');
  if (slash > 0) dirs.push(image.slice(0, slash === 2 ? 3 : slash));
  if (environmentValue(caller.environment, 'NoDefaultCurrentDirectoryInExePath') === undefined)
    dirs.push(caller.currentDirectory);
  dirs.push(`${caller.systemRoot}\\System32`, `${caller.systemRoot}\\System`, caller.systemRoot);
  for (const d of (environmentValue(caller.environment, 'PATH') ?? '').split(';')) if (d) dirs.push(d);
  return dirs;
}

/** The last path component has no '.': SearchPathW appends lpExtension (RtlDosSearchPath_U). */
function needsExtension(name: string): boolean {
  const last = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
  return !name.slice(last + 1).includes('.');
}

/** `.\x`, `..\x` (either separator): SearchPathW looks only relative to the current directory. */
function isDotRelative(name: string): boolean {
  return /^\.\.?[\\/]/.test(name);
}

/** One file the search looked at, in order (for the trace and the tests: the probe order). */
export interface ExeProbe {
  path: string;
  status: NTSTATUS;
  directory: boolean;
}

/**
 * SearchPathW(searchPath, name, L".exe"): a name with a path (anything but a plain relative name, or
 * one starting with `.\` / `..\`) is looked at only where it says; a plain relative name in each
 * directory in turn. `.exe` is appended when the name's last component has no extension. The first
 * name that exists — a file or a directory, as RtlDoesFileExists_U answers — ends the search.
 */
function BasepSearchPathW(
  ctx: UserThreadContext,
  dirs: readonly string[],
  name: string,
  paths: RtlPathContext,
  probes: ExeProbe[],
): { fullPath: string; directory: boolean } | null {
  if (!name) return null;
  const file = needsExtension(name) ? name + '.exe' : name;
  const type = RtlDetermineDosPathNameType_U(file);
  const candidates =
    type !== RTL_PATH_TYPE.RtlPathTypeRelative || isDotRelative(file)
      ? [file]
      : dirs.map((d) => (d.endsWith('\\') ? d + file : `${d}\\${file}`));
  for (const candidate of candidates) {
    const p = BasepProbeFile(ctx, candidate, paths);
    probes.push({ path: p.fullPath || candidate, status: p.status, directory: p.directory });
    if (p.status === STATUS.SUCCESS) return { fullPath: p.fullPath, directory: p.directory };
  }
  return null;
}

/**
 * Why a candidate was not found, as CreateProcessInternalW finds out (ReactOS
 * dll/win32/kernel32/client/proc.c): a name with a path is opened (CreateFileW) for a detailed
 * error — missing file STATUS_OBJECT_NAME_NOT_FOUND, missing folder STATUS_OBJECT_PATH_NOT_FOUND, a
 * directory STATUS_FILE_IS_A_DIRECTORY (ERROR_ACCESS_DENIED); if it opens after all, the generic
 * STATUS_OBJECT_NAME_NOT_FOUND — and a plain relative name is STATUS_OBJECT_NAME_NOT_FOUND.
 */
function BasepWhyNotFound(ctx: UserThreadContext, name: string, paths: RtlPathContext): NTSTATUS {
  if (RtlDetermineDosPathNameType_U(name) === RTL_PATH_TYPE.RtlPathTypeRelative)
    return STATUS.OBJECT_NAME_NOT_FOUND;
  const p = BasepProbeFile(ctx, name, paths);
  if (p.status !== STATUS.SUCCESS) return p.status;
  return p.directory ? STATUS.FILE_IS_A_DIRECTORY : STATUS.OBJECT_NAME_NOT_FOUND;
}

/** The module to run and the command line the child gets. */
export interface ResolvedApplication {
  status: NTSTATUS;
  /** The module's full DOS path. */
  imagePath?: string;
  commandLine?: string;
  /** Every file looked at while searching, in order. */
  probes: ExeProbe[];
}

/**
 * The application name and command line of CreateProcessInternalW (Microsoft Learn, CreateProcessW;
 * ReactOS proc.c and Wine dlls/kernelbase/process.c get_file_name agree):
 * - lpApplicationName given: it names the module — relative to the current directory, no search, no
 *   default extension ("This parameter must include the file name extension"); an empty one is
 *   ERROR_PATH_NOT_FOUND; a NULL or empty command line becomes the application name.
 * - no lpApplicationName: the module is the first white-space–delimited token of the command line,
 *   or the text between its leading quotes. Unquoted, a token that is not found is extended to the
 *   next space and tried again — `C:\Program Files\Sub Dir\app.exe` tries `C:\Program.exe`, then
 *   `C:\Program Files\Sub.exe`, then `C:\Program Files\Sub Dir\app.exe` (Learn's warning; the
 *   "unquoted service path"). Each try is SearchPathW over BaseComputeProcessExePath with `.exe`;
 *   a directory counts as not found. When every try fails the error is the first one. When a
 *   try after the first succeeds, the command line gets quotes around the module's part
 *   (QuotesNeeded).
 * - both NULL: Windows faults on the NULL command line (Wine's test is disabled: "crashes on
 *   NT-based Windows"); the model answers ERROR_INVALID_PARAMETER.
 */
export function BasepResolveApplication(
  ctx: UserThreadContext,
  applicationName: string | null,
  commandLine: string | null,
  caller: CallerParameters,
  paths: RtlPathContext,
): ResolvedApplication {
  const probes: ExeProbe[] = [];
  if (applicationName !== null) {
    if (!applicationName) return { status: STATUS.OBJECT_PATH_NOT_FOUND, probes };
    const full = RtlGetFullPathName_U(applicationName, paths);
    if (full.status !== STATUS.SUCCESS) return { status: STATUS.OBJECT_PATH_NOT_FOUND, probes };
    return {
      status: STATUS.SUCCESS,
      imagePath: full.fullPath,
      commandLine: commandLine ? commandLine : applicationName,
      probes,
    };
  }
  if (commandLine === null) return { status: STATUS.INVALID_PARAMETER, probes };
  const dirs = BaseComputeProcessExePath(caller);
  const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t';

  if (commandLine.startsWith('"')) {
    const close = commandLine.indexOf('"', 1);
    const name = commandLine.slice(1, close < 0 ? undefined : close);
    const hit = BasepSearchPathW(ctx, dirs, name, paths, probes);
    if (hit && !hit.directory)
      return { status: STATUS.SUCCESS, imagePath: hit.fullPath, commandLine, probes };
    return { status: BasepWhyNotFound(ctx, name, paths), probes };
  }

  let end = 0;
  let firstError: NTSTATUS | undefined;
  for (let attempt = 0; ; attempt++) {
    while (end < commandLine.length && !isSpace(commandLine[end])) end++;
    const name = commandLine.slice(0, end);
    const hit = BasepSearchPathW(ctx, dirs, name, paths, probes);
    if (hit && !hit.directory) {
      const quoted = attempt > 0 ? `"${name}"${commandLine.slice(end)}` : commandLine;
      return { status: STATUS.SUCCESS, imagePath: hit.fullPath, commandLine: quoted, probes };
    }
    firstError ??= BasepWhyNotFound(ctx, name, paths);
    if (end >= commandLine.length) return { status: firstError, probes };
    end++; // past the space: the next try runs to the following one
  }
}
