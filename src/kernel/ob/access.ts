import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ACCESS_SYSTEM_SECURITY,
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  GRANTED_ACCESS_BITS,
  KernelMode,
  MAXIMUM_ALLOWED,
  SPECIFIC_RIGHTS_ALL,
  STANDARD_RIGHTS_ALL,
  UserMode,
  type KPROCESSOR_MODE,
} from './constants.js';
import type { ObjectHeader } from './object-header.js';
import type { GenericMapping, ObOpenReason, ObProcess, ObjectType } from './object-types.js';

/**
 * The access decision for an open: kernel/se's AccessCheck (DACL, owner, integrity, privileges)
 * plugs in here; ob only asks. `desiredAccess` is already generic-mapped and may hold
 * MAXIMUM_ALLOWED. Return the rights granted, or a failure status (STATUS_ACCESS_DENIED).
 */
export type ObAccessCheck = (request: {
  object: ObjectHeader;
  desiredAccess: number;
  accessMode: KPROCESSOR_MODE;
  reason: ObOpenReason;
  process: ObProcess;
}) => { status: NTSTATUS; grantedAccess: number };

/** The default decision until kernel/se supplies one: grant what is asked (MAXIMUM_ALLOWED → all valid rights). */
export const ObGrantRequestedAccess: ObAccessCheck = ({ object, desiredAccess }) => ({
  status: STATUS.SUCCESS,
  grantedAccess: desiredAccess & MAXIMUM_ALLOWED ? ObpValidAccessMask(object.type) : desiredAccess,
});

/** A type's ValidAccessMask; a type that states none accepts every standard and specific right. */
export function ObpValidAccessMask(type: ObjectType): number {
  return type.validAccessMask ?? STANDARD_RIGHTS_ALL | SPECIFIC_RIGHTS_ALL;
}

/**
 * RtlMapGenericMask: replace GENERIC_READ/WRITE/EXECUTE/ALL by the type's specific rights (a
 * type without a mapping maps them to nothing, leaving the other bits).
 */
export function ObpMapGenericMask(access: number, mapping: GenericMapping | undefined): number {
  let mapped = access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
  if (mapping) {
    if (access & GENERIC_READ) mapped |= mapping.GenericRead;
    if (access & GENERIC_WRITE) mapped |= mapping.GenericWrite;
    if (access & GENERIC_EXECUTE) mapped |= mapping.GenericExecute;
    if (access & GENERIC_ALL) mapped |= mapping.GenericAll;
  }
  return mapped >>> 0;
}

/** What a HANDLE_TABLE_ENTRY keeps of a grant: its 25 GrantedAccessBits. */
export function ObpStoredAccess(granted: number): number {
  return (granted & GRANTED_ACCESS_BITS) >>> 0;
}

/**
 * The rights a handle gets without an access check (the creator's handle, kernel-mode opens):
 * MAXIMUM_ALLOWED becomes GENERIC_ALL, generic rights are mapped, and what the type does not know
 * is dropped (ObpCreateHandle: DesiredAccess & (ValidAccessMask | ACCESS_SYSTEM_SECURITY)).
 */
export function ObpUncheckedAccess(type: ObjectType, desiredAccess: number): number {
  let desired = desiredAccess;
  if (desired & MAXIMUM_ALLOWED) desired = (desired & ~MAXIMUM_ALLOWED) | GENERIC_ALL;
  return (
    ObpMapGenericMask(desired, type.genericMapping) & (ObpValidAccessMask(type) | ACCESS_SYSTEM_SECURITY)
  );
}

/**
 * The rights an open gets: kernel mode is not checked (unless OBJ_FORCE_ACCESS_CHECK); user mode
 * asks the access decision (kernel/se's AccessCheck) with the generic-mapped request.
 */
export function ObpOpenAccess(
  accessCheck: ObAccessCheck,
  p: {
    object: ObjectHeader;
    desiredAccess: number;
    accessMode: KPROCESSOR_MODE;
    forceAccessCheck: boolean;
    reason: ObOpenReason;
    process: ObProcess;
  },
): { status: NTSTATUS; grantedAccess: number } {
  const type = p.object.type;
  if (p.accessMode === KernelMode && !p.forceAccessCheck)
    return { status: STATUS.SUCCESS, grantedAccess: ObpUncheckedAccess(type, p.desiredAccess) };
  const r = accessCheck({
    object: p.object,
    desiredAccess: ObpMapGenericMask(p.desiredAccess, type.genericMapping),
    accessMode: p.forceAccessCheck ? UserMode : p.accessMode,
    reason: p.reason,
    process: p.process,
  });
  if (r.status !== STATUS.SUCCESS) return { status: r.status, grantedAccess: 0 };
  return {
    status: STATUS.SUCCESS,
    grantedAccess: r.grantedAccess & (ObpValidAccessMask(type) | ACCESS_SYSTEM_SECURITY),
  };
}
