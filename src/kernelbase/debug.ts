import { ERROR, NT_SUCCESS, STATUS } from '../base/index.js';
import {
  DbgUiConnectToDbg,
  DbgUiContinue,
  DbgUiDebugActiveProcess,
  DbgUiGetThreadDebugObject,
  DbgUiStopDebugging,
  DbgUiWaitStateChange,
  ldrOffsets,
  RtlGetCurrentPeb,
  type DbgUiWaitStateChangeRecord,
  type UserThreadContext,
} from '../ntdll/index.js';
import type { Win32Result } from './loader.js';
import { failed, failedWin32, ok } from './process/result.js';

/** DEBUG_EVENT.dwDebugEventCode (winbase.h / Microsoft Learn DEBUG_EVENT). */
export const DEBUG_EVENT_CODE = {
  EXCEPTION_DEBUG_EVENT: 1,
  CREATE_THREAD_DEBUG_EVENT: 2,
  CREATE_PROCESS_DEBUG_EVENT: 3,
  EXIT_THREAD_DEBUG_EVENT: 4,
  EXIT_PROCESS_DEBUG_EVENT: 5,
  LOAD_DLL_DEBUG_EVENT: 6,
  UNLOAD_DLL_DEBUG_EVENT: 7,
  OUTPUT_DEBUG_STRING_EVENT: 8,
  RIP_EVENT: 9,
} as const;

/** DBG_STATE (phnt ntdbg.h), as DBGUI_WAIT_STATE_CHANGE.NewState carries it. */
const DbgCreateThreadStateChange = 2;
const DbgCreateProcessStateChange = 3;
const DbgExitThreadStateChange = 4;
const DbgExitProcessStateChange = 5;
const DbgExceptionStateChange = 6;
const DbgBreakpointStateChange = 7;
const DbgSingleStepStateChange = 8;
const DbgLoadDllStateChange = 9;
const DbgUnloadDllStateChange = 10;

/** INFINITE (winbase.h). */
const INFINITE = 0xffffffff;
/** ProcessIdToHandle's rights (ReactOS kernel32 debugger.c): what attaching needs. */
const DEBUG_ATTACH_ACCESS = 0x0002 | 0x0008 | 0x0010 | 0x0020 | 0x0800 | 0x0400;
const ProcessDebugPort = 7;
const ThreadBasicInformation = 0;
const DebugObjectKillProcessOnExitInformation = 1;
const DEBUG_KILL_ON_CLOSE = 0x1;

/** DEBUG_EVENT (Microsoft Learn): the code, the ids and the event's structure by its documented name. */
export interface DEBUG_EVENT {
  dwDebugEventCode: number;
  dwProcessId: number;
  dwThreadId: number;
  u: Record<string, unknown>;
}

/**
 * The process and thread handles the debugger's thread was given with events (kernel32 keeps them
 * in a list at TEB.DbgSsReserved[0]: SaveProcessHandle / SaveThreadHandle), closed when the exit
 * event is continued (MarkThreadHandle / MarkProcessHandle, RemoveHandles) or the debugger detaches
 * (CloseAllProcessHandles) — ReactOS dll/win32/kernel32/client/debugger.c.
 */
interface SavedHandle {
  pid: number;
  tid: number;
  handle: number;
  kind: 'process' | 'thread';
  marked: boolean;
}
const savedHandles = new WeakMap<object, Map<number, SavedHandle[]>>();
function handlesOf(ctx: UserThreadContext): SavedHandle[] {
  let byThread = savedHandles.get(ctx.processData);
  if (!byThread) savedHandles.set(ctx.processData, (byThread = new Map()));
  let list = byThread.get(ctx.teb);
  if (!list) byThread.set(ctx.teb, (list = []));
  return list;
}

/** The TEB of the thread behind `handle` (NtQueryInformationThread ThreadBasicInformation), 0 if unknown. */
function threadLocalBase(ctx: UserThreadContext, handle: number): number {
  if (!handle) return 0;
  const r = ctx.nt.NtQueryInformationThread({
    ThreadHandle: handle,
    ThreadInformationClass: ThreadBasicInformation,
    ThreadInformationLength: 0x30,
  });
  return (r.out?.ThreadInformation as { TebBaseAddress?: number } | undefined)?.TebBaseAddress ?? 0;
}

