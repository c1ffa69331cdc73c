import { GENERIC_ALL } from './access-mask.js';
import { ACCESS_ALLOWED_ACE_TYPE, createAce, createAcl } from './acl.js';
import { LOCALSERVICE_LUID, NETWORKSERVICE_LUID, type LuidAllocator } from './luid.js';
import * as P from './privileges.js';
import type { SID } from './sid.js';
import { SepCreateToken } from './token-create.js';
import { INTEGRITY_GROUP, MANDATORY_GROUP, TOKEN_NOT_LOW, TokenPrimary, type TOKEN } from './token.js';
import * as W from './well-known-sids.js';

const ENABLED = P.SE_PRIVILEGE_ENABLED | P.SE_PRIVILEGE_ENABLED_BY_DEFAULT;

/**
 * Privileges of the service accounts. Microsoft Learn "LocalService Account" and "NetworkService
 * Account" list, for both: SE_ASSIGNPRIMARYTOKEN (disabled), SE_AUDIT (disabled),
 * SE_CHANGE_NOTIFY (enabled), SE_CREATE_GLOBAL (enabled), SE_IMPERSONATE (enabled),
 * SE_INCREASE_QUOTA (disabled), SE_SHUTDOWN (disabled), SE_UNDOCK (disabled), "and any privileges
 * assigned to users and authenticated users" — on a workstation SeIncreaseWorkingSet and
 * SeTimeZone (disabled). LOCAL SERVICE also holds SeSystemtimePrivilege: a public full
 * `whoami /priv` of a LOCAL SERVICE token on Windows 10.0.19044 lists exactly these eleven
 * (ImpersonatePrivilegeBack README). The NETWORK SERVICE list is derived, not read from a dump.
 */
function servicePrivileges(withSystemtime: boolean): { luid: number; attributes: number }[] {
  const present = [
    P.SE_ASSIGNPRIMARYTOKEN_PRIVILEGE,
    P.SE_INCREASE_QUOTA_PRIVILEGE,
    ...(withSystemtime ? [P.SE_SYSTEMTIME_PRIVILEGE] : []),
    P.SE_SHUTDOWN_PRIVILEGE,
    P.SE_AUDIT_PRIVILEGE,
    P.SE_CHANGE_NOTIFY_PRIVILEGE,
    P.SE_UNDOCK_PRIVILEGE,
    P.SE_IMPERSONATE_PRIVILEGE,
    P.SE_CREATE_GLOBAL_PRIVILEGE,
    P.SE_INC_WORKING_SET_PRIVILEGE,
    P.SE_TIME_ZONE_PRIVILEGE,
  ];
  const enabled = new Set([
    P.SE_CHANGE_NOTIFY_PRIVILEGE,
    P.SE_IMPERSONATE_PRIVILEGE,
    P.SE_CREATE_GLOBAL_PRIVILEGE,
  ]);
  return present.map((luid) => ({ luid, attributes: enabled.has(luid) ? ENABLED : 0 }));
}

/**
 * The groups of a service logon, as `whoami /all` shows them for NT AUTHORITY\LOCAL SERVICE on
 * Windows 10 (public listings, e.g. the ImpersonatePrivilegeBack README, 10.0.19044): System
 * Mandatory Level; Everyone, BUILTIN\Users, NT AUTHORITY\SERVICE, CONSOLE LOGON, Authenticated
 * Users, This Organization, LOCAL — all "Mandatory group, Enabled by default, Enabled group".
 * The per-service SID (NT SERVICE\name, group owner) is added by the service control manager, not
 * here.
 */
function serviceToken(
  user: SID,
  authenticationId: number,
  withSystemtime: boolean,
  luids: LuidAllocator,
): TOKEN {
  return SepCreateToken(
    {
      tokenType: TokenPrimary,
      authenticationId,
      user,
      groups: [
        { sid: W.SeSystemMandatorySid, attributes: INTEGRITY_GROUP },
        { sid: W.SeWorldSid, attributes: MANDATORY_GROUP },
        { sid: W.SeAliasUsersSid, attributes: MANDATORY_GROUP },
        { sid: W.SeServiceSid, attributes: MANDATORY_GROUP },
        { sid: W.SeLocalLogonSid, attributes: MANDATORY_GROUP },
        { sid: W.SeAuthenticatedUsersSid, attributes: MANDATORY_GROUP },
        { sid: W.SeThisOrganizationSid, attributes: MANDATORY_GROUP },
        { sid: W.SeLocalSid, attributes: MANDATORY_GROUP },
      ],
      privileges: servicePrivileges(withSystemtime),
      primaryGroup: user,
      // The model's default DACL for service accounts (the account and SYSTEM); not read from a dump.
      defaultDacl: createAcl([
        createAce(ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_ALL, user),
        createAce(ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_ALL, W.SeLocalSystemSid),
      ]),
      source: { sourceName: 'Advapi', sourceIdentifier: 0 },
      sessionId: 0,
      tokenFlags: TOKEN_NOT_LOW,
    },
    luids,
  );
}

/** NT AUTHORITY\LOCAL SERVICE: logon session LOCALSERVICE_LUID (0x3e5), session 0. */
export function createLocalServiceToken(luids: LuidAllocator): TOKEN {
  return serviceToken(W.SeLocalServiceSid, LOCALSERVICE_LUID, true, luids);
}

/** NT AUTHORITY\NETWORK SERVICE: logon session NETWORKSERVICE_LUID (0x3e4), session 0. */
export function createNetworkServiceToken(luids: LuidAllocator): TOKEN {
  return serviceToken(W.SeNetworkServiceSid, NETWORKSERVICE_LUID, false, luids);
}
