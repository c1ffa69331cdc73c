import {
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  RtlMapGenericMask,
  WRITE_OWNER,
  type GENERIC_MAPPING,
} from './access-mask.js';
import {
  INHERIT_ONLY_ACE,
  SYSTEM_MANDATORY_LABEL_ACE_TYPE,
  SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP,
  SYSTEM_MANDATORY_LABEL_NO_READ_UP,
  SYSTEM_MANDATORY_LABEL_NO_WRITE_UP,
} from './acl.js';
import { SE_PRIVILEGE_ENABLED, SE_RELABEL_PRIVILEGE } from './privileges.js';
import type { SECURITY_DESCRIPTOR } from './security-descriptor.js';
import { sidRid, type SID } from './sid.js';
import { SeQueryTokenIntegrityLevel } from './token-sids.js';
import { TOKEN_MANDATORY_POLICY_NO_WRITE_UP, type TOKEN } from './token.js';
import * as W from './well-known-sids.js';

/** The names Windows gives integrity levels (Process Explorer, the ProcessView contract). */
export function integrityLevelName(rid: number): string {
  switch (rid) {
    case W.SECURITY_MANDATORY_UNTRUSTED_RID:
      return 'Untrusted';
    case W.SECURITY_MANDATORY_LOW_RID:
      return 'Low';
    case W.SECURITY_MANDATORY_MEDIUM_RID:
      return 'Medium';
    case W.SECURITY_MANDATORY_MEDIUM_PLUS_RID:
      return 'Medium Plus';
    case W.SECURITY_MANDATORY_HIGH_RID:
      return 'High';
    case W.SECURITY_MANDATORY_SYSTEM_RID:
      return 'System';
    case W.SECURITY_MANDATORY_PROTECTED_PROCESS_RID:
      return 'Protected Process';
    default:
      return '0x' + rid.toString(16);
  }
}

export interface MandatoryLabel {
  readonly sid: SID;
  /** SYSTEM_MANDATORY_LABEL_* bits. */
  readonly policy: number;
  /** false when the descriptor has no label and the default applies. */
  readonly explicit: boolean;
}

/**
 * The object's mandatory label: the first SYSTEM_MANDATORY_LABEL_ACE in the SACL that is not
 * inherit-only; without one, Medium with NO_WRITE_UP (MS-DTYP §2.5.3.3 "DefaultMandatorySid …
 * ML_MEDIUM is used by Windows"; Windows Internals 7 ch. 7: objects without a label are treated
 * as Medium).
 */
export function SepGetObjectMandatoryLabel(sd: SECURITY_DESCRIPTOR): MandatoryLabel {
  const ace = sd.sacl?.aces.find(
    (a) => a.type === SYSTEM_MANDATORY_LABEL_ACE_TYPE && !(a.flags & INHERIT_ONLY_ACE),
  );
  if (ace) return { sid: ace.sid, policy: ace.mask, explicit: true };
  return { sid: W.SeMediumMandatorySid, policy: SYSTEM_MANDATORY_LABEL_NO_WRITE_UP, explicit: false };
}

export interface MandatoryCheckResult {
  /** The rights the label lets the DACL grant (after generic mapping); 0xFFFFFFFF = no limit. */
  allowedAccess: number;
  tokenIntegrity: number;
  objectIntegrity: number;
  policy: number;
}

/**
 * The mandatory integrity check that runs before the DACL (MS-DTYP §2.5.3.3
 * MandatoryIntegrityCheck; Windows Internals 7, ch. 7 "Mandatory Integrity Control"):
 * - a token whose mandatory policy lacks NO_WRITE_UP is not restricted;
 * - a caller at or above the object's level is not restricted;
 * - a caller below it gets only the generic rights the label does not forbid: GenericRead unless
 *   NO_READ_UP, GenericWrite unless NO_WRITE_UP, GenericExecute unless NO_EXECUTE_UP, mapped
 *   through the object type's GENERIC_MAPPING — rights in none of them (DELETE, WRITE_DAC …)
 *   are never granted up; an enabled SeRelabelPrivilege adds WRITE_OWNER.
 * For a process (NW|NR) a Medium caller on a High target keeps GenericExecute, 0x121001:
 * SYNCHRONIZE | READ_CONTROL | PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE.
 */
export function SepMandatoryIntegrityCheck(
  sd: SECURITY_DESCRIPTOR,
  token: TOKEN,
  genericMapping: GENERIC_MAPPING,
): MandatoryCheckResult {
  const label = SepGetObjectMandatoryLabel(sd);
  const tokenIntegrity = SeQueryTokenIntegrityLevel(token);
  const objectIntegrity = sidRid(label.sid) ?? W.SECURITY_MANDATORY_UNTRUSTED_RID;
  const result = { tokenIntegrity, objectIntegrity, policy: label.policy };
  if (!(token.mandatoryPolicy & TOKEN_MANDATORY_POLICY_NO_WRITE_UP) || tokenIntegrity >= objectIntegrity)
    return { allowedAccess: 0xffffffff, ...result };
  let generic = 0;
  if (!(label.policy & SYSTEM_MANDATORY_LABEL_NO_READ_UP)) generic |= GENERIC_READ;
  if (!(label.policy & SYSTEM_MANDATORY_LABEL_NO_WRITE_UP)) generic |= GENERIC_WRITE;
  if (!(label.policy & SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP)) generic |= GENERIC_EXECUTE;
  let allowedAccess = RtlMapGenericMask(generic, genericMapping);
  const relabel = token.privileges.find((p) => p.luid === SE_RELABEL_PRIVILEGE);
  if (relabel && relabel.attributes & SE_PRIVILEGE_ENABLED) allowedAccess |= WRITE_OWNER;
  return { allowedAccess: allowedAccess >>> 0, ...result };
}
