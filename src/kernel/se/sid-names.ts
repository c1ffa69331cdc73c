import { RtlCreateServiceSid } from './service-sid.js';
import { RtlConvertSidToUnicodeString, RtlEqualSid, type SID } from './sid.js';
import * as W from './well-known-sids.js';

/** SID_NAME_USE (winnt.h), the kind of account a name denotes. */
export const SidTypeUser = 1;
export const SidTypeGroup = 2;
export const SidTypeDomain = 3;
export const SidTypeAlias = 4;
export const SidTypeWellKnownGroup = 5;
export const SidTypeLabel = 10;
export const SidTypeLogonSession = 11;

export interface SidName {
  /** `NT AUTHORITY`, `BUILTIN`, `DESKTOP`, `Mandatory Label`, `NT SERVICE`, or '' (Everyone …). */
  domain: string;
  name: string;
  use: number;
}

/**
 * The names LookupAccountSid gives (as `whoami /all` prints them on Windows 10; the listings are
 * quoted in token-factories.ts). Services the model knows by name are matched through their
 * service SIDs.
 */
const FIXED: [SID, string, string, number][] = [
  [W.SeNullSid, '', 'NULL SID', SidTypeWellKnownGroup],
  [W.SeWorldSid, '', 'Everyone', SidTypeWellKnownGroup],
  [W.SeLocalSid, '', 'LOCAL', SidTypeWellKnownGroup],
  [W.SeLocalLogonSid, '', 'CONSOLE LOGON', SidTypeWellKnownGroup],
  [W.SeCreatorOwnerSid, '', 'CREATOR OWNER', SidTypeWellKnownGroup],
  [W.SeCreatorGroupSid, '', 'CREATOR GROUP', SidTypeWellKnownGroup],
  [W.SeOwnerRightsSid, '', 'OWNER RIGHTS', SidTypeWellKnownGroup],
  [W.SeNtAuthoritySid, '', 'NT AUTHORITY', SidTypeDomain],
  [W.SeNetworkSid, 'NT AUTHORITY', 'NETWORK', SidTypeWellKnownGroup],
  [W.SeBatchSid, 'NT AUTHORITY', 'BATCH', SidTypeWellKnownGroup],
  [W.SeInteractiveSid, 'NT AUTHORITY', 'INTERACTIVE', SidTypeWellKnownGroup],
  [W.SeServiceSid, 'NT AUTHORITY', 'SERVICE', SidTypeWellKnownGroup],
  [W.SeAnonymousLogonSid, 'NT AUTHORITY', 'ANONYMOUS LOGON', SidTypeWellKnownGroup],
  [W.SePrincipalSelfSid, 'NT AUTHORITY', 'SELF', SidTypeWellKnownGroup],
  [W.SeAuthenticatedUsersSid, 'NT AUTHORITY', 'Authenticated Users', SidTypeWellKnownGroup],
  [W.SeRestrictedCodeSid, 'NT AUTHORITY', 'RESTRICTED', SidTypeWellKnownGroup],
  [W.SeThisOrganizationSid, 'NT AUTHORITY', 'This Organization', SidTypeWellKnownGroup],
  [W.SeLocalSystemSid, 'NT AUTHORITY', 'SYSTEM', SidTypeWellKnownGroup],
  [W.SeLocalServiceSid, 'NT AUTHORITY', 'LOCAL SERVICE', SidTypeWellKnownGroup],
  [W.SeNetworkServiceSid, 'NT AUTHORITY', 'NETWORK SERVICE', SidTypeWellKnownGroup],
  [W.SeLocalAccountSid, 'NT AUTHORITY', 'Local account', SidTypeWellKnownGroup],
  [
    W.SeLocalAccountAndAdminSid,
    'NT AUTHORITY',
    'Local account and member of Administrators group',
    SidTypeWellKnownGroup,
  ],
  [W.SeNtlmAuthenticationSid, 'NT AUTHORITY', 'NTLM Authentication', SidTypeWellKnownGroup],
  [W.SeAliasAdminsSid, 'BUILTIN', 'Administrators', SidTypeAlias],
  [W.SeAliasUsersSid, 'BUILTIN', 'Users', SidTypeAlias],
  [W.SeAliasGuestsSid, 'BUILTIN', 'Guests', SidTypeAlias],
  [W.SeAliasPowerUsersSid, 'BUILTIN', 'Power Users', SidTypeAlias],
  [W.SeAllServicesSid, 'NT SERVICE', 'ALL SERVICES', SidTypeWellKnownGroup],
  [W.SeUntrustedMandatorySid, 'Mandatory Label', 'Untrusted Mandatory Level', SidTypeLabel],
  [W.SeLowMandatorySid, 'Mandatory Label', 'Low Mandatory Level', SidTypeLabel],
  [W.SeMediumMandatorySid, 'Mandatory Label', 'Medium Mandatory Level', SidTypeLabel],
  [W.SeMediumPlusMandatorySid, 'Mandatory Label', 'Medium Plus Mandatory Level', SidTypeLabel],
  [W.SeHighMandatorySid, 'Mandatory Label', 'High Mandatory Level', SidTypeLabel],
  [W.SeSystemMandatorySid, 'Mandatory Label', 'System Mandatory Level', SidTypeLabel],
  [W.MACHINE_DOMAIN_SID, '', W.MACHINE_NAME, SidTypeDomain],
  [W.MachineAdministratorSid, W.MACHINE_NAME, 'Administrator', SidTypeUser],
  [W.MachineGuestSid, W.MACHINE_NAME, 'Guest', SidTypeUser],
  [W.MachineNoneGroupSid, W.MACHINE_NAME, 'None', SidTypeGroup],
  [W.MachineUserSid, W.MACHINE_NAME, W.MACHINE_USER_NAME, SidTypeUser],
];

/** Services whose NT SERVICE\ names the model resolves. */
const KNOWN_SERVICES = ['TrustedInstaller', 'seclogon', 'lmhosts', 'upnphost'];

/**
 * LookupAccountSid for the model's machine; undefined when Windows would return
 * ERROR_NONE_MAPPED. Logon SIDs are named as whoami /logonid does: `LogonSessionId_X_Y`.
 */
export function lookupSidName(
  sid: SID,
  serviceNames: readonly string[] = KNOWN_SERVICES,
): SidName | undefined {
  for (const [s, domain, name, use] of FIXED) if (RtlEqualSid(s, sid)) return { domain, name, use };
  const subs = sid.subAuthorities;
  if (sid.identifierAuthority === W.SECURITY_NT_AUTHORITY) {
    if (subs.length === 3 && subs[0] === W.SECURITY_LOGON_IDS_RID)
      return {
        domain: 'NT AUTHORITY',
        name: `LogonSessionId_${subs[1]}_${subs[2]}`,
        use: SidTypeLogonSession,
      };
    if (subs.length === 6 && subs[0] === W.SECURITY_SERVICE_ID_BASE_RID)
      for (const service of serviceNames)
        if (RtlEqualSid(RtlCreateServiceSid(service), sid))
          return { domain: 'NT SERVICE', name: service, use: SidTypeWellKnownGroup };
  }
  return undefined;
}

/** `NT AUTHORITY\SYSTEM`, `DESKTOP\user`, `Everyone`; the S-1-… string when the SID has no name. */
export function sidDisplayName(sid: SID): string {
  const n = lookupSidName(sid);
  if (!n) return RtlConvertSidToUnicodeString(sid);
  return n.domain ? `${n.domain}\\${n.name}` : n.name;
}
