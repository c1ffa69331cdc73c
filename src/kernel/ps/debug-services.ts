import { resolveField, STATUS, type NTSTATUS, type TraceValue } from '../../base/index.js';
import {
  KernelMode,
  ObCreateObject,
  ObDereferenceObject,
  ObInsertObject,
  ObOpenObjectByPointer,
  ObReferenceObject,
  type ObjectHeader,
} from '../ob/index.js';
import { PROCESS_ALL_ACCESS, PROCESS_SUSPEND_RESUME, THREAD_ALL_ACCESS } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import {
  DbgkpCreateProcessMessage,
  DbgkpMarkProcessPeb,
  DbgkpNtdllMessage,
  DbgkpQueueMessage,
  debugInfo,
} from './dbgk.js';
import {
  DBG_CONTINUE,
  DBG_EXCEPTION_NOT_HANDLED,
  DBG_REPLY_LATER,
  DBG_STATE,
  DBG_TERMINATE_PROCESS,
  DBG_TERMINATE_THREAD,
  DbgKmApiNumber,
  DEBUG_EVENT_READ,
  DEBUG_KILL_ON_CLOSE,
  DEBUG_OBJECT,
  DEBUG_OBJECT_DELETE_PENDING,
  DEBUG_OBJECT_KILL_ON_CLOSE,
  DEBUG_PROCESS_ASSIGN,
  DEBUG_READ_EVENT,
  DEBUG_SET_INFORMATION,
  DebugObjectKillProcessOnExitInformation,
  type DEBUG_EVENT,
} from './debug-object.js';
import { PspReferenceProcessByHandle } from './handles.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PspCheckSecureProcessDebug } from './secure-process.js';
import { PspTerminateProcess, PspTerminateThreadByPointer } from './terminate.js';

function dbgkCall<T extends { status: NTSTATUS }>(
  ps: PsSystem,
  fn: string,
  args: { readonly [key: string]: TraceValue },
  run: () => T,
): T {
  return ps.deps.trace.call({ layer: 'kernel', module: 'nt', fn, channel: 'dbgk', args }, () => {
    const r = run();
    return { status: r.status, value: r };
  }).value!;
}

/** The caller's debug object handle, referenced with `access` (DEBUG_* rights). */
export function DbgkpReferenceDebugObject(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  access: number,
): { status: NTSTATUS; object?: DEBUG_OBJECT; header?: ObjectHeader } {
  return PspReferenceObjectByHandle<DEBUG_OBJECT>(ps, caller, handle, access, ps.debugObjectType.typeInfo);
}

export interface NtCreateDebugObjectParameters {
  DesiredAccess: number;
  ObjectAttributes?: { ObjectName?: string | null; Attributes?: number } | null;
  /** DEBUG_KILL_ON_CLOSE or 0. */
  Flags?: number;
}

/**
 * NtCreateDebugObject (phnt ntdbg.h; ReactOS dbgkobj.c): Flags other than DEBUG_KILL_ON_CLOSE are
 * STATUS_INVALID_PARAMETER; the new object is empty, KILL_ON_CLOSE when asked (what
 * DbgUiConnectToDbg does: DebugSetProcessKillOnExit's default is TRUE).
 */
export function NtCreateDebugObject(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateDebugObjectParameters,
): { status: NTSTATUS; DebugObjectHandle?: number } {
  const flags = (p.Flags ?? 0) >>> 0;
  return dbgkCall(ps, 'NtCreateDebugObject', { DesiredAccess: p.DesiredAccess, Flags: flags }, () => {
    if (flags & ~DEBUG_KILL_ON_CLOSE) return { status: STATUS.INVALID_PARAMETER };
    const { ob } = ps.deps;
    const debugObject = new DEBUG_OBJECT();
    if (flags & DEBUG_KILL_ON_CLOSE) debugObject.Flags |= DEBUG_OBJECT_KILL_ON_CLOSE;
    const obj = ObCreateObject(ob, {
      type: ps.debugObjectType.typeInfo,
      body: debugObject,
      name: p.ObjectAttributes?.ObjectName ?? null,
      attributes: p.ObjectAttributes?.Attributes ?? 0,
      accessMode: caller.previousMode,
    });
    if (!obj.object) return { status: obj.status };
    debugObject.header = obj.object as ObjectHeader<DEBUG_OBJECT>;
    const ins = ObInsertObject(ob, obj.object, {
      desiredAccess: p.DesiredAccess >>> 0,
      process: caller.process,
      accessMode: caller.previousMode,
    });
    if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
    return { status: STATUS.SUCCESS, DebugObjectHandle: ins.handle! };
  });
}

