import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MAXIMUM_ALLOWED } from '../ob/index.js';
import {
  KernelMode,
  PROCESS_ALL_ACCESS,
  PspProcessMapping,
  PspThreadMapping,
  RtlMapGenericMask,
  RtlProtectedAccessOf,
  RtlTestProtectedAccess,
  THREAD_ALL_ACCESS,
  type KPROCESSOR_MODE,
} from '../se/index.js';
import type { EPROCESS } from './objects.js';

/** One open of a process or thread, as the protection check sees it. */
export interface PsProtectedAccessRequest {
  /** The process asking (its EPROCESS.Protection is the source level). */
  caller: EPROCESS;
  /** The process opened, or the process of the thread opened (the target level). */
  target: EPROCESS;
  objectType: 'Process' | 'Thread';
  desiredAccess: number;
  /** What the access check (or SeDebugPrivilege) granted. */
  grantedAccess: number;
  /** PreviousMode of the open: a kernel-mode open is never restricted. Default UserMode. */
  accessMode?: KPROCESSOR_MODE;
}

/** The decision: the rights left, or a failure status (STATUS_ACCESS_DENIED). */
export type PsProtectedAccessCheck = (request: PsProtectedAccessRequest) => {
  status: NTSTATUS;
  grantedAccess: number;
};

/**
 * PsTestProtectedProcessIncompatibility(AccessMode, Source, Target) as a 19041 ntoskrnl decompiles
 * (the build whose PspProcessOpen reads Protection at +0x87a, search index ids 65385224607 and
 * 64980841942): two different processes, a user-mode access, and RtlTestProtectedAccess(Source,
 * Target) false — PspCheckForInvalidAccessByProtection is `AccessMode && !RtlTestProtectedAccess`.
 */
export function PsTestProtectedProcessIncompatibility(
  accessMode: KPROCESSOR_MODE,
  source: EPROCESS,
  target: EPROCESS,
): boolean {
  return (
    source !== target &&
    accessMode !== KernelMode &&
    !RtlTestProtectedAccess(source.Protection, target.Protection)
  );
}

/**
 * PspIsParentProcess(Opener, Target) (19041, id 64766839168): Target.InheritedFromUniqueProcessId
 * is the opener's PID and the target is younger (its SequenceNumber is greater — the model compares
 * creation times, so a reused PID of an older process does not count).
 */
export function PspIsParentProcess(opener: EPROCESS, target: EPROCESS): boolean {
  return (
    target.InheritedFromUniqueProcessId === opener.UniqueProcessId && target.CreateTime >= opener.CreateTime
  );
}

/**
 * The rights a handle to `target` (a process, or a thread of it) may not hold when its holder does
 * not dominate it: RtlProtectedAccess[Target.Signer].DeniedProcessAccess / DeniedThreadAccess —
 * less bit 0 (PROCESS_TERMINATE / THREAD_TERMINATE) for the target's parent, which may end its
 * protected child (PspProcessOpen and PspThreadOpen both call PspIsParentProcess and clear bit 0,
 * ids 64346127382 and 65684509143).
 */
export function PspProtectedDeniedAccess(
  holder: EPROCESS,
  target: EPROCESS,
  objectType: 'Process' | 'Thread',
): number {
  const row = RtlProtectedAccessOf(target.Protection);
  const denied = objectType === 'Process' ? row.DeniedProcessAccess : row.DeniedThreadAccess;
  return PspIsParentProcess(holder, target) ? denied & ~1 : denied;
}

/**
 * PspCheckForInvalidAccessByProtection on the open path (NtOpenProcess / NtOpenThread): when the
 * caller does not dominate the target (PsTestProtectedProcessIncompatibility: a user-mode open of
 * another process whose protection RtlTestProtectedAccess says the caller's does not reach), the
 * target signer's denied rights are cut — whatever the access check or SeDebugPrivilege granted
 * (paragmali after Ionescu: SeDebugPrivilege does not lift it):
 * - a denied right asked for explicitly (generic rights mapped) → STATUS_ACCESS_DENIED;
 * - MAXIMUM_ALLOWED → exactly what remains (internals.md §4.2: 0x1FFFFF & ~Denied…).
 * The type's OpenProcedure (PspProcessOpenProcedure below) then sees no denied right.
 */
