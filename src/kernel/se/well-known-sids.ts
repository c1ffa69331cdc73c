import type { LUID } from './luid.js';
import { createSid, type SID } from './sid.js';

/**
 * Identifier authorities and RIDs (winnt.h: SECURITY_*_AUTHORITY, SECURITY_*_RID,
 * DOMAIN_ALIAS_RID_*, DOMAIN_USER_RID_*, SECURITY_MANDATORY_*_RID) and the SIDs the kernel keeps
 * ready-made. The Se*Sid names are those of SE_EXPORTS (ntifs.h) and ReactOS ntoskrnl/se/sid.c.
 */
export const SECURITY_NULL_SID_AUTHORITY = 0;
export const SECURITY_WORLD_SID_AUTHORITY = 1;
export const SECURITY_LOCAL_SID_AUTHORITY = 2;
export const SECURITY_CREATOR_SID_AUTHORITY = 3;
export const SECURITY_NT_AUTHORITY = 5;
export const SECURITY_MANDATORY_LABEL_AUTHORITY = 16;

export const SECURITY_LOCAL_LOGON_RID = 1;
export const SECURITY_CREATOR_OWNER_RIGHTS_RID = 4;
export const SECURITY_NETWORK_RID = 2;
export const SECURITY_BATCH_RID = 3;
export const SECURITY_INTERACTIVE_RID = 4;
export const SECURITY_LOGON_IDS_RID = 5;
export const SECURITY_SERVICE_RID = 6;
export const SECURITY_ANONYMOUS_LOGON_RID = 7;
export const SECURITY_PRINCIPAL_SELF_RID = 10;
export const SECURITY_AUTHENTICATED_USER_RID = 11;
export const SECURITY_RESTRICTED_CODE_RID = 12;
export const SECURITY_THIS_ORGANIZATION_RID = 15;
export const SECURITY_LOCAL_SYSTEM_RID = 18;
export const SECURITY_LOCAL_SERVICE_RID = 19;
export const SECURITY_NETWORK_SERVICE_RID = 20;
export const SECURITY_NT_NON_UNIQUE = 21;
export const SECURITY_BUILTIN_DOMAIN_RID = 32;
export const SECURITY_PACKAGE_BASE_RID = 64;
export const SECURITY_PACKAGE_NTLM_RID = 10;
export const SECURITY_SERVICE_ID_BASE_RID = 80;
export const SECURITY_LOCAL_ACCOUNT_RID = 113;
export const SECURITY_LOCAL_ACCOUNT_AND_ADMIN_RID = 114;

export const DOMAIN_ALIAS_RID_ADMINS = 544;
export const DOMAIN_ALIAS_RID_USERS = 545;
export const DOMAIN_ALIAS_RID_GUESTS = 546;
export const DOMAIN_ALIAS_RID_POWER_USERS = 547;
export const DOMAIN_USER_RID_ADMIN = 500;
export const DOMAIN_USER_RID_GUEST = 501;
/** The "Domain Users" group; on a workgroup machine LookupAccountSid names it `None`. */
export const DOMAIN_GROUP_RID_USERS = 513;

/** Integrity levels: the RID of an S-1-16-x label (winnt.h SECURITY_MANDATORY_*_RID). */
export const SECURITY_MANDATORY_UNTRUSTED_RID = 0x0000;
export const SECURITY_MANDATORY_LOW_RID = 0x1000;
export const SECURITY_MANDATORY_MEDIUM_RID = 0x2000;
export const SECURITY_MANDATORY_MEDIUM_PLUS_RID = SECURITY_MANDATORY_MEDIUM_RID + 0x100;
export const SECURITY_MANDATORY_HIGH_RID = 0x3000;
export const SECURITY_MANDATORY_SYSTEM_RID = 0x4000;
export const SECURITY_MANDATORY_PROTECTED_PROCESS_RID = 0x5000;

const nt = (...rids: number[]): SID => createSid(SECURITY_NT_AUTHORITY, ...rids);
const label = (rid: number): SID => createSid(SECURITY_MANDATORY_LABEL_AUTHORITY, rid);

