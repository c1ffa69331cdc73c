import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObpUncheckedAccess, ObpValidAccessMask, type ObAccessCheck } from './access.js';
import {
  ACCESS_SYSTEM_SECURITY,
  KernelMode,
  OBJ_FORCE_ACCESS_CHECK,
  OBJ_KERNEL_HANDLE,
  type KPROCESSOR_MODE,
} from './constants.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import type { ObjectTypeObject } from './object-type.js';
import { obCall } from './trace.js';

/**
 * Object-manager callbacks on handle operations (Microsoft Learn: "ObRegisterCallbacks",
 * "OB_CALLBACK_REGISTRATION", "OB_OPERATION_REGISTRATION", "OB_PRE_OPERATION_INFORMATION",
 * "OB_POST_OPERATION_INFORMATION"): a driver asks to be called before and after a handle to a
 * process, a thread or a desktop is created or duplicated. The pre-operation callback may take
 * rights away from the handle about to be made (how EDRs and anti-cheats strip PROCESS_VM_READ from
 * opens of their process); the post-operation callback sees what was granted (how Sysmon logs its
 * Event ID 10, ProcessAccess).
 */

/** OB_OPERATION (wdm.h): a new handle was or will be opened. */
export const OB_OPERATION_HANDLE_CREATE = 0x1;
/** OB_OPERATION (wdm.h): a handle was or will be duplicated. */
export const OB_OPERATION_HANDLE_DUPLICATE = 0x2;
/** OB_FLT_REGISTRATION_VERSION (wdm.h): the only OB_CALLBACK_REGISTRATION.Version accepted. */
export const OB_FLT_REGISTRATION_VERSION = 0x0100;
/** OB_PREOP_CALLBACK_STATUS: the one value a pre-operation callback returns. */
export const OB_PREOP_SUCCESS = 0;
/**
 * STATUS_FLT_INSTANCE_ALTITUDE_COLLISION (ntstatus.h 0xC01C0011): ObRegisterCallbacks' answer when
 * the altitude is taken (Microsoft Learn "ObRegisterCallbacks", Return value).
 */
export const STATUS_FLT_INSTANCE_ALTITUDE_COLLISION = 0xc01c0011;

/**
 * The types whose OBJECT_TYPE_INITIALIZER.SupportsObjectCallback is set on Windows 10: process,
 * thread and desktop (Microsoft Learn "OB_OPERATION_REGISTRATION": ObjectType is PsProcessType,
 * PsThreadType or ExDesktopObjectType). Registering for another type is STATUS_INVALID_PARAMETER.
 */
const TYPES_WITH_CALLBACKS = new Set(['Process', 'Thread', 'Desktop']);

/** OB_PRE_CREATE_HANDLE_INFORMATION (and, with the same two fields, OB_PRE_DUPLICATE_HANDLE_INFORMATION). */
export interface OB_PRE_CREATE_HANDLE_INFORMATION {
  /** The rights the handle will get: the callback may clear bits (setting new ones has no effect). */
  DesiredAccess: number;
  /** The rights as they stood before any callback ran (the access check's grant). */
  readonly OriginalDesiredAccess: number;
}

/** OB_POST_CREATE_HANDLE_INFORMATION. */
export interface OB_POST_CREATE_HANDLE_INFORMATION {
  readonly GrantedAccess: number;
}

/** What every callback is told about the operation (the common part of the two structures). */
interface ObOperationInformation {
  /** OB_OPERATION_HANDLE_CREATE or OB_OPERATION_HANDLE_DUPLICATE. */
  readonly Operation: number;
  /** The handle is a kernel handle (OBJ_KERNEL_HANDLE from kernel mode). */
  readonly KernelHandle: boolean;
  /** The object's body (an EPROCESS for PsProcessType). */
  readonly Object: unknown;
  readonly ObjectType: ObjectTypeObject;
  /** Per-operation context: what the pre-operation callback stored here reaches its post-operation callback. */
  CallContext: unknown;
  /**
   * Model extension: the process and thread whose system call this is. A real callback runs in that
   * thread's context and asks PsGetCurrentProcess / PsGetCurrentThreadId; here they are given.
   */
  readonly CurrentProcess: unknown;
  readonly CurrentThread: unknown;
}

/** OB_PRE_OPERATION_INFORMATION. */
export interface OB_PRE_OPERATION_INFORMATION extends ObOperationInformation {
  readonly Parameters: { readonly CreateHandleInformation: OB_PRE_CREATE_HANDLE_INFORMATION };
}

/** OB_POST_OPERATION_INFORMATION. */
export interface OB_POST_OPERATION_INFORMATION extends ObOperationInformation {
  /** The operation's status. */
  readonly ReturnStatus: NTSTATUS;
  readonly Parameters: { readonly CreateHandleInformation: OB_POST_CREATE_HANDLE_INFORMATION };
}

