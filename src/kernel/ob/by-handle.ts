import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, NtCurrentProcess, NtCurrentThread, type KPROCESSOR_MODE } from './constants.js';
import { ObpHandleTableFor, type HandleTableOwner } from './handle-create.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import type { ObjectType } from './object-types.js';
import { ObpIsType, ObReferenceObject } from './reference.js';

/** What NtCurrentProcess() / NtCurrentThread() stand for, and the rights the pseudo-handle carries. */
export interface ObPseudoHandleTarget {
  object: ObjectHeader;
  grantedAccess: number;
}

export interface ObReferenceByHandleParameters {
  handle: number;
  /** Rights the caller needs (no generic rights: Microsoft Learn, ObReferenceObjectByHandle). */
  desiredAccess: number;
  /** The type expected, or null for any. */
  type: ObjectType | null;
  accessMode: KPROCESSOR_MODE;
  /** The calling process, whose table the handle is in. */
  process: HandleTableOwner | null;
  /** For the pseudo-handles -1 and -2: the calling process and thread objects. */
  currentProcess?: ObPseudoHandleTarget;
  currentThread?: ObPseudoHandleTarget;
}

export interface ObReferenceByHandleResult {
  status: NTSTATUS;
  /** Referenced: the caller dereferences it (ObDereferenceObject) when done. */
  object?: ObjectHeader;
  /** OBJECT_HANDLE_INFORMATION. */
  grantedAccess?: number;
  handleAttributes?: number;
}

/**
 * ObReferenceObjectByHandle: a referenced object from a handle. In this order (ReactOS
 * ob/obref.c): a value that is no open handle is STATUS_INVALID_HANDLE; an object of another type
 * STATUS_OBJECT_TYPE_MISMATCH; from user mode, rights the handle was not granted
 * STATUS_ACCESS_DENIED (kernel mode skips the access check). NtCurrentProcess()/NtCurrentThread()
 * name the caller's process/thread when they are supplied.
 */
export function ObReferenceObjectByHandle(
  ob: ObjectManager,
  p: ObReferenceByHandleParameters,
): ObReferenceByHandleResult {
  let object: ObjectHeader;
  let granted: number;
  let attributes = 0;
  if (p.handle === NtCurrentProcess || p.handle === NtCurrentThread) {
    const target = p.handle === NtCurrentProcess ? p.currentProcess : p.currentThread;
    if (!target) return { status: STATUS.INVALID_HANDLE };
    object = target.object;
    granted = target.grantedAccess;
  } else {
    const { table, value } = ObpHandleTableFor(ob, p.process, p.handle, p.accessMode);
    const entry = table?.lookup(value);
    if (!entry) return { status: STATUS.INVALID_HANDLE };
    object = entry.object;
    granted = entry.grantedAccess;
    attributes = entry.attributes;
  }
  if (!ObpIsType(object, p.type)) return { status: STATUS.OBJECT_TYPE_MISMATCH };
  if (p.accessMode !== KernelMode && (p.desiredAccess & ~granted) !== 0)
    return { status: STATUS.ACCESS_DENIED };
  ObReferenceObject(object);
  return { status: STATUS.SUCCESS, object, grantedAccess: granted, handleAttributes: attributes };
}
