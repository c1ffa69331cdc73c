import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, type KPROCESSOR_MODE } from './constants.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import { SECURITY_OPERATION_CODE, type ObjectType } from './object-types.js';

/**
 * Two objects are of the same type when their types have the same name: type names are unique
 * (one entry each in `\ObjectTypes`), and callers may hold the initializer object or an equal one.
 */
export function ObpIsType(object: ObjectHeader, type: ObjectType | null | undefined): boolean {
  return !type || object.type === type || object.type.name.toUpperCase() === type.name.toUpperCase();
}

/** ObReferenceObject (ObfReferenceObject): one more pointer reference. */
export function ObReferenceObject(object: ObjectHeader): void {
  if (object.deleted)
    throw new ModelError('ob.reference', `reference to a deleted ${object.type.name} object`);
  object.pointerCount++;
}

/**
 * ObDereferenceObject (ObfDereferenceObject): one reference less; at zero the object is deleted —
 * its security descriptor released and its type's DeleteProcedure run (ReactOS ob/oblife.c
 * ObpDeleteObject). Handles hold references, so this happens only once the last handle is closed
 * too: a process object outlives its exit while any handle to it remains.
 */
export function ObDereferenceObject(ob: ObjectManager, object: ObjectHeader): void {
  if (object.pointerCount <= 0 || object.deleted)
    throw new ModelError('ob.reference', `dereference of a ${object.type.name} object with no references`);
  if (--object.pointerCount > 0) return;
  if (object.handleCount !== 0)
    throw new ModelError(
      'ob.reference',
      `${object.type.name} object lost its last reference with handles open`,
    );
  ObpDeleteObject(ob, object);
}

/** ObpDeleteObject: the object's last reference went. */
function ObpDeleteObject(ob: ObjectManager, object: ObjectHeader): void {
  object.deleted = true;
  const type = object.type;
  if (object.securityDescriptor !== null && type.security)
    type.security({
      operation: SECURITY_OPERATION_CODE.DeleteSecurityDescriptor,
      object: object.body,
      descriptor: object.securityDescriptor,
    });
  object.securityDescriptor = null;
  type.delete?.(object.body);
  if (object.typeObject) object.typeObject.totalNumberOfObjects--;
  ob.trace.note('ObpDeleteObject', { type: type.name, name: object.name, address: object.bodyAddress });
}

/**
 * ObReferenceObjectByPointer: a reference to an object the caller already holds, if it is of the
 * expected type (STATUS_OBJECT_TYPE_MISMATCH otherwise). No access check: the caller has the pointer.
 */
export function ObReferenceObjectByPointer(
  object: ObjectHeader,
  type: ObjectType | null,
  _accessMode: KPROCESSOR_MODE = KernelMode,
): NTSTATUS {
  if (!ObpIsType(object, type)) return STATUS.OBJECT_TYPE_MISMATCH;
  ObReferenceObject(object);
  return STATUS.SUCCESS;
}
