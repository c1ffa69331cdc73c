import { resolveField, STATUS, type NTSTATUS } from '../../base/index.js';
import type { PeImage } from '../../pe/index.js';
import type { Section } from '../mm/index.js';
import { ObReferenceObject } from '../ob/index.js';
import {
  DbgKmApiNumber,
  DEBUG_EVENT_NOWAIT,
  DEBUG_OBJECT_DELETE_PENDING,
  type DbgkmMessage,
  type DEBUG_EVENT,
  type DEBUG_OBJECT,
} from './debug-object.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';

/** ETHREAD.CrossThreadFlags.HideFromDebugger (THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER). */
const hidden = (thread: ETHREAD): boolean => thread.HideFromDebugger;

/** Where a field of a user-mode structure is, from the build's layout table (reference §2.1, §2.5). */
const at = (ps: PsSystem, struct: string, path: string): number =>
  resolveField(ps.deps.mm.layout, struct, path).offset;

/**
 * A load-DLL message's NamePointer: &Teb->NtTib.ArbitraryUserPointer, where ntdll leaves the name
 * of the image it is mapping (ReactOS dbgkutil.c DbgkMapViewOfSection); 0 without a TEB.
 */
function DbgkpNamePointer(ps: PsSystem, thread: ETHREAD): number {
  return thread.Teb ? thread.Teb + at(ps, '_TEB', 'NtTib.ArbitraryUserPointer') : 0;
}

/**
 * DbgkpMarkProcessPeb: PEB.BeingDebugged follows EPROCESS.DebugPort — set when a debugger attaches,
 * cleared when it detaches (ReactOS dbgkobj.c). A process without a PEB is left alone.
 */
export function DbgkpMarkProcessPeb(ps: PsSystem, process: EPROCESS): void {
  if (!process.Peb || !process.addressSpace || process.exited) return;
  process.addressSpace.kernelWrite(
    process.Peb + at(ps, '_PEB', 'BeingDebugged'),
    Uint8Array.of(process.DebugPort ? 1 : 0),
  );
}

/**
 * DbgkpQueueMessage: the message goes at the tail of the debug object's event list. A message the
 * thread waits on (DbgkpSendApiMessage with SuspendProcess) stops the thread until NtDebugContinue
 * replies; the model runs code to completion, so a message sent from inside code the model runs in
 * one piece (the loader's DLL loads, its breakpoint) is queued without the wait
 * (DEBUG_EVENT_NOWAIT) — the debugger sees the same events in the same order, but the debuggee
 * does not stop between them.
 */
export function DbgkpQueueMessage(
  ps: PsSystem,
  thread: ETHREAD,
  message: DbgkmMessage,
  o: { wait: boolean; debugObject?: DEBUG_OBJECT },
): NTSTATUS {
  const process = thread.process;
  const port = o.debugObject ?? process.DebugPort;
  if (!port) return STATUS.PORT_NOT_SET;
  if (port.Flags & DEBUG_OBJECT_DELETE_PENDING) return STATUS.DEBUGGER_INACTIVE;
  const event: DEBUG_EVENT = {
    process,
    thread,
    ClientId: { ...thread.Cid },
    Flags: o.wait ? 0 : DEBUG_EVENT_NOWAIT,
    message,
    waits: o.wait,
  };
  port.EventList.push(event);
  if (o.wait) thread.debugWait = event;
  ps.deps.trace.note(
    `Dbgk: ${apiName(message.ApiNumber)} for ${process.ImageFileName} (${process.UniqueProcessId}.${thread.Cid.UniqueThread}) queued${o.wait ? '; the thread waits for the debugger' : ''}`,
  );
  return STATUS.SUCCESS;
}

function apiName(n: number): string {
  return Object.entries(DbgKmApiNumber).find(([, v]) => v === n)?.[0] ?? String(n);
}

/** IMAGE_FILE_HEADER.PointerToSymbolTable / NumberOfSymbols: DBGKM_*'s DebugInfoFileOffset and Size. */
export function debugInfo(image: PeImage | null | undefined): {
  debugInfoFileOffset: number;
  debugInfoSize: number;
} {
  const fh = image?.fileHeader;
  return { debugInfoFileOffset: fh?.PointerToSymbolTable ?? 0, debugInfoSize: fh?.NumberOfSymbols ?? 0 };
}