/** POB_PRE_OPERATION_CALLBACK: (RegistrationContext, OperationInformation) → OB_PREOP_SUCCESS. */
export type POB_PRE_OPERATION_CALLBACK = (
  registrationContext: unknown,
  operationInformation: OB_PRE_OPERATION_INFORMATION,
) => number;
/** POB_POST_OPERATION_CALLBACK: (RegistrationContext, OperationInformation). */
export type POB_POST_OPERATION_CALLBACK = (
  registrationContext: unknown,
  operationInformation: OB_POST_OPERATION_INFORMATION,
) => void;

/** OB_OPERATION_REGISTRATION: one object type, the operations, and one or both callbacks. */
export interface OB_OPERATION_REGISTRATION {
  /** The type (PsProcessType: `ps.processType`). */
  ObjectType: ObjectTypeObject;
  /** OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE. */
  Operations: number;
  PreOperation?: POB_PRE_OPERATION_CALLBACK;
  PostOperation?: POB_POST_OPERATION_CALLBACK;
}

/** OB_CALLBACK_REGISTRATION. */
export interface OB_CALLBACK_REGISTRATION {
  /** OB_FLT_REGISTRATION_VERSION. */
  Version: number;
  /** The driver's altitude, a decimal string ("385201" is Sysmon's); unique among registrations. */
  Altitude: string;
  /** Handed back to every callback as its first argument. */
  RegistrationContext: unknown;
  OperationRegistration: readonly OB_OPERATION_REGISTRATION[];
}

/** The RegistrationHandle ObRegisterCallbacks gives back (opaque to the driver). */
export interface ObCallbackRegistrationHandle {
  readonly Altitude: string;
}

interface Registration extends ObCallbackRegistrationHandle {
  readonly context: unknown;
  readonly operations: readonly OB_OPERATION_REGISTRATION[];
}

/** The callback list of each object manager (OBJECT_TYPE.CallbackList, kept for all types at once). */
const registrations = new WeakMap<ObjectManager, Registration[]>();

/** Altitudes compare as numbers ("385201" < "400000"), the way filter altitudes do. */
function altitudeOf(a: string): number {
  return Number(a);
}

/**
 * ObRegisterCallbacks (Microsoft Learn, Return value): STATUS_INVALID_PARAMETER for another
 * Version, no operation registrations, an entry with neither callback or no operation, or a type
 * that does not support callbacks; STATUS_FLT_INSTANCE_ALTITUDE_COLLISION when the altitude is
 * taken. The signed-image rule (STATUS_ACCESS_DENIED unless the driver was linked with
 * /INTEGRITYCHECK) is not modelled: the model's drivers are trusted code.
 */
export function ObRegisterCallbacks(
  ob: ObjectManager,
  registration: OB_CALLBACK_REGISTRATION,
): { status: NTSTATUS; RegistrationHandle?: ObCallbackRegistrationHandle } {
  const r = obCall<ObCallbackRegistrationHandle>(
    ob,
    'ObRegisterCallbacks',
    {
      Altitude: registration.Altitude,
      types: registration.OperationRegistration.map((o) => o.ObjectType.name).join(','),
    },
    () => {
      const ops = registration.OperationRegistration;
      if (registration.Version !== OB_FLT_REGISTRATION_VERSION || ops.length === 0)
        return { status: STATUS.INVALID_PARAMETER };
      for (const o of ops) {
        const operations = o.Operations & (OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE);
        if (!operations || (!o.PreOperation && !o.PostOperation)) return { status: STATUS.INVALID_PARAMETER };
        if (!TYPES_WITH_CALLBACKS.has(o.ObjectType.name)) return { status: STATUS.INVALID_PARAMETER };
      }
      if (!/^\d+(\.\d+)?$/.test(registration.Altitude)) return { status: STATUS.INVALID_PARAMETER };
      let list = registrations.get(ob);
      if (!list) registrations.set(ob, (list = []));
      if (list.some((x) => altitudeOf(x.Altitude) === altitudeOf(registration.Altitude)))
        return { status: STATUS_FLT_INSTANCE_ALTITUDE_COLLISION };
      const entry: Registration = {
        Altitude: registration.Altitude,
        context: registration.RegistrationContext,
        operations: ops.map((o) => ({ ...o })),
      };
      list.push(entry);
      // Highest altitude first: the order the callbacks are called in.
      list.sort((a, b) => altitudeOf(b.Altitude) - altitudeOf(a.Altitude));
      return { status: STATUS.SUCCESS, value: entry };
    },
  );
  return r.value ? { status: r.status, RegistrationHandle: r.value } : { status: r.status };
}

/** ObUnRegisterCallbacks: the registration's callbacks are called no more (an unknown handle is ignored). */
export function ObUnRegisterCallbacks(ob: ObjectManager, handle: ObCallbackRegistrationHandle): void {
  const list = registrations.get(ob);
  const at = list?.indexOf(handle as Registration) ?? -1;
  if (list && at >= 0) list.splice(at, 1);
}

