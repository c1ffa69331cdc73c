import { STATUS, type NTSTATUS, type Trace } from '../../base/index.js';
import {
  NtCurrentTebClientId,
  NtCurrentProcess,
  type BaseCreateProcessMsg,
  type CsrApiName,
  type CsrApiRequest,
  type UserThreadContext,
} from '../../ntdll/index.js';
import {
  CSR_DEFAULT_SHUTDOWN_LEVEL,
  CsrProcessCreateNewGroup,
  CsrProcessIsConsoleApp,
  CsrProcessLastThreadTerminated,
  CsrProcessTerminating,
  CsrThreadTerminated,
  SHUTDOWN_NORETRY,
  type CLIENT_ID,
  type CSR_NT_SESSION,
  type CSR_PROCESS,
  type CSR_THREAD,
} from './records.js';

/** DUPLICATE_SAME_ACCESS (winnt.h). */
const DUPLICATE_SAME_ACCESS = 0x2;
/** PROCESS_ALL_ACCESS / THREAD_ALL_ACCESS (winnt.h, Vista and later). */
const PROCESS_ALL_ACCESS = 0x1fffff;
const THREAD_ALL_ACCESS = 0x1fffff;
/** CREATE_NEW_PROCESS_GROUP (winbase.h). */
const CREATE_NEW_PROCESS_GROUP = 0x200;
/** IMAGE_SUBSYSTEM_WINDOWS_CUI (winnt.h): a console program. */
const IMAGE_SUBSYSTEM_WINDOWS_CUI = 3;
/** PROCESSINFOCLASS.ProcessImageFileNameWin32. */
const ProcessImageFileNameWin32 = 43;
/** CsrProcessSequenceCount starts at 5 (ReactOS csrsrv/procsup.c). */
const FIRST_SEQUENCE = 5;

/** The BASESRV routine that serves each API (basesrv.dll's dispatch table). */
const SERVER_ROUTINES: Readonly<Record<CsrApiName, string>> = {
  BasepCreateProcess: 'BaseSrvCreateProcess',
  BasepCreateThread: 'BaseSrvCreateThread',
  BasepExitProcess: 'BaseSrvExitProcess',
  BasepGetProcessShutdownParam: 'BaseSrvGetProcessShutdownParam',
  BasepCheckVDM: 'BaseSrvCheckVDM',
};

export interface CsrServerOptions {
  /**
   * A thread of this session's csrss.exe: the server makes its system calls (NtDuplicateObject,
   * NtOpenProcess, NtClose, …) as that thread, with csrss's handle table and token.
   */
  ctx: UserThreadContext;
  /** The session this csrss.exe serves (its `\Sessions\<n>\Windows\ApiPort`). */
  sessionId: number;
}

type Reply = { status: NTSTATUS; reply?: Record<string, unknown> };

function num(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}

/**
 * One csrss.exe's CSR server (csrsrv.dll) with its base server (basesrv.dll): the CSR_PROCESS and
 * CSR_THREAD records of the session's Windows-subsystem clients, made and removed by the BASESRV
 * APIs that CreateProcessInternalW, CreateThread and ExitProcess call through CsrClientCallServer
 * (Windows Internals 7 ch. 3, "Stage 6: Performing Windows subsystem–specific initialization";
 * ReactOS subsystems/win32/csrsrv procsup.c/thredsup.c and subsystems/win/basesrv proc.c).
 * Native processes never connect, so never appear.
 */
export class CsrServer {
  readonly sessionId: number;
  /** CSR_NT_SESSION of the session. */
  readonly NtSession: CSR_NT_SESSION;
  /** CsrRootProcess: csrss.exe itself (ProcessHandle NtCurrentProcess). */
  readonly CsrRootProcess: CSR_PROCESS;
  private readonly ctx: UserThreadContext;
  private readonly trace: Trace;
  private readonly list: CSR_PROCESS[] = [];
  private sequence = FIRST_SEQUENCE;

  constructor(o: CsrServerOptions) {
    this.ctx = o.ctx;
    this.trace = o.ctx.trace;
    this.sessionId = o.sessionId;
    this.NtSession = { SessionId: o.sessionId, ReferenceCount: 1 };
    const self = this.selfClientId();
    this.CsrRootProcess = this.allocateProcess({
      ClientId: { UniqueProcess: self.UniqueProcess, UniqueThread: 0 },
      ProcessHandle: NtCurrentProcess,
      ParentProcessId: null,
      ImageName: '',
      origin: 'root',
    });
  }

