import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  RtlDosPathNameToNtPathName_U_WithStatus,
  RtlGetFullPathName_U,
  type RtlPathContext,
  type UserThreadContext,
} from '../../ntdll/index.js';
import { environmentValue } from './caller-peb.js';

const FILE_ATTRIBUTE_DIRECTORY = 0x10;

/**
 * The caller's path context for the Rtl path routines: its current directory and the hidden `=X:`
 * variables of its environment (the per-drive current directories).
 */
export function BasepPathContext(currentDirectory: string, environment: readonly string[]): RtlPathContext {
  return {
    currentDirectory,
    driveCurrentDirectory: (letter) => environmentValue(environment, `=${letter}:`),
  };
}

/** What GetFileAttributesW learns of a DOS path (through NtQueryAttributesFile). */
export interface BasepFileProbe {
  /** STATUS_SUCCESS, or why the name does not exist (the lookup's status). */
  status: NTSTATUS;
  directory: boolean;
  /** The full DOS path (RtlGetFullPathName_U). */
  fullPath: string;
  ntPath: string;
}

/**
 * GetFileAttributesW as CreateProcessInternalW and SearchPathW use it: the path made full and
 * converted to an NT path (RtlDosPathNameToNtPathName_U_WithStatus), then NtQueryAttributesFile —
 * which leaves no handle behind. A name that cannot be converted is STATUS_OBJECT_PATH_NOT_FOUND
 * (ReactOS GetFileAttributesW: "SetLastError(ERROR_PATH_NOT_FOUND)").
 */
export function BasepProbeFile(
  ctx: UserThreadContext,
  dosPath: string,
  paths: RtlPathContext,
): BasepFileProbe {
  const full = RtlGetFullPathName_U(dosPath, paths);
  const nt = RtlDosPathNameToNtPathName_U_WithStatus(dosPath, paths);
  if (full.status !== STATUS.SUCCESS || nt.status !== STATUS.SUCCESS)
    return { status: STATUS.OBJECT_PATH_NOT_FOUND, directory: false, fullPath: '', ntPath: '' };
  const r = ctx.nt.NtQueryAttributesFile({ ObjectAttributes: { ObjectName: nt.ntPath, Attributes: 0x40 } });
  const info = r.out?.FileInformation as { FileAttributes?: number } | undefined;
  return {
    status: r.status,
    directory: r.status === STATUS.SUCCESS && ((info?.FileAttributes ?? 0) & FILE_ATTRIBUTE_DIRECTORY) !== 0,
    fullPath: full.fullPath,
    ntPath: nt.ntPath,
  };
}

/** RtlDosPathNameToNtPathName_U_WithStatus of a DOS path against the caller's context. */
export function BasepNtPath(dosPath: string, paths: RtlPathContext): { status: NTSTATUS; ntPath: string } {
  const r = RtlDosPathNameToNtPathName_U_WithStatus(dosPath, paths);
  return { status: r.status, ntPath: r.ntPath };
}
