import type { Win32Result } from '../loader.js';
import type { ProcThreadAttributeList } from './proc-thread-attributes.js';

/** SECURITY_ATTRIBUTES as the model takes it: whether the handle to the new object is inheritable. */
export interface SecurityAttributes {
  inheritHandle?: boolean;
}

/**
 * STARTUPINFOW (and STARTUPINFOEXW's lpAttributeList), with the documented member names without
 * their Hungarian prefixes (lpDesktop → desktop, dwXSize → xSize, wShowWindow → showWindow,
 * hStdInput → stdInput …).
 */
export interface StartupInfo {
  desktop?: string | null;
  title?: string | null;
  x?: number;
  y?: number;
  xSize?: number;
  ySize?: number;
  xCountChars?: number;
  yCountChars?: number;
  fillAttribute?: number;
  flags?: number;
  showWindow?: number;
  stdInput?: number;
  stdOutput?: number;
  stdError?: number;
  /** STARTUPINFOEXW.lpAttributeList: read only with EXTENDED_STARTUPINFO_PRESENT. */
  attributeList?: ProcThreadAttributeList | null;
}

/** The parameters of CreateProcessW (and CreateProcessInternalW's, with the token). */
export interface CreateProcessRequest {
  applicationName: string | null;
  commandLine: string | null;
  processAttributes?: SecurityAttributes | null;
  threadAttributes?: SecurityAttributes | null;
  inheritHandles: boolean;
  creationFlags: number;
  /** null: the caller's own block; a map or `NAME=value` strings: the new block. */
  environment: Record<string, string> | readonly string[] | null;
  currentDirectory: string | null;
  startupInfo?: StartupInfo | null;
  /** CreateProcessAsUserW's hToken: a primary token handle, or 0/undefined for the caller's. */
  token?: number;
}

/** PROCESS_INFORMATION, flattened as the scenario Result's `out` gives it. */
export interface ProcessInformation {
  processId: number;
  threadId: number;
  hProcess: number;
  hThread: number;
}

/** BOOL CreateProcess*: 1 with PROCESS_INFORMATION, or 0 with the last error and its status. */
export type CreateProcessResult = Win32Result & { out?: ProcessInformation };
