import { STATUS, type NTSTATUS } from '../../base/index.js';
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
}

/** The decision: the rights left, or a failure status (STATUS_ACCESS_DENIED). */
export type PsProtectedAccessCheck = (request: PsProtectedAccessRequest) => {
  status: NTSTATUS;
  grantedAccess: number;
};

/**
 * PspCheckForInvalidAccessByProtection — the hook issue 8 fills. On Windows 8.1 and later, opening
 * a protected process (or one of its threads) from a caller that RtlTestProtectedAccess says does
 * not dominate it removes RtlProtectedAccess[TargetSigner].DeniedProcessAccess (or
 * DeniedThreadAccess) from the rights: an explicit request for a denied right fails with
 * STATUS_ACCESS_DENIED, MAXIMUM_ALLOWED keeps what is left (reference §4.2; SeDebugPrivilege does
 * not lift it). Until then every open keeps what the access check granted.
 */
export const PspCheckForInvalidAccessByProtection: PsProtectedAccessCheck = (request) => ({
  status: STATUS.SUCCESS,
  grantedAccess: request.grantedAccess,
});

/** PS_PROTECTED_TYPE (phnt ntpsapi.h): None 0, ProtectedLight 1, Protected 2. */
export const PsProtectedTypeMax = 3;
/** PS_PROTECTED_SIGNER (phnt ntpsapi.h): None 0 … WinSystem 7, App 8. */
export const PsProtectedSignerMax = 9;

/** PS_PROTECTION's fields: {Type:3, Audit:1, Signer:4}. */
export function PsProtectionFields(level: number): { Type: number; Audit: number; Signer: number } {
  return { Type: level & 7, Audit: (level >> 3) & 1, Signer: (level >> 4) & 0xf };
}

/**
 * PsAttributeProtectionLevel's validation: one byte whose Type is below PsProtectedTypeMax and
 * whose Signer is below PsProtectedSignerMax, else STATUS_INVALID_PARAMETER.
 */
export function PspValidateProtectionLevel(level: number): NTSTATUS {
  if (!Number.isInteger(level) || level < 0 || level > 0xff) return STATUS.INVALID_PARAMETER;
  const f = PsProtectionFields(level);
  if (f.Type >= PsProtectedTypeMax || f.Signer >= PsProtectedSignerMax) return STATUS.INVALID_PARAMETER;
  return STATUS.SUCCESS;
}

/** Whether the creator may create a process at `protection` (with its image): the decision. */
export type PsProtectedCreationCheck = (request: {
  creator: EPROCESS;
  parent: EPROCESS;
  protection: number;
  imageName: string;
}) => NTSTATUS;

/**
 * The protected-creation rule — the hook issue 8 fills: Windows lets a process be created
 * protected only when the image's signature level satisfies the signer (PspCheckProcessProtection
 * / the code-integrity check of the section) and the creator's rules allow it (Windows Internals 7
 * ch. 3 "Protected processes"). Until then every valid level is allowed.
 */
export const PspCheckProtectedProcessCreation: PsProtectedCreationCheck = () => STATUS.SUCCESS;
