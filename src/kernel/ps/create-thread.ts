import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MEM, MmCreateTeb, type ImageControlArea } from '../mm/index.js';
import {
  ObCreateObject,
  ObDereferenceObject,
  ObInsertObject,
  ObReferenceObject,
  type ObjectHeader,
} from '../ob/index.js';
import { PROCESS_CREATE_THREAD } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspCallProcessNotifyRoutines } from './allocate-process.js';
import {
  PS_PROCESS_FLAGS_CREATE_REPORTED,
  PS_PROCESS_FLAGS3_MINIMAL,
  THREAD_CREATE_FLAGS,
  THREAD_CREATE_FLAGS_VALID,
} from './constants.js';
import { PspHandleArg, PspReferenceProcessByHandle } from './handles.js';
import { ETHREAD, type EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PspCreateSecureThread } from './secure-process.js';
import { PspThreadSecurityDescriptor } from './security.js';

/** What PspCreateThread builds a thread from. */
export interface PspCreateThreadOptions {
  /** The rights of the creator's handle. */
  desiredAccess: number;
  /** OBJECT_ATTRIBUTES.Attributes of the thread object. */
  attributes?: number;
  /** ETHREAD.StartAddress / Win32StartAddress. */
  startAddress: number;
  createSuspended: boolean;
  /** THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER: ETHREAD.CrossThreadFlags.HideFromDebugger. */
  hideFromDebugger?: boolean;
  /** The first thread of the process (TEB SameTebFlags.InitialThread). */
  initialThread?: boolean;
  /** Stack reserve and commit; the image's when 0 or absent. */
  stack?: { reserve?: number; commit?: number };
  /** The image whose header gives the default stack sizes. */
  image?: ImageControlArea | null;
}

/**
 * MmDeleteTeb and the user stack's release: what PspExitThread frees of a user thread, and what a
 * failed creation gives back.
 */
export function PspDeleteTeb(process: EPROCESS, thread: ETHREAD): void {
  const as = process.addressSpace;
  if (!as || !thread.Teb) return;
  const vad = thread.deallocationStack ? as.findVad(thread.Teb) : null;
  if (vad) as.removeVad(vad);
  if (thread.deallocationStack) as.freeVirtualMemory(thread.deallocationStack, 0, MEM.RELEASE);
  // ETHREAD keeps the (now stale) TEB address, as KTHREAD.Teb does after MmDeleteTeb.
  thread.deallocationStack = 0;
}

/**
 * PspAllocateThread + PspInsertThread (WRK ps/create.c PspCreateThread): the thread object with
 * its descriptor (the creator's token, the process's integrity, NW | NR), a TID from the CID table,
 * the TEB and user stack (MmCreateTeb — none for a thread of a minimal process, whose threads are
 * minimal: KTHREAD.Header.DebugActive.Minimal, reference §7), the context at
 * ntdll!RtlUserThreadStart, the thread notify routines, the caller's handle, and — unless
 * THREAD_CREATE_FLAGS_CREATE_SUSPENDED — ready to run. A process that is exiting refuses new threads
 * (STATUS_PROCESS_IS_TERMINATING). A failure leaves no object, CID, handle or mapping.
 */
