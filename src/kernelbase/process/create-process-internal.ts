import { ERROR, RtlNtStatusToDosError, STATUS, type NTSTATUS } from '../../base/index.js';
import {
  CsrClientCallServer,
  DbgUiConnectToDbg,
  DbgUiGetThreadDebugObject,
  RtlGetFullPathName_U,
  type BaseCreateProcessMsg,
  type RtlPathContext,
  type UserThreadContext,
} from '../../ntdll/index.js';
import { BasepResolveApplication } from './application-name.js';
import { BasepReadCallerParameters, environmentValue, type CallerParameters } from './caller-peb.js';
import {
  CREATE_FLAGS,
  IMAGE_FILE_DLL,
  IMAGE_SUBSYSTEM,
  MAXIMUM_ALLOWED,
  PROCESS_PRIORITY_CLASS,
} from './constants.js';
import { BasepConvertWin32AttributeList } from './convert-attributes.js';
import { BasepQueryIfeoDebugger } from './ifeo.js';
import { BasepNtPath, BasepPathContext, BasepProbeFile } from './paths.js';
import { BasepCreateProcessParameters } from './process-parameters.js';
import { failed, failedWin32, ok } from './result.js';
import type { CreateProcessRequest, CreateProcessResult, SecurityAttributes } from './types.js';

/** PS_CREATE_STATE (reference §3.1). */
const PsCreateFailOnFileOpen = 1;
const PsCreateFailOnSectionCreate = 2;
const PsCreateFailExeFormat = 3;
const PsCreateFailMachineMismatch = 4;
const PsCreateFailExeName = 5;
/** PS_CREATE_INFO InitFlags: bit 2 IFEOSkipDebugger; ProhibitedImageCharacteristics in bits 16-31. */
const IFEO_SKIP_DEBUGGER = 0x4;
/** PROCESS_CREATE_FLAGS_* and THREAD_CREATE_FLAGS_CREATE_SUSPENDED (reference §3.4). */
const PROCESS_CREATE_FLAGS_BREAKAWAY = 0x1;
const PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT = 0x2;
const PROCESS_CREATE_FLAGS_INHERIT_HANDLES = 0x4;
const PROCESS_CREATE_FLAGS_PROTECTED_PROCESS = 0x40;
const THREAD_CREATE_FLAGS_CREATE_SUSPENDED = 0x1;
const OBJ_INHERIT = 0x2;
const MAX_PATH = 260;
/** TEB.ClientId.UniqueProcess (reference §2.5). */
const TEB_CLIENT_ID_UNIQUE_PROCESS = 0x40;

/**
 * The priority class of dwCreationFlags (ReactOS proc.c: the first of IDLE, BELOW_NORMAL, NORMAL,
 * ABOVE_NORMAL, HIGH, REALTIME that is set wins; REALTIME needs SeIncreaseBasePriorityPrivilege
 * (BasepIsRealtimeAllowed) and is HIGH without it — the model's callers never hold it), or
 * undefined for none (the kernel's default, NORMAL or the parent's IDLE/BELOW_NORMAL).
 */
function priorityClassOf(flags: number): number | undefined {
  if (flags & CREATE_FLAGS.IDLE_PRIORITY_CLASS) return PROCESS_PRIORITY_CLASS.IDLE;
  if (flags & CREATE_FLAGS.BELOW_NORMAL_PRIORITY_CLASS) return PROCESS_PRIORITY_CLASS.BELOW_NORMAL;
  if (flags & CREATE_FLAGS.NORMAL_PRIORITY_CLASS) return PROCESS_PRIORITY_CLASS.NORMAL;
  if (flags & CREATE_FLAGS.ABOVE_NORMAL_PRIORITY_CLASS) return PROCESS_PRIORITY_CLASS.ABOVE_NORMAL;
  if (flags & (CREATE_FLAGS.HIGH_PRIORITY_CLASS | CREATE_FLAGS.REALTIME_PRIORITY_CLASS))
    return PROCESS_PRIORITY_CLASS.HIGH;
  return undefined;
}