/** The create-process message of a process: its image, its first thread's start. */
export function DbgkpCreateProcessMessage(ps: PsSystem, process: EPROCESS, thread: ETHREAD): DbgkmMessage {
  return {
    ApiNumber: DbgKmApiNumber.DbgKmCreateProcessApi,
    baseOfImage: process.SectionBaseAddress,
    startAddress: thread.Win32StartAddress || thread.StartAddress,
    imageNtPath: process.imageFileNtPath,
    ...debugInfo(process.SectionObject?.image?.image),
  };
}

/**
 * The load-DLL message for ntdll (PspSystemDllBase), sent after every create-process message. When
 * the thread has a TEB the kernel writes "ntdll.dll" into its StaticUnicodeBuffer and points
 * NtTib.ArbitraryUserPointer at it, so the message's NamePointer leads to a name (ReactOS
 * dbgkutil.c DbgkCreateThread).
 */
export function DbgkpNtdllMessage(ps: PsSystem, process: EPROCESS, thread?: ETHREAD): DbgkmMessage | null {
  const view = process.ntdllView;
  if (!view) return null;
  let namePointer = 0;
  const as = process.addressSpace;
  if (thread?.Teb && as) {
    const text = 'ntdll.dll\0';
    const name = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) name[2 * i] = text.charCodeAt(i);
    const buffer = thread.Teb + at(ps, '_TEB', 'StaticUnicodeBuffer');
    as.kernelWrite(buffer, name);
    const ptr = new Uint8Array(8);
    new DataView(ptr.buffer).setBigUint64(0, BigInt(buffer), true);
    namePointer = DbgkpNamePointer(ps, thread);
    as.kernelWrite(namePointer, ptr);
  }
  return {
    ApiNumber: DbgKmApiNumber.DbgKmLoadDllApi,
    baseOfImage: view.baseAddress,
    imageNtPath: '\\??\\C:\\Windows\\System32\\ntdll.dll',
    namePointer,
    ...debugInfo(view.vad.section?.image?.image),
  };
}

/**
 * DbgkCreateThread, at a thread's first step in user mode (PspUserThreadStartup; ReactOS
 * dbgkutil.c): with a debug port, the first thread of the process reports the process's creation
 * (DbgKmCreateProcessApi, then ntdll's load-DLL message), a later one its own (DbgKmCreateThreadApi).
 * The thread then waits for the debugger's reply before it runs any user-mode code — the model
 * leaves it stopped (ETHREAD.debugWait) until NtDebugContinue. A thread hidden from the debugger
 * reports nothing. Returns whether the thread must wait.
 */
export function DbgkCreateThread(ps: PsSystem, thread: ETHREAD): boolean {
  const process = thread.process;
  if (!process.DebugPort || hidden(thread) || thread.debugCreateReported) return false;
  const first = !process.threads.some((t) => t.debugCreateReported);
  thread.debugCreateReported = true;
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'DbgkCreateThread',
      channel: 'dbgk',
      args: { pid: process.UniqueProcessId, tid: thread.Cid.UniqueThread, first },
    },
    () => {
      if (first) {
        DbgkpQueueMessage(ps, thread, DbgkpCreateProcessMessage(ps, process, thread), { wait: true });
        // ntdll's load-DLL message follows; the thread waits for that reply too (it is sent once
        // the first is answered — queued here at once, the thread waiting on the last of the two).
        const ntdll = DbgkpNtdllMessage(ps, process, thread);
        if (ntdll) DbgkpQueueMessage(ps, thread, ntdll, { wait: true });
      } else {
        DbgkpQueueMessage(
          ps,
          thread,
          {
            ApiNumber: DbgKmApiNumber.DbgKmCreateThreadApi,
            startAddress: thread.Win32StartAddress || thread.StartAddress,
          },
          { wait: true },
        );
      }
      return { status: STATUS.SUCCESS, value: true };
    },
  ).value!;
}

/**
 * DbgkMapViewOfSection: an image view mapped by a debugged process into itself (the loader's DLLs)
 * is a load-DLL message with the view's base and the name pointer the loader left in
 * TEB.NtTib.ArbitraryUserPointer (ReactOS dbgkutil.c). Views mapped into another process, and
 * mappings by threads hidden from the debugger, are not reported.
 */