export const PspCheckForInvalidAccessByProtection: PsProtectedAccessCheck = (request) => {
  const { caller, target, objectType, desiredAccess, grantedAccess } = request;
  if (!PsTestProtectedProcessIncompatibility(request.accessMode ?? 1, caller, target))
    return { status: STATUS.SUCCESS, grantedAccess };
  const denied = PspProtectedDeniedAccess(caller, target, objectType);
  if ((grantedAccess & denied) === 0) return { status: STATUS.SUCCESS, grantedAccess };
  const mapping = objectType === 'Process' ? PspProcessMapping : PspThreadMapping;
  const explicit = RtlMapGenericMask(desiredAccess & ~MAXIMUM_ALLOWED, mapping);
  if (explicit & denied || !(desiredAccess & MAXIMUM_ALLOWED))
    return { status: STATUS.ACCESS_DENIED, grantedAccess: 0 };
  return { status: STATUS.SUCCESS, grantedAccess: (grantedAccess & ~denied) >>> 0 };
};

/** The trace's explanation of a protection cut (only when the check changed the outcome). */
export function PspTraceProtectedAccess(
  trace: { note(text: string): void },
  caller: EPROCESS,
  target: EPROCESS,
  objectType: 'Process' | 'Thread',
  granted: number,
  result: { status: NTSTATUS; grantedAccess: number },
): void {
  if (result.status === STATUS.SUCCESS && result.grantedAccess === granted) return;
  const hex = (v: number, w = 2): string => '0x' + (v >>> 0).toString(16).padStart(w, '0');
  const denied = PspProtectedDeniedAccess(caller, target, objectType);
  trace.note(
    `PP/PPL: ${caller.ImageFileName} (${hex(caller.Protection)}) does not dominate ` +
      `${target.ImageFileName} (${hex(target.Protection)}), RtlTestProtectedAccess; denied ${objectType.toLowerCase()} ` +
      `rights ${hex(denied, 6)} → ` +
      (result.status === STATUS.SUCCESS ? `granted ${hex(result.grantedAccess, 6)}` : 'STATUS_ACCESS_DENIED'),
  );
}

/**
 * PspProcessOpen / PspThreadOpen, the Process and Thread types' OpenProcedure (19041 decompile,
 * id 64346127382; ObpIncrementHandleCountEx calls it for every handle made: create, open, duplicate,
 * inherit). `holder` is the process whose handle table gets the handle — for NtDuplicateObject the
 * target process, not the caller — and `target` the process (or the thread's process). A handle
 * that would hold a denied right of a target its holder does not dominate is refused with
 * STATUS_ACCESS_DENIED. For a thread, a handle held by the thread's own process is never refused.
 */
export function PspProtectedOpenProcedure(
  accessMode: KPROCESSOR_MODE,
  holder: EPROCESS | null,
  target: EPROCESS,
  objectType: 'Process' | 'Thread',
  grantedAccess: number,
  trace?: { note(text: string): void },
): NTSTATUS {
  if (!holder) return STATUS.SUCCESS;
  if ((grantedAccess & PspProtectedDeniedAccess(holder, target, objectType)) === 0) return STATUS.SUCCESS;
  if (!PsTestProtectedProcessIncompatibility(accessMode, holder, target)) return STATUS.SUCCESS;
  if (trace)
    PspTraceProtectedAccess(trace, holder, target, objectType, grantedAccess, {
      status: STATUS.ACCESS_DENIED,
      grantedAccess: 0,
    });
  return STATUS.ACCESS_DENIED;
}

/**
 * The handles NtCreateUserProcess returns to its creator (internals.md §4.2, last paragraph, from
 * decompiled NtCreateUserProcess bodies): when PsTestProtectedProcessIncompatibility(creator, new
 * process) and MAXIMUM_ALLOWED was asked, the process handle gets ~DeniedProcessAccess & 0x1FFFFF
 * (the thread handle likewise with DeniedThreadAccess). Other requests are left to the
 * OpenProcedure.
 */
export function PspCreatorDesiredAccess(
  accessMode: KPROCESSOR_MODE,
  creator: EPROCESS,
  process: EPROCESS,
  desiredAccess: number,
  objectType: 'Process' | 'Thread',
): number {
  if (
    !(desiredAccess & MAXIMUM_ALLOWED) ||
    !PsTestProtectedProcessIncompatibility(accessMode, creator, process)
  )
    return desiredAccess;
  const row = RtlProtectedAccessOf(process.Protection);
  return objectType === 'Process'
    ? (~row.DeniedProcessAccess & PROCESS_ALL_ACCESS) >>> 0
    : (~row.DeniedThreadAccess & THREAD_ALL_ACCESS) >>> 0;
}

