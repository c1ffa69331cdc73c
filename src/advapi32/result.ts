import { RtlNtStatusToDosError, type NTSTATUS } from '../base/index.js';

export { failed, failedWin32, ok } from '../kernelbase/index.js';
export { NtCurrentTebClientId as clientIdOf } from '../ntdll/index.js';

/** RtlNtStatusToDosError (the logon statuses are in its table: src/base/winerror.ts). */
export function logonStatusToDosError(status: NTSTATUS): number {
  return RtlNtStatusToDosError(status);
}
