import { STATUS, type NTSTATUS } from '../../base/index.js';
import { NtCurrentProcess, NtCurrentThread, ObDereferenceObject, ObKillProcess } from '../ob/index.js';
import { PROCESS_TERMINATE, THREAD_TERMINATE } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PS_PROCESS_FLAGS_BREAK_ON_TERMINATION, PS_PROCESS_FLAGS_PROCESS_DELETE } from './constants.js';
import { PspDeleteTeb } from './create-thread.js';
import { PspReferenceProcessByHandle, PspReferenceThreadByHandle } from './handles.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PsGetWin32Callouts } from './gui-thread.js';
import { DbgkExitThread } from './dbgk.js';
import { PspPicoExitProcess, PspPicoExitThread } from './pico.js';

/**
 * PspExitThread: the thread is terminated with its exit status (a suspended one is resumed first:
 * KeForceResumeThread), the thread notify routines are told, its TEB and user stack go
 * (MmDeleteTeb) unless the whole process is going, and its running reference is dropped — the
 * object lives on while handles to it remain.
 */
export function PspExitThread(
  ps: PsSystem,
  thread: ETHREAD,
  exitStatus: NTSTATUS,
  options: { processExiting?: boolean } = {},
): void {
  if (thread.State === 'Terminated') return;
  const process = thread.process;
  // DbgkExitThread, or DbgkExitProcess from the last thread (ReactOS ps/kill.c PspExitThread).
  DbgkExitThread(ps, thread, exitStatus);
  thread.debugWait = null;
  thread.State = 'Terminated';
  thread.ExitStatus = exitStatus >>> 0;
  thread.SuspendCount = 0;
  for (const r of ps.notify.thread.routines) r(process.UniqueProcessId, thread.Cid.UniqueThread, false);
  // A pico thread: the provider's ExitThread (ETHREAD.CrossThreadFlags.PicoNotifyExit; pico.ts).
  PspPicoExitThread(ps, thread);
  if (!options.processExiting) PspDeleteTeb(process, thread);
  if (thread.runReference) {
    thread.runReference = false;
    if (thread.header && !thread.header.deleted) ObDereferenceObject(ps.deps.ob, thread.header);
  }
}

/**
 * The model's process exit (PspExitProcess after the last thread, or a whole-process termination):
 * the exit status, the threads terminated, the process off PsActiveProcessHead, its handle table
 * closed (ObKillProcess), the exit notifications, the system's reference dropped. The object itself
 * lives on while handles to it remain (its PID is freed when the object goes). A process that has
 * already exited is STATUS_PROCESS_IS_TERMINATING. A critical process (BreakOnTermination) would
 * bugcheck with CRITICAL_PROCESS_DIED (WRK ps/psdelete.c PspCatchCriticalBreak): the model notes it
 * in the trace and goes on.
 */
export function PspTerminateProcess(ps: PsSystem, process: EPROCESS, exitStatus: NTSTATUS): NTSTATUS {
  const { ob, clock, trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspTerminateProcess',
      channel: 'ps',
      args: { pid: process.UniqueProcessId, exitStatus },
    },
    (span) => {
      if (process.exited) return { status: STATUS.PROCESS_IS_TERMINATING };
      if (process.Flags & PS_PROCESS_FLAGS_BREAK_ON_TERMINATION)
        span.note('critical process terminated: KeBugCheckEx(CRITICAL_PROCESS_DIED) is not modelled');
      process.Flags |= PS_PROCESS_FLAGS_PROCESS_DELETE;
      process.ExitStatus = exitStatus >>> 0;
      process.ExitTime = clock.now();
      for (const t of process.threads) PspExitThread(ps, t, exitStatus, { processExiting: true });
      // PspExitProcess → PspW32ProcessCallout(Process, FALSE): win32k frees the W32PROCESS and
      // DXGPROCESS of a GUI process (ReactOS ps/kill.c; Windows Internals 7 ch. 3).
      if (process.Win32Process !== null) {
        PsGetWin32Callouts(ps)?.ProcessCallout(process, false);
        process.Win32Process = null;
        process.DxgProcess = null;
      }
      // A pico process: the provider's ExitProcess, however the process ends (pico.ts).
      PspPicoExitProcess(ps, process);
      ps.notify.notifyProcessExit(process, process.UniqueProcessId, process.InheritedFromUniqueProcessId);
      const at = ps.activeProcesses.indexOf(process);
      if (at >= 0) ps.activeProcesses.splice(at, 1);
      // PspExitProcess: the handle table goes; the object stays while others hold handles to it.
      ObKillProcess(ob, process);
      if (process.header && !process.header.deleted) ObDereferenceObject(ob, process.header);
      return { status: STATUS.SUCCESS };
    },
  ).status;
}