/** PS_PROTECTED_TYPE (phnt ntpsapi.h): None 0, ProtectedLight 1, Protected 2. */
export const PsProtectedTypeMax = 3;
/** PS_PROTECTED_SIGNER (phnt ntpsapi.h): None 0 … WinSystem 7, App 8. */
export const PsProtectedSignerMax = 9;

/** PS_PROTECTION's fields: {Type:3, Audit:1, Signer:4}. */
export function PsProtectionFields(level: number): { Type: number; Audit: number; Signer: number } {
  return { Type: level & 7, Audit: (level >> 3) & 1, Signer: (level >> 4) & 0xf };
}

/**
 * RtlValidProcessProtection: only the PS_PROTECTION values Windows defines are valid — 0x00, 0x08,
 * 0x12, 0x21, 0x31, 0x41, 0x51, 0x52, 0x61, 0x62, 0x72, 0x81 (Wine dlls/ntdll/process.c
 * RtlValidProcessProtection; an ntoskrnl decompile, search index id 64701873068, compares the
 * same constants; PspBuildCreateProcessContext calls it for PsAttributeProtectionLevel). So an
 * Authenticode-Light (0x11) or Lsa PP (0x42) request is invalid.
 */
const VALID_PS_PROTECTION = new Set([0x00, 0x08, 0x12, 0x21, 0x31, 0x41, 0x51, 0x52, 0x61, 0x62, 0x72, 0x81]);

/** PsAttributeProtectionLevel's validation: RtlValidProcessProtection, else STATUS_INVALID_PARAMETER. */
export function PspValidateProtectionLevel(level: number): NTSTATUS {
  if (!Number.isInteger(level) || !VALID_PS_PROTECTION.has(level)) return STATUS.INVALID_PARAMETER;
  return STATUS.SUCCESS;
}

/** Whether the creator may create a process at `protection` (with its image): the decision. */
export type PsProtectedCreationCheck = (request: {
  creator: EPROCESS;
  parent: EPROCESS;
  /** The requested PS_PROTECTION (0 when no PsAttributeProtectionLevel was given). */
  protection: number;
  imageName: string;
  accessMode?: KPROCESSOR_MODE;
  /** PROCESS_CREATE_FLAGS_INHERIT_HANDLES. */
  inheritHandles?: boolean;
  /** A PsAttributeHandleList limits what is inherited. */
  handleList?: boolean;
}) => NTSTATUS;

/**
 * PspValidateCreateProcessProtection(Creator, Context, PreviousMode, ProcessFlags, Protection) as
 * decompiled for 19041-era kernels (ids 52377001881, 65654264743: Protection at +0x87a): a
 * user-mode creation that inherits handles (PROCESS_CREATE_FLAGS_INHERIT_HANDLES, 4) from a
 * protected creator (its signer's DeniedProcessAccess holds PROCESS_DUP_HANDLE, i.e. any signer)
 * into a child whose requested protection does not dominate the creator
 * (!RtlTestProtectedAccess(Requested, Creator)) is STATUS_INVALID_PARAMETER — a protected parent's
 * handles must not leak into a less protected child. The context flag 0x800 that exempts the
 * creation is read here as an explicit handle list (PsAttributeHandleList), the model's reading.
 * Nothing else is asked of the creator: an unprotected process may start a protected one (Forshaw,
 * "Injecting Code into Windows Protected Processes using COM", 2018: WerFaultSecure.exe started as
 * a PPL from user code) — the image's signature decides (PspValidateImageForProtection).
 */
export const PspCheckProtectedProcessCreation: PsProtectedCreationCheck = (request) => {
  if ((request.accessMode ?? 1) === KernelMode || !request.inheritHandles || request.handleList)
    return STATUS.SUCCESS;
  if ((RtlProtectedAccessOf(request.creator.Protection).DeniedProcessAccess & 0x40) === 0)
    return STATUS.SUCCESS;
  return RtlTestProtectedAccess(request.protection, request.creator.Protection)
    ? STATUS.SUCCESS
    : STATUS.INVALID_PARAMETER;
};