/**
 * DbgUiConvertStateChangeStructure (ReactOS ntdll dbgui.c): the kernel's wait-state change as
 * Win32's DEBUG_EVENT — every exception state (breakpoint, single step, other) is
 * EXCEPTION_DEBUG_EVENT; lpThreadLocalBase is the thread's TEB; a create-process event has no image
 * name (lpImageName NULL), a load-DLL event the loader's name pointer; fUnicode is TRUE.
 */
function DbgUiConvertStateChangeStructure(
  ctx: UserThreadContext,
  w: DbgUiWaitStateChangeRecord,
): DEBUG_EVENT {
  const s = w.StateInfo as Record<string, number> & { ExceptionRecord?: Record<string, number> };
  const base = { dwProcessId: w.AppClientId.UniqueProcess, dwThreadId: w.AppClientId.UniqueThread };
  const C = DEBUG_EVENT_CODE;
  switch (w.NewState) {
    case DbgCreateProcessStateChange:
      return {
        ...base,
        dwDebugEventCode: C.CREATE_PROCESS_DEBUG_EVENT,
        u: {
          CreateProcessInfo: {
            hFile: s.FileHandle,
            hProcess: s.HandleToProcess,
            hThread: s.HandleToThread,
            lpBaseOfImage: s.BaseOfImage,
            dwDebugInfoFileOffset: s.DebugInfoFileOffset,
            nDebugInfoSize: s.DebugInfoSize,
            lpThreadLocalBase: threadLocalBase(ctx, s.HandleToThread!),
            lpStartAddress: s.StartAddress,
            lpImageName: 0,
            fUnicode: 1,
          },
        },
      };
    case DbgCreateThreadStateChange:
      return {
        ...base,
        dwDebugEventCode: C.CREATE_THREAD_DEBUG_EVENT,
        u: {
          CreateThread: {
            hThread: s.HandleToThread,
            lpThreadLocalBase: threadLocalBase(ctx, s.HandleToThread!),
            lpStartAddress: s.StartAddress,
          },
        },
      };
    case DbgExitThreadStateChange:
      return {
        ...base,
        dwDebugEventCode: C.EXIT_THREAD_DEBUG_EVENT,
        u: { ExitThread: { dwExitCode: s.ExitStatus } },
      };
    case DbgExitProcessStateChange:
      return {
        ...base,
        dwDebugEventCode: C.EXIT_PROCESS_DEBUG_EVENT,
        u: { ExitProcess: { dwExitCode: s.ExitStatus } },
      };
    case DbgLoadDllStateChange:
      return {
        ...base,
        dwDebugEventCode: C.LOAD_DLL_DEBUG_EVENT,
        u: {
          LoadDll: {
            hFile: s.FileHandle,
            lpBaseOfDll: s.BaseOfDll,
            dwDebugInfoFileOffset: s.DebugInfoFileOffset,
            nDebugInfoSize: s.DebugInfoSize,
            lpImageName: s.NamePointer,
            fUnicode: 1,
          },
        },
      };
    case DbgUnloadDllStateChange:
      return {
        ...base,
        dwDebugEventCode: C.UNLOAD_DLL_DEBUG_EVENT,
        u: { UnloadDll: { lpBaseOfDll: s.BaseAddress } },
      };
    case DbgExceptionStateChange:
    case DbgBreakpointStateChange:
    case DbgSingleStepStateChange:
    default:
      return {
        ...base,
        dwDebugEventCode: C.EXCEPTION_DEBUG_EVENT,
        u: { Exception: { ExceptionRecord: { ...s.ExceptionRecord }, dwFirstChance: s.FirstChance } },
      };
  }
}

