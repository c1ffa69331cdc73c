import type { ACL } from './acl.js';
import type { FlagTable } from './flag-names.js';
import type { LUID } from './luid.js';
import type { SID } from './sid.js';

/**
 * The TOKEN object as a typed model (not bytes): the fields of nt!_TOKEN that process creation
 * and access checks read (Windows Internals 7, ch. 7 "Access tokens", Figure 7-9; ReactOS
 * sdk/include/ndk/setypes.h TOKEN). Tokens are kernel objects and change in place
 * (NtAdjustPrivilegesToken), so the object is mutable; SIDs and ACLs inside are immutable values.
 */

/** TOKEN_TYPE (winnt.h). */
export const TokenPrimary = 1;
export const TokenImpersonation = 2;
export type TOKEN_TYPE = typeof TokenPrimary | typeof TokenImpersonation;

/** SECURITY_IMPERSONATION_LEVEL (winnt.h). A primary token carries SecurityAnonymous. */
export const SecurityAnonymous = 0;
export const SecurityIdentification = 1;
export const SecurityImpersonation = 2;
export const SecurityDelegation = 3;
export type SECURITY_IMPERSONATION_LEVEL =
  | typeof SecurityAnonymous
  | typeof SecurityIdentification
  | typeof SecurityImpersonation
  | typeof SecurityDelegation;

/** TOKEN_ELEVATION_TYPE (winnt.h; Microsoft Learn "TOKEN_ELEVATION_TYPE enumeration"). */
export const TokenElevationTypeDefault = 1;
export const TokenElevationTypeFull = 2;
export const TokenElevationTypeLimited = 3;
export type TOKEN_ELEVATION_TYPE =
  typeof TokenElevationTypeDefault | typeof TokenElevationTypeFull | typeof TokenElevationTypeLimited;

/** SID_AND_ATTRIBUTES.Attributes of a group (winnt.h SE_GROUP_*). */
export const SE_GROUP_MANDATORY = 0x00000001;
export const SE_GROUP_ENABLED_BY_DEFAULT = 0x00000002;
export const SE_GROUP_ENABLED = 0x00000004;
export const SE_GROUP_OWNER = 0x00000008;
export const SE_GROUP_USE_FOR_DENY_ONLY = 0x00000010;
export const SE_GROUP_INTEGRITY = 0x00000020;
export const SE_GROUP_INTEGRITY_ENABLED = 0x00000040;
export const SE_GROUP_RESOURCE = 0x20000000;
export const SE_GROUP_LOGON_ID = 0xc0000000;

/**
 * The attribute words `whoami /groups` prints as "Mandatory group, Enabled by default, Enabled
 * group" (0x7) and WinDbg's `!token` as "GroupIntegrity GroupIntegrityEnabled" (0x60).
 */
export const MANDATORY_GROUP = SE_GROUP_MANDATORY | SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED;
export const INTEGRITY_GROUP = SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED;

export const GROUP_ATTRIBUTE_NAMES: FlagTable = [
  ['SE_GROUP_MANDATORY', SE_GROUP_MANDATORY],
  ['SE_GROUP_ENABLED_BY_DEFAULT', SE_GROUP_ENABLED_BY_DEFAULT],
  ['SE_GROUP_ENABLED', SE_GROUP_ENABLED],
  ['SE_GROUP_OWNER', SE_GROUP_OWNER],
  ['SE_GROUP_USE_FOR_DENY_ONLY', SE_GROUP_USE_FOR_DENY_ONLY],
  ['SE_GROUP_INTEGRITY', SE_GROUP_INTEGRITY],
  ['SE_GROUP_INTEGRITY_ENABLED', SE_GROUP_INTEGRITY_ENABLED],
  ['SE_GROUP_RESOURCE', SE_GROUP_RESOURCE],
  ['SE_GROUP_LOGON_ID', SE_GROUP_LOGON_ID],
];

/** TOKEN_MANDATORY_POLICY.Policy (winnt.h; Microsoft Learn "TOKEN_MANDATORY_POLICY"). */
export const TOKEN_MANDATORY_POLICY_OFF = 0x0;
export const TOKEN_MANDATORY_POLICY_NO_WRITE_UP = 0x1;
export const TOKEN_MANDATORY_POLICY_NEW_PROCESS_MIN = 0x2;
export const TOKEN_MANDATORY_POLICY_VALID_MASK = 0x3;