/**
 * DbgkpSetProcessDebugObject: the process reports to `debugObject` from now on; PEB.BeingDebugged
 * follows. A process that already has a port is STATUS_PORT_ALREADY_SET.
 */
export function DbgkpSetProcessDebugObject(
  ps: PsSystem,
  process: EPROCESS,
  debugObject: DEBUG_OBJECT,
): NTSTATUS {
  if (process.DebugPort) return STATUS.PORT_ALREADY_SET;
  process.DebugPort = debugObject;
  ObReferenceObject(debugObject.header!);
  DbgkpMarkProcessPeb(ps, process);
  return STATUS.SUCCESS;
}

/** DbgkpPostFakeModuleMessages stops after this many modules (ReactOS dbgkobj.c). */
const MAX_FAKE_MODULES = 500;

/**
 * DbgkpPostFakeProcessCreateMessages (ReactOS dbgkobj.c): what a debugger attaching to a running
 * process is told, as if it had been there — the first live thread's create-process message and
 * ntdll's load-DLL message, a create-thread message for each other thread, then a load-DLL message
 * for each module on the PEB's InLoadOrderModuleList after the exe (read from the process's memory,
 * as the kernel does). The messages do not wait.
 */
function DbgkpPostFakeProcessCreateMessages(
  ps: PsSystem,
  process: EPROCESS,
  debugObject: DEBUG_OBJECT,
): void {
  const live = process.threads.filter((t) => t.State !== 'Terminated' && !t.HideFromDebugger);
  const first = live[0];
  if (!first) return;
  const queue = (t: (typeof live)[number], m: Parameters<typeof DbgkpQueueMessage>[2]): void => {
    DbgkpQueueMessage(ps, t, m, { wait: false, debugObject });
  };
  queue(first, DbgkpCreateProcessMessage(ps, process, first));
  first.debugCreateReported = true;
  for (const t of live.slice(1)) {
    queue(t, {
      ApiNumber: DbgKmApiNumber.DbgKmCreateThreadApi,
      startAddress: t.Win32StartAddress || t.StartAddress,
    });
    t.debugCreateReported = true;
  }
  const as = process.addressSpace;
  const ntdll = DbgkpNtdllMessage(ps, process);
  if (!as || !process.Peb) {
    if (ntdll) queue(first, ntdll);
    return;
  }
  try {
    // PEB.Ldr → PEB_LDR_DATA.InLoadOrderModuleList → each LDR_DATA_TABLE_ENTRY.DllBase (layout table).
    const layout = ps.deps.mm.layout;
    const ldr = as.ptr(process.Peb + resolveField(layout, '_PEB', 'Ldr').offset);
    if (!ldr) {
      if (ntdll) queue(first, ntdll);
      return;
    }
    const head = ldr + resolveField(layout, '_PEB_LDR_DATA', 'InLoadOrderModuleList').offset;
    const dllBase = resolveField(layout, '_LDR_DATA_TABLE_ENTRY', 'DllBase').offset;
    let link = as.ptr(head);
    // The first entry is the exe: its image is the create-process message's.
    if (link !== head) link = as.ptr(link);
    for (let n = 0; link !== head && n < MAX_FAKE_MODULES; n++, link = as.ptr(link)) {
      const base = as.ptr(link + dllBase);
      const vad = as.findVad(base);
      const section = vad?.section ?? null;
      queue(first, {
        ApiNumber: DbgKmApiNumber.DbgKmLoadDllApi,
        baseOfImage: base,
        imageNtPath: section ? (ps.sectionFileNames.get(section) ?? '') : '',
        namePointer: 0,
        ...debugInfo(section?.image?.image),
      });
    }
  } catch {
    // An unreadable loader list (a process torn down mid-walk) ends the walk, as the kernel's probe would.
  }
}

/**
 * NtDebugActiveProcess (ReactOS dbgkobj.c; Microsoft Learn DebugActiveProcess): the process handle
 * needs PROCESS_SUSPEND_RESUME, the debug object DEBUG_PROCESS_ASSIGN. The caller itself and the
 * System process cannot be debugged (STATUS_ACCESS_DENIED); an exited one is
 * STATUS_PROCESS_IS_TERMINATING; one already debugged STATUS_PORT_ALREADY_SET. The debugger is
 * told the process's state (fake create messages), then the process reports to it. Protected
 * processes are refused before this service: PROCESS_SUSPEND_RESUME itself survives protection,
 * but kernelbase's DebugActiveProcess opens the process with the create-thread and VM rights the
 * remote break-in needs, which PspCheckForInvalidAccessByProtection (protection.ts) denies.
 */
