import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObDereferenceObject } from '../ob/index.js';
import { THREAD_RESUME, THREAD_SUSPEND_RESUME } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { MAXIMUM_SUSPEND_COUNT } from './constants.js';
import { PspReferenceThreadByHandle } from './handles.js';
import type { ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * KeSuspendThread: the previous count; at MAXIMUM_SUSPEND_COUNT (127) it raises
 * STATUS_SUSPEND_COUNT_EXCEEDED and nothing changes. A thread with a count stops (Waiting).
 */
function KeSuspendThread(thread: ETHREAD): { status: NTSTATUS; previous: number } {
  const previous = thread.SuspendCount;
  if (previous === MAXIMUM_SUSPEND_COUNT) return { status: STATUS.SUSPEND_COUNT_EXCEEDED, previous: 0 };
  thread.SuspendCount = previous + 1;
  if (thread.State !== 'Terminated') thread.State = 'Waiting';
  return { status: STATUS.SUCCESS, previous };
}

/** KeResumeThread: the previous count; a count above 0 goes down, and at 0 the thread is ready. */
export function KeResumeThread(thread: ETHREAD): number {
  const previous = thread.SuspendCount;
  if (previous > 0) {
    thread.SuspendCount = previous - 1;
    if (thread.SuspendCount === 0 && thread.State === 'Waiting') thread.State = 'Ready';
  }
  return previous;
}

/**
 * PsSuspendThread (WRK ps/psspnd.c): another thread that is terminating cannot be suspended
 * (STATUS_THREAD_IS_TERMINATING); the calling thread always can.
 */
export function PsSuspendThread(
  thread: ETHREAD,
  current: ETHREAD | null,
): { status: NTSTATUS; previous: number } {
  if (thread !== current && thread.State === 'Terminated')
    return { status: STATUS.THREAD_IS_TERMINATING, previous: 0 };
  return KeSuspendThread(thread);
}

/**
 * NtSuspendThread (WRK ps/psspnd.c): the handle must grant THREAD_SUSPEND_RESUME;
 * PreviousSuspendCount receives the count before the call (0 when the call fails after the
 * handle was referenced). The count goes up to MAXIMUM_SUSPEND_COUNT (127); one more is
 * STATUS_SUSPEND_COUNT_EXCEEDED.
 */
export function NtSuspendThread(
  ps: PsSystem,
  caller: PsCaller,
  threadHandle: number,
): { status: NTSTATUS; PreviousSuspendCount?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call<{ PreviousSuspendCount?: number }>(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtSuspendThread',
      channel: 'ps',
      args: { ThreadHandle: threadHandle },
    },
    () => {
      const ref = PspReferenceThreadByHandle(ps, caller, threadHandle, THREAD_SUSPEND_RESUME);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status, value: {} };
      const r = PsSuspendThread(ref.object!, caller.thread);
      ObDereferenceObject(ob, ref.header!);
      return { status: r.status, value: { PreviousSuspendCount: r.previous }, result: r.previous };
    },
  );
  return { status: out.status, ...out.value };
}

/**
 * NtResumeThread (WRK ps/psspnd.c PsResumeThread): the handle must grant THREAD_RESUME (0x1000 —
 * Windows 8.1+ decompiles reference the handle with 0x1000, ids 65709258189 and 64456562201; a
 * THREAD_SUSPEND_RESUME handle implies it, PspImpliedAccess), so a creator whose thread handle to a
 * protected child lacks THREAD_SUSPEND_RESUME can still resume it;
 * PreviousSuspendCount receives the count before the call, which goes down by one if it was above
 * 0. Resuming a thread that is not suspended is not an error (the previous count is 0).
 */
export function NtResumeThread(
  ps: PsSystem,
  caller: PsCaller,
  threadHandle: number,
): { status: NTSTATUS; PreviousSuspendCount?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call<{ PreviousSuspendCount?: number }>(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtResumeThread',
      channel: 'ps',
      args: { ThreadHandle: threadHandle },
    },
    () => {
      const ref = PspReferenceThreadByHandle(ps, caller, threadHandle, THREAD_RESUME);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status, value: {} };
      const previous = KeResumeThread(ref.object!);
      ObDereferenceObject(ob, ref.header!);
      return { status: STATUS.SUCCESS, value: { PreviousSuspendCount: previous }, result: previous };
    },
  );
  return { status: out.status, ...out.value };
}
