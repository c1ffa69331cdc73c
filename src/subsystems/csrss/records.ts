/**
 * CSRSS's records of its clients (ReactOS sdk/include/reactos/subsys/csr/csrsrv.h: CSR_NT_SESSION,
 * CSR_PROCESS, CSR_THREAD and their flags). Windows Internals 7 ch. 3 "Stage 6": CSRSS keeps a
 * CSR_PROCESS and CSR_THREAD for every Windows-subsystem process and thread, holding handles to
 * them; `!csrprocess`-style views list them.
 */

/** CSR_PROCESS_FLAGS. */
export const CsrProcessTerminating = 0x1;
export const CsrProcessSkipShutdown = 0x2;
export const CsrProcessNormalPriority = 0x10;
export const CsrProcessIdlePriority = 0x20;
export const CsrProcessHighPriority = 0x40;
export const CsrProcessRealtimePriority = 0x80;
export const CsrProcessCreateNewGroup = 0x100;
export const CsrProcessTerminated = 0x200;
export const CsrProcessLastThreadTerminated = 0x400;
export const CsrProcessIsConsoleApp = 0x800;

/** CSR_THREAD_FLAGS. */
export const CsrThreadAlertable = 0x1;
export const CsrThreadInTermination = 0x2;
export const CsrThreadTerminated = 0x4;
export const CsrThreadIsServerThread = 0x10;

/** SHUTDOWN_NORETRY (winbase.h): the one ShutdownFlags bit SetProcessShutdownParameters takes. */
export const SHUTDOWN_NORETRY = 0x1;
/** The ShutdownLevel CsrCreateProcess gives every process (0x280, the SetProcessShutdownParameters default). */
export const CSR_DEFAULT_SHUTDOWN_LEVEL = 0x280;

export interface CLIENT_ID {
  UniqueProcess: number;
  UniqueThread: number;
}

/** CSR_NT_SESSION: one per session a CSRSS serves; each CSR_PROCESS of it holds a reference. */
export interface CSR_NT_SESSION {
  readonly SessionId: number;
  /** 1 for the session itself, plus one per CSR_PROCESS in it. */
  ReferenceCount: number;
}

/** CSR_THREAD. */
export interface CSR_THREAD {
  readonly ClientId: CLIENT_ID;
  /** CSR_THREAD.Process. */
  readonly Process: CSR_PROCESS;
  /** The thread's handle in CSRSS's handle table (duplicated from the creator's, or opened). */
  readonly ThreadHandle: number;
  Flags: number;
  ReferenceCount: number;
  ImpersonationCount: number;
}

/** CSR_PROCESS. */
export interface CSR_PROCESS {
  readonly ClientId: CLIENT_ID;
  /** The session (CSR_PROCESS.NtSession). */
  readonly NtSession: CSR_NT_SESSION;
  /** The process's handle in CSRSS's handle table (NtCurrentProcess for CSRSS's own root record). */
  readonly ProcessHandle: number;
  /** ThreadList. */
  readonly ThreadList: CSR_THREAD[];
  readonly SequenceNumber: number;
  Flags: number;
  DebugFlags: number;
  ReferenceCount: number;
  ProcessGroupId: number;
  ProcessGroupSequence: number;
  ShutdownLevel: number;
  ShutdownFlags: number;
  /** The client that asked for it (CsrInsertProcess's CallingProcess), null for adopted and root records. */
  readonly ParentProcessId: number | null;
  /** Model: the image's name as NtQueryInformationProcess(ProcessImageFileName) gave it, for views. */
  readonly ImageName: string;
  /** Model: how the record came to be — BasepCreateProcess, or adopted from a client created before CSRSS knew it. */
  readonly origin: 'BasepCreateProcess' | 'adopted' | 'root';
}

/** CSR_PROCESS.ThreadCount. */
export function CsrThreadCount(p: CSR_PROCESS): number {
  return p.ThreadList.length;
}