export function NtDebugActiveProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; DebugObjectHandle: number },
): { status: NTSTATUS } {
  return dbgkCall(ps, 'NtDebugActiveProcess', { ...p }, () => {
    const pr = PspReferenceProcessByHandle(ps, caller, p.ProcessHandle, PROCESS_SUSPEND_RESUME);
    if (pr.status !== STATUS.SUCCESS) return { status: pr.status };
    const process = pr.object!;
    try {
      if (process === caller.process || process === ps.systemProcess) return { status: STATUS.ACCESS_DENIED };
      // A trustlet is debuggable only when its Debug policy allows it (secure-process.ts).
      const secure = PspCheckSecureProcessDebug(ps, process);
      if (secure !== STATUS.SUCCESS) return { status: secure };
      const dr = DbgkpReferenceDebugObject(ps, caller, p.DebugObjectHandle, DEBUG_PROCESS_ASSIGN);
      if (dr.status !== STATUS.SUCCESS) return { status: dr.status };
      try {
        const debugObject = dr.object!;
        if (process.exited) return { status: STATUS.PROCESS_IS_TERMINATING };
        if (process.DebugPort) return { status: STATUS.PORT_ALREADY_SET };
        if (debugObject.Flags & DEBUG_OBJECT_DELETE_PENDING) return { status: STATUS.DEBUGGER_INACTIVE };
        DbgkpPostFakeProcessCreateMessages(ps, process, debugObject);
        return { status: DbgkpSetProcessDebugObject(ps, process, debugObject) };
      } finally {
        ObDereferenceObject(ps.deps.ob, dr.header!);
      }
    } finally {
      ObDereferenceObject(ps.deps.ob, pr.header!);
    }
  });
}

/**
 * DbgkClearProcessDebugObject: the process stops reporting to `debugObject` (none, or another, is
 * STATUS_PORT_NOT_SET); its queued events go and its waiting threads run on; PEB.BeingDebugged is
 * cleared.
 */
export function DbgkClearProcessDebugObject(
  ps: PsSystem,
  process: EPROCESS,
  debugObject: DEBUG_OBJECT,
): NTSTATUS {
  if (process.DebugPort !== debugObject) return STATUS.PORT_NOT_SET;
  process.DebugPort = null;
  DbgkpMarkProcessPeb(ps, process);
  for (let i = debugObject.EventList.length - 1; i >= 0; i--) {
    const e = debugObject.EventList[i]!;
    if (e.process !== process) continue;
    debugObject.EventList.splice(i, 1);
    if (e.thread.debugWait === e) e.thread.debugWait = null;
  }
  if (debugObject.header && !debugObject.header.deleted) ObDereferenceObject(ps.deps.ob, debugObject.header);
  return STATUS.SUCCESS;
}

/**
 * NtRemoveProcessDebug (DebugActiveProcessStop): PROCESS_SUSPEND_RESUME on the process,
 * DEBUG_PROCESS_ASSIGN on the debug object, then DbgkClearProcessDebugObject.
 */
export function NtRemoveProcessDebug(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; DebugObjectHandle: number },
): { status: NTSTATUS } {
  return dbgkCall(ps, 'NtRemoveProcessDebug', { ...p }, () => {
    const pr = PspReferenceProcessByHandle(ps, caller, p.ProcessHandle, PROCESS_SUSPEND_RESUME);
    if (pr.status !== STATUS.SUCCESS) return { status: pr.status };
    try {
      const dr = DbgkpReferenceDebugObject(ps, caller, p.DebugObjectHandle, DEBUG_PROCESS_ASSIGN);
      if (dr.status !== STATUS.SUCCESS) return { status: dr.status };
      const s = DbgkClearProcessDebugObject(ps, pr.object!, dr.object!);
      ObDereferenceObject(ps.deps.ob, dr.header!);
      return { status: s };
    } finally {
      ObDereferenceObject(ps.deps.ob, pr.header!);
    }
  });
}

