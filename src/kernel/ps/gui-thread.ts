import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode } from '../se/index.js';
import { SK_STATUS } from '../sk/index.js';
import type { PsCaller } from './caller.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PsIsSecureProcess } from './secure-process.js';

/**
 * The kernel's side of the Windows subsystem's kernel-mode part (win32k): the callouts win32k
 * hands the process manager at its initialization (PsEstablishWin32Callouts), and the conversion
 * of a thread to a GUI thread the first time it makes a USER or GDI system call
 * (PsConvertToGuiThread). Windows Internals 7 ch. 3 "Stage 6" and the section on the conversion to
 * a GUI thread; ReactOS ntoskrnl/ps/win32.c (PsEstablishWin32Callouts, PsConvertToGuiThread) and
 * win32ss/user/ntuser/main.c (Win32kProcessCallback, Win32kThreadCallback).
 */

/**
 * STATUS_ALREADY_WIN32 (ntstatus.h 0x4000001B, a success code): PsConvertToGuiThread on a thread
 * that already runs on the shadow service table.
 */
export const STATUS_ALREADY_WIN32 = 0x4000001b;

/** PSW32THREADCALLOUTTYPE. */
export const PsW32ThreadCalloutInitialize = 0;
export const PsW32ThreadCalloutExit = 1;
export type PSW32THREADCALLOUTTYPE = typeof PsW32ThreadCalloutInitialize | typeof PsW32ThreadCalloutExit;

/**
 * PKWIN32_PROCESS_CALLOUT (W32pProcessCallout): (Process, Initialize). On initialization win32k
 * makes its per-process structures and answers them: the W32PROCESS (EPROCESS.Win32Process, set
 * through PsSetProcessWin32Process) and the DirectX graphics kernel's DXGPROCESS
 * (EPROCESS.DxgProcess). On exit it frees them.
 */
export type Win32ProcessCallout = (
  process: EPROCESS,
  initialize: boolean,
) => { status: NTSTATUS; Win32Process?: unknown; DxgProcess?: unknown };

/** PKWIN32_THREAD_CALLOUT (W32pThreadCallout): (Thread, Type) → the thread's W32THREAD on initialization. */
export type Win32ThreadCallout = (
  thread: ETHREAD,
  type: PSW32THREADCALLOUTTYPE,
) => { status: NTSTATUS; Win32Thread?: unknown };

/** WIN32_CALLOUTS_FPNS: the routines PsEstablishWin32Callouts takes (the model's two). */
export interface WIN32_CALLOUTS_FPNS {
  ProcessCallout: Win32ProcessCallout;
  ThreadCallout: Win32ThreadCallout;
}

/** PspW32ProcessCallout / PspW32ThreadCallout of each process manager (null before win32k is loaded). */
const callouts = new WeakMap<PsSystem, WIN32_CALLOUTS_FPNS>();

/**
 * KTHREAD.Win32Thread (PsGetThreadWin32Thread) and whether KTHREAD.ServiceTable is
 * KeServiceDescriptorTableShadow, per thread. The model's ETHREAD has no field for them yet, so
 * they are kept beside it.
 */
const guiThreads = new WeakMap<ETHREAD, { Win32Thread: unknown }>();

/**
 * PsEstablishWin32Callouts: win32k's DriverEntry registers its process and thread callouts with
 * the process manager (once per boot; a second call replaces them, as the routine just stores the
 * pointers).
 */
export function PsEstablishWin32Callouts(ps: PsSystem, calloutData: WIN32_CALLOUTS_FPNS): void {
  callouts.set(ps, { ...calloutData });
}

/** The callouts PsEstablishWin32Callouts set, or null while win32k is not loaded. */
export function PsGetWin32Callouts(ps: PsSystem): WIN32_CALLOUTS_FPNS | null {
  return callouts.get(ps) ?? null;
}

/** PsGetProcessWin32Process: EPROCESS.Win32Process (null for a process that never made a GUI call). */
export function PsGetProcessWin32Process(process: EPROCESS): unknown {
  return process.Win32Process;
}

/** PsGetThreadWin32Thread: KTHREAD.Win32Thread (null for a thread that was never converted). */
export function PsGetThreadWin32Thread(thread: ETHREAD): unknown {
  return guiThreads.get(thread)?.Win32Thread ?? null;
}

/** Whether the thread runs on KeServiceDescriptorTableShadow (it was converted to a GUI thread). */
export function PsIsGuiThread(thread: ETHREAD): boolean {
  return guiThreads.has(thread);
}

/**
 * PsConvertToGuiThread (ReactOS ntoskrnl/ps/win32.c; Windows Internals 7 ch. 3): the calling
 * thread's first win32k system call makes it a GUI thread.
 * 1. A kernel-mode caller is STATUS_INVALID_PARAMETER; a trustlet's thread the secure kernel's
 *    refusal (no win32k for trustlets); without win32k (no callouts) STATUS_ACCESS_DENIED; a thread
 *    already on the shadow table STATUS_ALREADY_WIN32.
 * 2. If the process has no Win32Process yet, W32pProcessCallout(Process, TRUE) makes its
 *    W32PROCESS and DXGPROCESS, which become EPROCESS.Win32Process and DxgProcess — once per
 *    process: a later thread's conversion skips this step.
 * 3. The thread moves to KeServiceDescriptorTableShadow and W32pThreadCallout(Thread,
 *    PsW32ThreadCalloutInitialize) gives it its W32THREAD (KTHREAD.Win32Thread); if that fails the
 *    thread goes back to the plain table and the status is the callout's.
 * The large kernel stack a GUI thread gets (MmCreateKernelStack(TRUE)) is not modelled.
 */
export function PsConvertToGuiThread(ps: PsSystem, caller: PsCaller): NTSTATUS {
  const { trace } = ps.deps;
  const thread = caller.thread;
  const process = caller.process;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PsConvertToGuiThread',
      channel: 'ps',
      pid: process.UniqueProcessId,
      args: { tid: thread?.Cid.UniqueThread ?? 0 },
    },
    () => {
      if (caller.previousMode === KernelMode || !thread) return { status: STATUS.INVALID_PARAMETER };
      // A trustlet's win32k system calls never reach NT: the secure kernel forwards no win32k service
      // (Windows Internals 7 ch. 3 "Trustlets": no GUI), so its threads are never converted and the
      // call gets the secure kernel's answer to a service it does not forward (kernel/sk REFUSED_CALL).
      if (PsIsSecureProcess(process)) return { status: SK_STATUS.REFUSED_CALL };
      const fpns = callouts.get(ps);
      if (!fpns) return { status: STATUS.ACCESS_DENIED };
      if (guiThreads.has(thread)) return { status: STATUS_ALREADY_WIN32 };
      if (process.Win32Process === null) {
        const r = fpns.ProcessCallout(process, true);
        if (r.status !== STATUS.SUCCESS) return { status: r.status };
        // PsSetProcessWin32Process and, for dxgkrnl's part, the DxgProcess pointer.
        process.Win32Process = r.Win32Process ?? null;
        process.DxgProcess = r.DxgProcess ?? null;
      }
      // KTHREAD.ServiceTable = KeServiceDescriptorTableShadow, then W32pThreadCallout.
      const record = { Win32Thread: null as unknown };
      guiThreads.set(thread, record);
      const t = fpns.ThreadCallout(thread, PsW32ThreadCalloutInitialize);
      if (t.status !== STATUS.SUCCESS) {
        guiThreads.delete(thread);
        return { status: t.status };
      }
      record.Win32Thread = t.Win32Thread ?? null;
      return { status: STATUS.SUCCESS };
    },
  ).status;
}
