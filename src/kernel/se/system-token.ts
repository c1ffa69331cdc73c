import { GENERIC_ALL, GENERIC_EXECUTE, GENERIC_READ, READ_CONTROL } from './access-mask.js';
import { ACCESS_ALLOWED_ACE_TYPE, createAce, createAcl } from './acl.js';
import { SYSTEM_LUID, type LuidAllocator } from './luid.js';
import * as P from './privileges.js';
import { SepCreateToken } from './token-create.js';
import {
  SE_GROUP_ENABLED,
  SE_GROUP_ENABLED_BY_DEFAULT,
  INTEGRITY_GROUP,
  MANDATORY_GROUP,
  SE_GROUP_OWNER,
  TOKEN_NOT_LOW,
  TokenPrimary,
  type TOKEN,
} from './token.js';
import * as W from './well-known-sids.js';

const ENABLED = P.SE_PRIVILEGE_ENABLED | P.SE_PRIVILEGE_ENABLED_BY_DEFAULT;

/**
 * The privileges of the System process's token and their state, from a public WinDbg `!token`
 * of the System process on Windows 10 x64 (wonderkun's kernel exploitation notes; the same list
 * appears in several other public dumps): 31 privileges present — all but SeMachineAccount (6),
 * SeRemoteShutdown (24), SeSyncAgent (26) and SeEnableDelegation (27) — and these 16 "Enabled
 * Default". A `whoami /priv` run as SYSTEM (psexec, Windows 10.0.17763) shows the same enabled set.
 * Microsoft Learn "LocalSystem Account" lists the same states for the privileges it names.
 */
const SYSTEM_ENABLED = new Set([
  P.SE_LOCK_MEMORY_PRIVILEGE,
  P.SE_TCB_PRIVILEGE,
  P.SE_SYSTEM_PROFILE_PRIVILEGE,
  P.SE_PROF_SINGLE_PROCESS_PRIVILEGE,
  P.SE_INC_BASE_PRIORITY_PRIVILEGE,
  P.SE_CREATE_PAGEFILE_PRIVILEGE,
  P.SE_CREATE_PERMANENT_PRIVILEGE,
  P.SE_DEBUG_PRIVILEGE,
  P.SE_AUDIT_PRIVILEGE,
  P.SE_CHANGE_NOTIFY_PRIVILEGE,
  P.SE_IMPERSONATE_PRIVILEGE,
  P.SE_CREATE_GLOBAL_PRIVILEGE,
  P.SE_INC_WORKING_SET_PRIVILEGE,
  P.SE_TIME_ZONE_PRIVILEGE,
  P.SE_CREATE_SYMBOLIC_LINK_PRIVILEGE,
  P.SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE,
]);
const SYSTEM_ABSENT = new Set([
  P.SE_MACHINE_ACCOUNT_PRIVILEGE,
  P.SE_REMOTE_SHUTDOWN_PRIVILEGE,
  P.SE_SYNC_AGENT_PRIVILEGE,
  P.SE_ENABLE_DELEGATION_PRIVILEGE,
]);

/**
 * SepCreateSystemProcessToken: the token of the System process, inherited by smss, csrss,
 * wininit, services, lsass, winlogon. Contents per the public `!token` dump (Windows 10):
 * - user S-1-5-18; groups BUILTIN\Administrators (Default Enabled Owner), Everyone and
 *   Authenticated Users (Mandatory Default Enabled), System Mandatory Level (GroupIntegrity
 *   GroupIntegrityEnabled); primary group S-1-5-18; Authentication ID (0,3e7); source `*SYSTEM*`;
 *   TokenFlags 0x2000; primary token, impersonation level Anonymous; session 0;
 * - owner BUILTIN\Administrators (ReactOS ntoskrnl/se/token.c SepCreateSystemProcessToken; a
 *   system process's descriptor shows O:BA, e.g. winlogon's `!sd`);
 * - default DACL SYSTEM: GENERIC_ALL, Administrators: GENERIC_READ | GENERIC_EXECUTE |
 *   READ_CONTROL (ReactOS se/acl.c SeSystemDefaultDacl) — mapped for a process, the 0x1fffff and
 *   0x121411 of winlogon's DACL.
 * The mandatory policy (NO_WRITE_UP | NEW_PROCESS_MIN) is the model's default, not read from a dump.
 */
export function SepCreateSystemProcessToken(luids: LuidAllocator): TOKEN {
  const privileges = P.PRIVILEGES.filter((p) => !SYSTEM_ABSENT.has(p.luid)).map((p) => ({
    luid: p.luid,
    attributes: SYSTEM_ENABLED.has(p.luid) ? ENABLED : 0,
  }));
  return SepCreateToken(
    {
      tokenType: TokenPrimary,
      authenticationId: SYSTEM_LUID,
      user: W.SeLocalSystemSid,
      groups: [
        {
          sid: W.SeAliasAdminsSid,
          attributes: SE_GROUP_ENABLED_BY_DEFAULT | SE_GROUP_ENABLED | SE_GROUP_OWNER,
        },
        { sid: W.SeWorldSid, attributes: MANDATORY_GROUP },
        { sid: W.SeAuthenticatedUsersSid, attributes: MANDATORY_GROUP },
        { sid: W.SeSystemMandatorySid, attributes: INTEGRITY_GROUP },
      ],
      privileges,
      owner: W.SeAliasAdminsSid,
      primaryGroup: W.SeLocalSystemSid,
      defaultDacl: createAcl([
        createAce(ACCESS_ALLOWED_ACE_TYPE, 0, GENERIC_ALL, W.SeLocalSystemSid),
        createAce(
          ACCESS_ALLOWED_ACE_TYPE,
          0,
          GENERIC_READ | GENERIC_EXECUTE | READ_CONTROL,
          W.SeAliasAdminsSid,
        ),
      ]),
      source: { sourceName: '*SYSTEM*', sourceIdentifier: 0 },
      sessionId: 0,
      tokenFlags: TOKEN_NOT_LOW,
    },
    luids,
  );
}