/** DBGUI_WAIT_STATE_CHANGE (phnt ntdbg.h): the state, the client id and the state's structure. */
export interface DBGUI_WAIT_STATE_CHANGE {
  NewState: number;
  AppClientId: { UniqueProcess: number; UniqueThread: number };
  StateInfo: Record<string, unknown>;
}

/**
 * DbgkpConvertKernelToUserStateChange and DbgkpOpenHandles: the message as the debugger reads it,
 * with handles opened in the debugger's process — the process (PROCESS_ALL_ACCESS) and thread
 * (THREAD_ALL_ACCESS) of a create-process message, the thread of a create-thread message, and the
 * image file (GENERIC_READ | SYNCHRONIZE, shared) of a create-process or load-DLL message (ReactOS
 * dbgkobj.c). A breakpoint is DbgBreakpointStateChange, a single step DbgSingleStepStateChange, any
 * other exception DbgExceptionStateChange.
 */
function DbgkpConvertKernelToUserStateChange(
  ps: PsSystem,
  caller: PsCaller,
  e: DEBUG_EVENT,
  openFile: (ntPath: string) => number,
): DBGUI_WAIT_STATE_CHANGE {
  const m = e.message;
  const { ob } = ps.deps;
  const open = (header: ObjectHeader | null, access: number, type: 'process' | 'thread'): number => {
    if (!header || header.deleted) return 0;
    const r = ObOpenObjectByPointer(ob, header, {
      desiredAccess: access,
      type: (type === 'process' ? ps.processType : ps.threadType).typeInfo,
      accessMode: KernelMode,
      process: caller.process,
    });
    return r.handle ?? 0;
  };
  const base = { AppClientId: { ...e.ClientId } };
  switch (m.ApiNumber) {
    case DbgKmApiNumber.DbgKmCreateProcessApi:
      return {
        ...base,
        NewState: DBG_STATE.DbgCreateProcessStateChange,
        StateInfo: {
          HandleToProcess: open(e.process.header, PROCESS_ALL_ACCESS, 'process'),
          HandleToThread: open(e.thread.header, THREAD_ALL_ACCESS, 'thread'),
          FileHandle: m.imageNtPath ? openFile(m.imageNtPath) : 0,
          BaseOfImage: m.baseOfImage ?? 0,
          DebugInfoFileOffset: m.debugInfoFileOffset ?? 0,
          DebugInfoSize: m.debugInfoSize ?? 0,
          StartAddress: m.startAddress ?? 0,
        },
      };
    case DbgKmApiNumber.DbgKmCreateThreadApi:
      return {
        ...base,
        NewState: DBG_STATE.DbgCreateThreadStateChange,
        StateInfo: {
          HandleToThread: open(e.thread.header, THREAD_ALL_ACCESS, 'thread'),
          StartAddress: m.startAddress ?? 0,
        },
      };
    case DbgKmApiNumber.DbgKmExitThreadApi:
      return {
        ...base,
        NewState: DBG_STATE.DbgExitThreadStateChange,
        StateInfo: { ExitStatus: m.exitStatus ?? 0 },
      };
    case DbgKmApiNumber.DbgKmExitProcessApi:
      return {
        ...base,
        NewState: DBG_STATE.DbgExitProcessStateChange,
        StateInfo: { ExitStatus: m.exitStatus ?? 0 },
      };
    case DbgKmApiNumber.DbgKmLoadDllApi:
      return {
        ...base,
        NewState: DBG_STATE.DbgLoadDllStateChange,
        StateInfo: {
          FileHandle: m.imageNtPath ? openFile(m.imageNtPath) : 0,
          BaseOfDll: m.baseOfImage ?? 0,
          DebugInfoFileOffset: m.debugInfoFileOffset ?? 0,
          DebugInfoSize: m.debugInfoSize ?? 0,
          NamePointer: m.namePointer ?? 0,
        },
      };
    case DbgKmApiNumber.DbgKmUnloadDllApi:
      return {
        ...base,
        NewState: DBG_STATE.DbgUnloadDllStateChange,
        StateInfo: { BaseAddress: m.baseOfImage ?? 0 },
      };
    default: {
      const x = m.exception!;
      const state =
        x.ExceptionCode === STATUS.BREAKPOINT
          ? DBG_STATE.DbgBreakpointStateChange
          : x.ExceptionCode === STATUS.SINGLE_STEP
            ? DBG_STATE.DbgSingleStepStateChange
            : DBG_STATE.DbgExceptionStateChange;
      return {
        ...base,
        NewState: state,
        StateInfo: {
          ExceptionRecord: {
            ExceptionCode: x.ExceptionCode >>> 0,
            ExceptionFlags: 0,
            ExceptionRecord: 0,
            ExceptionAddress: x.ExceptionAddress,
            NumberParameters: 0,
          },
          FirstChance: x.FirstChance ? 1 : 0,
        },
      };
    }
  }
}

