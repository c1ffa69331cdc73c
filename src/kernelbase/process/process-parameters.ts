import { CREATE_FLAGS, STARTF } from './constants.js';
import type { CallerParameters } from './caller-peb.js';
import type { StartupInfo } from './types.js';

/** RTL_USER_PROC_PROFILE_USER / _KERNEL / _SERVER (reference §2.4). */
const RTL_USER_PROC_PROFILE_USER = 0x2;
const RTL_USER_PROC_PROFILE_KERNEL = 0x4;
const RTL_USER_PROC_PROFILE_SERVER = 0x8;
/**
 * A secure (IUM) process's parameters: its loader reads the flag (LdrpIsSecureProcess) and skips
 * what a trustlet may not use — Ionescu, "Battle of the SKM and IUM", Black Hat USA 2015, slide
 * "Loading a trustlet": "Process Parameter Flags (0x80000000 == RTL_USER_PROC_SECURE)".
 */
const RTL_USER_PROC_SECURE_PROCESS = 0x80000000;

/**
 * RTL_USER_PROCESS_PARAMETERS.ConsoleHandle's special values (ReactOS
 * sdk/include/reactos/subsys/win/conmsg.h and kernel32 BasePushProcessParameters):
 * HANDLE_DETACHED_PROCESS, HANDLE_CREATE_NEW_CONSOLE, HANDLE_CREATE_NO_WINDOW.
 */
export const HANDLE_DETACHED_PROCESS = -1;
export const HANDLE_CREATE_NEW_CONSOLE = -2;
export const HANDLE_CREATE_NO_WINDOW = -3;

/** PS_STD_HANDLE_STATE (reference §3.3). */
const PsNeverDuplicate = 0;
const PsRequestDuplicate = 1;

/** What NtCreateUserProcess's ProcessParameters are in the model (kernel/mm ProcessParametersInput). */
export interface ProcessParametersInput {
  imagePathName: string;
  commandLine: string;
  currentDirectory: string;
  windowTitle?: string;
  desktopInfo?: string;
  environment?: readonly string[];
  flags?: number;
  consoleHandle?: number;
  consoleFlags?: number;
  standardInput?: number;
  standardOutput?: number;
  standardError?: number;
  startingX?: number;
  startingY?: number;
  countX?: number;
  countY?: number;
  countCharsX?: number;
  countCharsY?: number;
  fillAttribute?: number;
  windowFlags?: number;
  showWindowFlags?: number;
}

/** PS_STD_HANDLE_INFO: which standard handles the kernel duplicates into the child. */
export interface StdHandleInfo {
  StdHandleState: number;
  PseudoHandleMask: number;
}

/**
 * BasePushProcessParameters / RtlCreateProcessParametersEx's inputs from the call (ReactOS
 * dll/win32/kernel32/client/proc.c; Wine dlls/kernelbase/process.c create_process_params):
 * - image path, command line, current directory and environment as resolved;
 * - WindowTitle: lpTitle, else the image path; DesktopInfo: lpDesktop, else the caller's own;
 * - the STARTUPINFO fields (dwX → StartingX, dwXSize → CountX, …, dwFlags → WindowFlags,
 *   wShowWindow → ShowWindowFlags), copied whether or not their STARTF_ flag is set;
 * - the console: DETACHED_PROCESS, CREATE_NEW_CONSOLE or CREATE_NO_WINDOW (in that order of
 *   precedence — Learn: CREATE_NO_WINDOW "is ignored if … used with either CREATE_NEW_CONSOLE or
 *   DETACHED_PROCESS") give ConsoleHandle its special value, else the caller's ConsoleHandle;
 *   CREATE_NEW_PROCESS_GROUP sets ConsoleFlags;
 * - the standard handles: STARTF_USESTDHANDLES' (unless STARTF_USEHOTKEY shares the field: ReactOS
 *   drops USESTDHANDLES then), none for a detached or new console, else the caller's — which the
 *   kernel duplicates into the child unless it inherits handles (PsAttributeStdHandleInfo
 *   PsRequestDuplicate; Windows Internals 7 ch. 3, stage 3);
 * - PROFILE_USER/_KERNEL/_SERVER → RTL_USER_PROC_PROFILE_*.
 */
