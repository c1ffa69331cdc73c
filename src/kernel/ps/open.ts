import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ObOpenObjectByPointer,
  ObpCallHandleCreateCallbacks,
  type ObAccessCheck,
  type ObjectTypeObject,
} from '../ob/index.js';
import {
  ACCESS_SYSTEM_SECURITY,
  PROCESS_ALL_ACCESS,
  SeAccessCheck,
  SeDebugPrivilegeCheck,
  THREAD_ALL_ACCESS,
  type GENERIC_MAPPING,
  type SECURITY_DESCRIPTOR,
} from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspImpliedAccess } from './handles.js';
import { PspTraceProtectedAccess } from './protection.js';
import { EPROCESS, ETHREAD } from './objects.js';
import { PspPicoOpenAccess } from './pico.js';
import type { PsSystem } from './ps-system.js';

/** CLIENT_ID: the process and thread IDs (either may be 0 where the service allows it). */
export interface CLIENT_ID {
  UniqueProcess: number;
  UniqueThread: number;
}

/** The OBJECT_ATTRIBUTES fields the open services read. */
export interface PsOpenObjectAttributes {
  /** ObjectName: processes and threads are never named; a name is STATUS_INVALID_PARAMETER_MIX. */
  ObjectName?: string | null;
  /** OBJ_INHERIT, OBJ_KERNEL_HANDLE (kernel mode), OBJ_FORCE_ACCESS_CHECK, … */
  Attributes?: number;
}

export interface NtOpenParameters {
  DesiredAccess: number;
  ObjectAttributes?: PsOpenObjectAttributes | null;
  ClientId?: Partial<CLIENT_ID> | null;
}

/** PsLookupProcessByProcessId: a process whose object still exists (a zombie too), else STATUS_INVALID_CID. */
export function PsLookupProcessByProcessId(
  ps: PsSystem,
  pid: number,
): { status: NTSTATUS; process?: EPROCESS } {
  const o = ps.cid.lookup(pid);
  return o instanceof EPROCESS ? { status: STATUS.SUCCESS, process: o } : { status: STATUS.INVALID_CID };
}

/** PsLookupThreadByThreadId: a thread whose object still exists, else STATUS_INVALID_CID. */
export function PsLookupThreadByThreadId(ps: PsSystem, tid: number): { status: NTSTATUS; thread?: ETHREAD } {
  const o = ps.cid.lookup(tid);
  return o instanceof ETHREAD ? { status: STATUS.SUCCESS, thread: o } : { status: STATUS.INVALID_CID };
}

/**
 * PsLookupProcessThreadByCid: the thread of Cid.UniqueThread, which must belong to
 * Cid.UniqueProcess (WRK ps/pscid.c: `Thread->Cid.UniqueProcess == Cid->UniqueProcess`), else
 * STATUS_INVALID_CID.
 */
export function PsLookupProcessThreadByCid(
  ps: PsSystem,
  cid: Partial<CLIENT_ID>,
): { status: NTSTATUS; thread?: ETHREAD } {
  const t = PsLookupThreadByThreadId(ps, Number(cid.UniqueThread ?? 0));
  if (!t.thread || t.thread.Cid.UniqueProcess !== Number(cid.UniqueProcess ?? 0))
    return { status: STATUS.INVALID_CID };
  return t;
}

/**
 * The access decision of PsOpenProcess / PsOpenThread, given to ObOpenObjectByPointer:
 * 1. SeDebugPrivilege enabled in the caller's token grants what is asked — PROCESS_ALL_ACCESS or
 *    THREAD_ALL_ACCESS for MAXIMUM_ALLOWED — with no look at the descriptor (WRK ps/psopen.c:
 *    PreviouslyGrantedAccess |= …, RemainingDesiredAccess = 0);
 * 2. otherwise SeAccessCheck of the object's descriptor: the DACL, the owner, and the mandatory
 *    label (NO_WRITE_UP | NO_READ_UP for processes and threads) — STATUS_ACCESS_DENIED when a right
 *    asked for is not granted;
 * 3. the rights a handle implies are added (QUERY_INFORMATION → QUERY_LIMITED_INFORMATION …);
 * 4. PP/PPL protection may cut the result: ps.checkForInvalidAccessByProtection (protection.ts);
 * 5. a pico provider's allowed rights cut it for a pico process or thread (pico.ts).
 */