/** The handle-creation being intercepted: the object, who asks, for what. */
export interface ObHandleCreateOperation {
  object: ObjectHeader;
  /** The registered type of the object (PsProcessType for NtOpenProcess). */
  objectType: ObjectTypeObject;
  /** The rights asked for (before generic mapping; may hold MAXIMUM_ALLOWED). */
  desiredAccess: number;
  /** OBJ_KERNEL_HANDLE, OBJ_FORCE_ACCESS_CHECK, … as the open gets them. */
  attributes: number;
  accessMode: KPROCESSOR_MODE;
  /** The caller's process and thread (the callbacks' "current" ones). */
  currentProcess: unknown;
  currentThread: unknown;
}

/**
 * ObpPreInterceptHandleCreate / ObpPostInterceptHandleCreate around one handle creation: `open`
 * makes the handle with the access decision and the desired access it is given. The
 * pre-operation callbacks (highest altitude first) see the rights the access check granted
 * (OriginalDesiredAccess) and may clear some — except on a kernel handle, whose rights they cannot
 * change; the post-operation callbacks see the status and the rights the handle got. Without a
 * registration for the type, `open` runs untouched.
 *
 * Kernel-mode opens without OBJ_FORCE_ACCESS_CHECK are not access-checked (ObpOpenAccess): their
 * grant is the mapped request, so the pre-operation callbacks run before the open and it asks for
 * what they left.
 */
export function ObpCallHandleCreateCallbacks<R extends { status: NTSTATUS }>(
  ob: ObjectManager,
  op: ObHandleCreateOperation,
  accessCheck: ObAccessCheck,
  open: (accessCheck: ObAccessCheck, desiredAccess: number) => R,
): R {
  const list = registrations.get(ob) ?? [];
  const calls: { registration: Registration; operation: OB_OPERATION_REGISTRATION }[] = [];
  for (const registration of list)
    for (const operation of registration.operations)
      if (operation.ObjectType === op.objectType && operation.Operations & OB_OPERATION_HANDLE_CREATE)
        calls.push({ registration, operation });
  if (calls.length === 0) return open(accessCheck, op.desiredAccess);

  const kernelHandle = op.accessMode === KernelMode && (op.attributes & OBJ_KERNEL_HANDLE) !== 0;
  const contexts = new Map<(typeof calls)[number], unknown>();
  // What the pre-operation callbacks left (null until they ran): the handle's rights.
  const state: { granted: number | null } = { granted: null };
  const valid = ObpValidAccessMask(op.objectType.typeInfo) | ACCESS_SYSTEM_SECURITY;
  const pre = (original: number): number => {
    let access = original;
    for (const c of calls) {
      if (!c.operation.PreOperation) continue;
      const info: OB_PRE_OPERATION_INFORMATION = {
        Operation: OB_OPERATION_HANDLE_CREATE,
        KernelHandle: kernelHandle,
        Object: op.object.body,
        ObjectType: op.objectType,
        CallContext: null,
        CurrentProcess: op.currentProcess,
        CurrentThread: op.currentThread,
        Parameters: { CreateHandleInformation: { DesiredAccess: access, OriginalDesiredAccess: original } },
      };
      c.operation.PreOperation(c.registration.context, info);
      contexts.set(c, info.CallContext);
      // Only clearing counts; a kernel handle keeps what it was granted.
      if (!kernelHandle) access = (access & info.Parameters.CreateHandleInformation.DesiredAccess) >>> 0;
    }
    state.granted = (access & valid) >>> 0;
    return access;
  };

  const checked = op.accessMode !== KernelMode || (op.attributes & OBJ_FORCE_ACCESS_CHECK) !== 0;
  let result: R;
  if (checked) {
    result = open((request) => {
      const r = accessCheck(request);
      if (r.status !== STATUS.SUCCESS) return r;
      return { status: r.status, grantedAccess: pre(r.grantedAccess >>> 0) };
    }, op.desiredAccess);
  } else {
    const desired = pre(ObpUncheckedAccess(op.objectType.typeInfo, op.desiredAccess));
    result = open(accessCheck, desired);
  }
  // A refusal by the access check comes before the callbacks: nothing was intercepted.
  const granted = state.granted;
  if (granted === null) return result;
  const success = result.status === STATUS.SUCCESS;
  // Post-operation callbacks in the reverse order, lowest altitude first (as the filter manager unwinds).
  for (const c of [...calls].reverse()) {
    if (!c.operation.PostOperation) continue;
    c.operation.PostOperation(c.registration.context, {
      Operation: OB_OPERATION_HANDLE_CREATE,
      KernelHandle: kernelHandle,
      Object: op.object.body,
      ObjectType: op.objectType,
      CallContext: contexts.get(c) ?? null,
      CurrentProcess: op.currentProcess,
      CurrentThread: op.currentThread,
      ReturnStatus: result.status,
      Parameters: { CreateHandleInformation: { GrantedAccess: success ? granted : 0 } },
    });
  }
  return result;
}
