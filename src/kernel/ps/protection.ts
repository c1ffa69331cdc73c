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
