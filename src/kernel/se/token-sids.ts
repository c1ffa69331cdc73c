import { RtlEqualSid, sidRid, type SID } from './sid.js';
import {
  SE_GROUP_ENABLED,
  SE_GROUP_INTEGRITY,
  SE_GROUP_INTEGRITY_ENABLED,
  SE_GROUP_USE_FOR_DENY_ONLY,
  type TOKEN,
} from './token.js';
import {
  SECURITY_MANDATORY_UNTRUSTED_RID,
  SeAliasAdminsSid,
  SeUntrustedMandatorySid,
} from './well-known-sids.js';

/**
 * SepSidInToken (ReactOS ntoskrnl/se/sid.c SepSidInTokenEx): does the token hold `sid` for an
 * allow ACE (the user, or a group that is enabled and not deny-only) or for a deny ACE (enabled
 * or SE_GROUP_USE_FOR_DENY_ONLY)? The integrity label group is never enabled, so it never
 * matches (MS-DTYP §4.8, "these SIDs are not set in the token with the SE_GROUP_ENABLED
 * attributes").
 */
export function SepSidInToken(token: TOKEN, sid: SID, denyAce: boolean): boolean {
  const entries = [token.user, ...token.groups];
  return entries.some((e, i) => {
    if (!RtlEqualSid(e.sid, sid)) return false;
    if (e.attributes & SE_GROUP_USE_FOR_DENY_ONLY) return denyAce;
    return i === 0 || (e.attributes & SE_GROUP_ENABLED) !== 0;
  });
}

/**
 * The token's integrity label: the group with SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED
 * (NtQueryInformationToken TokenIntegrityLevel). A token without one is treated as Untrusted —
 * the model's reading; every token the model builds has a label.
 */
export function SepGetTokenIntegritySid(token: TOKEN): SID {
  const g = token.groups.find(
    (x) =>
      (x.attributes & (SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED)) ===
      (SE_GROUP_INTEGRITY | SE_GROUP_INTEGRITY_ENABLED),
  );
  return g ? g.sid : SeUntrustedMandatorySid;
}

/** The integrity level as its RID: 0x2000 for Medium, 0x3000 for High, 0x4000 for System. */
export function SeQueryTokenIntegrityLevel(token: TOKEN): number {
  return sidRid(SepGetTokenIntegritySid(token)) ?? SECURITY_MANDATORY_UNTRUSTED_RID;
}

/**
 * SeTokenIsAdmin: the token holds BUILTIN\Administrators enabled — false for UAC's filtered
 * token, where the group is deny-only.
 */
export function SeTokenIsAdmin(token: TOKEN): boolean {
  return SepSidInToken(token, SeAliasAdminsSid, false);
}