/**
 * WaitForDebugEvent / WaitForDebugEventEx (Microsoft Learn; ReactOS debugger.c): the next event of
 * the calling thread's debug object. No event within the timeout: FALSE with ERROR_SEM_TIMEOUT
 * (the model answers at once: see NtWaitForDebugEvent). A thread that never became a debugger has
 * no object: the wait fails with ERROR_INVALID_HANDLE. The event's process and thread handles are
 * kept for ContinueDebugEvent to close after the matching exit event.
 */
export function WaitForDebugEvent(
  ctx: UserThreadContext,
  milliseconds: number,
): Win32Result & { debugEvent?: DEBUG_EVENT } {
  const ms = milliseconds >>> 0;
  const timeout = ms === INFINITE ? null : -BigInt(ms) * 10000n;
  const r = DbgUiWaitStateChange(ctx, timeout);
  if (!NT_SUCCESS(r.status)) return failed(0, r.status);
  if (r.status === STATUS.TIMEOUT) return failedWin32(0, ERROR.SEM_TIMEOUT, STATUS.TIMEOUT);
  const event = DbgUiConvertStateChangeStructure(ctx, r.stateChange!);
  const list = handlesOf(ctx);
  const ids = { pid: event.dwProcessId, tid: event.dwThreadId };
  const C = DEBUG_EVENT_CODE;
  const u = event.u as Record<string, Record<string, number>>;
  if (event.dwDebugEventCode === C.CREATE_PROCESS_DEBUG_EVENT) {
    list.push({ ...ids, handle: u.CreateProcessInfo!.hThread!, kind: 'thread', marked: false });
    list.push({ ...ids, handle: u.CreateProcessInfo!.hProcess!, kind: 'process', marked: false });
  } else if (event.dwDebugEventCode === C.CREATE_THREAD_DEBUG_EVENT)
    list.push({ ...ids, handle: u.CreateThread!.hThread!, kind: 'thread', marked: false });
  else if (event.dwDebugEventCode === C.EXIT_THREAD_DEBUG_EVENT) {
    for (const h of list) if (h.kind === 'thread' && h.pid === ids.pid && h.tid === ids.tid) h.marked = true;
  } else if (event.dwDebugEventCode === C.EXIT_PROCESS_DEBUG_EVENT) {
    for (const h of list)
      if (h.pid === ids.pid && (h.kind === 'process' || h.tid === ids.tid)) h.marked = true;
  }
  return { ...ok(1), debugEvent: event };
}

/**
 * ContinueDebugEvent (Microsoft Learn): DbgUiContinue with the event's ids and the continue status
 * (DBG_CONTINUE, DBG_EXCEPTION_NOT_HANDLED, DBG_REPLY_LATER); a status the kernel refuses, or ids
 * of no event the debugger has read, is ERROR_INVALID_PARAMETER. Then the handles of an exited
 * thread or process are closed (RemoveHandles).
 */
export function ContinueDebugEvent(
  ctx: UserThreadContext,
  processId: number,
  threadId: number,
  continueStatus: number,
): Win32Result {
  const s = DbgUiContinue(ctx, { UniqueProcess: processId, UniqueThread: threadId }, continueStatus);
  if (s !== STATUS.SUCCESS) return failed(0, s);
  const list = handlesOf(ctx);
  for (let i = list.length - 1; i >= 0; i--) {
    const h = list[i]!;
    if (h.marked && h.pid === processId) {
      ctx.nt.NtClose({ Handle: h.handle });
      list.splice(i, 1);
    }
  }
  return ok(1);
}

/** ProcessIdToHandle (ReactOS debugger.c): the process opened with what attaching needs. */
function ProcessIdToHandle(ctx: UserThreadContext, processId: number): { status: number; handle?: number } {
  const r = ctx.nt.NtOpenProcess({
    DesiredAccess: DEBUG_ATTACH_ACCESS,
    ObjectAttributes: { Attributes: 0 },
    ClientId: { UniqueProcess: processId, UniqueThread: 0 },
  });
  return r.status === STATUS.SUCCESS
    ? { status: r.status, handle: Number(r.out!.ProcessHandle) }
    : { status: r.status };
}