export function DbgkMapViewOfSection(
  ps: PsSystem,
  process: EPROCESS,
  caller: { process: EPROCESS; thread: ETHREAD | null },
  section: Section,
  baseAddress: number,
): void {
  if (!process.DebugPort || caller.process !== process || !caller.thread || hidden(caller.thread)) return;
  DbgkpQueueMessage(
    ps,
    caller.thread,
    {
      ApiNumber: DbgKmApiNumber.DbgKmLoadDllApi,
      baseOfImage: baseAddress,
      imageNtPath: ps.sectionFileNames.get(section) ?? '',
      namePointer: DbgkpNamePointer(ps, caller.thread),
      ...debugInfo(section.image?.image),
    },
    { wait: false },
  );
}

/** DbgkUnMapViewOfSection: an image view unmapped by the debugged process itself (FreeLibrary). */
export function DbgkUnMapViewOfSection(
  ps: PsSystem,
  process: EPROCESS,
  caller: { process: EPROCESS; thread: ETHREAD | null },
  baseAddress: number,
): void {
  if (!process.DebugPort || caller.process !== process || !caller.thread || hidden(caller.thread)) return;
  DbgkpQueueMessage(
    ps,
    caller.thread,
    { ApiNumber: DbgKmApiNumber.DbgKmUnloadDllApi, baseOfImage: baseAddress },
    { wait: false },
  );
}

/**
 * DbgkExitThread / DbgkExitProcess: a thread that exits while others remain reports its exit; the
 * last one reports the process's exit with its status (ReactOS dbgkutil.c). Threads that never
 * reported their creation report nothing.
 */
export function DbgkExitThread(ps: PsSystem, thread: ETHREAD, exitStatus: NTSTATUS): void {
  const process = thread.process;
  if (!process.DebugPort || hidden(thread) || !thread.debugCreateReported) return;
  // Called before the thread is marked terminated: it is the last when it is the only live one.
  const last = process.activeThreads === 1;
  DbgkpQueueMessage(
    ps,
    thread,
    {
      ApiNumber: last ? DbgKmApiNumber.DbgKmExitProcessApi : DbgKmApiNumber.DbgKmExitThreadApi,
      exitStatus: exitStatus >>> 0,
    },
    { wait: false },
  );
}

/**
 * DbgkForwardException (KiDispatchException's first step for a user-mode exception; ReactOS
 * dbgkutil.c): with a debug port, the exception goes to the debugger as a message — the answer to
 * whether anyone handled it. The model's debuggee does not stop for the reply, so the debugger is
 * taken to have handled a first-chance breakpoint (what WinDbg does with the initial breakpoint);
 * without a port nothing is forwarded and the caller dispatches it in user mode.
 */
export function DbgkForwardException(
  ps: PsSystem,
  thread: ETHREAD,
  exception: { ExceptionCode: number; ExceptionAddress: number },
  firstChance: boolean,
): boolean {
  const process = thread.process;
  if (!process.DebugPort || hidden(thread)) return false;
  return (
    DbgkpQueueMessage(
      ps,
      thread,
      { ApiNumber: DbgKmApiNumber.DbgKmExceptionApi, exception: { ...exception, FirstChance: firstChance } },
      { wait: false },
    ) === STATUS.SUCCESS
  );
}

/**
 * DbgkCopyProcessDebugPort (PspAllocateProcess without a debug object of its own): a child inherits
 * its parent's debug port unless the parent was created with PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT
 * (DEBUG_ONLY_THIS_PROCESS) — so DEBUG_PROCESS debugs the whole tree (Microsoft Learn, Process
 * Creation Flags: DEBUG_PROCESS "… and all child processes created by the new process").
 */
export function DbgkCopyProcessDebugPort(
  process: EPROCESS,
  parent: EPROCESS,
  noDebugInheritFlag: number,
): void {
  if (!parent.DebugPort || parent.Flags & noDebugInheritFlag) return;
  const port = parent.DebugPort;
  if (port.Flags & DEBUG_OBJECT_DELETE_PENDING || !port.header || port.header.deleted) return;
  process.DebugPort = port;
  ObReferenceObject(port.header);
}