function PspOpenAccessCheck(
  ps: PsSystem,
  caller: PsCaller,
  target: EPROCESS,
  objectType: 'Process' | 'Thread',
  type: ObjectTypeObject,
): ObAccessCheck {
  return (request) => {
    const token = caller.process.Token;
    if (!token) return { status: STATUS.ACCESS_DENIED, grantedAccess: 0 };
    const mapping = type.typeInfo.genericMapping as GENERIC_MAPPING;
    const all = objectType === 'Process' ? PROCESS_ALL_ACCESS : THREAD_ALL_ACCESS;
    let granted: number;
    const debug = SeDebugPrivilegeCheck(token, request.desiredAccess, mapping, request.accessMode);
    if (debug.held) ps.deps.trace.note('SeDebugPrivilege held: the process/thread rights are granted');
    if (debug.held) granted = (debug.grantedAccess & (all | ACCESS_SYSTEM_SECURITY)) >>> 0;
    else {
      const r = ps.deps.trace.call(
        {
          layer: 'kernel',
          module: 'nt',
          fn: 'SeAccessCheck',
          channel: 'se',
          args: { desiredAccess: request.desiredAccess >>> 0 },
        },
        () => {
          const check = SeAccessCheck(
            request.object.securityDescriptor as SECURITY_DESCRIPTOR | undefined,
            token,
            request.desiredAccess,
            mapping,
            { previousMode: request.accessMode },
          );
          return { status: check.status, value: check, result: { grantedAccess: check.grantedAccess >>> 0 } };
        },
      ).value!;
      if (r.status !== STATUS.SUCCESS) return { status: r.status, grantedAccess: 0 };
      granted = r.grantedAccess;
    }
    granted = PspImpliedAccess(granted, objectType);
    const result = ps.checkForInvalidAccessByProtection({
      caller: caller.process,
      target,
      objectType,
      desiredAccess: request.desiredAccess,
      grantedAccess: granted,
      accessMode: request.accessMode,
    });
    PspTraceProtectedAccess(ps.deps.trace, caller.process, target, objectType, granted, result);
    // 5. A pico process or thread: at most the provider's OpenProcess/OpenThread rights (pico.ts).
    return PspPicoOpenAccess(ps, target, objectType, request.desiredAccess, request.accessMode, result);
  };
}

/** The checks both open services make of OBJECT_ATTRIBUTES and CLIENT_ID, in their order. */
function PspCheckOpenArguments(p: NtOpenParameters): NTSTATUS {
  // ObjectAttributes is read unconditionally: a NULL pointer faults (STATUS_ACCESS_VIOLATION).
  if (!p.ObjectAttributes) return STATUS.ACCESS_VIOLATION;
  const named = p.ObjectAttributes.ObjectName !== undefined && p.ObjectAttributes.ObjectName !== null;
  // Microsoft Learn "NtOpenProcess": STATUS_INVALID_PARAMETER_MIX when the caller supplied an
  // object name or failed to supply a client ID (WRK ps/psopen.c: both, or neither).
  if (named || !p.ClientId) return STATUS.INVALID_PARAMETER_MIX;
  return STATUS.SUCCESS;
}

/**
 * NtOpenProcess (Microsoft Learn "NtOpenProcess", Return value; WRK ps/psopen.c): a handle to the
 * process of ClientId — by the thread when ClientId.UniqueThread is given (it must belong to
 * UniqueProcess), else by UniqueProcess. STATUS_INVALID_PARAMETER_MIX for a name or no client ID,
 * STATUS_INVALID_CID for an ID with no process object (a process that has exited but is still
 * referenced — a zombie — can be opened), STATUS_INVALID_PARAMETER for bad OBJ_* attributes,
 * STATUS_ACCESS_DENIED when the access decision refuses.
 */