/**
 * The flag checks before anything else (Microsoft Learn, "Process Creation Flags"; ReactOS proc.c):
 * DETACHED_PROCESS with CREATE_NEW_CONSOLE ("This flag cannot be used with DETACHED_PROCESS") and
 * CREATE_SEPARATE_WOW_VDM with CREATE_SHARED_WOW_VDM are ERROR_INVALID_PARAMETER.
 */
function BasepCheckCreationFlags(flags: number): NTSTATUS {
  const both = (a: number, b: number): boolean => (flags & (a | b)) === (a | b);
  if (both(CREATE_FLAGS.DETACHED_PROCESS, CREATE_FLAGS.CREATE_NEW_CONSOLE)) return STATUS.INVALID_PARAMETER;
  if (both(CREATE_FLAGS.CREATE_SEPARATE_WOW_VDM, CREATE_FLAGS.CREATE_SHARED_WOW_VDM))
    return STATUS.INVALID_PARAMETER;
  return STATUS.SUCCESS;
}

/** The child's environment block: the caller's own (NULL), or the one given, as `NAME=value` strings. */
function BasepEnvironment(
  given: CreateProcessRequest['environment'],
  caller: CallerParameters,
): readonly string[] {
  if (given === null) return caller.environment;
  if (Array.isArray(given)) return given as readonly string[];
  return Object.entries(given as Record<string, string>).map(([k, v]) => `${k}=${v}`);
}

/**
 * lpCurrentDirectory (Microsoft Learn: "The full path to the current directory for the process";
 * Wine's test_Directory: a directory that does not exist is ERROR_DIRECTORY): made full against the
 * caller's current directory; it must be an existing directory shorter than MAX_PATH, else
 * STATUS_NOT_A_DIRECTORY (ERROR_DIRECTORY). NULL: the caller's own.
 */
function BasepCurrentDirectory(
  ctx: UserThreadContext,
  given: string | null,
  caller: CallerParameters,
  paths: RtlPathContext,
): { status: NTSTATUS; directory?: string } {
  if (given === null) return { status: STATUS.SUCCESS, directory: caller.currentDirectory };
  const full = RtlGetFullPathName_U(given, paths);
  if (full.status !== STATUS.SUCCESS || !given || full.fullPath.length >= MAX_PATH)
    return { status: STATUS.NOT_A_DIRECTORY };
  const probe = BasepProbeFile(ctx, full.fullPath, paths);
  if (probe.status !== STATUS.SUCCESS || !probe.directory) return { status: STATUS.NOT_A_DIRECTORY };
  const dir = full.fullPath.endsWith('\\') ? full.fullPath : full.fullPath + '\\';
  return { status: STATUS.SUCCESS, directory: dir };
}

/** ComSpec from the caller's environment, else %SystemRoot%\System32\cmd.exe. */
function comSpecOf(caller: CallerParameters): string {
  return environmentValue(caller.environment, 'ComSpec') || `${caller.systemRoot}\\System32\\cmd.exe`;
}

const objectAttributes = (sa: SecurityAttributes | null | undefined): { Attributes: number } => ({
  Attributes: sa?.inheritHandle ? OBJ_INHERIT : 0,
});

/** One round of CreateProcessInternalW: the module may change (a batch file → cmd.exe; IFEO → the debugger). */
interface Attempt {
  applicationName: string | null;
  commandLine: string | null;
  skipDebugger: boolean;
  batchTried: boolean;
}