/**
 * NtWaitForDebugEvent (ReactOS dbgkobj.c): DEBUG_READ_EVENT on the object; the first event not yet
 * read whose process has no earlier event still queued — a process's events reach the debugger one
 * at a time, each after the previous one was continued — is marked read and returned with its
 * handles opened in the caller. With none, the caller would wait; the model's debugger cannot
 * block while its debuggees run, so it is answered at once with STATUS_TIMEOUT whatever the
 * Timeout (the next `run` lets the debuggees go on). A deleted object is STATUS_DEBUGGER_INACTIVE.
 */
export function NtWaitForDebugEvent(
  ps: PsSystem,
  caller: PsCaller,
  p: { DebugObjectHandle: number; Alertable?: boolean; Timeout?: bigint | number | null },
  openFile: (ntPath: string) => number,
): { status: NTSTATUS; WaitStateChange?: DBGUI_WAIT_STATE_CHANGE } {
  return dbgkCall(ps, 'NtWaitForDebugEvent', { DebugObjectHandle: p.DebugObjectHandle }, () => {
    const dr = DbgkpReferenceDebugObject(ps, caller, p.DebugObjectHandle, DEBUG_READ_EVENT);
    if (dr.status !== STATUS.SUCCESS) return { status: dr.status };
    try {
      const d = dr.object!;
      if (d.Flags & DEBUG_OBJECT_DELETE_PENDING) return { status: STATUS.DEBUGGER_INACTIVE };
      // One pass: a process whose earlier event is still queued is skipped.
      const busy = new Set<number>();
      let e: DEBUG_EVENT | undefined;
      for (const x of d.EventList) {
        if (!(x.Flags & DEBUG_EVENT_READ) && !busy.has(x.ClientId.UniqueProcess)) {
          e = x;
          break;
        }
        busy.add(x.ClientId.UniqueProcess);
      }
      if (!e) return { status: STATUS.TIMEOUT };
      e.Flags |= DEBUG_EVENT_READ;
      return {
        status: STATUS.SUCCESS,
        WaitStateChange: DbgkpConvertKernelToUserStateChange(ps, caller, e, openFile),
      };
    } finally {
      ObDereferenceObject(ps.deps.ob, dr.header!);
    }
  });
}

/** The continue statuses NtDebugContinue takes (ReactOS dbgkobj.c; DBG_REPLY_LATER, Windows 10). */
const CONTINUE_STATUSES = new Set([
  DBG_CONTINUE,
  DBG_EXCEPTION_NOT_HANDLED,
  DBG_REPLY_LATER,
  DBG_TERMINATE_THREAD,
  DBG_TERMINATE_PROCESS,
]);

/**
 * NtDebugContinue (ReactOS dbgkobj.c; Microsoft Learn ContinueDebugEvent): a continue status
 * outside DBG_CONTINUE, DBG_EXCEPTION_NOT_HANDLED, DBG_REPLY_LATER, DBG_TERMINATE_THREAD and
 * DBG_TERMINATE_PROCESS is STATUS_INVALID_PARAMETER; DEBUG_READ_EVENT on the object; the event must
 * be one the debugger has read for exactly that client id (else STATUS_INVALID_PARAMETER). It is
 * removed and its thread runs on; DBG_REPLY_LATER puts it back, unread, at the end of the queue
 * (the thread will report it again); the terminate statuses end the thread or process.
 */
