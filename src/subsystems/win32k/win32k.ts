import { STATUS, type NTSTATUS, type Trace } from '../../base/index.js';

/**
 * win32k.sys's per-process and per-thread bookkeeping: the W32PROCESS (USER's PROCESSINFO, GDI's
 * W32PROCESS) and W32THREAD (THREADINFO) it makes when a process first becomes a GUI process, and
 * the DXGPROCESS the DirectX graphics kernel (dxgkrnl.sys) makes beside them. The kernel reaches
 * them only through the callouts win32k registered with PsEstablishWin32Callouts: the process
 * manager's PsConvertToGuiThread calls W32pProcessCallout once per process and W32pThreadCallout
 * once per thread (Windows Internals 7 ch. 3, "Stage 6" and the conversion to a GUI thread;
 * ReactOS win32ss/user/ntuser/main.c: Win32kProcessCallback, Win32kThreadCallback, and
 * win32ss/include/ntgdityp.h-era W32PROCESS/W32THREAD).
 *
 * The subsystem layer sees the kernel's EPROCESS and ETHREAD only through the fields it reads.
 */

/** What win32k reads of an EPROCESS. */
export interface Win32kProcessObject {
  readonly UniqueProcessId: number;
  readonly SessionId: number;
  readonly ImageFileName: string;
}

/** What win32k reads of an ETHREAD. */
export interface Win32kThreadObject {
  readonly Cid: { readonly UniqueProcess: number; readonly UniqueThread: number };
  /** ETHREAD.ThreadsProcess. */
  readonly process: Win32kProcessObject;
}

/** PSW32THREADCALLOUTTYPE: PsW32ThreadCalloutInitialize (0) or PsW32ThreadCalloutExit (1). */
export type Win32kThreadCalloutType = 0 | 1;

/** W32PROCESS (the GDI part of USER's PROCESSINFO; ReactOS win32ss/include/ntuser.h, win32.h). */
export interface W32PROCESS {
  /** W32PROCESS.peProcess: back to the EPROCESS. */
  readonly peProcess: Win32kProcessObject;
  /** W32Pid: the process id (as USER keeps it). */
  readonly W32Pid: number;
  /** The session whose win32k (session space) holds it. */
  readonly SessionId: number;
  RefCount: number;
  /** W32PF_* flags (none of them modelled yet). */
  W32PF_flags: number;
  GDIHandleCount: number;
  UserHandleCount: number;
  /** The process's W32THREADs (PROCESSINFO.ptiList). */
  readonly threads: W32THREAD[];
}

/** W32THREAD (USER's THREADINFO starts with it). */
export interface W32THREAD {
  /** W32THREAD.pEThread. */
  readonly pEThread: Win32kThreadObject;
  RefCount: number;
  /** THREADINFO.ppi: the process's W32PROCESS. */
  readonly ppi: W32PROCESS | null;
}

/** DXGPROCESS (dxgkrnl.sys; opaque on Windows): the model keeps the process and its session. */
export interface DXGPROCESS {
  readonly pEProcess: Win32kProcessObject;
  readonly ProcessId: number;
  readonly SessionId: number;
  /** The adapters the process opened (D3DKMTOpenAdapter…): none without a display driver. */
  readonly adapters: readonly string[];
}

/** The two callouts, as PsEstablishWin32Callouts takes them (WIN32_CALLOUTS_FPNS). */
export interface Win32kCallouts {
  ProcessCallout(
    process: Win32kProcessObject,
    initialize: boolean,
  ): { status: NTSTATUS; Win32Process?: W32PROCESS; DxgProcess?: DXGPROCESS };
  ThreadCallout(
    thread: Win32kThreadObject,
    type: Win32kThreadCalloutType,
  ): { status: NTSTATUS; Win32Thread?: W32THREAD };
}

export interface Win32kOptions {
  trace: Trace;
}

/**
 * win32k.sys (with the DirectX graphics kernel's process callout folded in): the W32PROCESS,
 * DXGPROCESS and W32THREAD records, per session. Install with
 * `PsEstablishWin32Callouts(kernel.ps, win32k.callouts())` at boot.
 */
export class Win32k {
  private readonly trace: Trace;
  private readonly byProcess = new Map<Win32kProcessObject, { w32: W32PROCESS; dxg: DXGPROCESS }>();
  private readonly byThread = new Map<Win32kThreadObject, W32THREAD>();
  /** How many times W32pProcessCallout(Initialize) ran (once per GUI process). */
  processInitializations = 0;

  constructor(o: Win32kOptions) {
    this.trace = o.trace;
  }

  /** The callouts to give PsEstablishWin32Callouts. */
  callouts(): Win32kCallouts {
    return {
      ProcessCallout: (process, initialize) => this.W32pProcessCallout(process, initialize),
      ThreadCallout: (thread, type) => this.W32pThreadCallout(thread, type),
    };
  }

