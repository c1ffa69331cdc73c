import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ACCESS_SYSTEM_SECURITY,
  MAXIMUM_ALLOWED,
  READ_CONTROL,
  RtlMapGenericMask,
  WRITE_DAC,
  WRITE_OWNER,
  type GENERIC_MAPPING,
} from './access-mask.js';
import { ACCESS_ALLOWED_ACE_TYPE, ACCESS_DENIED_ACE_TYPE, INHERIT_ONLY_ACE, type ACE } from './acl.js';
import { SepMandatoryIntegrityCheck, type MandatoryCheckResult } from './integrity.js';
import { SE_SECURITY_PRIVILEGE, SE_TAKE_OWNERSHIP_PRIVILEGE } from './privileges.js';
import { KernelMode, type KPROCESSOR_MODE } from './processor-mode.js';
import type { SECURITY_DESCRIPTOR } from './security-descriptor.js';
import { RtlEqualSid } from './sid.js';
import { SeSinglePrivilegeCheck } from './token-privileges.js';
import { SepSidInToken } from './token-sids.js';
import { SecurityImpersonation, TokenImpersonation, type TOKEN } from './token.js';
import { SeOwnerRightsSid } from './well-known-sids.js';

export interface AccessCheckOptions {
  previousMode: KPROCESSOR_MODE;
  /** Rights already granted (by a privilege the caller checked, or an earlier check). */
  previouslyGrantedAccess?: number;
}

/** Why a check failed, for the trace. */
export type AccessDenyReason =
  | 'no-security-descriptor'
  | 'impersonation-level'
  | 'nothing-requested'
  | 'privilege'
  | 'integrity'
  | 'deny-ace'
  | 'not-granted';

export interface AccessCheckResult {
  status: NTSTATUS;
  grantedAccess: number;
  denyReason?: AccessDenyReason;
  /** The mandatory check's verdict (absent for kernel-mode callers). */
  mandatory?: MandatoryCheckResult;
}

function denied(
  denyReason: AccessDenyReason,
  mandatory?: MandatoryCheckResult,
  status: NTSTATUS = STATUS.ACCESS_DENIED,
) {
  const r: AccessCheckResult = { status, grantedAccess: 0, denyReason };
  if (mandatory) r.mandatory = mandatory;
  return r;
}

/**
 * Does an ACE apply to the caller? OWNER RIGHTS (S-1-3-4) stands for the object's owner.
 */
function aceApplies(ace: ACE, sd: SECURITY_DESCRIPTOR, token: TOKEN, deny: boolean): boolean {
  if (RtlEqualSid(ace.sid, SeOwnerRightsSid))
    return sd.owner !== undefined && SepSidInToken(token, sd.owner, deny);
  return SepSidInToken(token, ace.sid, deny);
}

/**
 * SeAccessCheck (ReactOS ntoskrnl/se/accesschk.c SeAccessCheck/SepAccessCheck; MS-DTYP §2.5.3.2;
 * Windows Internals 7, ch. 7 "Access checks"), in this order:
 * 1. kernel-mode callers get what they ask (MAXIMUM_ALLOWED → GenericAll);
 * 2. no descriptor → STATUS_ACCESS_DENIED; an impersonation token below SecurityImpersonation →
 *    STATUS_BAD_IMPERSONATION_LEVEL;
 * 3. generic rights are mapped; nothing requested (and nothing granted before) → denied;
 * 4. the mandatory integrity check (integrity.ts) fixes which rights can be granted at all;
 * 5. privileges: ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege (else
 *    STATUS_PRIVILEGE_NOT_HELD), a requested WRITE_OWNER is granted by SeTakeOwnershipPrivilege;
 * 6. the owner gets READ_CONTROL | WRITE_DAC implicitly — unless the DACL has an OWNER RIGHTS ACE,
 *    which then decides what the owner gets (Microsoft Learn "SID Strings"/"Well-known SIDs":
 *    OWNER RIGHTS);
 * 7. the DACL: absent or NULL grants everything; otherwise ACEs in order — a deny ACE matching
 *    a right still wanted fails the check, allow ACEs remove rights from what is wanted, and the
 *    walk stops once nothing is wanted (so a deny after the grant does not matter). With
 *    MAXIMUM_ALLOWED every ACE is read: a right denied before it is allowed is never granted.
 *    An empty DACL grants nothing.
 * Inherit-only ACEs are skipped. Restricted tokens, object ACEs, audit and alarms are not modelled.
 */