export function PspCreateThread(
  ps: PsSystem,
  caller: PsCaller,
  process: EPROCESS,
  o: PspCreateThreadOptions,
): { status: NTSTATUS; thread?: ETHREAD; handle?: number } {
  const { ob, mm, trace, clock } = ps.deps;
  const outcome = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PspCreateThread',
      channel: 'ps',
      args: { pid: process.UniqueProcessId, suspended: o.createSuspended },
    },
    (span): { status: NTSTATUS; value?: { thread: ETHREAD; handle: number } } => {
      if (process.exited || !process.ObjectTable) return { status: STATUS.PROCESS_IS_TERMINATING };
      const minimal = (process.Flags3 & PS_PROCESS_FLAGS3_MINIMAL) !== 0;
      // The System process has no user address space: no user thread can go there (model's status).
      if (!process.addressSpace || !process.Token) return { status: STATUS.INVALID_PARAMETER };
      const thread = new ETHREAD(process, 0);
      thread.CreateTime = clock.now();
      thread.Minimal = minimal;
      thread.StartAddress = o.startAddress;
      thread.Win32StartAddress = o.startAddress;
      thread.HideFromDebugger = o.hideFromDebugger ?? false;
      const creator = caller.process.Token ?? process.Token;
      const obj = ObCreateObject(ob, {
        type: ps.threadType.typeInfo,
        body: thread,
        attributes: o.attributes ?? 0,
        securityDescriptor: PspThreadSecurityDescriptor(creator, process.Token),
        accessMode: caller.previousMode,
      });
      if (!obj.object) return { status: obj.status };
      const header = obj.object as ObjectHeader<ETHREAD>;
      thread.header = header;
      // The TID; PspThreadDelete frees it when the object goes.
      thread.Cid.UniqueThread = ps.cid.create(thread);
      // A trustlet's thread has a VTL1 side: KTHREAD.SecureThreadCookie (secure-process.ts).
      PspCreateSecureThread(ps, thread);
      if (!minimal) {
        const teb = MmCreateTeb(mm, process.addressSpace, {
          peb: process.Peb,
          clientId: { uniqueProcess: thread.Cid.UniqueProcess, uniqueThread: thread.Cid.UniqueThread },
          image: o.image ?? process.SectionObject?.image ?? null,
          initialThread: o.initialThread ?? false,
          ...(o.stack ? { stack: o.stack } : {}),
        });
        if (!teb.value) {
          ObDereferenceObject(ob, header);
          return { status: teb.status };
        }
        thread.Teb = teb.value.teb;
        thread.stackBase = teb.value.stackBase;
        thread.stackLimit = teb.value.stackLimit;
        thread.deallocationStack = teb.value.deallocationStack;
      }
      // The first thread of a process made by NtCreateProcessEx reports the process's creation
      // (PspInsertThread → PspCallProcessNotifyRoutines); a refusal fails the thread.
      if (!minimal && !(process.Flags & PS_PROCESS_FLAGS_CREATE_REPORTED)) {
        const veto = PspCallProcessNotifyRoutines(ps, caller, process);
        if (veto !== STATUS.SUCCESS) {
          PspDeleteTeb(process, thread);
          ObDereferenceObject(ob, header);
          return { status: veto };
        }
      }
      // The running thread's own reference, dropped at exit (PspExitThread).
      ObReferenceObject(header);
      thread.runReference = true;
      process.threads.push(thread);
      for (const r of ps.notify.thread.routines) r(process.UniqueProcessId, thread.Cid.UniqueThread, true);
      const ins = ObInsertObject(ob, header, {
        desiredAccess: o.desiredAccess,
        process: caller.process,
        accessMode: caller.previousMode,
      });
      if (ins.status !== STATUS.SUCCESS) {
        // The creator's reference went with the failed insert; the thread exits before it ran.
        process.threads.splice(process.threads.indexOf(thread), 1);
        for (const r of ps.notify.thread.routines) r(process.UniqueProcessId, thread.Cid.UniqueThread, false);
        PspDeleteTeb(process, thread);
        thread.State = 'Terminated';
        thread.runReference = false;
        ObDereferenceObject(ob, header);
        return { status: ins.status };
      }
      thread.SuspendCount = o.createSuspended ? 1 : 0;
      thread.State = o.createSuspended ? 'Waiting' : 'Ready';
      span.note(`TID ${thread.Cid.UniqueThread}${o.createSuspended ? ' (suspended)' : ''}`);
      return { status: STATUS.SUCCESS, value: { thread, handle: ins.handle! } };
    },
  );
  return outcome.value
    ? { status: outcome.status, thread: outcome.value.thread, handle: outcome.value.handle }
    : { status: outcome.status };
}

