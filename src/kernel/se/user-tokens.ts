import { GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ } from './access-mask.js';
import { ACCESS_ALLOWED_ACE_TYPE, createAce, createAcl, type ACL } from './acl.js';
import type { LuidAllocator } from './luid.js';
import * as P from './privileges.js';
import type { SID } from './sid.js';
import { SepCreateToken } from './token-create.js';
import {
  INTEGRITY_GROUP,
  MANDATORY_GROUP,
  SE_GROUP_LOGON_ID,
  SE_GROUP_OWNER,
  SE_GROUP_USE_FOR_DENY_ONLY,
  TOKEN_IS_FILTERED,
  TOKEN_NOT_LOW,
  TOKEN_VIRTUALIZE_ALLOWED,
  TokenElevationTypeFull,
  TokenElevationTypeLimited,
  TokenPrimary,
  type TOKEN,
} from './token.js';
import * as W from './well-known-sids.js';

const ENABLED = P.SE_PRIVILEGE_ENABLED | P.SE_PRIVILEGE_ENABLED_BY_DEFAULT;

function privileges(
  present: readonly number[],
  enabled: readonly number[],
): { luid: number; attributes: number }[] {
  return present.map((luid) => ({ luid, attributes: enabled.includes(luid) ? ENABLED : 0 }));
}

/**
 * The filtered token's privileges: SeShutdown, SeChangeNotify (enabled), SeUndock,
 * SeIncreaseWorkingSet, SeTimeZone — `whoami /priv` in a non-elevated window of an administrator
 * on Windows 10 (public listings, e.g. HackTricks "Access Tokens"). UAC keeps only these
 * (Windows Internals 7, ch. 7 "User Account Control and virtualization": the filtered admin token
 * loses every privilege a standard user does not have).
 */
const LIMITED_PRIVILEGES = privileges(
  [
    P.SE_SHUTDOWN_PRIVILEGE,
    P.SE_CHANGE_NOTIFY_PRIVILEGE,
    P.SE_UNDOCK_PRIVILEGE,
    P.SE_INC_WORKING_SET_PRIVILEGE,
    P.SE_TIME_ZONE_PRIVILEGE,
  ],
  [P.SE_CHANGE_NOTIFY_PRIVILEGE],
);

/**
 * The elevated administrator's privileges: the 24 of an elevated `whoami /priv` (HTB Academy
 * "Windows Privileges Overview", "Local Admin User Rights - Elevated"), with SeChangeNotify,
 * SeImpersonate and SeCreateGlobal enabled and SeDebugPrivilege present but disabled.
 */
const FULL_PRIVILEGES = privileges(
  [
    P.SE_INCREASE_QUOTA_PRIVILEGE,
    P.SE_SECURITY_PRIVILEGE,
    P.SE_TAKE_OWNERSHIP_PRIVILEGE,
    P.SE_LOAD_DRIVER_PRIVILEGE,
    P.SE_SYSTEM_PROFILE_PRIVILEGE,
    P.SE_SYSTEMTIME_PRIVILEGE,
    P.SE_PROF_SINGLE_PROCESS_PRIVILEGE,
    P.SE_INC_BASE_PRIORITY_PRIVILEGE,
    P.SE_CREATE_PAGEFILE_PRIVILEGE,
    P.SE_BACKUP_PRIVILEGE,
    P.SE_RESTORE_PRIVILEGE,
    P.SE_SHUTDOWN_PRIVILEGE,
    P.SE_DEBUG_PRIVILEGE,
    P.SE_SYSTEM_ENVIRONMENT_PRIVILEGE,
    P.SE_CHANGE_NOTIFY_PRIVILEGE,
    P.SE_REMOTE_SHUTDOWN_PRIVILEGE,
    P.SE_UNDOCK_PRIVILEGE,
    P.SE_MANAGE_VOLUME_PRIVILEGE,
    P.SE_IMPERSONATE_PRIVILEGE,
    P.SE_CREATE_GLOBAL_PRIVILEGE,
    P.SE_INC_WORKING_SET_PRIVILEGE,
    P.SE_TIME_ZONE_PRIVILEGE,
    P.SE_CREATE_SYMBOLIC_LINK_PRIVILEGE,
    P.SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE,
  ],
  [P.SE_CHANGE_NOTIFY_PRIVILEGE, P.SE_IMPERSONATE_PRIVILEGE, P.SE_CREATE_GLOBAL_PRIVILEGE],
);

/**
 * The groups of an interactive password logon of a local administrator, in the order of a public
 * Windows 10 `whoami /all` (HackTricks "Access Tokens"; the Microsoft-account SIDs of that
 * listing replaced by NTLM Authentication, what a local password logon carries), plus the
 * primary group DESKTOP\None and the logon SID (SE_GROUP_LOGON_ID; Microsoft Learn "Getting the
 * Logon SID in C++"), which whoami /groups does not print.
 */