export function SeAccessCheck(
  sd: SECURITY_DESCRIPTOR | undefined,
  token: TOKEN,
  desiredAccess: number,
  genericMapping: GENERIC_MAPPING,
  options: AccessCheckOptions,
): AccessCheckResult {
  const previous = RtlMapGenericMask(options.previouslyGrantedAccess ?? 0, genericMapping);
  const desired = RtlMapGenericMask(desiredAccess, genericMapping);
  const maximum = (desired & MAXIMUM_ALLOWED) !== 0;

  if (options.previousMode === KernelMode) {
    const grantedAccess = maximum
      ? genericMapping.GenericAll | (desired & ~MAXIMUM_ALLOWED) | previous
      : desired | previous;
    return { status: STATUS.SUCCESS, grantedAccess: grantedAccess >>> 0 };
  }
  if (!sd) return denied('no-security-descriptor');
  if (token.tokenType === TokenImpersonation && token.impersonationLevel < SecurityImpersonation)
    return denied('impersonation-level', undefined, STATUS.BAD_IMPERSONATION_LEVEL);
  if (desired === 0)
    return previous ? { status: STATUS.SUCCESS, grantedAccess: previous } : denied('nothing-requested');

  // 4. Mandatory integrity: which rights may be granted at all.
  const mandatory = SepMandatoryIntegrityCheck(sd, token, genericMapping);
  const allowedByLabel = (mandatory.allowedAccess | ACCESS_SYSTEM_SECURITY) >>> 0;
  const explicit = (desired & ~MAXIMUM_ALLOWED) >>> 0;
  if ((explicit & ~allowedByLabel) !== 0) return denied('integrity', mandatory);

  // 5. Privileges.
  let privileged = 0;
  if (desired & ACCESS_SYSTEM_SECURITY) {
    if (!SeSinglePrivilegeCheck(SE_SECURITY_PRIVILEGE, token, options.previousMode))
      return denied('privilege', mandatory, STATUS.PRIVILEGE_NOT_HELD);
    privileged |= ACCESS_SYSTEM_SECURITY;
  }
  if (
    desired & WRITE_OWNER &&
    SeSinglePrivilegeCheck(SE_TAKE_OWNERSHIP_PRIVILEGE, token, options.previousMode)
  )
    privileged |= WRITE_OWNER;

  // 6. Owner rights.
  const dacl = sd.dacl;
  const hasOwnerRightsAce =
    !!dacl && dacl.aces.some((a) => !(a.flags & INHERIT_ONLY_ACE) && RtlEqualSid(a.sid, SeOwnerRightsSid));
  const ownerImplicit =
    !hasOwnerRightsAce && sd.owner && SepSidInToken(token, sd.owner, false) ? READ_CONTROL | WRITE_DAC : 0;
  const preGranted = (previous | privileged | ownerImplicit) & allowedByLabel;

  // 7. The DACL.
  let granted: number;
  if (!maximum) {
    if (dacl) {
      let remaining = (desired & ~preGranted) >>> 0;
      for (const ace of dacl.aces) {
        if (remaining === 0) break;
        if (ace.flags & INHERIT_ONLY_ACE) continue;
        const mask = RtlMapGenericMask(ace.mask, genericMapping);
        if (ace.type === ACCESS_DENIED_ACE_TYPE && aceApplies(ace, sd, token, true)) {
          if (remaining & mask) return denied('deny-ace', mandatory);
        } else if (ace.type === ACCESS_ALLOWED_ACE_TYPE && aceApplies(ace, sd, token, false)) {
          remaining = (remaining & ~mask) >>> 0;
        }
      }
      if (remaining !== 0) return denied('not-granted', mandatory);
    }
    granted = (desired | previous) >>> 0;
  } else if (!dacl) {
    granted = (preGranted | genericMapping.GenericAll | explicit) & allowedByLabel;
  } else {
    let deniedBits = 0;
    granted = preGranted;
    for (const ace of dacl.aces) {
      if (ace.flags & INHERIT_ONLY_ACE) continue;
      const mask = RtlMapGenericMask(ace.mask, genericMapping);
      if (ace.type === ACCESS_DENIED_ACE_TYPE && aceApplies(ace, sd, token, true))
        deniedBits |= mask & ~granted;
      else if (ace.type === ACCESS_ALLOWED_ACE_TYPE && aceApplies(ace, sd, token, false))
        granted |= mask & ~deniedBits;
    }
    granted &= allowedByLabel;
    if ((explicit & ~granted) !== 0)
      return denied((explicit & deniedBits) !== 0 ? 'deny-ace' : 'not-granted', mandatory);
  }
  granted >>>= 0;
  if (granted === 0) return denied('not-granted', mandatory);
  return { status: STATUS.SUCCESS, grantedAccess: granted, mandatory };
}
