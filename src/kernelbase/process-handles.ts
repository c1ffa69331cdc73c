import { STATUS } from '../base/index.js';
import { failed, ok } from './process/result.js';
import type { UserThreadContext } from '../ntdll/index.js';
import type { Win32Result } from './loader.js';

/** STILL_ACTIVE (STATUS_PENDING): GetExitCodeProcess's answer for a running process. */
export const STILL_ACTIVE = 0x103;
const OBJ_INHERIT = 0x2;
const ProcessBasicInformation = 0;

/**
 * OpenProcess (Microsoft Learn): NtOpenProcess with the client id; bInheritHandle → OBJ_INHERIT.
 * A process id that names no process is ERROR_INVALID_PARAMETER (STATUS_INVALID_CID maps to it,
 * as Wine's process tests record for a bogus pid), a denied access ERROR_ACCESS_DENIED.
 */
export function OpenProcess(
  ctx: UserThreadContext,
  desiredAccess: number,
  inheritHandle: boolean,
  processId: number,
): Win32Result {
  const r = ctx.nt.NtOpenProcess({
    DesiredAccess: desiredAccess >>> 0,
    ObjectAttributes: { Attributes: inheritHandle ? OBJ_INHERIT : 0 },
    ClientId: { UniqueProcess: processId, UniqueThread: 0 },
  });
  return r.status === STATUS.SUCCESS ? ok(Number(r.out!.ProcessHandle)) : failed(0, r.status);
}

/** OpenThread: NtOpenThread with the thread id. */
export function OpenThread(
  ctx: UserThreadContext,
  desiredAccess: number,
  inheritHandle: boolean,
  threadId: number,
): Win32Result {
  const r = ctx.nt.NtOpenThread({
    DesiredAccess: desiredAccess >>> 0,
    ObjectAttributes: { Attributes: inheritHandle ? OBJ_INHERIT : 0 },
    ClientId: { UniqueProcess: 0, UniqueThread: threadId },
  });
  return r.status === STATUS.SUCCESS ? ok(Number(r.out!.ThreadHandle)) : failed(0, r.status);
}

/** CloseHandle: NtClose; an invalid handle is ERROR_INVALID_HANDLE. */
export function CloseHandle(ctx: UserThreadContext, handle: number): Win32Result {
  const s = ctx.nt.NtClose({ Handle: handle }).status;
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** TerminateProcess: NtTerminateProcess with the exit code. */
export function TerminateProcess(ctx: UserThreadContext, process: number, exitCode: number): Win32Result {
  const s = ctx.nt.NtTerminateProcess({ ProcessHandle: process, ExitStatus: exitCode >>> 0 }).status;
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** ResumeThread / SuspendThread: the previous suspend count, or (DWORD)-1 on failure. */
export function ResumeThread(ctx: UserThreadContext, thread: number): Win32Result {
  const r = ctx.nt.NtResumeThread({ ThreadHandle: thread });
  return r.status === STATUS.SUCCESS
    ? ok(Number(r.out?.PreviousSuspendCount ?? 0))
    : failed(0xffffffff, r.status);
}

export function SuspendThread(ctx: UserThreadContext, thread: number): Win32Result {
  const r = ctx.nt.NtSuspendThread({ ThreadHandle: thread });
  return r.status === STATUS.SUCCESS
    ? ok(Number(r.out?.PreviousSuspendCount ?? 0))
    : failed(0xffffffff, r.status);
}

/** GetExitCodeProcess: ProcessBasicInformation's ExitStatus (STILL_ACTIVE while the process runs). */
export function GetExitCodeProcess(
  ctx: UserThreadContext,
  process: number,
): Win32Result & { exitCode?: number } {
  const r = ctx.nt.NtQueryInformationProcess({
    ProcessHandle: process,
    ProcessInformationClass: ProcessBasicInformation,
    ProcessInformationLength: 0x30,
  });
  if (r.status !== STATUS.SUCCESS) return failed(0, r.status);
  const info = r.out!.ProcessInformation as { ExitStatus: number };
  return { ...ok(1), exitCode: info.ExitStatus >>> 0 };
}

/** GetProcessId: ProcessBasicInformation's UniqueProcessId (0 on failure). */
export function GetProcessId(ctx: UserThreadContext, process: number): Win32Result {
  const r = ctx.nt.NtQueryInformationProcess({
    ProcessHandle: process,
    ProcessInformationClass: ProcessBasicInformation,
    ProcessInformationLength: 0x30,
  });
  if (r.status !== STATUS.SUCCESS) return failed(0, r.status);
  return ok(Number((r.out!.ProcessInformation as { UniqueProcessId: number }).UniqueProcessId));
}
