import { ModelError } from '../../base/index.js';
import type { ACL } from './acl.js';
import type { LUID, LuidAllocator } from './luid.js';
import { RtlConvertSidToUnicodeString, RtlEqualSid, type SID } from './sid.js';
import {
  SE_GROUP_ENABLED,
  SE_GROUP_ENABLED_BY_DEFAULT,
  SE_GROUP_MANDATORY,
  SE_GROUP_OWNER,
  SecurityAnonymous,
  TOKEN_MANDATORY_POLICY_VALID_MASK,
  TokenElevationTypeDefault,
  type SECURITY_IMPERSONATION_LEVEL,
  type TOKEN,
  type TOKEN_ELEVATION_TYPE,
  type TOKEN_SOURCE,
  type TOKEN_TYPE,
} from './token.js';

export interface TokenSpec {
  tokenType: TOKEN_TYPE;
  impersonationLevel?: SECURITY_IMPERSONATION_LEVEL;
  authenticationId: LUID;
  user: SID;
  groups: readonly { sid: SID; attributes: number }[];
  privileges: readonly { luid: LUID; attributes: number }[];
  /** Default owner; the user when omitted. Must be the user or a group with SE_GROUP_OWNER. */
  owner?: SID;
  primaryGroup: SID;
  defaultDacl?: ACL;
  source: TOKEN_SOURCE;
  sessionId: number;
  /** TOKEN_MANDATORY_POLICY_*; NO_WRITE_UP | NEW_PROCESS_MIN when omitted. */
  mandatoryPolicy?: number;
  elevationType?: TOKEN_ELEVATION_TYPE;
  tokenFlags?: number;
}

/**
 * SepCreateToken (ReactOS ntoskrnl/se/tokenlif.c): mandatory groups are forced enabled and
 * enabled-by-default; TokenId then ModifiedId come from the LUID allocator. TokenFlags are the
 * caller's: Windows 10 does not mirror privileges or the Administrators group there (a WinDbg
 * `!token` of the System process, which holds both, shows TokenFlags 0x2000, TOKEN_NOT_LOW only),
 * unlike ReactOS' TOKEN_HAS_TRAVERSE_PRIVILEGE & co. An owner or primary group that is not in the
 * token is a bug in the caller here (NtCreateToken would return STATUS_INVALID_OWNER /
 * STATUS_INVALID_PRIMARY_GROUP; that system service is not modelled).
 */
export function SepCreateToken(spec: TokenSpec, luids: LuidAllocator): TOKEN {
  const groups = spec.groups.map((g) => {
    let attributes = g.attributes >>> 0;
    if (attributes & SE_GROUP_MANDATORY) attributes |= SE_GROUP_ENABLED | SE_GROUP_ENABLED_BY_DEFAULT;
    return { sid: g.sid, attributes: attributes >>> 0 };
  });
  const owner = spec.owner ?? spec.user;
  if (
    !RtlEqualSid(owner, spec.user) &&
    !groups.some((g) => RtlEqualSid(g.sid, owner) && g.attributes & SE_GROUP_OWNER)
  )
    throw new ModelError('SE_INVALID_OWNER', `${RtlConvertSidToUnicodeString(owner)} cannot own objects`);
  if (
    !RtlEqualSid(spec.primaryGroup, spec.user) &&
    !groups.some((g) => RtlEqualSid(g.sid, spec.primaryGroup))
  )
    throw new ModelError(
      'SE_INVALID_PRIMARY_GROUP',
      `${RtlConvertSidToUnicodeString(spec.primaryGroup)} is not in the token`,
    );
  const tokenId = luids.ExAllocateLocallyUniqueId();
  const modifiedId = luids.ExAllocateLocallyUniqueId();
  const token: TOKEN = {
    tokenId,
    authenticationId: spec.authenticationId,
    modifiedId,
    tokenType: spec.tokenType,
    impersonationLevel: spec.impersonationLevel ?? SecurityAnonymous,
    source: spec.source,
    user: { sid: spec.user, attributes: 0 },
    groups,
    privileges: spec.privileges.map((p) => ({ luid: p.luid, attributes: p.attributes >>> 0 })),
    owner,
    primaryGroup: spec.primaryGroup,
    sessionId: spec.sessionId,
    mandatoryPolicy: spec.mandatoryPolicy ?? TOKEN_MANDATORY_POLICY_VALID_MASK,
    tokenFlags: spec.tokenFlags ?? 0,
    elevationType: spec.elevationType ?? TokenElevationTypeDefault,
    parentTokenId: 0,
  };
  if (spec.defaultDacl) token.defaultDacl = spec.defaultDacl;
  return token;
}
