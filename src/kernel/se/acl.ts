import type { FlagTable } from './flag-names.js';
import type { SID } from './sid.js';

/**
 * ACEs and ACLs as typed values (winnt.h ACE_HEADER, ACCESS_ALLOWED_ACE, ACL). Only the ACE
 * kinds process creation needs are modelled: allow, deny, audit, and the mandatory label.
 */
export const ACCESS_ALLOWED_ACE_TYPE = 0x0;
export const ACCESS_DENIED_ACE_TYPE = 0x1;
export const SYSTEM_AUDIT_ACE_TYPE = 0x2;
export const SYSTEM_MANDATORY_LABEL_ACE_TYPE = 0x11;

/** AceFlags (winnt.h): inheritance, and the audit flags of SYSTEM_AUDIT_ACE. */
export const OBJECT_INHERIT_ACE = 0x01;
export const CONTAINER_INHERIT_ACE = 0x02;
export const NO_PROPAGATE_INHERIT_ACE = 0x04;
export const INHERIT_ONLY_ACE = 0x08;
export const INHERITED_ACE = 0x10;
export const SUCCESSFUL_ACCESS_ACE_FLAG = 0x40;
export const FAILED_ACCESS_ACE_FLAG = 0x80;

/**
 * SYSTEM_MANDATORY_LABEL_ACE.Mask: what a caller of lower integrity may not do (Microsoft Learn
 * "SYSTEM_MANDATORY_LABEL_ACE structure").
 */
export const SYSTEM_MANDATORY_LABEL_NO_WRITE_UP = 0x1;
export const SYSTEM_MANDATORY_LABEL_NO_READ_UP = 0x2;
export const SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP = 0x4;
export const SYSTEM_MANDATORY_LABEL_VALID_MASK = 0x7;

/** ACL_REVISION (winnt.h); ACL_REVISION_DS is needed only for object ACEs, not modelled. */
export const ACL_REVISION = 2;

export interface ACE {
  readonly type: number;
  readonly flags: number;
  /** The access mask; for a mandatory label ACE, the SYSTEM_MANDATORY_LABEL_* policy. */
  readonly mask: number;
  readonly sid: SID;
}

export interface ACL {
  readonly revision: number;
  readonly aces: readonly ACE[];
}

export function createAcl(aces: readonly ACE[]): ACL {
  return Object.freeze({ revision: ACL_REVISION, aces: Object.freeze([...aces]) });
}

export function createAce(type: number, flags: number, mask: number, sid: SID): ACE {
  return Object.freeze({ type, flags, mask: mask >>> 0, sid });
}

export const ACE_FLAG_NAMES: FlagTable = [
  ['OBJECT_INHERIT_ACE', OBJECT_INHERIT_ACE],
  ['CONTAINER_INHERIT_ACE', CONTAINER_INHERIT_ACE],
  ['NO_PROPAGATE_INHERIT_ACE', NO_PROPAGATE_INHERIT_ACE],
  ['INHERIT_ONLY_ACE', INHERIT_ONLY_ACE],
  ['INHERITED_ACE', INHERITED_ACE],
  ['SUCCESSFUL_ACCESS_ACE_FLAG', SUCCESSFUL_ACCESS_ACE_FLAG],
  ['FAILED_ACCESS_ACE_FLAG', FAILED_ACCESS_ACE_FLAG],
];

export const MANDATORY_LABEL_POLICY_NAMES: FlagTable = [
  ['SYSTEM_MANDATORY_LABEL_NO_WRITE_UP', SYSTEM_MANDATORY_LABEL_NO_WRITE_UP],
  ['SYSTEM_MANDATORY_LABEL_NO_READ_UP', SYSTEM_MANDATORY_LABEL_NO_READ_UP],
  ['SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP', SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP],
];
