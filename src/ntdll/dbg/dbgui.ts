import { resolveField, STATUS, type NTSTATUS } from '../../base/index.js';
import { LdrpLookupExport } from '../ldr/exports.js';
import { NtCurrentThread, type UserThreadContext } from '../ldr/context.js';
import { ldrOffsets, RtlGetCurrentPeb } from '../ldr/offsets.js';

/**
 * ntdll's user-mode debugging support (DbgUi*; ReactOS dll/ntdll/dbg/dbgui.c; phnt ntdbg.h): the
 * calling thread's debug object lives in TEB.DbgSsReserved[1], where kernel32's debugging API
 * finds it.
 */
const debugObjectSlot = (ctx: UserThreadContext): number =>
  ctx.teb + resolveField(ctx.layout, '_TEB', 'DbgSsReserved').offset + 8;

/** DEBUG_ALL_ACCESS and DEBUG_KILL_ON_CLOSE (phnt ntdbg.h). */
const DEBUG_ALL_ACCESS = 0x001f000f;
const DEBUG_KILL_ON_CLOSE = 0x1;

/** DbgUiGetThreadDebugObject: TEB.DbgSsReserved[1], 0 when the thread has not connected. */
export function DbgUiGetThreadDebugObject(ctx: UserThreadContext): number {
  return ctx.memory.ptr(debugObjectSlot(ctx));
}

/** DbgUiSetThreadDebugObject. */
export function DbgUiSetThreadDebugObject(ctx: UserThreadContext, handle: number): void {
  ctx.memory.writeU64(debugObjectSlot(ctx), BigInt(handle));
}

/**
 * DbgUiConnectToDbg: once per thread, a debug object with all access and DEBUG_KILL_ON_CLOSE
 * (debuggees die with their debugger unless DebugSetProcessKillOnExit(FALSE)), kept in the TEB.
 */
export function DbgUiConnectToDbg(ctx: UserThreadContext): NTSTATUS {
  if (DbgUiGetThreadDebugObject(ctx)) return STATUS.SUCCESS;
  const r = ctx.nt.NtCreateDebugObject({
    DesiredAccess: DEBUG_ALL_ACCESS,
    ObjectAttributes: { Attributes: 0 },
    Flags: DEBUG_KILL_ON_CLOSE,
  });
  if (r.status === STATUS.SUCCESS) DbgUiSetThreadDebugObject(ctx, Number(r.out!.DebugObjectHandle));
  return r.status;
}

/** DbgUiWaitStateChange: NtWaitForDebugEvent on the thread's debug object (not alertable). */
export function DbgUiWaitStateChange(
  ctx: UserThreadContext,
  timeout: bigint | null,
): { status: NTSTATUS; stateChange?: DbgUiWaitStateChangeRecord } {
  const r = ctx.nt.NtWaitForDebugEvent({
    DebugObjectHandle: DbgUiGetThreadDebugObject(ctx),
    Alertable: false,
    Timeout: timeout,
  });
  const change = r.out?.WaitStateChange as DbgUiWaitStateChangeRecord | undefined;
  return change ? { status: r.status, stateChange: change } : { status: r.status };
}

/** DBGUI_WAIT_STATE_CHANGE as the kernel writes it (phnt ntdbg.h field names). */
export interface DbgUiWaitStateChangeRecord {
  NewState: number;
  AppClientId: { UniqueProcess: number; UniqueThread: number };
  StateInfo: Record<string, unknown>;
}

/** DbgUiContinue: NtDebugContinue on the thread's debug object. */
export function DbgUiContinue(
  ctx: UserThreadContext,
  clientId: { UniqueProcess: number; UniqueThread: number },
  continueStatus: number,
): NTSTATUS {
  return ctx.nt.NtDebugContinue({
    DebugObjectHandle: DbgUiGetThreadDebugObject(ctx),
    ClientId: clientId,
    ContinueStatus: continueStatus >>> 0,
  }).status;
}

