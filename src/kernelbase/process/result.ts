import { ERROR, RtlNtStatusToDosError, STATUS, type NTSTATUS } from '../../base/index.js';
import type { Win32Result } from '../loader.js';

/**
 * NTSTATUS_FROM_WIN32 (ntstatus.h): FACILITY_NTWIN32 (7) with error severity — the status a Win32
 * error code is when a Win32 routine sets the last error itself (SetLastError) and no NTSTATUS is
 * behind it (ERROR_CHILD_NOT_COMPLETE, ERROR_OBJECT_NAME_EXISTS, …). RtlNtStatusToDosError gives the
 * code back for these (0xC007xxxx → xxxx).
 */
export function NTSTATUS_FROM_WIN32(error: number): NTSTATUS {
  return (0xc0070000 | (error & 0xffff)) >>> 0;
}

export const ok = <T>(returnValue: T): Win32Result<T> => ({
  returnValue,
  lastError: ERROR.SUCCESS,
  status: STATUS.SUCCESS,
});

/** BaseSetLastNTError: the last error is RtlNtStatusToDosError(status). */
export const failed = <T>(returnValue: T, status: NTSTATUS): Win32Result<T> => ({
  returnValue,
  lastError: RtlNtStatusToDosError(status),
  status: status >>> 0,
});

/**
 * SetLastError(error): a Win32 error kernelbase chooses itself. `status` is the NTSTATUS the failure
 * came from when there is one (a kernel status kernelbase translates by hand), else
 * NTSTATUS_FROM_WIN32(error).
 */
export const failedWin32 = <T>(returnValue: T, error: number, status?: NTSTATUS): Win32Result<T> => ({
  returnValue,
  lastError: error,
  status: (status ?? NTSTATUS_FROM_WIN32(error)) >>> 0,
});