/** The PS_ATTRIBUTE_LIST of NtCreateThreadEx: outputs written on success. */
export interface NtCreateThreadExAttributeList {
  /** PsAttributeClientId (out). */
  ClientId?: { UniqueProcess: number; UniqueThread: number };
  /** PsAttributeTebAddress (out). */
  TebAddress?: number;
}

export interface NtCreateThreadExParameters {
  DesiredAccess: number;
  ObjectAttributes?: { Attributes?: number } | null;
  ProcessHandle: number;
  StartRoutine: number;
  Argument?: number;
  CreateFlags?: number;
  ZeroBits?: number;
  StackSize?: number;
  MaximumStackSize?: number;
  AttributeList?: NtCreateThreadExAttributeList | null;
}

/**
 * NtCreateThreadEx (phnt ntpsapi.h; m417z/ntdoc "NtCreateThreadEx"; CreateRemoteThreadEx at the
 * Win32 edge): a thread in the process of ProcessHandle, which must grant PROCESS_CREATE_THREAD
 * (NtCurrentProcess() does). CreateFlags outside THREAD_CREATE_FLAGS_* are STATUS_INVALID_PARAMETER.
 * StackSize is the commit and MaximumStackSize the reserve (the image's when 0). The thread starts
 * suspended with THREAD_CREATE_FLAGS_CREATE_SUSPENDED. PsAttributeClientId and
 * PsAttributeTebAddress receive the new thread's CLIENT_ID and TEB (0 in a minimal process).
 */
export function NtCreateThreadEx(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateThreadExParameters,
): { status: NTSTATUS; ThreadHandle?: number; thread?: ETHREAD } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateThreadEx',
      channel: 'ps',
      args: { ProcessHandle: p.ProcessHandle, CreateFlags: p.CreateFlags ?? 0 },
    },
    () => {
      type Out = { status: NTSTATUS; ThreadHandle?: number; thread?: ETHREAD };
      const fail = (status: NTSTATUS): { status: NTSTATUS; value: Out } => ({ status, value: { status } });
      const flags = (p.CreateFlags ?? 0) >>> 0;
      if (flags & ~THREAD_CREATE_FLAGS_VALID) return fail(STATUS.INVALID_PARAMETER);
      const stackCommit = p.StackSize ?? 0;
      const stackReserve = p.MaximumStackSize ?? 0;
      if (![stackCommit, stackReserve].every((n) => Number.isSafeInteger(n) && n >= 0))
        return fail(STATUS.INVALID_PARAMETER);
      const ref = PspReferenceProcessByHandle(
        ps,
        caller,
        PspHandleArg(p.ProcessHandle),
        PROCESS_CREATE_THREAD,
      );
      if (ref.status !== STATUS.SUCCESS) return fail(ref.status);
      const process = ref.object!;
      const r = PspCreateThread(ps, caller, process, {
        desiredAccess: p.DesiredAccess,
        attributes: p.ObjectAttributes?.Attributes ?? 0,
        startAddress: Number(p.StartRoutine ?? 0),
        createSuspended: (flags & THREAD_CREATE_FLAGS.CREATE_SUSPENDED) !== 0,
        hideFromDebugger: (flags & THREAD_CREATE_FLAGS.HIDE_FROM_DEBUGGER) !== 0,
        stack: { reserve: stackReserve, commit: stackCommit },
      });
      ObDereferenceObject(ob, ref.header!);
      if (r.status !== STATUS.SUCCESS) return fail(r.status);
      if (p.AttributeList) {
        p.AttributeList.ClientId = { ...r.thread!.Cid };
        p.AttributeList.TebAddress = r.thread!.Teb;
      }
      return {
        status: STATUS.SUCCESS,
        value: { status: STATUS.SUCCESS, ThreadHandle: r.handle!, thread: r.thread! },
        result: { tid: r.thread!.Cid.UniqueThread, handle: r.handle! },
      };
    },
  );
  return out.value ?? { status: out.status };
}
