import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObDereferenceObject } from '../ob/index.js';
import { THREAD_QUERY_LIMITED_INFORMATION } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceThreadByHandle } from './handles.js';
import type { PsSystem } from './ps-system.js';

/** THREADINFOCLASS ThreadBasicInformation (phnt ntpsapi.h). */
export const ThreadBasicInformation = 0;
/** THREAD_BASIC_INFORMATION on x64: 0x30 bytes. */
const SIZEOF_THREAD_BASIC_INFORMATION = 0x30;

/** THREAD_BASIC_INFORMATION (phnt ntpsapi.h). */
export interface THREAD_BASIC_INFORMATION {
  ExitStatus: number;
  TebBaseAddress: number;
  ClientId: { UniqueProcess: number; UniqueThread: number };
  AffinityMask: number;
  Priority: number;
  BasePriority: number;
}

/**
 * NtQueryInformationThread for ThreadBasicInformation (m417z/ntdoc "THREADINFOCLASS"): another class
 * is STATUS_INVALID_INFO_CLASS, a buffer other than 0x30 bytes STATUS_INFO_LENGTH_MISMATCH, then
 * the handle must grant THREAD_QUERY_LIMITED_INFORMATION. What kernel32's debugging API asks for a
 * thread's TEB (DEBUG_EVENT's lpThreadLocalBase).
 */
export function NtQueryInformationThread(
  ps: PsSystem,
  caller: PsCaller,
  p: { ThreadHandle: number; ThreadInformationClass: number; ThreadInformationLength?: number },
): { status: NTSTATUS; ThreadInformation?: THREAD_BASIC_INFORMATION; ReturnLength?: number } {
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQueryInformationThread',
      channel: 'ps',
      args: { ThreadHandle: p.ThreadHandle, ThreadInformationClass: p.ThreadInformationClass },
    },
    () => {
      type Out = { status: NTSTATUS; ThreadInformation?: THREAD_BASIC_INFORMATION; ReturnLength?: number };
      const done = (o: Out) => ({ status: o.status, value: o });
      if (p.ThreadInformationClass !== ThreadBasicInformation)
        return done({ status: STATUS.INVALID_INFO_CLASS });
      if ((p.ThreadInformationLength ?? SIZEOF_THREAD_BASIC_INFORMATION) !== SIZEOF_THREAD_BASIC_INFORMATION)
        return done({ status: STATUS.INFO_LENGTH_MISMATCH });
      const ref = PspReferenceThreadByHandle(ps, caller, p.ThreadHandle, THREAD_QUERY_LIMITED_INFORMATION);
      if (ref.status !== STATUS.SUCCESS) return done({ status: ref.status });
      const t = ref.object!;
      ObDereferenceObject(ps.deps.ob, ref.header!);
      return done({
        status: STATUS.SUCCESS,
        ThreadInformation: {
          ExitStatus: t.ExitStatus >>> 0,
          TebBaseAddress: t.Teb,
          ClientId: { ...t.Cid },
          AffinityMask: 2 ** ps.deps.mm.numberOfProcessors - 1,
          Priority: t.process.BasePriority,
          BasePriority: t.process.BasePriority,
        },
        ReturnLength: SIZEOF_THREAD_BASIC_INFORMATION,
      });
    },
  ).value!;
}
