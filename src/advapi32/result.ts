import { ERROR, RtlNtStatusToDosError, STATUS, type NTSTATUS } from '../base/index.js';
import { NTSTATUS_FROM_WIN32, type Win32Result } from '../kernelbase/index.js';

/** RtlNtStatusToDosError (the logon statuses are in its table: src/base/winerror.ts). */
export function logonStatusToDosError(status: NTSTATUS): number {
  return RtlNtStatusToDosError(status);
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
