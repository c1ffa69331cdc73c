import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';
import { ObpOpenAccess, ObpUncheckedAccess, type ObAccessCheck } from './access.js';
import {
  KernelMode,
  OB_FLAG,
  OBJ_FORCE_ACCESS_CHECK,
  OBJ_OPENIF,
  UserMode,
  type KPROCESSOR_MODE,
} from './constants.js';
import { ObpCreateHandle, type HandleTableOwner } from './handle-create.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import { OB_OPEN_REASON, SECURITY_OPERATION_CODE } from './object-types.js';
import { ObpDeleteNameCheck, ObpInsertName, ObpLookupParent } from './name.js';
import { ObpHeaderOf } from './open.js';
import { ObpGetSiloRootDirectory } from './silo-namespace.js';
import { ObpIsType, ObDereferenceObject, ObReferenceObject } from './reference.js';
import { obCall } from './trace.js';

export interface ObInsertObjectParameters {
  /** The rights of the creator's handle (generic rights and MAXIMUM_ALLOWED are mapped). */
  desiredAccess: number;
  /** The process that gets the handle (the creator's). */
  process: HandleTableOwner | null;
  /** Default: the creator's mode (KernelMode for an object created from kernel mode). */
  accessMode?: KPROCESSOR_MODE;
  /** No handle: the creator keeps its reference (and must dereference). */
  noHandle?: boolean;
  /** Also return the object with one more reference for the caller (ObInsertObjectEx's NewObject). */
  referenceObject?: boolean;
  /** For OBJ_OPENIF opening an existing object from user mode. */
  accessCheck?: ObAccessCheck;
}

export interface ObInsertObjectResult {
  /** STATUS_SUCCESS, or STATUS_OBJECT_NAME_EXISTS when OBJ_OPENIF opened the existing object. */
  status: NTSTATUS;
  handle?: number;
  /** The object the handle is to (the existing one after OBJ_OPENIF); referenced if asked. */
  object?: ObjectHeader;
}

/**
 * ObInsertObject: names a new object (if created with a name) and gives its creator a handle.
 * The creator's reference is consumed: on success it is the handle's, on failure the object is
 * dereferenced (and so deleted). A name already taken is STATUS_OBJECT_NAME_COLLISION, or with
 * OBJ_OPENIF a handle to the existing object and STATUS_OBJECT_NAME_EXISTS — unless that object is
 * of another type, STATUS_OBJECT_TYPE_MISMATCH (WRK ob/obinsert.c ObInsertObjectEx). The type's
 * SecurityProcedure assigns the descriptor. OBJ_PERMANENT keeps the name after the last handle
 * closes; OBJ_INHERIT and OBJ_KERNEL_HANDLE shape the handle.
 */
