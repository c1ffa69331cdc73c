import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { FlagTable } from './flag-names.js';
import type { LUID } from './luid.js';

/**
 * Privileges. A privilege is a LUID; the well-known ones have fixed values 2–36 (phnt ntseapi.h
 * SE_*_PRIVILEGE, the same in ReactOS sdk/include/xdk/setypes.h) and names SE_*_NAME (winnt.h).
 * `description` is the text `whoami /priv` prints (quoted from public Windows 10 listings, see
 * token-factories.ts).
 */
export interface PrivilegeInfo {
  readonly name: string;
  readonly luid: LUID;
  readonly description: string;
}

export const SE_MIN_WELL_KNOWN_PRIVILEGE = 2;
export const SE_CREATE_TOKEN_PRIVILEGE = 2;
export const SE_ASSIGNPRIMARYTOKEN_PRIVILEGE = 3;
export const SE_LOCK_MEMORY_PRIVILEGE = 4;
export const SE_INCREASE_QUOTA_PRIVILEGE = 5;
export const SE_MACHINE_ACCOUNT_PRIVILEGE = 6;
export const SE_TCB_PRIVILEGE = 7;
export const SE_SECURITY_PRIVILEGE = 8;
export const SE_TAKE_OWNERSHIP_PRIVILEGE = 9;
export const SE_LOAD_DRIVER_PRIVILEGE = 10;
export const SE_SYSTEM_PROFILE_PRIVILEGE = 11;
export const SE_SYSTEMTIME_PRIVILEGE = 12;
export const SE_PROF_SINGLE_PROCESS_PRIVILEGE = 13;
export const SE_INC_BASE_PRIORITY_PRIVILEGE = 14;
export const SE_CREATE_PAGEFILE_PRIVILEGE = 15;
export const SE_CREATE_PERMANENT_PRIVILEGE = 16;
export const SE_BACKUP_PRIVILEGE = 17;
export const SE_RESTORE_PRIVILEGE = 18;
export const SE_SHUTDOWN_PRIVILEGE = 19;
export const SE_DEBUG_PRIVILEGE = 20;
export const SE_AUDIT_PRIVILEGE = 21;
export const SE_SYSTEM_ENVIRONMENT_PRIVILEGE = 22;
export const SE_CHANGE_NOTIFY_PRIVILEGE = 23;
export const SE_REMOTE_SHUTDOWN_PRIVILEGE = 24;
export const SE_UNDOCK_PRIVILEGE = 25;
export const SE_SYNC_AGENT_PRIVILEGE = 26;
export const SE_ENABLE_DELEGATION_PRIVILEGE = 27;
export const SE_MANAGE_VOLUME_PRIVILEGE = 28;
export const SE_IMPERSONATE_PRIVILEGE = 29;
export const SE_CREATE_GLOBAL_PRIVILEGE = 30;
export const SE_TRUSTED_CREDMAN_ACCESS_PRIVILEGE = 31;
export const SE_RELABEL_PRIVILEGE = 32;
export const SE_INC_WORKING_SET_PRIVILEGE = 33;
export const SE_TIME_ZONE_PRIVILEGE = 34;
export const SE_CREATE_SYMBOLIC_LINK_PRIVILEGE = 35;
export const SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE = 36;
export const SE_MAX_WELL_KNOWN_PRIVILEGE = SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE;

/** LUID_AND_ATTRIBUTES.Attributes of a privilege (winnt.h). */
export const SE_PRIVILEGE_ENABLED_BY_DEFAULT = 0x00000001;
export const SE_PRIVILEGE_ENABLED = 0x00000002;
export const SE_PRIVILEGE_REMOVED = 0x00000004;
export const SE_PRIVILEGE_USED_FOR_ACCESS = 0x80000000;

export const PRIVILEGE_ATTRIBUTE_NAMES: FlagTable = [
  ['SE_PRIVILEGE_ENABLED_BY_DEFAULT', SE_PRIVILEGE_ENABLED_BY_DEFAULT],
  ['SE_PRIVILEGE_ENABLED', SE_PRIVILEGE_ENABLED],
  ['SE_PRIVILEGE_REMOVED', SE_PRIVILEGE_REMOVED],
  ['SE_PRIVILEGE_USED_FOR_ACCESS', SE_PRIVILEGE_USED_FOR_ACCESS],
];