export function NtOpenProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: NtOpenParameters,
): { status: NTSTATUS; ProcessHandle?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtOpenProcess',
      channel: 'ps',
      args: {
        DesiredAccess: p.DesiredAccess >>> 0,
        UniqueProcess: Number(p.ClientId?.UniqueProcess ?? 0),
        UniqueThread: Number(p.ClientId?.UniqueThread ?? 0),
      },
    },
    () => {
      const bad = PspCheckOpenArguments(p);
      if (bad !== STATUS.SUCCESS) return { status: bad };
      const cid = p.ClientId!;
      let process: EPROCESS;
      if (cid.UniqueThread) {
        const t = PsLookupProcessThreadByCid(ps, cid);
        if (!t.thread) return { status: t.status };
        process = t.thread.process;
      } else {
        const r = PsLookupProcessByProcessId(ps, Number(cid.UniqueProcess ?? 0));
        if (!r.process) return { status: r.status };
        process = r.process;
      }
      const header = process.header;
      if (!header || header.deleted) return { status: STATUS.INVALID_CID };
      // ObRegisterCallbacks' process-handle callbacks (kernel/ob callbacks.ts) around the open.
      const h = ObpCallHandleCreateCallbacks(
        ob,
        {
          object: header,
          objectType: ps.processType,
          desiredAccess: p.DesiredAccess >>> 0,
          attributes: p.ObjectAttributes!.Attributes ?? 0,
          accessMode: caller.previousMode,
          currentProcess: caller.process,
          currentThread: caller.thread,
        },
        PspOpenAccessCheck(ps, caller, process, 'Process', ps.processType),
        (accessCheck, desiredAccess) =>
          ObOpenObjectByPointer(ob, header, {
            attributes: p.ObjectAttributes!.Attributes ?? 0,
            desiredAccess,
            type: ps.processType.typeInfo,
            accessMode: caller.previousMode,
            process: caller.process,
            accessCheck,
          }),
      );
      return h.handle !== undefined
        ? { status: h.status, value: h.handle, result: h.handle }
        : { status: h.status };
    },
  );
  return out.value !== undefined ? { status: out.status, ProcessHandle: out.value } : { status: out.status };
}

/**
 * NtOpenThread (Microsoft Learn "NtOpenThread"; WRK ps/psopen.c): a handle to the thread of
 * ClientId.UniqueThread — which must belong to ClientId.UniqueProcess when that is given. The
 * statuses are NtOpenProcess's; the descriptor is the thread's, the mapping PspThreadMapping.
 */
export function NtOpenThread(
  ps: PsSystem,
  caller: PsCaller,
  p: NtOpenParameters,
): { status: NTSTATUS; ThreadHandle?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtOpenThread',
      channel: 'ps',
      args: {
        DesiredAccess: p.DesiredAccess >>> 0,
        UniqueProcess: Number(p.ClientId?.UniqueProcess ?? 0),
        UniqueThread: Number(p.ClientId?.UniqueThread ?? 0),
      },
    },
    () => {
      const bad = PspCheckOpenArguments(p);
      if (bad !== STATUS.SUCCESS) return { status: bad };
      const cid = p.ClientId!;
      const t = cid.UniqueProcess
        ? PsLookupProcessThreadByCid(ps, cid)
        : PsLookupThreadByThreadId(ps, Number(cid.UniqueThread ?? 0));
      if (!t.thread) return { status: t.status };
      const thread = t.thread;
      if (!thread.header || thread.header.deleted) return { status: STATUS.INVALID_CID };
      const h = ObOpenObjectByPointer(ob, thread.header, {
        attributes: p.ObjectAttributes!.Attributes ?? 0,
        desiredAccess: p.DesiredAccess >>> 0,
        type: ps.threadType.typeInfo,
        accessMode: caller.previousMode,
        process: caller.process,
        accessCheck: PspOpenAccessCheck(ps, caller, thread.process, 'Thread', ps.threadType),
      });
      return h.handle !== undefined
        ? { status: h.status, value: h.handle, result: h.handle }
        : { status: h.status };
    },
  );
  return out.value !== undefined ? { status: out.status, ThreadHandle: out.value } : { status: out.status };
}