export function ObInsertObject(
  ob: ObjectManager,
  object: ObjectHeader,
  p: ObInsertObjectParameters,
): ObInsertObjectResult {
  if (!(object.flags & OB_FLAG.NewObject))
    throw new ModelError('ob.insert', 'ObInsertObject on an inserted object');
  const accessMode = p.accessMode ?? (object.flags & OB_FLAG.KernelObject ? KernelMode : UserMode);
  const attributes = object.createAttributes;
  let result: ObInsertObjectResult = { status: STATUS.UNSUCCESSFUL };
  obCall(
    ob,
    'ObInsertObject',
    { type: object.type.name, name: object.createName, desiredAccess: p.desiredAccess },
    (span) => {
      const fail = (status: NTSTATUS): { status: NTSTATUS } => {
        ObDereferenceObject(ob, object);
        result = { status };
        return { status };
      };
      if (object.createName !== null) {
        const parent = ObpLookupParent(ob, object.createName, ObpGetSiloRootDirectory(ob, p.process));
        if (parent.status !== STATUS.SUCCESS) return fail(parent.status);
        const existingEntry = parent.directory!.lookup(parent.name!);
        if (existingEntry) {
          if (!(attributes & OBJ_OPENIF)) return fail(STATUS.OBJECT_NAME_COLLISION);
          const existing = ObpHeaderOf(ob, existingEntry);
          if (!ObpIsType(existing, object.type)) return fail(STATUS.OBJECT_TYPE_MISMATCH);
          ObDereferenceObject(ob, object);
          span.note('OBJ_OPENIF: the name exists, opening it', { name: object.createName });
          result = ObpOpenExisting(ob, existing, attributes, accessMode, p);
          return { status: result.status, result: result.handle };
        }
        const assigned = ObpAssignSecurity(object);
        if (assigned !== STATUS.SUCCESS) return fail(assigned);
        ObpInsertName(ob, object, parent.directory!, parent.name!);
      } else {
        const assigned = ObpAssignSecurity(object);
        if (assigned !== STATUS.SUCCESS) return fail(assigned);
      }
      object.flags &= ~OB_FLAG.NewObject;
      object.createName = null;
      if (p.noHandle) {
        result = { status: STATUS.SUCCESS, object };
        return { status: STATUS.SUCCESS };
      }
      if (p.referenceObject) ObReferenceObject(object);
      const h = ObpCreateHandle(ob, {
        object,
        reason: OB_OPEN_REASON.ObCreateHandle,
        grantedAccess: ObpUncheckedAccess(object.type, p.desiredAccess),
        attributes,
        process: p.process,
        accessMode,
      });
      if (h.status !== STATUS.SUCCESS) {
        if (p.referenceObject) ObDereferenceObject(ob, object);
        ObpDeleteNameCheck(ob, object);
        return fail(h.status);
      }
      result = p.referenceObject
        ? { status: STATUS.SUCCESS, handle: h.handle!, object }
        : { status: STATUS.SUCCESS, handle: h.handle! };
      return { status: STATUS.SUCCESS, result: h.handle! };
    },
  );
  return result;
}

/** OBJ_OPENIF's open of the existing object: an open (access checked from user mode), not a create. */
function ObpOpenExisting(
  ob: ObjectManager,
  existing: ObjectHeader,
  attributes: number,
  accessMode: KPROCESSOR_MODE,
  p: ObInsertObjectParameters,
): ObInsertObjectResult {
  const access = ObpOpenAccess(p.accessCheck ?? ob.accessCheck, {
    object: existing,
    desiredAccess: p.desiredAccess,
    accessMode,
    forceAccessCheck: (attributes & OBJ_FORCE_ACCESS_CHECK) !== 0,
    reason: OB_OPEN_REASON.ObOpenHandle,
    process: p.process,
  });
  if (access.status !== STATUS.SUCCESS) return { status: access.status };
  ObReferenceObject(existing);
  const h = ObpCreateHandle(ob, {
    object: existing,
    reason: OB_OPEN_REASON.ObOpenHandle,
    grantedAccess: access.grantedAccess,
    attributes,
    process: p.process,
    accessMode,
  });
  if (h.status !== STATUS.SUCCESS) {
    ObDereferenceObject(ob, existing);
    return { status: h.status };
  }
  if (p.referenceObject) ObReferenceObject(existing);
  return {
    status: STATUS.OBJECT_NAME_EXISTS,
    handle: h.handle!,
    ...(p.referenceObject ? { object: existing } : {}),
  };
}

/** ObAssignSecurity through the type's SecurityProcedure (AssignSecurityDescriptor); by default the header keeps it. */
function ObpAssignSecurity(object: ObjectHeader): NTSTATUS {
  if (!object.type.security) return STATUS.SUCCESS;
  const r = object.type.security({
    operation: SECURITY_OPERATION_CODE.AssignSecurityDescriptor,
    object: object.body,
    descriptor: object.securityDescriptor,
  });
  if (r.status !== STATUS.SUCCESS) return r.status;
  if (r.descriptor !== undefined) object.securityDescriptor = r.descriptor;
  return STATUS.SUCCESS;
}