function interactiveGroups(elevated: boolean, logonSid: SID): { sid: SID; attributes: number }[] {
  const admin = elevated ? MANDATORY_GROUP : SE_GROUP_USE_FOR_DENY_ONLY;
  return [
    { sid: W.MachineNoneGroupSid, attributes: MANDATORY_GROUP },
    { sid: W.SeWorldSid, attributes: MANDATORY_GROUP },
    { sid: W.SeLocalAccountAndAdminSid, attributes: admin },
    { sid: W.SeAliasAdminsSid, attributes: elevated ? MANDATORY_GROUP | SE_GROUP_OWNER : admin },
    { sid: W.SeAliasUsersSid, attributes: MANDATORY_GROUP },
    { sid: W.SeInteractiveSid, attributes: MANDATORY_GROUP },
    { sid: W.SeLocalLogonSid, attributes: MANDATORY_GROUP },
    { sid: W.SeAuthenticatedUsersSid, attributes: MANDATORY_GROUP },
    { sid: W.SeThisOrganizationSid, attributes: MANDATORY_GROUP },
    { sid: W.SeLocalAccountSid, attributes: MANDATORY_GROUP },
    { sid: logonSid, attributes: (MANDATORY_GROUP | SE_GROUP_LOGON_ID) >>> 0 },
    { sid: W.SeLocalSid, attributes: MANDATORY_GROUP },
    { sid: W.SeNtlmAuthenticationSid, attributes: MANDATORY_GROUP },
    { sid: elevated ? W.SeHighMandatorySid : W.SeMediumMandatorySid, attributes: INTEGRITY_GROUP },
  ];
}

/**
 * The default DACL a logged-on user's token gets (TOKEN_DEFAULT_DACL): the token owner and SYSTEM
 * GENERIC_ALL, the logon SID GENERIC_READ | GENERIC_EXECUTE — what Windows 10 gives processes of
 * such tokens (the model's reading, not read from a dump). Interactive tokens here and LSA's
 * LogonUser tokens (system/accounts.ts) use the same one.
 */
export function SepUserDefaultDacl(owner: SID, logonSid: SID): ACL {
  return createAcl([
    createAce(ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_ALL, owner),
    createAce(ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_ALL, W.SeLocalSystemSid),
    createAce(ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_READ | GENERIC_EXECUTE, logonSid),
  ]);
}

export interface InteractiveUserTokens {
  /** TokenElevationTypeLimited, Medium: what explorer.exe and every unelevated program run with. */
  limited: TOKEN;
  /** TokenElevationTypeFull, High: what "Run as administrator" starts with. */
  full: TOKEN;
}

/**
 * The UAC split token pair of the interactive user DESKTOP\user (a member of Administrators):
 * LSA logs the user on twice and links the two tokens (Windows Internals 7, ch. 7 "Elevation";
 * Microsoft Learn "How User Account Control works": "two separate access tokens … a standard user
 * access token and an administrator access token"). Each has its own logon session
 * (AuthenticationId) from the allocator; both carry one logon SID S-1-5-5-0-x. Session 1.
 * - limited: Administrators and NT AUTHORITY\Local account and member of Administrators group
 *   deny-only, Medium label, five privileges, owner = the user, TOKEN_IS_FILTERED;
 * - full: both groups enabled (Administrators as group owner and default owner), High label, 24
 *   privileges.
 * Default DACLs: SepUserDefaultDacl; TOKEN_VIRTUALIZE_ALLOWED on the limited token is the model's
 * reading too.
 */
export function createInteractiveUserTokens(luids: LuidAllocator): InteractiveUserTokens {
  const logonSid = W.logonSessionSid(luids.ExAllocateLocallyUniqueId());
  const make = (elevated: boolean): TOKEN => {
    const owner = elevated ? W.SeAliasAdminsSid : W.MachineUserSid;
    return SepCreateToken(
      {
        tokenType: TokenPrimary,
        authenticationId: luids.ExAllocateLocallyUniqueId(),
        user: W.MachineUserSid,
        groups: interactiveGroups(elevated, logonSid),
        privileges: elevated ? FULL_PRIVILEGES : LIMITED_PRIVILEGES,
        owner,
        primaryGroup: W.MachineNoneGroupSid,
        defaultDacl: SepUserDefaultDacl(owner, logonSid),
        source: { sourceName: 'User32', sourceIdentifier: 0 },
        sessionId: 1,
        elevationType: elevated ? TokenElevationTypeFull : TokenElevationTypeLimited,
        tokenFlags: elevated ? TOKEN_NOT_LOW : TOKEN_NOT_LOW | TOKEN_VIRTUALIZE_ALLOWED | TOKEN_IS_FILTERED,
      },
      luids,
    );
  };
  const full = make(true);
  const limited = make(false);
  full.linkedToken = limited;
  limited.linkedToken = full;
  return { limited, full };
}