  /**
   * W32pProcessCallout (ReactOS Win32kProcessCallback → InitProcessCallback / ExitProcessCallback):
   * on initialization, the process's W32PROCESS and (DxgkProcessCallout) its DXGPROCESS, answered
   * for the kernel to store in EPROCESS.Win32Process and DxgProcess; a process that has them
   * already gets the same ones. On exit, both are freed.
   */
  W32pProcessCallout(
    process: Win32kProcessObject,
    initialize: boolean,
  ): { status: NTSTATUS; Win32Process?: W32PROCESS; DxgProcess?: DXGPROCESS } {
    return this.trace.call<{ status: NTSTATUS; Win32Process?: W32PROCESS; DxgProcess?: DXGPROCESS }>(
      {
        layer: 'win32k',
        module: 'win32k',
        fn: 'W32pProcessCallout',
        channel: 'win32k',
        pid: process.UniqueProcessId,
        args: { Process: process.ImageFileName, Initialize: initialize },
      },
      (span) => {
        const existing = this.byProcess.get(process);
        if (!initialize) {
          if (existing) {
            for (const t of existing.w32.threads) this.byThread.delete(t.pEThread);
            this.byProcess.delete(process);
          }
          return { status: STATUS.SUCCESS, value: { status: STATUS.SUCCESS } };
        }
        if (existing) {
          const value = { status: STATUS.SUCCESS, Win32Process: existing.w32, DxgProcess: existing.dxg };
          return { status: STATUS.SUCCESS, value };
        }
        const w32: W32PROCESS = {
          peProcess: process,
          W32Pid: process.UniqueProcessId,
          SessionId: process.SessionId,
          RefCount: 1,
          W32PF_flags: 0,
          GDIHandleCount: 0,
          UserHandleCount: 0,
          threads: [],
        };
        span.object({ type: 'W32PROCESS', name: process.ImageFileName });
        const dxg = this.trace.call(
          {
            layer: 'win32k',
            module: 'dxgkrnl',
            fn: 'DxgkProcessCallout',
            channel: 'win32k',
            args: { Initialize: true },
          },
          (d) => {
            const value: DXGPROCESS = {
              pEProcess: process,
              ProcessId: process.UniqueProcessId,
              SessionId: process.SessionId,
              adapters: [],
            };
            d.object({ type: 'DXGPROCESS', name: process.ImageFileName });
            return { status: STATUS.SUCCESS, value };
          },
        ).value!;
        this.byProcess.set(process, { w32, dxg });
        this.processInitializations++;
        const value = { status: STATUS.SUCCESS, Win32Process: w32, DxgProcess: dxg };
        return { status: STATUS.SUCCESS, value };
      },
    ).value!;
  }

  /**
   * W32pThreadCallout (ReactOS Win32kThreadCallback → InitThreadCallback / ExitThreadCallback):
   * on initialization the thread's W32THREAD, linked to its process's W32PROCESS; on exit it is
   * unlinked. A thread of a process without a W32PROCESS is STATUS_UNSUCCESSFUL (the process
   * callout runs first).
   */
  W32pThreadCallout(
    thread: Win32kThreadObject,
    type: Win32kThreadCalloutType,
  ): { status: NTSTATUS; Win32Thread?: W32THREAD } {
    return this.trace.call<{ status: NTSTATUS; Win32Thread?: W32THREAD }>(
      {
        layer: 'win32k',
        module: 'win32k',
        fn: 'W32pThreadCallout',
        channel: 'win32k',
        pid: thread.Cid.UniqueProcess,
        args: { tid: thread.Cid.UniqueThread, Type: type === 0 ? 'Initialize' : 'Exit' },
      },
      (span) => {
        const existing = this.byThread.get(thread);
        if (type === 1) {
          if (existing?.ppi) existing.ppi.threads.splice(existing.ppi.threads.indexOf(existing), 1);
          this.byThread.delete(thread);
          return { status: STATUS.SUCCESS, value: { status: STATUS.SUCCESS } };
        }
        if (existing)
          return { status: STATUS.SUCCESS, value: { status: STATUS.SUCCESS, Win32Thread: existing } };
        const ppi = this.byProcess.get(thread.process)?.w32;
        if (!ppi) return { status: STATUS.UNSUCCESSFUL, value: { status: STATUS.UNSUCCESSFUL } };
        const w32: W32THREAD = { pEThread: thread, RefCount: 1, ppi };
        ppi.threads.push(w32);
        this.byThread.set(thread, w32);
        span.object({ type: 'W32THREAD', name: `${thread.Cid.UniqueProcess}.${thread.Cid.UniqueThread}` });
        return { status: STATUS.SUCCESS, value: { status: STATUS.SUCCESS, Win32Thread: w32 } };
      },
    ).value!;
  }

  /** The live W32PROCESS records, in creation order, of one session or all. */
  processes(sessionId?: number): W32PROCESS[] {
    const all = [...this.byProcess.values()].map((r) => r.w32);
    return sessionId === undefined ? all : all.filter((w) => w.SessionId === sessionId);
  }

  /** The DXGPROCESS records, in creation order. */
  dxgProcesses(sessionId?: number): DXGPROCESS[] {
    const all = [...this.byProcess.values()].map((r) => r.dxg);
    return sessionId === undefined ? all : all.filter((d) => d.SessionId === sessionId);
  }
}
