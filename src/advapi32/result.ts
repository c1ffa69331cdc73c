import { ERROR, RtlNtStatusToDosError, STATUS, type NTSTATUS } from '../base/index.js';
import { NTSTATUS_FROM_WIN32, type Win32Result } from '../kernelbase/index.js';
import { LOGON_STATUS_TO_ERROR } from './constants.js';

/**
 * RtlNtStatusToDosError with the logon statuses base's table does not carry yet
 * (STATUS_LOGON_FAILURE → ERROR_LOGON_FAILURE …); a NTSTATUS_FROM_WIN32 status gives its code back.
 */
export function logonStatusToDosError(status: NTSTATUS): number {
  const s = status >>> 0;
  const logon = LOGON_STATUS_TO_ERROR.get(s);
  if (logon !== undefined) return logon;
  if ((s & 0xffff0000) >>> 0 === 0xc0070000) return s & 0xffff;
  return RtlNtStatusToDosError(s);
}

export const ok = <T>(returnValue: T): Win32Result<T> => ({
  returnValue,
  lastError: ERROR.SUCCESS,
  status: STATUS.SUCCESS,
});

/** BaseSetLastNTError: the last error from the status. */
export const failed = <T>(returnValue: T, status: NTSTATUS): Win32Result<T> => ({
  returnValue,
  lastError: logonStatusToDosError(status),
  status: status >>> 0,
});

/** SetLastError(error) with the status it came from (or NTSTATUS_FROM_WIN32(error)). */
export const failedWin32 = <T>(returnValue: T, error: number, status?: NTSTATUS): Win32Result<T> => ({
  returnValue,
  lastError: error,
  status: (status ?? NTSTATUS_FROM_WIN32(error)) >>> 0,
});

/** The calling thread's client id, from its TEB (ClientId at +0x40, as CsrClientCallServer reads it). */
export function clientIdOf(ctx: { memory: { ptr(va: number): number }; teb: number }): {
  processId: number;
  threadId: number;
} {
  return { processId: ctx.memory.ptr(ctx.teb + 0x40), threadId: ctx.memory.ptr(ctx.teb + 0x48) };
}
