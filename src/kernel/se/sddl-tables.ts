import {
  DELETE,
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  GENERIC_WRITE,
  READ_CONTROL,
  WRITE_DAC,
  WRITE_OWNER,
} from './access-mask.js';
import {
  ACCESS_ALLOWED_ACE_TYPE,
  ACCESS_DENIED_ACE_TYPE,
  CONTAINER_INHERIT_ACE,
  FAILED_ACCESS_ACE_FLAG,
  INHERIT_ONLY_ACE,
  INHERITED_ACE,
  NO_PROPAGATE_INHERIT_ACE,
  OBJECT_INHERIT_ACE,
  SUCCESSFUL_ACCESS_ACE_FLAG,
  SYSTEM_AUDIT_ACE_TYPE,
  SYSTEM_MANDATORY_LABEL_ACE_TYPE,
  SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP,
  SYSTEM_MANDATORY_LABEL_NO_READ_UP,
  SYSTEM_MANDATORY_LABEL_NO_WRITE_UP,
} from './acl.js';
import type { SID } from './sid.js';
import * as W from './well-known-sids.js';

/**
 * The strings of SDDL (sddl.h; Microsoft Learn "Security Descriptor String Format", "ACE
 * Strings", "SID Strings"), in the order Wine/ReactOS advapi32 sec/misc.c walks them.
 */
export const SDDL_ACE_TYPES: readonly (readonly [string, number])[] = [
  ['A', ACCESS_ALLOWED_ACE_TYPE],
  ['D', ACCESS_DENIED_ACE_TYPE],
  ['AU', SYSTEM_AUDIT_ACE_TYPE],
  ['ML', SYSTEM_MANDATORY_LABEL_ACE_TYPE],
];

/** ACE flags in the order ConvertSecurityDescriptorToStringSecurityDescriptor prints them. */
export const SDDL_ACE_FLAGS: readonly (readonly [string, number])[] = [
  ['OI', OBJECT_INHERIT_ACE],
  ['CI', CONTAINER_INHERIT_ACE],
  ['NP', NO_PROPAGATE_INHERIT_ACE],
  ['IO', INHERIT_ONLY_ACE],
  ['ID', INHERITED_ACE],
  ['SA', SUCCESSFUL_ACCESS_ACE_FLAG],
  ['FA', FAILED_ACCESS_ACE_FLAG],
];

/**
 * Rights with a name (Wine advapi32 AceRights[]): a mask equal to one of these prints as it;
 * otherwise the single-bit names of SDDL_RIGHT_BITS, or hex when some bit has no name.
 */
export const SDDL_RIGHTS: readonly (readonly [string, number])[] = [
  ['GA', GENERIC_ALL],
  ['GR', GENERIC_READ],
  ['GW', GENERIC_WRITE],
  ['GX', GENERIC_EXECUTE],
  ['RC', READ_CONTROL],
  ['SD', DELETE],
  ['WD', WRITE_DAC],
  ['WO', WRITE_OWNER],
  ['RP', 0x10],
  ['WP', 0x20],
  ['CC', 0x1],
  ['DC', 0x2],
  ['LC', 0x4],
  ['SW', 0x8],
  ['LO', 0x80],
  ['DT', 0x40],
  ['CR', 0x100],
  ['FA', 0x1f01ff],
  ['FR', 0x120089],
  ['FW', 0x120116],
  ['FX', 0x1200a0],
  ['KA', 0xf003f],
  ['KR', 0x20019],
  ['KW', 0x20006],
  ['KX', 0x20019],
];

/** Bit i's SDDL name (Wine advapi32 AceRightBitNames[32]); undefined bits print as hex. */
export const SDDL_RIGHT_BITS: readonly (string | undefined)[] = [
  'CC', 'DC', 'LC', 'SW', 'RP', 'WP', 'DT', 'LO', 'CR', undefined, undefined, undefined,
  undefined, undefined, undefined, undefined, 'SD', 'RC', 'WD', 'WO', undefined, undefined,
  undefined, undefined, undefined, undefined, undefined, undefined, 'GA', 'GX', 'GW', 'GR',
]; // prettier-ignore

/** A mandatory label ACE's policy bits (sddl.h SDDL_NO_WRITE_UP "NW", NO_READ_UP "NR", NO_EXECUTE_UP "NX"). */
export const SDDL_LABEL_POLICY: readonly (readonly [string, number])[] = [
  ['NW', SYSTEM_MANDATORY_LABEL_NO_WRITE_UP],
  ['NR', SYSTEM_MANDATORY_LABEL_NO_READ_UP],
  ['NX', SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP],
];

/** Two-letter SID aliases (Microsoft Learn "SID Strings"); LA/LG are the machine's accounts. */
export const SDDL_SID_ALIASES: readonly (readonly [string, SID])[] = [
  ['AN', W.SeAnonymousLogonSid],
  ['AU', W.SeAuthenticatedUsersSid],
  ['BA', W.SeAliasAdminsSid],
  ['BG', W.SeAliasGuestsSid],
  ['BU', W.SeAliasUsersSid],
  ['CG', W.SeCreatorGroupSid],
  ['CO', W.SeCreatorOwnerSid],
  ['IU', W.SeInteractiveSid],
  ['LA', W.MachineAdministratorSid],
  ['LG', W.MachineGuestSid],
  ['LS', W.SeLocalServiceSid],
  ['NS', W.SeNetworkServiceSid],
  ['NU', W.SeNetworkSid],
  ['OW', W.SeOwnerRightsSid],
  ['PS', W.SePrincipalSelfSid],
  ['PU', W.SeAliasPowerUsersSid],
  ['RC', W.SeRestrictedCodeSid],
  ['SU', W.SeServiceSid],
  ['SY', W.SeLocalSystemSid],
  ['WD', W.SeWorldSid],
  ['LW', W.SeLowMandatorySid],
  ['ME', W.SeMediumMandatorySid],
  ['MP', W.SeMediumPlusMandatorySid],
  ['HI', W.SeHighMandatorySid],
  ['SI', W.SeSystemMandatorySid],
];