/**
 * CreateProcessInternalW (KernelBase): the Win32 process creation (Windows Internals 7, ch. 3, "Flow
 * of CreateProcess"; ReactOS dll/win32/kernel32/client/proc.c; Wine dlls/kernelbase/process.c), run
 * as a thread of the calling process:
 * 1. flags checked, priority class chosen; the caller's process parameters read from its own PEB;
 * 2. the module found (application name / command line rules, the search path) and the current
 *    directory validated; the environment (the caller's, or the one given) and the
 *    RTL_USER_PROCESS_PARAMETERS from STARTUPINFO; the attribute list converted;
 * 3. NtCreateUserProcess with the initial thread suspended. A failure is switched on
 *    PS_CREATE_INFO.State: the open's status (ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND,
 *    ERROR_ACCESS_DENIED for a directory); a section that is not an image — a `.bat`/`.cmd` runs as
 *    `%ComSpec% /c "<command line>"`, anything else is ERROR_BAD_EXE_FORMAT, as are 16-bit and DOS
 *    programs on x64 (Microsoft Learn, "Running 32-bit applications": 16-bit applications "fail with
 *    the following error: ERROR_BAD_EXE_FORMAT") and a DLL (IMAGE_FILE_DLL is prohibited);
 *    another machine ERROR_EXE_MACHINE_TYPE_MISMATCH; an IFEO Debugger value runs
 *    `<Debugger> <command line>` instead, with IFEOSkipDebugger so the debugger's own IFEO key is
 *    not applied again;
 * 4. an image that is not for the Windows subsystem (GUI or CUI) cannot be run this way: the new
 *    process is terminated and the error is ERROR_CHILD_NOT_COMPLETE (ReactOS proc.c; winerror.h's
 *    text for it: "The %1 application cannot be run in Win32 mode.");
 * 5. CSRSS is told (BasepCreateProcess through CsrClientCallServer); its failure terminates the
 *    process and fails the call (stage 6);
 * 6. the initial thread is resumed unless CREATE_SUSPENDED (stage 7); PROCESS_INFORMATION.
 * Every failure leaves nothing behind: no process, no thread, no handle in the caller.
 */
export function CreateProcessInternalW(
  ctx: UserThreadContext,
  req: CreateProcessRequest,
): CreateProcessResult {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'kernelbase',
      fn: 'CreateProcessInternalW',
      channel: 'win32',
      args: {
        applicationName: req.applicationName,
        commandLine: req.commandLine,
        creationFlags: req.creationFlags >>> 0,
        inheritHandles: req.inheritHandles,
        token: req.token ?? 0,
      },
    },
    (span) => {
      const r = createProcess(ctx, req, (text, data) => span.note(text, data));
      return { status: r.status, value: r, result: r.out ? { ...r.out } : { lastError: r.lastError } };
    },
  ).value!;
}