export function BasepCreateProcessParameters(o: {
  imagePath: string;
  commandLine: string;
  currentDirectory: string;
  environment: readonly string[];
  creationFlags: number;
  startupInfo: StartupInfo;
  caller: CallerParameters;
}): { parameters: ProcessParametersInput; stdHandleInfo: StdHandleInfo } {
  const f = o.creationFlags;
  const si = o.startupInfo;
  let siFlags = si.flags ?? 0;
  if (siFlags & STARTF.USESTDHANDLES && siFlags & STARTF.USEHOTKEY) siFlags &= ~STARTF.USESTDHANDLES;
  let consoleHandle = o.caller.consoleHandle;
  if (f & CREATE_FLAGS.DETACHED_PROCESS) consoleHandle = HANDLE_DETACHED_PROCESS;
  else if (f & CREATE_FLAGS.CREATE_NEW_CONSOLE) consoleHandle = HANDLE_CREATE_NEW_CONSOLE;
  else if (f & CREATE_FLAGS.CREATE_NO_WINDOW) consoleHandle = HANDLE_CREATE_NO_WINDOW;
  const ownConsole =
    (f &
      (CREATE_FLAGS.DETACHED_PROCESS | CREATE_FLAGS.CREATE_NEW_CONSOLE | CREATE_FLAGS.CREATE_NO_WINDOW)) !==
    0;
  let std: [number, number, number] = [0, 0, 0];
  let stdHandleInfo: StdHandleInfo = { StdHandleState: PsNeverDuplicate, PseudoHandleMask: 0 };
  if (siFlags & STARTF.USESTDHANDLES) std = [si.stdInput ?? 0, si.stdOutput ?? 0, si.stdError ?? 0];
  else if (!ownConsole) {
    std = [o.caller.standardInput, o.caller.standardOutput, o.caller.standardError];
    // Console pseudo-handles (pre-Windows 8: the low two bits set) are not duplicated.
    const mask = std.reduce((m, h, i) => ((h & 3) === 3 ? m | (1 << i) : m), 0);
    stdHandleInfo = { StdHandleState: PsRequestDuplicate, PseudoHandleMask: mask };
  }
  let flags = 0;
  if (f & CREATE_FLAGS.PROFILE_USER) flags |= RTL_USER_PROC_PROFILE_USER;
  if (f & CREATE_FLAGS.PROFILE_KERNEL) flags |= RTL_USER_PROC_PROFILE_KERNEL;
  if (f & CREATE_FLAGS.PROFILE_SERVER) flags |= RTL_USER_PROC_PROFILE_SERVER;
  if (f & CREATE_FLAGS.CREATE_SECURE_PROCESS) flags = (flags | RTL_USER_PROC_SECURE_PROCESS) >>> 0;
  const parameters: ProcessParametersInput = {
    imagePathName: o.imagePath,
    commandLine: o.commandLine,
    currentDirectory: o.currentDirectory,
    environment: o.environment,
    windowTitle: si.title ?? o.imagePath,
    desktopInfo: si.desktop ?? o.caller.desktopInfo,
    flags,
    consoleHandle,
    consoleFlags: f & CREATE_FLAGS.CREATE_NEW_PROCESS_GROUP ? 1 : 0,
    standardInput: std[0],
    standardOutput: std[1],
    standardError: std[2],
    startingX: (si.x ?? 0) >>> 0,
    startingY: (si.y ?? 0) >>> 0,
    countX: (si.xSize ?? 0) >>> 0,
    countY: (si.ySize ?? 0) >>> 0,
    countCharsX: (si.xCountChars ?? 0) >>> 0,
    countCharsY: (si.yCountChars ?? 0) >>> 0,
    fillAttribute: (si.fillAttribute ?? 0) >>> 0,
    windowFlags: (si.flags ?? 0) >>> 0,
    showWindowFlags: (si.showWindow ?? 0) & 0xffff,
  };
  return { parameters, stdHandleInfo };
}