export const SeNullSid = createSid(SECURITY_NULL_SID_AUTHORITY, 0);
/** Everyone, S-1-1-0. */
export const SeWorldSid = createSid(SECURITY_WORLD_SID_AUTHORITY, 0);
/** LOCAL, S-1-2-0. */
export const SeLocalSid = createSid(SECURITY_LOCAL_SID_AUTHORITY, 0);
/** CONSOLE LOGON, S-1-2-1. */
export const SeLocalLogonSid = createSid(SECURITY_LOCAL_SID_AUTHORITY, SECURITY_LOCAL_LOGON_RID);
export const SeCreatorOwnerSid = createSid(SECURITY_CREATOR_SID_AUTHORITY, 0);
export const SeCreatorGroupSid = createSid(SECURITY_CREATOR_SID_AUTHORITY, 1);
/** OWNER RIGHTS, S-1-3-4: an ACE for it replaces the owner's implicit READ_CONTROL|WRITE_DAC. */
export const SeOwnerRightsSid = createSid(SECURITY_CREATOR_SID_AUTHORITY, SECURITY_CREATOR_OWNER_RIGHTS_RID);
export const SeNtAuthoritySid = nt();
export const SeNetworkSid = nt(SECURITY_NETWORK_RID);
export const SeBatchSid = nt(SECURITY_BATCH_RID);
export const SeInteractiveSid = nt(SECURITY_INTERACTIVE_RID);
export const SeServiceSid = nt(SECURITY_SERVICE_RID);
export const SeAnonymousLogonSid = nt(SECURITY_ANONYMOUS_LOGON_RID);
export const SePrincipalSelfSid = nt(SECURITY_PRINCIPAL_SELF_RID);
export const SeAuthenticatedUsersSid = nt(SECURITY_AUTHENTICATED_USER_RID);
export const SeRestrictedCodeSid = nt(SECURITY_RESTRICTED_CODE_RID);
export const SeThisOrganizationSid = nt(SECURITY_THIS_ORGANIZATION_RID);
export const SeLocalSystemSid = nt(SECURITY_LOCAL_SYSTEM_RID);
export const SeLocalServiceSid = nt(SECURITY_LOCAL_SERVICE_RID);
export const SeNetworkServiceSid = nt(SECURITY_NETWORK_SERVICE_RID);
export const SeLocalAccountSid = nt(SECURITY_LOCAL_ACCOUNT_RID);
export const SeLocalAccountAndAdminSid = nt(SECURITY_LOCAL_ACCOUNT_AND_ADMIN_RID);
/** NT AUTHORITY\NTLM Authentication, S-1-5-64-10 (a password logon through the NTLM package). */
export const SeNtlmAuthenticationSid = nt(SECURITY_PACKAGE_BASE_RID, SECURITY_PACKAGE_NTLM_RID);
export const SeAliasAdminsSid = nt(SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS);
export const SeAliasUsersSid = nt(SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_USERS);
export const SeAliasGuestsSid = nt(SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_GUESTS);
export const SeAliasPowerUsersSid = nt(SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_POWER_USERS);
/** NT SERVICE\ALL SERVICES, S-1-5-80-0. */
export const SeAllServicesSid = nt(SECURITY_SERVICE_ID_BASE_RID, 0);

export const SeUntrustedMandatorySid = label(SECURITY_MANDATORY_UNTRUSTED_RID);
export const SeLowMandatorySid = label(SECURITY_MANDATORY_LOW_RID);
export const SeMediumMandatorySid = label(SECURITY_MANDATORY_MEDIUM_RID);
export const SeMediumPlusMandatorySid = label(SECURITY_MANDATORY_MEDIUM_PLUS_RID);
export const SeHighMandatorySid = label(SECURITY_MANDATORY_HIGH_RID);
export const SeSystemMandatorySid = label(SECURITY_MANDATORY_SYSTEM_RID);

/** The mandatory label SID of an integrity level (S-1-16-rid). */
export function mandatoryLabelSid(integrityRid: number): SID {
  return label(integrityRid);
}

/**
 * The logon SID of a logon session, S-1-5-5-X-Y with X-Y the two halves of a LUID
 * (winnt.h SECURITY_LOGON_IDS_RID, SECURITY_LOGON_IDS_RID_COUNT 3); whoami /logonid shows it.
 */
export function logonSessionSid(luid: LUID): SID {
  return nt(SECURITY_LOGON_IDS_RID, Math.floor(luid / 0x1_0000_0000), luid % 0x1_0000_0000);
}

/**
 * The machine: the local account domain of the embedded image (scenario contract: computer
 * DESKTOP, interactive user "user" = RID 1001; ProfileList in src/system/images/…/registry.ts).
 */
export const MACHINE_NAME = 'DESKTOP';
export const MACHINE_DOMAIN_SID = nt(SECURITY_NT_NON_UNIQUE, 1004336348, 1177238915, 682003330);
/** The first account created by Windows setup gets RID 1001. */
export const MACHINE_USER_RID = 1001;
export const MACHINE_USER_NAME = 'user';

/** An account or group of the machine's domain: MACHINE_DOMAIN_SID-rid. */
export function machineAccountSid(rid: number): SID {
  return nt(...MACHINE_DOMAIN_SID.subAuthorities, rid);
}

export const MachineUserSid = machineAccountSid(MACHINE_USER_RID);
export const MachineAdministratorSid = machineAccountSid(DOMAIN_USER_RID_ADMIN);
export const MachineGuestSid = machineAccountSid(DOMAIN_USER_RID_GUEST);
/** `DESKTOP\None`, the local users' primary group. */
export const MachineNoneGroupSid = machineAccountSid(DOMAIN_GROUP_RID_USERS);