/** TOKEN.TokenFlags (ReactOS sdk/include/xdk/setypes.h, the same bits as ntifs.h). */
export const TOKEN_HAS_TRAVERSE_PRIVILEGE = 0x0001;
export const TOKEN_HAS_BACKUP_PRIVILEGE = 0x0002;
export const TOKEN_HAS_RESTORE_PRIVILEGE = 0x0004;
export const TOKEN_WRITE_RESTRICTED = 0x0008;
export const TOKEN_HAS_ADMIN_GROUP = TOKEN_WRITE_RESTRICTED;
export const TOKEN_IS_RESTRICTED = 0x0010;
export const TOKEN_SESSION_NOT_REFERENCED = 0x0020;
export const TOKEN_SANDBOX_INERT = 0x0040;
export const TOKEN_HAS_IMPERSONATE_PRIVILEGE = 0x0080;
export const SE_BACKUP_PRIVILEGES_CHECKED = 0x0100;
export const TOKEN_VIRTUALIZE_ALLOWED = 0x0200;
export const TOKEN_VIRTUALIZE_ENABLED = 0x0400;
export const TOKEN_IS_FILTERED = 0x0800;
export const TOKEN_UIACCESS = 0x1000;
export const TOKEN_NOT_LOW = 0x2000;

export const TOKEN_FLAG_NAMES: FlagTable = [
  ['TOKEN_HAS_TRAVERSE_PRIVILEGE', TOKEN_HAS_TRAVERSE_PRIVILEGE],
  ['TOKEN_HAS_BACKUP_PRIVILEGE', TOKEN_HAS_BACKUP_PRIVILEGE],
  ['TOKEN_HAS_RESTORE_PRIVILEGE', TOKEN_HAS_RESTORE_PRIVILEGE],
  ['TOKEN_WRITE_RESTRICTED', TOKEN_WRITE_RESTRICTED],
  ['TOKEN_IS_RESTRICTED', TOKEN_IS_RESTRICTED],
  ['TOKEN_SESSION_NOT_REFERENCED', TOKEN_SESSION_NOT_REFERENCED],
  ['TOKEN_SANDBOX_INERT', TOKEN_SANDBOX_INERT],
  ['TOKEN_HAS_IMPERSONATE_PRIVILEGE', TOKEN_HAS_IMPERSONATE_PRIVILEGE],
  ['SE_BACKUP_PRIVILEGES_CHECKED', SE_BACKUP_PRIVILEGES_CHECKED],
  ['TOKEN_VIRTUALIZE_ALLOWED', TOKEN_VIRTUALIZE_ALLOWED],
  ['TOKEN_VIRTUALIZE_ENABLED', TOKEN_VIRTUALIZE_ENABLED],
  ['TOKEN_IS_FILTERED', TOKEN_IS_FILTERED],
  ['TOKEN_UIACCESS', TOKEN_UIACCESS],
  ['TOKEN_NOT_LOW', TOKEN_NOT_LOW],
];

export interface SID_AND_ATTRIBUTES {
  readonly sid: SID;
  attributes: number;
}

export interface LUID_AND_ATTRIBUTES {
  readonly luid: LUID;
  attributes: number;
}

/** TOKEN_SOURCE: an 8-character name (`User32  `, `*SYSTEM*`) and a LUID. */
export interface TOKEN_SOURCE {
  readonly sourceName: string;
  readonly sourceIdentifier: LUID;
}

export interface TOKEN {
  readonly tokenId: LUID;
  /** The logon session (AuthenticationId). */
  readonly authenticationId: LUID;
  modifiedId: LUID;
  readonly tokenType: TOKEN_TYPE;
  readonly impersonationLevel: SECURITY_IMPERSONATION_LEVEL;
  readonly source: TOKEN_SOURCE;
  /** UserAndGroups[0]. */
  readonly user: SID_AND_ATTRIBUTES;
  /** UserAndGroups[1..], the integrity label group (SE_GROUP_INTEGRITY) among them. */
  groups: SID_AND_ATTRIBUTES[];
  privileges: LUID_AND_ATTRIBUTES[];
  /** Default owner of new objects: the user or a group with SE_GROUP_OWNER. */
  owner: SID;
  primaryGroup: SID;
  defaultDacl?: ACL;
  sessionId: number;
  mandatoryPolicy: number;
  tokenFlags: number;
  elevationType: TOKEN_ELEVATION_TYPE;
  /** The other half of a UAC split pair (TokenLinkedToken), if any. */
  linkedToken?: TOKEN;
  readonly parentTokenId: LUID;
}