function createProcess(
  ctx: UserThreadContext,
  req: CreateProcessRequest,
  note: (text: string, data?: Record<string, string | number | boolean | null>) => void,
): CreateProcessResult {
  const flags = req.creationFlags >>> 0;
  const checked = BasepCheckCreationFlags(flags);
  if (checked !== STATUS.SUCCESS) return failed(0, checked);
  const priorityClass = priorityClassOf(flags);
  // DEBUG_PROCESS / DEBUG_ONLY_THIS_PROCESS: the calling thread becomes a debugger
  // (DbgUiConnectToDbg: its debug object in the TEB), the child gets that object
  // (PsAttributeDebugObject), DEBUG_ONLY_THIS_PROCESS keeps the child's own children undebugged
  // (PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT), and the image's IFEO Debugger value is not applied —
  // the debugger is already there (ReactOS proc.c CreateProcessInternalW; Windows Internals 7 ch. 3).
  const debug = (flags & (CREATE_FLAGS.DEBUG_PROCESS | CREATE_FLAGS.DEBUG_ONLY_THIS_PROCESS)) !== 0;
  if (debug) {
    const connected = DbgUiConnectToDbg(ctx);
    if (connected !== STATUS.SUCCESS) return failed(0, connected);
    note('DbgUiConnectToDbg', { debugObject: DbgUiGetThreadDebugObject(ctx) });
  }
  const caller = BasepReadCallerParameters(ctx);
  const paths = BasepPathContext(caller.currentDirectory, caller.environment);
  const environment = BasepEnvironment(req.environment, caller);
  const startupInfo = req.startupInfo ?? {};
  const extended = (flags & CREATE_FLAGS.EXTENDED_STARTUPINFO_PRESENT) !== 0;
  const converted = BasepConvertWin32AttributeList(
    ctx,
    extended ? startupInfo.attributeList : null,
    req.inheritHandles,
  );

  const attempt: Attempt = {
    applicationName: req.applicationName,
    commandLine: req.commandLine,
    skipDebugger: debug,
    batchTried: false,
  };
  for (;;) {
    const app = BasepResolveApplication(ctx, attempt.applicationName, attempt.commandLine, caller, paths);
    for (const p of app.probes) note(`probe ${p.path}`, { status: p.status >>> 0, directory: p.directory });
    if (app.status !== STATUS.SUCCESS) return failed(0, app.status);
    const imagePath = app.imagePath!;
    const commandLine = app.commandLine!;
    const cwd = BasepCurrentDirectory(ctx, req.currentDirectory, caller, paths);
    if (cwd.status !== STATUS.SUCCESS) return failed(0, cwd.status);
    if (converted.status !== STATUS.SUCCESS) return failed(0, converted.status);
    const nt = BasepNtPath(imagePath, paths);
    if (nt.status !== STATUS.SUCCESS) return failed(0, STATUS.OBJECT_PATH_NOT_FOUND);
    const ntPath = nt.ntPath;

    // CmdLineIsAppName: with no command line the child's is the application name as given, in
    // quotes (ReactOS proc.c: "if (QuotesNeeded || CmdLineIsAppName)" quotes it; Wine kernelbase
    // CreateProcessInternalW: `swprintf(tidy_cmdline, …, L"\"%s\"", app_name)`). The batch and
    // IFEO paths above build their command lines from the unquoted name.
    const cmdLineIsAppName = !attempt.commandLine && attempt.applicationName !== null;
    const { parameters, stdHandleInfo } = BasepCreateProcessParameters({
      imagePath,
      commandLine: cmdLineIsAppName && !commandLine.startsWith('"') ? `"${commandLine}"` : commandLine,
      currentDirectory: cwd.directory!,
      environment,
      creationFlags: flags,
      startupInfo,
      caller,
    });
    let processFlags = 0;
    if (req.inheritHandles) processFlags |= PROCESS_CREATE_FLAGS_INHERIT_HANDLES;
    if (flags & CREATE_FLAGS.CREATE_BREAKAWAY_FROM_JOB) processFlags |= PROCESS_CREATE_FLAGS_BREAKAWAY;
    if (flags & CREATE_FLAGS.CREATE_PROTECTED_PROCESS) processFlags |= PROCESS_CREATE_FLAGS_PROTECTED_PROCESS;
    if (flags & CREATE_FLAGS.DEBUG_ONLY_THIS_PROCESS) processFlags |= PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT;
    const createInfo: Record<string, unknown> = {
      State: 0,
      InitFlags: ((IMAGE_FILE_DLL << 16) | (attempt.skipDebugger ? IFEO_SKIP_DEBUGGER : 0)) >>> 0,
    };
    const attributeList: Record<string, unknown> = {
      ImageName: ntPath,
      StdHandleInfo: stdHandleInfo,
      ...converted.attributes,
    };
    if (req.token) attributeList.TokenHandle = req.token;
    if (debug) attributeList.DebugObject = DbgUiGetThreadDebugObject(ctx);
    if (priorityClass !== undefined) attributeList.PriorityClass = priorityClass;
    // PS_TRUSTLET_CREATE_ATTRIBUTES: the Win32 API cannot name a trustlet identity, so 0 — the
    // image's own ApplicationId (the model's reading, kernel/sk policy.ts SkValidateTrustletImage).
    if (flags & CREATE_FLAGS.CREATE_SECURE_PROCESS) attributeList.SecureProcess = { TrustletIdentity: 0n };

    // MAXIMUM_ALLOWED for both handles: the kernel grants all rights, or — for a protected child
    // the caller does not dominate — what RtlProtectedAccess leaves (NtCreateUserProcess's rule,
    // ../shared/reference/internals.md §4.2; explicit rights would be refused by PspProcessOpen).
    const r = ctx.nt.NtCreateUserProcess({
      ProcessDesiredAccess: MAXIMUM_ALLOWED,
      ThreadDesiredAccess: MAXIMUM_ALLOWED,
      ProcessObjectAttributes: objectAttributes(req.processAttributes),
      ThreadObjectAttributes: objectAttributes(req.threadAttributes),
      ProcessFlags: processFlags,
      ThreadFlags: THREAD_CREATE_FLAGS_CREATE_SUSPENDED,
      ProcessParameters: parameters,
      CreateInfo: createInfo,
      AttributeList: attributeList,
    });

    if (r.status !== STATUS.SUCCESS) {
      const state = Number(createInfo.State);
      switch (state) {
        case PsCreateFailOnSectionCreate: {
          const ext = imagePath.slice(imagePath.lastIndexOf('.')).toLowerCase();
          if (
            r.status === STATUS.INVALID_IMAGE_NOT_MZ &&
            (ext === '.bat' || ext === '.cmd') &&
            !attempt.batchTried
          ) {
            // A batch file runs in the command interpreter (Microsoft Learn, CreateProcessW: "To run
            // a batch file, you must start the command interpreter"; ReactOS proc.c retries with
            // "cmd /c"; the command line is wrapped in quotes, which cmd.exe strips again).
            const comspec = comSpecOf(caller);
            attempt.applicationName = comspec;
            attempt.commandLine = `${/\s/.test(comspec) ? `"${comspec}"` : comspec} /c "${commandLine}"`;
            attempt.batchTried = true;
            note('batch file: command interpreter', { commandLine: attempt.commandLine });
            continue;
          }
          return RtlNtStatusToDosError(r.status) === ERROR.BAD_EXE_FORMAT
            ? failed(0, r.status)
            : failedWin32(0, ERROR.BAD_EXE_FORMAT, r.status);
        }
        case PsCreateFailExeFormat:
          return failedWin32(0, ERROR.BAD_EXE_FORMAT, r.status);
        case PsCreateFailMachineMismatch:
          return failedWin32(0, ERROR.EXE_MACHINE_TYPE_MISMATCH, r.status);
        case PsCreateFailExeName: {
          const dbg = BasepQueryIfeoDebugger(ctx, String(createInfo.IFEOKey ?? ''));
          if (dbg.status !== STATUS.SUCCESS) return failed(0, dbg.status);
          attempt.applicationName = null;
          attempt.commandLine = `${dbg.debugger!} ${commandLine}`;
          attempt.skipDebugger = true;
          note('IFEO Debugger', { commandLine: attempt.commandLine });
          continue;
        }
        case PsCreateFailOnFileOpen:
        default:
          return failed(0, r.status);
      }
    }

    const hProcess = Number(r.out!.ProcessHandle);
    const hThread = Number(r.out!.ThreadHandle);
    const cid = attributeList.ClientId as { UniqueProcess: number; UniqueThread: number };
    const image = attributeList.ImageInfo as { SubSystemType?: number } | undefined;
    const subsystem = image?.SubSystemType ?? 0;
    const undo = (status: NTSTATUS): void => {
      ctx.nt.NtTerminateProcess({ ProcessHandle: hProcess, ExitStatus: status });
      ctx.nt.NtClose({ Handle: hThread });
      ctx.nt.NtClose({ Handle: hProcess });
    };
    if (subsystem !== IMAGE_SUBSYSTEM.WINDOWS_GUI && subsystem !== IMAGE_SUBSYSTEM.WINDOWS_CUI) {
      const f = failedWin32(0, ERROR.CHILD_NOT_COMPLETE);
      undo(f.status);
      return f;
    }
    const msg: BaseCreateProcessMsg = {
      ProcessHandle: hProcess,
      ThreadHandle: hThread,
      ClientId: { ...cid },
      CreationFlags: flags,
      Subsystem: subsystem,
      ParentProcessId: ctx.memory.ptr(ctx.teb + TEB_CLIENT_ID_UNIQUE_PROCESS),
      VdmBinaryType: 0,
    };
    const csr = CsrClientCallServer(ctx, 'BasepCreateProcess', { ...msg });
    if (csr.status !== STATUS.SUCCESS) {
      undo(csr.status);
      return failed(0, csr.status);
    }
    if (!(flags & CREATE_FLAGS.CREATE_SUSPENDED)) {
      const resumed = ctx.nt.NtResumeThread({ ThreadHandle: hThread });
      if (resumed.status !== STATUS.SUCCESS) {
        undo(resumed.status);
        return failed(0, resumed.status);
      }
    }
    return {
      ...ok(1),
      out: { processId: cid.UniqueProcess, threadId: cid.UniqueThread, hProcess, hThread },
    };
  }
}