  /** TEB.ClientId of the server thread: csrss.exe's pid and the thread's tid. */
  private selfClientId(): CLIENT_ID {
    const c = NtCurrentTebClientId(this.ctx);
    return { UniqueProcess: c.processId, UniqueThread: c.threadId };
  }

  /** The session's CSR_PROCESS records (CsrRootProcess→ListLink), in insertion order; the root is not listed. */
  processes(): readonly CSR_PROCESS[] {
    return this.list;
  }

  /** How many client processes the session's CSRSS knows. */
  get processCount(): number {
    return this.list.length;
  }

  /** CsrLockProcessByClientId without the lock: the record of `pid`, or null. */
  lookupProcess(pid: number): CSR_PROCESS | null {
    return this.list.find((p) => p.ClientId.UniqueProcess === pid) ?? null;
  }

  /** Whether `pid` is a CSR client (ProcessView's `csrProcess`). */
  isCsrProcess(pid: number): boolean {
    return this.lookupProcess(pid) !== null;
  }

  /** CsrLocateThreadByClientId: the CSR_THREAD of a client thread, or null. */
  lookupThread(cid: CLIENT_ID): CSR_THREAD | null {
    const p = this.lookupProcess(cid.UniqueProcess);
    return p?.ThreadList.find((t) => t.ClientId.UniqueThread === cid.UniqueThread) ?? null;
  }

  /**
   * One request on the API port (CsrApiRequestThread): the client thread is located (or adopted,
   * see CsrpAdoptClient) and the BASESRV routine runs. Each request is a span on the `csr` channel
   * in the `csrss` layer, in csrss.exe's process.
   */
  request(client: { processId: number; threadId: number }, r: CsrApiRequest): Reply {
    const fn = SERVER_ROUTINES[r.api] ?? r.api;
    return this.trace.call<Reply>(
      {
        layer: 'csrss',
        module: 'basesrv',
        fn,
        channel: 'csr',
        pid: this.CsrRootProcess.ClientId.UniqueProcess,
        args: { ApiNumber: r.api, client: `${client.processId}.${client.threadId}` },
      },
      (span) => {
        const reply = this.dispatch(
          { UniqueProcess: client.processId, UniqueThread: client.threadId },
          r,
          span,
        );
        return { status: reply.status, value: reply };
      },
    ).value!;
  }

  private dispatch(
    client: CLIENT_ID,
    r: CsrApiRequest,
    span: { object(o: { type: string; name?: string }): void },
  ): Reply {
    const m = r.message;
    switch (r.api) {
      case 'BasepCreateProcess':
        return this.BaseSrvCreateProcess(client, m as unknown as BaseCreateProcessMsg, span);
      case 'BasepCreateThread':
        return this.BaseSrvCreateThread(client, m);
      case 'BasepExitProcess':
        return { status: this.CsrDestroyProcess(client) };
      case 'BasepGetProcessShutdownParam': {
        const t = this.clientThread(client);
        if (!t.thread) return { status: t.status };
        const p = t.thread.Process;
        return {
          status: STATUS.SUCCESS,
          reply: { ShutdownLevel: p.ShutdownLevel, ShutdownFlags: p.ShutdownFlags & SHUTDOWN_NORETRY },
        };
      }
      case 'BasepCheckVDM':
        // No NTVDM on x64 Windows: the 16-bit subsystem is not there to check.
        return { status: STATUS.NOT_SUPPORTED };
      default:
        return { status: STATUS.INVALID_PARAMETER };
    }
  }

  /**
   * CsrGetClientThread for the request's sender. A client CSRSS has no record of — a process boot
   * started before the model wired CSRSS, which on Windows smss would have registered through
   * CsrSbCreateSession — is adopted: CSRSS opens the process and thread by client id and records
   * them (model extension, noted in the trace).
   */
  private clientThread(client: CLIENT_ID): { status: NTSTATUS; thread?: CSR_THREAD } {
    const known = this.lookupThread(client);
    if (known) return { status: STATUS.SUCCESS, thread: known };
    return this.CsrpAdoptClient(client);
  }

