import type { FlagTable } from './flag-names.js';
import type { ACL } from './acl.js';
import type { SID } from './sid.js';

/** SECURITY_DESCRIPTOR_CONTROL bits (winnt.h). */
export const SE_OWNER_DEFAULTED = 0x0001;
export const SE_GROUP_DEFAULTED = 0x0002;
export const SE_DACL_PRESENT = 0x0004;
export const SE_DACL_DEFAULTED = 0x0008;
export const SE_SACL_PRESENT = 0x0010;
export const SE_SACL_DEFAULTED = 0x0020;
export const SE_DACL_AUTO_INHERIT_REQ = 0x0100;
export const SE_SACL_AUTO_INHERIT_REQ = 0x0200;
export const SE_DACL_AUTO_INHERITED = 0x0400;
export const SE_SACL_AUTO_INHERITED = 0x0800;
export const SE_DACL_PROTECTED = 0x1000;
export const SE_SACL_PROTECTED = 0x2000;
export const SE_SELF_RELATIVE = 0x8000;

export const SECURITY_DESCRIPTOR_REVISION = 1;

/**
 * A security descriptor as a typed value. `dacl` (and `sacl`) follow SE_DACL_PRESENT:
 * `undefined` = not present, `null` = present but a NULL ACL (everyone gets everything), an ACL
 * = present (an empty one grants nothing). The control word always agrees with that.
 */
export interface SECURITY_DESCRIPTOR {
  readonly revision: number;
  readonly control: number;
  readonly owner?: SID;
  readonly group?: SID;
  readonly dacl?: ACL | null;
  readonly sacl?: ACL | null;
}

export interface SecurityDescriptorParts {
  owner?: SID;
  group?: SID;
  dacl?: ACL | null;
  sacl?: ACL | null;
  /** Extra control bits (protected, auto-inherited …); the PRESENT bits are derived. */
  control?: number;
}

/** RtlCreateSecurityDescriptor + RtlSet{Owner,Group,Dacl,Sacl}SecurityDescriptor in one step. */
export function createSecurityDescriptor(parts: SecurityDescriptorParts): SECURITY_DESCRIPTOR {
  let control = (parts.control ?? 0) & ~(SE_DACL_PRESENT | SE_SACL_PRESENT);
  if (parts.dacl !== undefined) control |= SE_DACL_PRESENT;
  if (parts.sacl !== undefined) control |= SE_SACL_PRESENT;
  const sd: { -readonly [K in keyof SECURITY_DESCRIPTOR]: SECURITY_DESCRIPTOR[K] } = {
    revision: SECURITY_DESCRIPTOR_REVISION,
    control,
  };
  if (parts.owner) sd.owner = parts.owner;
  if (parts.group) sd.group = parts.group;
  if (parts.dacl !== undefined) sd.dacl = parts.dacl;
  if (parts.sacl !== undefined) sd.sacl = parts.sacl;
  return Object.freeze(sd);
}

export const SECURITY_DESCRIPTOR_CONTROL_NAMES: FlagTable = [
  ['SE_OWNER_DEFAULTED', SE_OWNER_DEFAULTED],
  ['SE_GROUP_DEFAULTED', SE_GROUP_DEFAULTED],
  ['SE_DACL_PRESENT', SE_DACL_PRESENT],
  ['SE_DACL_DEFAULTED', SE_DACL_DEFAULTED],
  ['SE_SACL_PRESENT', SE_SACL_PRESENT],
  ['SE_SACL_DEFAULTED', SE_SACL_DEFAULTED],
  ['SE_DACL_AUTO_INHERIT_REQ', SE_DACL_AUTO_INHERIT_REQ],
  ['SE_SACL_AUTO_INHERIT_REQ', SE_SACL_AUTO_INHERIT_REQ],
  ['SE_DACL_AUTO_INHERITED', SE_DACL_AUTO_INHERITED],
  ['SE_SACL_AUTO_INHERITED', SE_SACL_AUTO_INHERITED],
  ['SE_DACL_PROTECTED', SE_DACL_PROTECTED],
  ['SE_SACL_PROTECTED', SE_SACL_PROTECTED],
  ['SE_SELF_RELATIVE', SE_SELF_RELATIVE],
];