/**
 * DebugActiveProcess (Microsoft Learn; ReactOS debugger.c): the thread becomes a debugger
 * (DbgUiConnectToDbg), opens the process and attaches (DbgUiDebugActiveProcess: the kernel's fake
 * create messages, then a break-in thread in the debuggee). A protected process, the caller itself
 * or System: ERROR_ACCESS_DENIED; one already debugged: ERROR_INVALID_PARAMETER
 * (STATUS_PORT_ALREADY_SET).
 */
export function DebugActiveProcess(ctx: UserThreadContext, processId: number): Win32Result {
  const c = DbgUiConnectToDbg(ctx);
  if (c !== STATUS.SUCCESS) return failed(0, c);
  const h = ProcessIdToHandle(ctx, processId);
  if (h.status !== STATUS.SUCCESS) return failed(0, h.status);
  const s = DbgUiDebugActiveProcess(ctx, h.handle!);
  ctx.nt.NtClose({ Handle: h.handle! });
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/**
 * DebugActiveProcessStop (Microsoft Learn): the debugger lets the process go — the handles it was
 * given for it are closed (CloseAllProcessHandles) and the process detached (DbgUiStopDebugging).
 * A process this thread does not debug fails with the kernel's STATUS_PORT_NOT_SET (its Win32 code
 * is not in the model's RtlNtStatusToDosError table yet: ERROR_MR_MID_NOT_FOUND).
 */
export function DebugActiveProcessStop(ctx: UserThreadContext, processId: number): Win32Result {
  const h = ProcessIdToHandle(ctx, processId);
  if (h.status !== STATUS.SUCCESS) return failed(0, h.status);
  const list = handlesOf(ctx);
  for (let i = list.length - 1; i >= 0; i--)
    if (list[i]!.pid === processId) {
      ctx.nt.NtClose({ Handle: list[i]!.handle });
      list.splice(i, 1);
    }
  const s = DbgUiStopDebugging(ctx, h.handle!);
  ctx.nt.NtClose({ Handle: h.handle! });
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/**
 * DebugSetProcessKillOnExit (Microsoft Learn): whether the debuggees die when this thread's
 * debugger exits; a thread that is not a debugger has no object (ERROR_INVALID_HANDLE).
 */
export function DebugSetProcessKillOnExit(ctx: UserThreadContext, killOnExit: boolean): Win32Result {
  const handle = DbgUiGetThreadDebugObject(ctx);
  if (!handle) return failedWin32(0, ERROR.INVALID_HANDLE);
  const s = ctx.nt.NtSetInformationDebugObject({
    DebugObjectHandle: handle,
    DebugObjectInformationClass: DebugObjectKillProcessOnExitInformation,
    DebugInformation: killOnExit ? DEBUG_KILL_ON_CLOSE : 0,
    DebugInformationLength: 4,
  }).status;
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** IsDebuggerPresent: PEB.BeingDebugged of the calling process (never fails). */
export function IsDebuggerPresent(ctx: UserThreadContext): Win32Result {
  const peb = RtlGetCurrentPeb(ctx);
  return ok(ctx.memory.u8(peb + ldrOffsets(ctx.layout).peb.BeingDebugged) !== 0 ? 1 : 0);
}

/**
 * CheckRemoteDebuggerPresent (Microsoft Learn): ProcessDebugPort of the process — a NULL handle is
 * ERROR_INVALID_PARAMETER; `debuggerPresent` says whether a debugger is attached.
 */
export function CheckRemoteDebuggerPresent(
  ctx: UserThreadContext,
  process: number,
): Win32Result & { debuggerPresent?: boolean } {
  if (!process) return failedWin32(0, ERROR.INVALID_PARAMETER);
  const r = ctx.nt.NtQueryInformationProcess({
    ProcessHandle: process,
    ProcessInformationClass: ProcessDebugPort,
    ProcessInformationLength: 8,
  });
  if (r.status !== STATUS.SUCCESS) return failed(0, r.status);
  return { ...ok(1), debuggerPresent: Number(r.out!.ProcessInformation) !== 0 };
}