/** The address of an ntdll export in this process (0 when ntdll lacks it). */
function ntdllExport(ctx: UserThreadContext, name: string): number {
  const image = ctx.sectionImage(ctx.ntdllBase);
  if (!image) return 0;
  const t = LdrpLookupExport(image, { name, hint: 0 });
  return t.kind === 'rva' ? ctx.ntdllBase + t.rva : 0;
}

/** The address of DbgUiRemoteBreakin in this process's ntdll: where DbgUiIssueRemoteBreakin's thread starts. */
export function DbgUiRemoteBreakinAddress(ctx: UserThreadContext): number {
  return ntdllExport(ctx, 'DbgUiRemoteBreakin');
}

/**
 * DbgUiIssueRemoteBreakin: a thread in the debuggee that starts at ntdll!DbgUiRemoteBreakin (the
 * same address in every process: ntdll's base is per boot), so the debugger gets a breakpoint
 * from it (Windows Internals 7 ch. 3; ReactOS dbgui.c creates it with RtlCreateUserThread).
 */
export function DbgUiIssueRemoteBreakin(ctx: UserThreadContext, processHandle: number): NTSTATUS {
  return ctx.nt.NtCreateThreadEx({
    DesiredAccess: 0x1fffff,
    ObjectAttributes: null,
    ProcessHandle: processHandle,
    StartRoutine: DbgUiRemoteBreakinAddress(ctx),
    Argument: 0,
    CreateFlags: 0,
  }).status;
}

/**
 * DbgUiDebugActiveProcess: NtDebugActiveProcess with the thread's debug object, then the remote
 * break-in; when the break-in fails the debugger lets the process go again (DbgUiStopDebugging).
 */
export function DbgUiDebugActiveProcess(ctx: UserThreadContext, processHandle: number): NTSTATUS {
  const s = ctx.nt.NtDebugActiveProcess({
    ProcessHandle: processHandle,
    DebugObjectHandle: DbgUiGetThreadDebugObject(ctx),
  }).status;
  if (s !== STATUS.SUCCESS) return s;
  const b = DbgUiIssueRemoteBreakin(ctx, processHandle);
  if (b !== STATUS.SUCCESS) DbgUiStopDebugging(ctx, processHandle);
  return b;
}

/** DbgUiStopDebugging: NtRemoveProcessDebug with the thread's debug object. */
export function DbgUiStopDebugging(ctx: UserThreadContext, processHandle: number): NTSTATUS {
  return ctx.nt.NtRemoveProcessDebug({
    ProcessHandle: processHandle,
    DebugObjectHandle: DbgUiGetThreadDebugObject(ctx),
  }).status;
}

/**
 * DbgBreakPoint: `int 3` at ntdll!DbgBreakPoint. The trap goes to the kernel (KiDispatchException),
 * which hands it to the debugger if the process has one; answers who had it.
 */
export function DbgBreakPoint(ctx: UserThreadContext): 'debugger' | 'user' {
  const address = ntdllExport(ctx, 'DbgBreakPoint');
  ctx.trace.note(`int 3 at ntdll!DbgBreakPoint (0x${address.toString(16)})`);
  return ctx.cpu.raiseException?.({ ExceptionCode: STATUS.BREAKPOINT, ExceptionAddress: address }) ?? 'user';
}

/**
 * DbgUiRemoteBreakin, the start routine of the debugger's break-in thread (ReactOS dbgui.c): a
 * breakpoint if the process is being debugged (PEB.BeingDebugged), then the thread exits
 * (RtlExitUserThread(STATUS_SUCCESS)).
 */
export function DbgUiRemoteBreakin(ctx: UserThreadContext): void {
  const beingDebugged = ctx.memory.u8(RtlGetCurrentPeb(ctx) + ldrOffsets(ctx.layout).peb.BeingDebugged);
  if (beingDebugged !== 0) DbgBreakPoint(ctx);
  ctx.nt.NtTerminateThread({ ThreadHandle: NtCurrentThread, ExitStatus: STATUS.SUCCESS });
}