export function NtDebugContinue(
  ps: PsSystem,
  caller: PsCaller,
  p: {
    DebugObjectHandle: number;
    ClientId: { UniqueProcess: number; UniqueThread: number };
    ContinueStatus: number;
  },
): { status: NTSTATUS } {
  const cs = p.ContinueStatus >>> 0;
  return dbgkCall(
    ps,
    'NtDebugContinue',
    { DebugObjectHandle: p.DebugObjectHandle, ClientId: p.ClientId, ContinueStatus: cs },
    () => {
      if (!CONTINUE_STATUSES.has(cs)) return { status: STATUS.INVALID_PARAMETER };
      const dr = DbgkpReferenceDebugObject(ps, caller, p.DebugObjectHandle, DEBUG_READ_EVENT);
      if (dr.status !== STATUS.SUCCESS) return { status: dr.status };
      try {
        const list = dr.object!.EventList;
        const at = list.findIndex(
          (e) =>
            e.Flags & DEBUG_EVENT_READ &&
            e.ClientId.UniqueProcess === p.ClientId?.UniqueProcess &&
            e.ClientId.UniqueThread === p.ClientId?.UniqueThread,
        );
        if (at < 0) return { status: STATUS.INVALID_PARAMETER };
        const [e] = list.splice(at, 1) as [DEBUG_EVENT];
        if (cs === DBG_REPLY_LATER) {
          list.push({ ...e, Flags: e.Flags & ~DEBUG_EVENT_READ });
          if (e.thread.debugWait === e) e.thread.debugWait = list[list.length - 1]!;
          return { status: STATUS.SUCCESS };
        }
        if (e.thread.debugWait === e) e.thread.debugWait = null;
        if (cs === DBG_TERMINATE_THREAD) PspTerminateThreadByPointer(ps, e.thread, cs);
        else if (cs === DBG_TERMINATE_PROCESS && !e.process.exited) PspTerminateProcess(ps, e.process, cs);
        return { status: STATUS.SUCCESS };
      } finally {
        ObDereferenceObject(ps.deps.ob, dr.header!);
      }
    },
  );
}

/**
 * NtSetInformationDebugObject (phnt ntdbg.h; DebugSetProcessKillOnExit): the only class is
 * DebugObjectKillProcessOnExitInformation (else STATUS_INVALID_PARAMETER), a ULONG (else
 * STATUS_INFO_LENGTH_MISMATCH, ReturnLength 4); DEBUG_SET_INFORMATION on the object;
 * DEBUG_KILL_ON_CLOSE in the value sets KILL_ON_CLOSE, its absence clears it.
 */
export function NtSetInformationDebugObject(
  ps: PsSystem,
  caller: PsCaller,
  p: {
    DebugObjectHandle: number;
    DebugObjectInformationClass: number;
    DebugInformation: number;
    DebugInformationLength?: number;
  },
): { status: NTSTATUS; ReturnLength?: number } {
  return dbgkCall(ps, 'NtSetInformationDebugObject', { ...p }, () => {
    if (p.DebugObjectInformationClass !== DebugObjectKillProcessOnExitInformation)
      return { status: STATUS.INVALID_PARAMETER };
    if ((p.DebugInformationLength ?? 4) !== 4)
      return { status: STATUS.INFO_LENGTH_MISMATCH, ReturnLength: 4 };
    const dr = DbgkpReferenceDebugObject(ps, caller, p.DebugObjectHandle, DEBUG_SET_INFORMATION);
    if (dr.status !== STATUS.SUCCESS) return { status: dr.status };
    const d = dr.object!;
    if (p.DebugInformation & DEBUG_KILL_ON_CLOSE) d.Flags |= DEBUG_OBJECT_KILL_ON_CLOSE;
    else d.Flags &= ~DEBUG_OBJECT_KILL_ON_CLOSE;
    ObDereferenceObject(ps.deps.ob, dr.header!);
    return { status: STATUS.SUCCESS };
  });
}

/**
 * DbgkpCloseObject, when the last handle to a debug object closes (ReactOS dbgkobj.c): the object
 * is marked DELETE_PENDING, every process reporting to it is detached — and terminated with
 * STATUS_DEBUGGER_INACTIVE when KILL_ON_CLOSE (DebugSetProcessKillOnExit(TRUE), the default) —
 * and the queued events go, their threads running on.
 */
export function DbgkpCloseObject(ps: PsSystem, debugObject: DEBUG_OBJECT, systemHandleCount: number): void {
  if (systemHandleCount > 1) return;
  debugObject.Flags |= DEBUG_OBJECT_DELETE_PENDING;
  const kill = (debugObject.Flags & DEBUG_OBJECT_KILL_ON_CLOSE) !== 0;
  for (const process of [...ps.activeProcesses]) {
    if (process.DebugPort !== debugObject) continue;
    DbgkClearProcessDebugObject(ps, process, debugObject);
    if (kill && !process.exited) PspTerminateProcess(ps, process, STATUS.DEBUGGER_INACTIVE);
  }
  for (const e of debugObject.EventList.splice(0)) if (e.thread.debugWait === e) e.thread.debugWait = null;
}
