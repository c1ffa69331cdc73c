import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  KernelMode,
  ObDereferenceObject,
  ObReferenceObjectByHandle,
  type ObjectHeader,
  type ObjectTypeObject,
} from '../ob/index.js';
import {
  PROCESS_ALL_ACCESS,
  PROCESS_QUERY_INFORMATION,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_SET_INFORMATION,
  PROCESS_SET_LIMITED_INFORMATION,
  THREAD_ALL_ACCESS,
  THREAD_QUERY_INFORMATION,
  THREAD_QUERY_LIMITED_INFORMATION,
  THREAD_RESUME,
  THREAD_SET_INFORMATION,
  THREAD_SET_LIMITED_INFORMATION,
  THREAD_SUSPEND_RESUME,
} from '../se/index.js';
import type { PsCaller } from './caller.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * The rights a process or thread handle implies (Microsoft Learn "Process Security and Access
 * Rights": "A handle that has the PROCESS_QUERY_INFORMATION access right is automatically granted
 * PROCESS_QUERY_LIMITED_INFORMATION", and likewise SET_INFORMATION → SET_LIMITED_INFORMATION;
 * "Thread Security and Access Rights" says the same of THREAD_QUERY/SET_INFORMATION).
 */
export function PspImpliedAccess(granted: number, type: 'Process' | 'Thread'): number {
  let g = granted >>> 0;
  if (type === 'Process') {
    if (g & PROCESS_QUERY_INFORMATION) g |= PROCESS_QUERY_LIMITED_INFORMATION;
    if (g & PROCESS_SET_INFORMATION) g |= PROCESS_SET_LIMITED_INFORMATION;
  } else {
    if (g & THREAD_QUERY_INFORMATION) g |= THREAD_QUERY_LIMITED_INFORMATION;
    if (g & THREAD_SET_INFORMATION) g |= THREAD_SET_LIMITED_INFORMATION;
    // PspThreadOpen (19041-era decompile, id 65684509143): THREAD_SUSPEND_RESUME implies THREAD_RESUME.
    if (g & THREAD_SUSPEND_RESUME) g |= THREAD_RESUME;
  }
  return g >>> 0;
}

export interface PsReferencedObject<T> {
  status: NTSTATUS;
  /** The body; referenced through `header` until the caller calls ObDereferenceObject. */
  object?: T;
  header?: ObjectHeader;
  grantedAccess?: number;
}

/**
 * ObReferenceObjectByHandle for a process or thread handle of the caller, with NtCurrentProcess()
 * and NtCurrentThread() naming the caller's own process and thread (with all access, as
 * EPROCESS.GrantedAccess/ETHREAD.GrantedAccess of an ordinary process are) and the implied rights
 * counted: an invalid handle is STATUS_INVALID_HANDLE, another type STATUS_OBJECT_TYPE_MISMATCH,
 * a missing right STATUS_ACCESS_DENIED (kernel-mode callers are not checked).
 */
export function PspReferenceByHandle<T extends EPROCESS | ETHREAD>(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  desiredAccess: number,
  type: ObjectTypeObject,
): PsReferencedObject<T> {
  const { ob } = ps.deps;
  const processHeader = caller.process.header;
  const threadHeader = caller.thread?.header;
  const r = ObReferenceObjectByHandle(ob, {
    handle,
    desiredAccess: 0,
    type: type.typeInfo,
    accessMode: caller.previousMode,
    process: caller.process,
    ...(processHeader
      ? { currentProcess: { object: processHeader, grantedAccess: PROCESS_ALL_ACCESS } }
      : {}),
    ...(threadHeader ? { currentThread: { object: threadHeader, grantedAccess: THREAD_ALL_ACCESS } } : {}),
  });
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  const granted = PspImpliedAccess(r.grantedAccess!, type.name === 'Thread' ? 'Thread' : 'Process');
  if (caller.previousMode !== KernelMode && (desiredAccess & ~granted) !== 0) {
    ObDereferenceObject(ob, r.object!);
    return { status: STATUS.ACCESS_DENIED };
  }
  return { status: STATUS.SUCCESS, object: r.object!.body as T, header: r.object!, grantedAccess: granted };
}

/** A process handle of the caller, referenced (PROCESS_* rights in `desiredAccess`). */
export function PspReferenceProcessByHandle(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  desiredAccess: number,
): PsReferencedObject<EPROCESS> {
  return PspReferenceByHandle<EPROCESS>(ps, caller, handle, desiredAccess, ps.processType);
}

/** A thread handle of the caller, referenced (THREAD_* rights in `desiredAccess`). */
export function PspReferenceThreadByHandle(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  desiredAccess: number,
): PsReferencedObject<ETHREAD> {
  return PspReferenceByHandle<ETHREAD>(ps, caller, handle, desiredAccess, ps.threadType);
}

/** Handles are numbers; a missing (NULL) handle is 0. */
export function PspHandleArg(value: unknown): number {
  return value === undefined || value === null ? 0 : Number(value);
}
