import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObpMapGenericMask, ObpValidAccessMask, type ObAccessCheck } from './access.js';
import {
  ACCESS_SYSTEM_SECURITY,
  DUPLICATE_CLOSE_SOURCE,
  DUPLICATE_SAME_ACCESS,
  DUPLICATE_SAME_ATTRIBUTES,
  KernelMode,
  OBJ_AUDIT_OBJECT_CLOSE,
  OBJ_HANDLE_ATTRIBUTES,
  OBJ_KERNEL_HANDLE,
  type KPROCESSOR_MODE,
} from './constants.js';
import { ObCloseHandle } from './close.js';
import { ObpCreateHandle, ObpHandleTableFor, type HandleTableOwner } from './handle-create.js';
import type { ObjectManager } from './object-manager.js';
import { OB_OPEN_REASON } from './object-types.js';
import { ObDereferenceObject, ObReferenceObject } from './reference.js';
import { obCall } from './trace.js';

export interface ObDuplicateObjectParameters {
  sourceProcess: HandleTableOwner;
  sourceHandle: number;
  /** Null: only DUPLICATE_CLOSE_SOURCE makes sense (close the source handle in its process). */
  targetProcess: HandleTableOwner | null;
  desiredAccess: number;
  /** OBJ_INHERIT, OBJ_PROTECT_CLOSE (and OBJ_KERNEL_HANDLE from kernel mode into the System process). */
  handleAttributes: number;
  /** DUPLICATE_CLOSE_SOURCE | DUPLICATE_SAME_ACCESS | DUPLICATE_SAME_ATTRIBUTES. */
  options: number;
  previousMode: KPROCESSOR_MODE;
  /** The decision when the duplicate asks for more than the source handle has (default: the object manager's). */
  accessCheck?: ObAccessCheck;
}

/**
 * ObDuplicateObject (NtDuplicateObject; DuplicateHandle at the Win32 edge), after ReactOS
 * ob/obhandle.c:
 * - a source or target process that has run down: STATUS_PROCESS_IS_TERMINATING (the source is
 *   still closed if DUPLICATE_CLOSE_SOURCE asked it);
 * - an invalid source handle: STATUS_INVALID_HANDLE;
 * - no target process: STATUS_INVALID_PARAMETER, unless DUPLICATE_CLOSE_SOURCE, which just closes
 *   the source;
 * - DUPLICATE_SAME_ATTRIBUTES copies the source's attributes, else they are `handleAttributes`
 *   (keeping the source's audit bit); DUPLICATE_SAME_ACCESS copies its rights, else
 *   `desiredAccess` is generic-mapped and cut to the type's valid rights; asking for rights the
 *   source lacks needs the access decision (STATUS_ACCESS_DENIED when refused);
 * - DUPLICATE_CLOSE_SOURCE closes the source before the new handle is made, whatever the outcome,
 *   and its own status is ignored: a protected source handle stays open and the duplicate still
 *   succeeds (ScyllaHide's NtDuplicateObject hook notes this of Windows).
 */
export function ObDuplicateObject(
  ob: ObjectManager,
  p: ObDuplicateObjectParameters,
): { status: NTSTATUS; targetHandle?: number } {
  const r = obCall<number>(
    ob,
    'ObDuplicateObject',
    { sourceHandle: p.sourceHandle, desiredAccess: p.desiredAccess, options: p.options },
    () => {
      const closeSource = (): void => {
        if (p.options & DUPLICATE_CLOSE_SOURCE)
          ObCloseHandle(ob, p.sourceProcess, p.sourceHandle, p.previousMode);
      };
      if (!p.sourceProcess.ObjectTable) return { status: STATUS.PROCESS_IS_TERMINATING };
      const { table, value } = ObpHandleTableFor(ob, p.sourceProcess, p.sourceHandle, p.previousMode);
      const source = table?.lookup(value);
      if (!source) return { status: STATUS.INVALID_HANDLE };
      const object = source.object;
      if (!p.targetProcess) {
        if (!(p.options & DUPLICATE_CLOSE_SOURCE)) return { status: STATUS.INVALID_PARAMETER };
        closeSource();
        return { status: STATUS.SUCCESS };
      }
      if (!p.targetProcess.ObjectTable) {
        closeSource();
        return { status: STATUS.PROCESS_IS_TERMINATING };
      }
      ObReferenceObject(object);
      let attributes =
        p.options & DUPLICATE_SAME_ATTRIBUTES
          ? source.attributes
          : (p.handleAttributes & (OBJ_HANDLE_ATTRIBUTES | OBJ_KERNEL_HANDLE)) |
            (source.attributes & OBJ_AUDIT_OBJECT_CLOSE);
      const kernelTarget =
        p.targetProcess.ObjectTable === ob.kernelHandleTable && p.previousMode === KernelMode;
      if (!kernelTarget) attributes &= ~OBJ_KERNEL_HANDLE;
      const desired = p.options & DUPLICATE_SAME_ACCESS ? source.grantedAccess : p.desiredAccess;
      let target =
        ObpMapGenericMask(desired, object.type.genericMapping) &
        (ObpValidAccessMask(object.type) | ACCESS_SYSTEM_SECURITY);
      let status: NTSTATUS = STATUS.SUCCESS;
      if (target & ~source.grantedAccess) {
        const check = (p.accessCheck ?? ob.accessCheck)({
          object,
          desiredAccess: target,
          accessMode: p.previousMode,
          reason: OB_OPEN_REASON.ObDuplicateHandle,
          process: p.targetProcess.ObjectTable.quotaProcess,
        });
        status = check.status;
        if (status === STATUS.SUCCESS) target = check.grantedAccess;
      }
      closeSource();
      if (status !== STATUS.SUCCESS) {
        ObDereferenceObject(ob, object);
        return { status };
      }
      const h = ObpCreateHandle(ob, {
        object,
        reason: OB_OPEN_REASON.ObDuplicateHandle,
        grantedAccess: target,
        attributes,
        process: p.targetProcess,
        accessMode: p.previousMode,
      });
      if (h.status !== STATUS.SUCCESS) {
        ObDereferenceObject(ob, object);
        return { status: h.status };
      }
      return { status: STATUS.SUCCESS, value: h.handle!, result: h.handle! };
    },
  );
  return r.value !== undefined ? { status: r.status, targetHandle: r.value } : { status: r.status };
}