/** The SE_*_NAME strings in LUID order (SeUnsolicitedInputPrivilege shares 6 and is obsolete). */
export const PRIVILEGES: readonly PrivilegeInfo[] = Object.freeze(
  (
    [
      [SE_CREATE_TOKEN_PRIVILEGE, 'SeCreateTokenPrivilege', 'Create a token object'],
      [SE_ASSIGNPRIMARYTOKEN_PRIVILEGE, 'SeAssignPrimaryTokenPrivilege', 'Replace a process level token'],
      [SE_LOCK_MEMORY_PRIVILEGE, 'SeLockMemoryPrivilege', 'Lock pages in memory'],
      [SE_INCREASE_QUOTA_PRIVILEGE, 'SeIncreaseQuotaPrivilege', 'Adjust memory quotas for a process'],
      [SE_MACHINE_ACCOUNT_PRIVILEGE, 'SeMachineAccountPrivilege', 'Add workstations to domain'],
      [SE_TCB_PRIVILEGE, 'SeTcbPrivilege', 'Act as part of the operating system'],
      [SE_SECURITY_PRIVILEGE, 'SeSecurityPrivilege', 'Manage auditing and security log'],
      [SE_TAKE_OWNERSHIP_PRIVILEGE, 'SeTakeOwnershipPrivilege', 'Take ownership of files or other objects'],
      [SE_LOAD_DRIVER_PRIVILEGE, 'SeLoadDriverPrivilege', 'Load and unload device drivers'],
      [SE_SYSTEM_PROFILE_PRIVILEGE, 'SeSystemProfilePrivilege', 'Profile system performance'],
      [SE_SYSTEMTIME_PRIVILEGE, 'SeSystemtimePrivilege', 'Change the system time'],
      [SE_PROF_SINGLE_PROCESS_PRIVILEGE, 'SeProfileSingleProcessPrivilege', 'Profile single process'],
      [SE_INC_BASE_PRIORITY_PRIVILEGE, 'SeIncreaseBasePriorityPrivilege', 'Increase scheduling priority'],
      [SE_CREATE_PAGEFILE_PRIVILEGE, 'SeCreatePagefilePrivilege', 'Create a pagefile'],
      [SE_CREATE_PERMANENT_PRIVILEGE, 'SeCreatePermanentPrivilege', 'Create permanent shared objects'],
      [SE_BACKUP_PRIVILEGE, 'SeBackupPrivilege', 'Back up files and directories'],
      [SE_RESTORE_PRIVILEGE, 'SeRestorePrivilege', 'Restore files and directories'],
      [SE_SHUTDOWN_PRIVILEGE, 'SeShutdownPrivilege', 'Shut down the system'],
      [SE_DEBUG_PRIVILEGE, 'SeDebugPrivilege', 'Debug programs'],
      [SE_AUDIT_PRIVILEGE, 'SeAuditPrivilege', 'Generate security audits'],
      [SE_SYSTEM_ENVIRONMENT_PRIVILEGE, 'SeSystemEnvironmentPrivilege', 'Modify firmware environment values'],
      [SE_CHANGE_NOTIFY_PRIVILEGE, 'SeChangeNotifyPrivilege', 'Bypass traverse checking'],
      [SE_REMOTE_SHUTDOWN_PRIVILEGE, 'SeRemoteShutdownPrivilege', 'Force shutdown from a remote system'],
      [SE_UNDOCK_PRIVILEGE, 'SeUndockPrivilege', 'Remove computer from docking station'],
      [SE_SYNC_AGENT_PRIVILEGE, 'SeSyncAgentPrivilege', 'Synchronize directory service data'],
      [
        SE_ENABLE_DELEGATION_PRIVILEGE,
        'SeEnableDelegationPrivilege',
        'Enable computer and user accounts to be trusted for delegation',
      ],
      [SE_MANAGE_VOLUME_PRIVILEGE, 'SeManageVolumePrivilege', 'Perform volume maintenance tasks'],
      [SE_IMPERSONATE_PRIVILEGE, 'SeImpersonatePrivilege', 'Impersonate a client after authentication'],
      [SE_CREATE_GLOBAL_PRIVILEGE, 'SeCreateGlobalPrivilege', 'Create global objects'],
      [
        SE_TRUSTED_CREDMAN_ACCESS_PRIVILEGE,
        'SeTrustedCredManAccessPrivilege',
        'Access Credential Manager as a trusted caller',
      ],
      [SE_RELABEL_PRIVILEGE, 'SeRelabelPrivilege', 'Modify an object label'],
      [SE_INC_WORKING_SET_PRIVILEGE, 'SeIncreaseWorkingSetPrivilege', 'Increase a process working set'],
      [SE_TIME_ZONE_PRIVILEGE, 'SeTimeZonePrivilege', 'Change the time zone'],
      [SE_CREATE_SYMBOLIC_LINK_PRIVILEGE, 'SeCreateSymbolicLinkPrivilege', 'Create symbolic links'],
      [
        SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE,
        'SeDelegateSessionUserImpersonatePrivilege',
        'Obtain an impersonation token for another user in the same session',
      ],
    ] as const
  ).map(([luid, name, description]) => Object.freeze({ luid, name, description })),
);

/** LookupPrivilegeValue: the LUID of `SeDebugPrivilege` (case-insensitive, as LSA compares). */
export function lookupPrivilegeValue(name: string): { status: NTSTATUS; luid?: LUID } {
  const lower = name.toLowerCase();
  const p = PRIVILEGES.find((x) => x.name.toLowerCase() === lower);
  return p ? { status: STATUS.SUCCESS, luid: p.luid } : { status: STATUS.NO_SUCH_PRIVILEGE };
}

/** LookupPrivilegeName: `SeDebugPrivilege` for 20; undefined for a LUID that is no privilege. */
export function lookupPrivilegeName(luid: LUID): string | undefined {
  return PRIVILEGES.find((x) => x.luid === luid)?.name;
}