  /**
   * Registers an existing client (process and thread) the way CsrSbCreateSession registers a
   * session's first process: with handles CSRSS opens itself (NtOpenProcess / NtOpenThread with
   * all access — CSRSS runs as SYSTEM with SeDebugPrivilege).
   */
  CsrpAdoptClient(client: CLIENT_ID): { status: NTSTATUS; thread?: CSR_THREAD } {
    const nt = this.ctx.nt;
    this.trace.note(
      `model: client ${client.UniqueProcess}.${client.UniqueThread} unknown to CSRSS; adopted as CsrSbCreateSession would register it`,
    );
    let process = this.lookupProcess(client.UniqueProcess);
    if (!process) {
      const o = nt.NtOpenProcess({
        DesiredAccess: PROCESS_ALL_ACCESS,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: client.UniqueProcess, UniqueThread: 0 },
      });
      if (o.status !== STATUS.SUCCESS) return { status: o.status };
      const handle = num(o.out?.ProcessHandle);
      process = this.allocateProcess({
        ClientId: { UniqueProcess: client.UniqueProcess, UniqueThread: client.UniqueThread },
        ProcessHandle: handle,
        ParentProcessId: null,
        ImageName: this.imageNameOf(handle),
        origin: 'adopted',
      });
      this.insertProcess(process);
    }
    const t = nt.NtOpenThread({
      DesiredAccess: THREAD_ALL_ACCESS,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: client.UniqueProcess, UniqueThread: client.UniqueThread },
    });
    if (t.status !== STATUS.SUCCESS) {
      if (process.ThreadList.length === 0) this.removeProcess(process);
      return { status: t.status };
    }
    return { status: STATUS.SUCCESS, thread: this.insertThread(process, client, num(t.out?.ThreadHandle)) };
  }

  /**
   * BaseSrvCreateProcess (ReactOS basesrv/proc.c): the creator's handles to the new process and
   * its initial thread are duplicated into CSRSS (NtDuplicateObject from the creator's process
   * handle, with all rights) — a bad handle fails the request with the duplicate's status —
   * and CsrCreateProcess records them: a CSR_PROCESS (ShutdownLevel 0x280, the session referenced,
   * CREATE_NEW_PROCESS_GROUP → a group of its own, a console program flagged) with one CSR_THREAD.
   */
  private BaseSrvCreateProcess(
    client: CLIENT_ID,
    msg: BaseCreateProcessMsg,
    span: { object(o: { type: string; name?: string }): void },
  ): Reply {
    const caller = this.clientThread(client);
    if (!caller.thread) return { status: caller.status };
    const parent = caller.thread.Process;
    const nt = this.ctx.nt;
    // The creator's handles to a protected child it does not dominate hold only what
    // RtlProtectedAccess leaves (no PROCESS_DUP_HANDLE, no THREAD_SET_CONTEXT…): CSRSS — WinTcb-Light,
    // which dominates every signer but WinSystem — asks for all rights instead of the same access,
    // so it can serve the child later (model choice; ReactOS duplicates with DUPLICATE_SAME_ACCESS,
    // which predates protected processes).
    const dup = (handle: number, all: number): { status: NTSTATUS; handle: number } => {
      const r = nt.NtDuplicateObject({
        SourceProcessHandle: parent.ProcessHandle,
        SourceHandle: handle,
        TargetProcessHandle: NtCurrentProcess,
        DesiredAccess: all,
        HandleAttributes: 0,
        Options: 0,
      });
      return { status: r.status, handle: num(r.out?.TargetHandle) };
    };
    const p = dup(num(msg.ProcessHandle), PROCESS_ALL_ACCESS);
    if (p.status !== STATUS.SUCCESS) return { status: p.status };
    const t = dup(num(msg.ThreadHandle), THREAD_ALL_ACCESS);
    if (t.status !== STATUS.SUCCESS) {
      nt.NtClose({ Handle: p.handle });
      return { status: t.status };
    }
    let flags = 0;
    if (num(msg.CreationFlags) & CREATE_NEW_PROCESS_GROUP) flags |= CsrProcessCreateNewGroup;
    if (num(msg.Subsystem) === IMAGE_SUBSYSTEM_WINDOWS_CUI) flags |= CsrProcessIsConsoleApp;
    const cid = msg.ClientId ?? { UniqueProcess: 0, UniqueThread: 0 };
    const created = this.CsrCreateProcess(
      p.handle,
      t.handle,
      { UniqueProcess: num(cid.UniqueProcess), UniqueThread: num(cid.UniqueThread) },
      flags,
      parent,
    );
    if (created.process)
      span.object({ type: 'CSR_PROCESS', name: created.process.ImageName || String(cid.UniqueProcess) });
    return { status: created.status };
  }

  /** CsrCreateProcess (ReactOS csrsrv/procsup.c), after the handles are CSRSS's. */
  private CsrCreateProcess(
    hProcess: number,
    hThread: number,
    clientId: CLIENT_ID,
    flags: number,
    current: CSR_PROCESS,
  ): { status: NTSTATUS; process?: CSR_PROCESS } {
    return this.trace.call<CSR_PROCESS>(
      {
        layer: 'csrss',
        module: 'csrsrv',
        fn: 'CsrCreateProcess',
        channel: 'csr',
        args: { UniqueProcess: clientId.UniqueProcess, UniqueThread: clientId.UniqueThread, Flags: flags },
      },
      () => {
        const process = this.allocateProcess({
          ClientId: clientId,
          ProcessHandle: hProcess,
          ParentProcessId: current.ClientId.UniqueProcess,
          ImageName: this.imageNameOf(hProcess),
          origin: 'BasepCreateProcess',
        });
        // NT's rule: CREATE_NEW_PROCESS_GROUP roots a new group at the new process; otherwise it
        // joins its creator's group.
        if (flags & CsrProcessCreateNewGroup) {
          process.ProcessGroupId = clientId.UniqueProcess;
          process.ProcessGroupSequence = process.SequenceNumber;
        } else {
          process.ProcessGroupId = current.ProcessGroupId || current.ClientId.UniqueProcess;
          process.ProcessGroupSequence = current.ProcessGroupSequence || current.SequenceNumber;
        }
        if (flags & CsrProcessIsConsoleApp) process.Flags |= CsrProcessIsConsoleApp;
        this.insertThread(process, clientId, hThread);
        this.insertProcess(process);
        return { status: STATUS.SUCCESS, value: process, result: { SequenceNumber: process.SequenceNumber } };
      },
    );
  }

  /**
   * BaseSrvCreateThread (ReactOS basesrv/proc.c): a new thread of the client (or, for a remote
   * thread, of the process its client id names) gets a CSR_THREAD with a handle duplicated from
   * the client's. A thread CSRSS creates in itself needs no record; a process CSRSS does not know
   * is STATUS_INVALID_PARAMETER (the model's choice for CsrLockProcessByClientId's failure).
   */
  private BaseSrvCreateThread(client: CLIENT_ID, m: Record<string, unknown>): Reply {
    const caller = this.clientThread(client);
    if (!caller.thread) return { status: caller.status };
    const cid = (m.ClientId ?? {}) as Partial<CLIENT_ID>;
    const target = { UniqueProcess: num(cid.UniqueProcess), UniqueThread: num(cid.UniqueThread) };
    if (target.UniqueProcess === this.CsrRootProcess.ClientId.UniqueProcess)
      return { status: STATUS.SUCCESS };
    const process =
      target.UniqueProcess === caller.thread.Process.ClientId.UniqueProcess
        ? caller.thread.Process
        : this.lookupProcess(target.UniqueProcess);
    if (!process) return { status: STATUS.INVALID_PARAMETER };
    if (this.lookupThread(target)) return { status: STATUS.SUCCESS };
    const r = this.ctx.nt.NtDuplicateObject({
      SourceProcessHandle: caller.thread.Process.ProcessHandle,
      SourceHandle: num(m.ThreadHandle),
      TargetProcessHandle: NtCurrentProcess,
      DesiredAccess: 0,
      HandleAttributes: 0,
      Options: DUPLICATE_SAME_ACCESS,
    });
    if (r.status !== STATUS.SUCCESS) return { status: r.status };
    this.insertThread(process, target, num(r.out?.TargetHandle));
    return { status: STATUS.SUCCESS };
  }

  /**
   * CsrDestroyProcess (ReactOS csrsrv/procsup.c), for BaseSrvExitProcess: the caller's process is
   * marked terminating, each CSR_THREAD terminated and dereferenced; the last reference gone, the
   * record leaves the list, the session is dereferenced and CSRSS closes its handles. A client
   * without a record, or one already terminating, is STATUS_THREAD_IS_TERMINATING.
   */
  private CsrDestroyProcess(client: CLIENT_ID): NTSTATUS {
    return this.trace.call(
      {
        layer: 'csrss',
        module: 'csrsrv',
        fn: 'CsrDestroyProcess',
        channel: 'csr',
        args: { UniqueProcess: client.UniqueProcess, UniqueThread: client.UniqueThread },
      },
      () => {
        // The model also finds the process by its id when the calling thread has no CSR_THREAD (a
        // thread whose creator did not report it with BasepCreateThread).
        const process = this.lookupThread(client)?.Process ?? this.lookupProcess(client.UniqueProcess);
        if (!process || process.Flags & CsrProcessTerminating)
          return { status: STATUS.THREAD_IS_TERMINATING };
        process.Flags |= CsrProcessTerminating;
        for (const t of [...process.ThreadList]) {
          if (t.Flags & CsrThreadTerminated) continue;
          t.Flags |= CsrThreadTerminated;
          this.dereferenceThread(t);
        }
        // A record left without threads drops the allocation's reference here.
        if (process.ThreadList.length === 0 && !(process.Flags & CsrProcessLastThreadTerminated)) {
          process.Flags |= CsrProcessLastThreadTerminated;
          this.dereferenceProcess(process);
        }
        return { status: STATUS.SUCCESS };
      },
    ).status;
  }

  /**
   * The client's port was closed without a BasepExitProcess (TerminateProcess from outside, a
   * crash): CsrApiRequestThread's LPC_PORT_CLOSED / LPC_CLIENT_DIED handling destroys the records
   * the same way. Whoever wires CSRSS calls it when a client process exits (an exit notify routine).
   */
  CsrClientDied(pid: number): NTSTATUS {
    const process = this.lookupProcess(pid);
    if (!process) return STATUS.THREAD_IS_TERMINATING;
    return this.CsrDestroyProcess({
      UniqueProcess: pid,
      UniqueThread: process.ThreadList[0]?.ClientId.UniqueThread ?? 0,
    });
  }

  private allocateProcess(o: {
    ClientId: CLIENT_ID;
    ProcessHandle: number;
    ParentProcessId: number | null;
    ImageName: string;
    origin: CSR_PROCESS['origin'];
  }): CSR_PROCESS {
    // CsrAllocateProcess: a sequence number and the allocation's reference.
    const SequenceNumber = this.sequence++;
    return {
      ClientId: { ...o.ClientId },
      NtSession: this.NtSession,
      ProcessHandle: o.ProcessHandle,
      ThreadList: [],
      SequenceNumber,
      Flags: 0,
      DebugFlags: 0,
      ReferenceCount: 1,
      ProcessGroupId: 0,
      ProcessGroupSequence: 0,
      ShutdownLevel: CSR_DEFAULT_SHUTDOWN_LEVEL,
      ShutdownFlags: 0,
      ParentProcessId: o.ParentProcessId,
      ImageName: o.ImageName,
      origin: o.origin,
    };
  }

  /** CsrInsertProcess: into the list, with a reference on the session. */
  private insertProcess(process: CSR_PROCESS): void {
    this.NtSession.ReferenceCount++;
    this.list.push(process);
  }

  /** CsrAllocateThread + CsrInsertThread: the thread references its process. */
  private insertThread(process: CSR_PROCESS, clientId: CLIENT_ID, handle: number): CSR_THREAD {
    const thread: CSR_THREAD = {
      ClientId: { ...clientId },
      Process: process,
      ThreadHandle: handle,
      Flags: 0,
      ReferenceCount: 1,
      ImpersonationCount: 0,
    };
    process.ThreadList.push(thread);
    process.ReferenceCount++;
    return thread;
  }

  /**
   * CsrLockedDereferenceThread → CsrThreadRefcountZero: the thread leaves its process (CSRSS
   * closes its handle); the process loses the thread's reference and, with its last thread, the
   * allocation's too.
   */
  private dereferenceThread(thread: CSR_THREAD): void {
    if (--thread.ReferenceCount > 0) return;
    const process = thread.Process;
    process.ThreadList.splice(process.ThreadList.indexOf(thread), 1);
    this.ctx.nt.NtClose({ Handle: thread.ThreadHandle });
    this.dereferenceProcess(process);
    if (process.ThreadList.length === 0 && !(process.Flags & CsrProcessLastThreadTerminated)) {
      process.Flags |= CsrProcessLastThreadTerminated;
      this.dereferenceProcess(process);
    }
  }

  /** CsrLockedDereferenceProcess → CsrProcessRefcountZero: removed, session dereferenced, handle closed. */
  private dereferenceProcess(process: CSR_PROCESS): void {
    if (--process.ReferenceCount > 0) return;
    this.removeProcess(process);
  }

  private removeProcess(process: CSR_PROCESS): void {
    const at = this.list.indexOf(process);
    if (at >= 0) {
      this.list.splice(at, 1);
      this.NtSession.ReferenceCount--;
    }
    if (process.ProcessHandle !== NtCurrentProcess) this.ctx.nt.NtClose({ Handle: process.ProcessHandle });
  }

  /** The Win32 image name of a process CSRSS holds a handle to ('' when the query fails). */
  private imageNameOf(processHandle: number): string {
    const r = this.ctx.nt.NtQueryInformationProcess({
      ProcessHandle: processHandle,
      ProcessInformationClass: ProcessImageFileNameWin32,
    });
    const info = r.out?.ProcessInformation as { Buffer?: unknown } | undefined;
    return r.status === STATUS.SUCCESS && typeof info?.Buffer === 'string' ? info.Buffer : '';
  }
}