/**
 * PspTerminateThreadByPointer: a thread already terminating is left alone (STATUS_SUCCESS); a
 * system thread cannot be terminated from another thread (STATUS_ACCESS_DENIED); otherwise it
 * exits, and the process exits with it when it was the last thread (PspExitThread → PspExitProcess).
 */
export function PspTerminateThreadByPointer(ps: PsSystem, thread: ETHREAD, exitStatus: NTSTATUS): NTSTATUS {
  if (thread.State === 'Terminated') return STATUS.SUCCESS;
  if (thread.SystemThread) return STATUS.ACCESS_DENIED;
  PspExitThread(ps, thread, exitStatus);
  const process = thread.process;
  if (process.activeThreads === 0 && !process.exited) PspTerminateProcess(ps, process, exitStatus);
  return STATUS.SUCCESS;
}

/**
 * NtTerminateProcess (Microsoft Learn "ZwTerminateProcess"; WRK ps/psdelete.c): the handle must
 * grant PROCESS_TERMINATE (NtCurrentProcess() does). A NULL handle is ExitProcess's first call: the
 * caller's other threads are terminated and the caller goes on. Otherwise every thread is
 * terminated and the process exits with ExitStatus — also a process that has no threads yet
 * (NtCreateProcessEx's; WRK only clears its handle table there, the model runs it down). A
 * process that has already exited is STATUS_PROCESS_IS_TERMINATING (its rundown protection is
 * gone).
 */
export function NtTerminateProcess(
  ps: PsSystem,
  caller: PsCaller,
  processHandle: number,
  exitStatus: NTSTATUS,
): NTSTATUS {
  const { ob, trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtTerminateProcess',
      channel: 'ps',
      args: { ProcessHandle: processHandle, ExitStatus: exitStatus >>> 0 },
    },
    () => {
      const specified = processHandle !== 0;
      const ref = PspReferenceProcessByHandle(
        ps,
        caller,
        specified ? processHandle : NtCurrentProcess,
        PROCESS_TERMINATE,
      );
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const process = ref.object!;
      let status: NTSTATUS;
      if (process.exited) status = STATUS.PROCESS_IS_TERMINATING;
      else if (!specified && process === caller.process) {
        for (const t of process.threads) if (t !== caller.thread) PspExitThread(ps, t, exitStatus);
        status = STATUS.SUCCESS;
      } else status = PspTerminateProcess(ps, process, exitStatus);
      ObDereferenceObject(ob, ref.header!);
      return { status };
    },
  ).status;
}

/**
 * NtTerminateThread (WRK ps/psdelete.c; m417z/ntdoc "NtTerminateThread"): a NULL handle terminates
 * the caller unless it is its process's last thread (STATUS_CANT_TERMINATE_SELF: ExitThread then
 * exits the process); NtCurrentThread() terminates the caller; another handle must grant
 * THREAD_TERMINATE. The last thread's exit ends the process with the same status.
 */
export function NtTerminateThread(
  ps: PsSystem,
  caller: PsCaller,
  threadHandle: number,
  exitStatus: NTSTATUS,
): NTSTATUS {
  const { ob, trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtTerminateThread',
      channel: 'ps',
      args: { ThreadHandle: threadHandle, ExitStatus: exitStatus >>> 0 },
    },
    () => {
      const self = caller.thread;
      if (threadHandle === 0 || threadHandle === NtCurrentThread) {
        if (!self) return { status: STATUS.INVALID_HANDLE };
        if (threadHandle === 0 && caller.process.activeThreads <= 1)
          return { status: STATUS.CANT_TERMINATE_SELF };
        return { status: PspTerminateThreadByPointer(ps, self, exitStatus) };
      }
      const ref = PspReferenceThreadByHandle(ps, caller, threadHandle, THREAD_TERMINATE);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const status = PspTerminateThreadByPointer(ps, ref.object!, exitStatus);
      ObDereferenceObject(ob, ref.header!);
      return { status };
    },
  ).status;
}
