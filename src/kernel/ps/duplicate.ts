import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  DUPLICATE_SAME_ATTRIBUTES,
  MAXIMUM_ALLOWED,
  NtCurrentProcess,
  NtCurrentThread,
  OBJ_INHERIT,
  OBJ_PROTECT_CLOSE,
  ObDereferenceObject,
  ObDuplicateObject,
  ObOpenObjectByPointer,
  ObSetHandleAttributes,
  type ObjectHeader,
} from '../ob/index.js';
import { PROCESS_ALL_ACCESS, PROCESS_DUP_HANDLE, THREAD_ALL_ACCESS } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspHandleArg, PspReferenceProcessByHandle } from './handles.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PspCheckObjectAccess } from './security.js';

export interface NtDuplicateObjectParameters {
  SourceProcessHandle: number;
  SourceHandle: number;
  /** NULL: only DUPLICATE_CLOSE_SOURCE makes sense. */
  TargetProcessHandle?: number;
  DesiredAccess?: number;
  /** OBJ_INHERIT | OBJ_PROTECT_CLOSE. */
  HandleAttributes?: number;
  /** DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES. */
  Options?: number;
}

/**
 * A pseudo-handle as the source (ObpReferenceProcessObjectByHandle in WRK ob/obhandle.c):
 * NtCurrentProcess() is the source process itself, NtCurrentThread() the calling thread, each with
 * all access — DuplicateHandle(GetCurrentProcess(), GetCurrentProcess(), …) is how a process gets
 * a real handle to itself. The new handle is made by an open of the object into the target;
 * rights beyond the source's go through the access check.
 */
function PspDuplicatePseudoHandle(
  ps: PsSystem,
  caller: PsCaller,
  source: EPROCESS,
  target: EPROCESS | null,
  p: NtDuplicateObjectParameters,
): { status: NTSTATUS; targetHandle?: number } {
  const { ob } = ps.deps;
  const options = p.Options ?? 0;
  const object: ObjectHeader | null | undefined =
    p.SourceHandle === NtCurrentProcess ? source.header : caller.thread?.header;
  if (!object) return { status: STATUS.INVALID_HANDLE };
  if (!target)
    return { status: options & DUPLICATE_CLOSE_SOURCE ? STATUS.SUCCESS : STATUS.INVALID_PARAMETER };
  if (!target.ObjectTable) return { status: STATUS.PROCESS_IS_TERMINATING };
  const sourceAccess = p.SourceHandle === NtCurrentProcess ? PROCESS_ALL_ACCESS : THREAD_ALL_ACCESS;
  const desired = options & DUPLICATE_SAME_ACCESS ? sourceAccess : (p.DesiredAccess ?? 0) & ~MAXIMUM_ALLOWED;
  const attributes = options & DUPLICATE_SAME_ATTRIBUTES ? 0 : (p.HandleAttributes ?? 0);
  const h = ObOpenObjectByPointer(ob, object, {
    attributes: attributes & OBJ_INHERIT,
    desiredAccess: desired >>> 0,
    accessMode: caller.previousMode,
    process: target,
    accessCheck: (request) =>
      (request.desiredAccess & ~sourceAccess) === 0
        ? { status: STATUS.SUCCESS, grantedAccess: request.desiredAccess }
        : PspCheckObjectAccess(request),
  });
  if (h.handle === undefined) return { status: h.status };
  if (attributes & OBJ_PROTECT_CLOSE)
    ObSetHandleAttributes(
      ob,
      target,
      h.handle,
      { inherit: (attributes & OBJ_INHERIT) !== 0, protectFromClose: true },
      caller.previousMode,
    );
  return { status: STATUS.SUCCESS, targetHandle: h.handle };
}

/**
 * NtDuplicateObject (Microsoft Learn "ZwDuplicateObject"; WRK ob/obhandle.c ObDuplicateObject): the
 * source process handle — and the target's, when given — must grant PROCESS_DUP_HANDLE; the rest is
 * ob's ObDuplicateObject (DUPLICATE_SAME_ACCESS / SAME_ATTRIBUTES / CLOSE_SOURCE; more rights than
 * the source handle has go through the object's access check). NtCurrentProcess() and
 * NtCurrentThread() as the source handle duplicate the process itself and the calling thread.
 */
export function NtDuplicateObject(
  ps: PsSystem,
  caller: PsCaller,
  p: NtDuplicateObjectParameters,
): { status: NTSTATUS; TargetHandle?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtDuplicateObject',
      channel: 'ob',
      args: {
        SourceProcessHandle: p.SourceProcessHandle,
        SourceHandle: p.SourceHandle,
        TargetProcessHandle: PspHandleArg(p.TargetProcessHandle),
        DesiredAccess: (p.DesiredAccess ?? 0) >>> 0,
        Options: p.Options ?? 0,
      },
    },
    () => {
      const src = PspReferenceProcessByHandle(ps, caller, p.SourceProcessHandle, PROCESS_DUP_HANDLE);
      if (src.status !== STATUS.SUCCESS) return { status: src.status };
      const targetHandle = PspHandleArg(p.TargetProcessHandle);
      let tgt: ReturnType<typeof PspReferenceProcessByHandle> | null = null;
      if (targetHandle !== 0) {
        tgt = PspReferenceProcessByHandle(ps, caller, targetHandle, PROCESS_DUP_HANDLE);
        if (tgt.status !== STATUS.SUCCESS) {
          ObDereferenceObject(ob, src.header!);
          return { status: tgt.status };
        }
      }
      const source = src.object!;
      const target = tgt?.object ?? null;
      const r =
        p.SourceHandle === NtCurrentProcess || p.SourceHandle === NtCurrentThread
          ? PspDuplicatePseudoHandle(ps, caller, source, target, p)
          : ObDuplicateObject(ob, {
              sourceProcess: source,
              sourceHandle: p.SourceHandle,
              targetProcess: target,
              desiredAccess: (p.DesiredAccess ?? 0) >>> 0,
              handleAttributes: p.HandleAttributes ?? 0,
              options: p.Options ?? 0,
              previousMode: caller.previousMode,
            });
      if (tgt) ObDereferenceObject(ob, tgt.header!);
      ObDereferenceObject(ob, src.header!);
      return r.targetHandle !== undefined
        ? { status: r.status, value: r.targetHandle, result: r.targetHandle }
        : { status: r.status };
    },
  );
  return out.value !== undefined ? { status: out.status, TargetHandle: out.value } : { status: out.status };
}
