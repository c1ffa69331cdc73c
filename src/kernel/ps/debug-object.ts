import type { ObjectHeader } from '../ob/index.js';
import {
  STANDARD_RIGHTS_READ,
  STANDARD_RIGHTS_WRITE,
  STANDARD_RIGHTS_EXECUTE,
  SYNCHRONIZE,
} from '../se/index.js';
import type { EPROCESS, ETHREAD } from './objects.js';

/**
 * The user-mode debugging objects of Dbgk (Windows Internals 7 ch. 3 "Debugging"; ReactOS
 * ntoskrnl/dbgk/dbgkobj.c and dbgkutil.c; phnt ntdbg.h). Dbgk lives beside the process manager
 * because its hooks are woven into thread start, image mapping and exit (PspUserThreadStartup →
 * DbgkCreateThread, MmMapViewOfSection → DbgkMapViewOfSection, PspExitThread → DbgkExitThread).
 */

// DebugObject access rights (phnt ntdbg.h; winnt.h DEBUG_*).
export const DEBUG_READ_EVENT = 0x0001;
export const DEBUG_PROCESS_ASSIGN = 0x0002;
export const DEBUG_SET_INFORMATION = 0x0004;
export const DEBUG_QUERY_INFORMATION = 0x0008;
export const DEBUG_ALL_ACCESS = 0x001f000f;

/** DbgkDebugObjectMapping (ReactOS dbgkobj.c): read = wait for events, write = add/remove processes. */
export const DbgkDebugObjectMapping = {
  GenericRead: STANDARD_RIGHTS_READ | DEBUG_READ_EVENT,
  GenericWrite: STANDARD_RIGHTS_WRITE | DEBUG_PROCESS_ASSIGN,
  GenericExecute: STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE,
  GenericAll: DEBUG_ALL_ACCESS,
};

/** NtCreateDebugObject's Flags: DEBUG_KILL_ON_CLOSE is the only valid bit (phnt ntdbg.h). */
export const DEBUG_KILL_ON_CLOSE = 0x1;
/** DEBUG_OBJECT.Flags (ReactOS dbgktypes.h). */
export const DEBUG_OBJECT_DELETE_PENDING = 0x1;
export const DEBUG_OBJECT_KILL_ON_CLOSE = 0x2;

/** DEBUGOBJECTINFOCLASS (phnt ntdbg.h). */
export const DebugObjectKillProcessOnExitInformation = 1;

/** DBGKM_APINUMBER: the kind of a debug message (ReactOS dbgktypes.h). */
export const DbgKmApiNumber = {
  DbgKmExceptionApi: 0,
  DbgKmCreateThreadApi: 1,
  DbgKmCreateProcessApi: 2,
  DbgKmExitThreadApi: 3,
  DbgKmExitProcessApi: 4,
  DbgKmLoadDllApi: 5,
  DbgKmUnloadDllApi: 6,
} as const;

/** DBG_STATE: the NewState of DBGUI_WAIT_STATE_CHANGE (phnt ntdbg.h). */
export const DBG_STATE = {
  DbgIdle: 0,
  DbgReplyPending: 1,
  DbgCreateThreadStateChange: 2,
  DbgCreateProcessStateChange: 3,
  DbgExitThreadStateChange: 4,
  DbgExitProcessStateChange: 5,
  DbgExceptionStateChange: 6,
  DbgBreakpointStateChange: 7,
  DbgSingleStepStateChange: 8,
  DbgLoadDllStateChange: 9,
  DbgUnloadDllStateChange: 10,
} as const;

/** The continue statuses NtDebugContinue accepts (ntstatus.h DBG_*; DBG_REPLY_LATER since Windows 10). */
export const DBG_EXCEPTION_HANDLED = 0x00010001;
export const DBG_CONTINUE = 0x00010002;
export const DBG_REPLY_LATER = 0x40010001;
export const DBG_TERMINATE_THREAD = 0x40010003;
export const DBG_TERMINATE_PROCESS = 0x40010004;
export const DBG_EXCEPTION_NOT_HANDLED = 0x80010001;

/** DEBUG_EVENT.Flags (ReactOS dbgktypes.h). */
export const DEBUG_EVENT_READ = 0x01;
export const DEBUG_EVENT_NOWAIT = 0x02;

/** What a debug message carries besides its kind: the DBGKM_* structure's fields. */
export interface DbgkmMessage {
  ApiNumber: number;
  /** DbgKmExceptionApi: the EXCEPTION_RECORD's code and address, first or second chance. */
  exception?: { ExceptionCode: number; ExceptionAddress: number; FirstChance: boolean };
  /** DbgKmCreateProcessApi / CreateThreadApi: the thread's start address (Win32StartAddress). */
  startAddress?: number;
  /** DbgKmCreateProcessApi / LoadDllApi: the image base, its COFF debug info and its file. */
  baseOfImage?: number;
  debugInfoFileOffset?: number;
  debugInfoSize?: number;
  /** The image's NT path: the file DbgkpOpenHandles opens for the debugger. */
  imageNtPath?: string;
  /** LoadDllApi: TEB.NtTib.ArbitraryUserPointer (the loader's name pointer), 0 when unset. */
  namePointer?: number;
  /** ExitThreadApi / ExitProcessApi. */
  exitStatus?: number;
}

/** DEBUG_EVENT: one queued message (ReactOS dbgktypes.h). */
export interface DEBUG_EVENT {
  readonly process: EPROCESS;
  readonly thread: ETHREAD;
  readonly ClientId: { UniqueProcess: number; UniqueThread: number };
  Flags: number;
  readonly message: DbgkmMessage;
  /** The thread waits for the reply (DbgkpSendApiMessage) — the model stops it until continued. */
  readonly waits: boolean;
}

/**
 * DEBUG_OBJECT (ReactOS dbgktypes.h): the queue of events for the debugger and its flags. The
 * object's address is its object header's.
 */
export class DEBUG_OBJECT {
  header: ObjectHeader<DEBUG_OBJECT> | null = null;
  Flags = 0;
  readonly EventList: DEBUG_EVENT[] = [];
}
