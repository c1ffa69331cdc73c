import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { LuidAllocator } from './luid.js';
import { SE_PRIVILEGE_ENABLED } from './privileges.js';
import {
  SE_GROUP_ENABLED,
  SE_GROUP_INTEGRITY,
  SE_GROUP_USE_FOR_DENY_ONLY,
  SecurityAnonymous,
  SecurityDelegation,
  SecurityImpersonation,
  TOKEN_SESSION_NOT_REFERENCED,
  TokenImpersonation,
  TokenPrimary,
  type SECURITY_IMPERSONATION_LEVEL,
  type TOKEN,
  type TOKEN_TYPE,
} from './token.js';

/**
 * SepDuplicateToken (ReactOS ntoskrnl/se/tokenlif.c): a new TokenId; the logon session, source,
 * session, flags, ModifiedId, user, groups, privileges, owner, primary group, default DACL,
 * policy and elevation are copied. EffectiveOnly drops disabled privileges and disabled groups.
 * The model keeps the integrity label and deny-only groups under EffectiveOnly (they are not
 * "disabled" parts a caller could enable; ReactOS drops every group without SE_GROUP_ENABLED,
 * which would lose the label — a divergence the model does not copy).
 */
export function SepDuplicateToken(
  token: TOKEN,
  effectiveOnly: boolean,
  tokenType: TOKEN_TYPE,
  level: SECURITY_IMPERSONATION_LEVEL,
  luids: LuidAllocator,
): TOKEN {
  let groups = token.groups.map((g) => ({ sid: g.sid, attributes: g.attributes }));
  let privileges = token.privileges.map((p) => ({ luid: p.luid, attributes: p.attributes }));
  const tokenFlags = token.tokenFlags & ~TOKEN_SESSION_NOT_REFERENCED;
  if (effectiveOnly) {
    groups = groups.filter(
      (g) => g.attributes & (SE_GROUP_ENABLED | SE_GROUP_USE_FOR_DENY_ONLY | SE_GROUP_INTEGRITY),
    );
    privileges = privileges.filter((p) => p.attributes & SE_PRIVILEGE_ENABLED);
  }
  const copy: TOKEN = {
    tokenId: luids.ExAllocateLocallyUniqueId(),
    authenticationId: token.authenticationId,
    modifiedId: token.modifiedId,
    tokenType,
    impersonationLevel: level,
    source: token.source,
    user: { sid: token.user.sid, attributes: token.user.attributes },
    groups,
    privileges,
    owner: token.owner,
    primaryGroup: token.primaryGroup,
    sessionId: token.sessionId,
    mandatoryPolicy: token.mandatoryPolicy,
    tokenFlags,
    elevationType: token.elevationType,
    parentTokenId: token.parentTokenId,
  };
  if (token.defaultDacl) copy.defaultDacl = token.defaultDacl;
  if (token.linkedToken) copy.linkedToken = token.linkedToken;
  return copy;
}

export interface DuplicateTokenParameters {
  tokenType: number;
  effectiveOnly?: boolean;
  /** OBJECT_ATTRIBUTES.SecurityQualityOfService; without it the level is SecurityAnonymous. */
  securityQos?: { impersonationLevel: number };
}

/**
 * NtDuplicateToken's rules once the existing token is referenced (ReactOS tokenlif.c; the
 * handle part — TOKEN_DUPLICATE on the existing handle, inserting the new token — belongs to the
 * object manager and the system service layer):
 * - TokenType other than TokenPrimary/TokenImpersonation → STATUS_INVALID_PARAMETER;
 * - from an impersonation token, a level above the existing one → STATUS_BAD_IMPERSONATION_LEVEL;
 * - a primary token from an impersonation token below SecurityImpersonation →
 *   STATUS_BAD_IMPERSONATION_LEVEL.
 * A level outside SECURITY_IMPERSONATION_LEVEL is STATUS_INVALID_PARAMETER (model's choice).
 */
export function NtDuplicateToken(
  existing: TOKEN,
  params: DuplicateTokenParameters,
  luids: LuidAllocator,
): { status: NTSTATUS; token?: TOKEN } {
  const { tokenType } = params;
  if (tokenType !== TokenPrimary && tokenType !== TokenImpersonation)
    return { status: STATUS.INVALID_PARAMETER };
  const requested = params.securityQos?.impersonationLevel;
  if (
    requested !== undefined &&
    !(Number.isInteger(requested) && requested >= 0 && requested <= SecurityDelegation)
  )
    return { status: STATUS.INVALID_PARAMETER };
  if (existing.tokenType === TokenImpersonation) {
    if (requested !== undefined && requested > existing.impersonationLevel)
      return { status: STATUS.BAD_IMPERSONATION_LEVEL };
    if (tokenType === TokenPrimary && existing.impersonationLevel < SecurityImpersonation)
      return { status: STATUS.BAD_IMPERSONATION_LEVEL };
  }
  const level = (requested ?? SecurityAnonymous) as SECURITY_IMPERSONATION_LEVEL;
  return {
    status: STATUS.SUCCESS,
    token: SepDuplicateToken(existing, params.effectiveOnly ?? false, tokenType, level, luids),
  };
}
