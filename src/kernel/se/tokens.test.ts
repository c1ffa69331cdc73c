import { describe, expect, it } from 'vitest';
import {
  GENERIC_ALL,
  GENERIC_EXECUTE,
  GENERIC_READ,
  MANDATORY_GROUP,
  PRIVILEGES,
  RtlConvertSidToUnicodeString,
  SE_GROUP_LOGON_ID,
  SE_GROUP_OWNER,
  SE_GROUP_USE_FOR_DENY_ONLY,
  SE_PRIVILEGE_ENABLED,
  SE_PRIVILEGE_ENABLED_BY_DEFAULT,
  SeQueryTokenIntegrityLevel,
  SeTokenIsAdmin,
  SepCreateSystemProcessToken,
  TOKEN_IS_FILTERED,
  TOKEN_NOT_LOW,
  TokenElevationTypeFull,
  TokenElevationTypeLimited,
  TokenPrimary,
  createInteractiveUserTokens,
  createLocalServiceToken,
  createLuidAllocator,
  createNetworkServiceToken,
  formatLuid,
  integrityLevelName,
  sidDisplayName,
  type TOKEN,
} from './index.js';

const groups = (t: TOKEN) => t.groups.map((g) => [sidDisplayName(g.sid), g.attributes]);
const privilegeNames = (t: TOKEN, enabledOnly = false) =>
  t.privileges
    .filter((p) => !enabledOnly || p.attributes & SE_PRIVILEGE_ENABLED)
    .map((p) => PRIVILEGES.find((x) => x.luid === p.luid)!.name);

describe("the System process's token (public WinDbg !token of PID 4, Windows 10 x64)", () => {
  const luids = createLuidAllocator();
  const t = SepCreateSystemProcessToken(luids);
  it('is SYSTEM in logon session (0,3e7), session 0, a primary token', () => {
    expect(RtlConvertSidToUnicodeString(t.user.sid)).toBe('S-1-5-18');
    expect(formatLuid(t.authenticationId)).toBe('(0,3e7)');
    expect(t.sessionId).toBe(0);
    expect(t.tokenType).toBe(TokenPrimary);
    expect(t.source.sourceName).toBe('*SYSTEM*');
    expect(t.tokenFlags).toBe(TOKEN_NOT_LOW);
  });
  it('takes TokenId then ModifiedId from the allocator (0x3e8, 0x3e9 on a fresh one)', () => {
    expect([t.tokenId, t.modifiedId]).toEqual([0x3e8, 0x3e9]);
  });
  it('has Administrators (owner), Everyone, Authenticated Users and the System label', () => {
    expect(groups(t)).toEqual([
      ['BUILTIN\\Administrators', 0xe],
      ['Everyone', 0x7],
      ['NT AUTHORITY\\Authenticated Users', 0x7],
      ['Mandatory Label\\System Mandatory Level', 0x60],
    ]);
    expect(RtlConvertSidToUnicodeString(t.owner)).toBe('S-1-5-32-544');
    expect(RtlConvertSidToUnicodeString(t.primaryGroup)).toBe('S-1-5-18');
    expect(integrityLevelName(SeQueryTokenIntegrityLevel(t))).toBe('System');
    expect(SeTokenIsAdmin(t)).toBe(true);
  });
  it('holds 31 privileges, 16 enabled by default', () => {
    expect(t.privileges).toHaveLength(31);
    expect(t.privileges.map((p) => p.luid)).not.toContain(6); // SeMachineAccountPrivilege
    expect(privilegeNames(t, true)).toEqual([
      'SeLockMemoryPrivilege',
      'SeTcbPrivilege',
      'SeSystemProfilePrivilege',
      'SeProfileSingleProcessPrivilege',
      'SeIncreaseBasePriorityPrivilege',
      'SeCreatePagefilePrivilege',
      'SeCreatePermanentPrivilege',
      'SeDebugPrivilege',
      'SeAuditPrivilege',
      'SeChangeNotifyPrivilege',
      'SeImpersonatePrivilege',
      'SeCreateGlobalPrivilege',
      'SeIncreaseWorkingSetPrivilege',
      'SeTimeZonePrivilege',
      'SeCreateSymbolicLinkPrivilege',
      'SeDelegateSessionUserImpersonatePrivilege',
    ]);
    const enabled = t.privileges.find((p) => p.luid === 7)!;
    expect(enabled.attributes).toBe(SE_PRIVILEGE_ENABLED | SE_PRIVILEGE_ENABLED_BY_DEFAULT);
    expect(t.privileges.find((p) => p.luid === 2)!.attributes).toBe(0); // SeCreateTokenPrivilege, disabled
  });
  it('has the SYSTEM default DACL: SYSTEM GA, Administrators GR|GX|RC', () => {
    expect(t.defaultDacl!.aces.map((a) => [sidDisplayName(a.sid), a.mask >>> 0])).toEqual([
      ['NT AUTHORITY\\SYSTEM', GENERIC_ALL],
      ['BUILTIN\\Administrators', (GENERIC_READ | GENERIC_EXECUTE | 0x20000) >>> 0],
    ]);
  });
});

describe('LOCAL SERVICE and NETWORK SERVICE (Microsoft Learn; public whoami /all)', () => {
  const luids = createLuidAllocator();
  it('LOCAL SERVICE: logon session 0x3e5, System label, eleven privileges, three enabled', () => {
    const t = createLocalServiceToken(luids);
    expect(sidDisplayName(t.user.sid)).toBe('NT AUTHORITY\\LOCAL SERVICE');
    expect(formatLuid(t.authenticationId)).toBe('(0,3e5)');
    expect(groups(t)).toEqual([
      ['Mandatory Label\\System Mandatory Level', 0x60],
      ['Everyone', 7],
      ['BUILTIN\\Users', 7],
      ['NT AUTHORITY\\SERVICE', 7],
      ['CONSOLE LOGON', 7],
      ['NT AUTHORITY\\Authenticated Users', 7],
      ['NT AUTHORITY\\This Organization', 7],
      ['LOCAL', 7],
    ]);
    expect(privilegeNames(t)).toEqual([
      'SeAssignPrimaryTokenPrivilege',
      'SeIncreaseQuotaPrivilege',
      'SeSystemtimePrivilege',
      'SeShutdownPrivilege',
      'SeAuditPrivilege',
      'SeChangeNotifyPrivilege',
      'SeUndockPrivilege',
      'SeImpersonatePrivilege',
      'SeCreateGlobalPrivilege',
      'SeIncreaseWorkingSetPrivilege',
      'SeTimeZonePrivilege',
    ]);
    expect(privilegeNames(t, true)).toEqual([
      'SeChangeNotifyPrivilege',
      'SeImpersonatePrivilege',
      'SeCreateGlobalPrivilege',
    ]);
    expect(t.sessionId).toBe(0);
  });
  it('NETWORK SERVICE: logon session 0x3e4, no SeSystemtimePrivilege', () => {
    const t = createNetworkServiceToken(luids);
    expect(sidDisplayName(t.user.sid)).toBe('NT AUTHORITY\\NETWORK SERVICE');
    expect(formatLuid(t.authenticationId)).toBe('(0,3e4)');
    expect(privilegeNames(t)).toHaveLength(10);
    expect(privilegeNames(t)).not.toContain('SeSystemtimePrivilege');
  });
});

describe("the interactive user's UAC split token pair", () => {
  const luids = createLuidAllocator(0x10000);
  const { limited, full } = createInteractiveUserTokens(luids);
  it('is DESKTOP\\user in session 1, two logon sessions, one logon SID, linked', () => {
    for (const t of [limited, full]) {
      expect(sidDisplayName(t.user.sid)).toBe('DESKTOP\\user');
      expect(t.sessionId).toBe(1);
    }
    expect(limited.authenticationId).not.toBe(full.authenticationId);
    expect(limited.linkedToken).toBe(full);
    expect(full.linkedToken).toBe(limited);
    expect(limited.elevationType).toBe(TokenElevationTypeLimited);
    expect(full.elevationType).toBe(TokenElevationTypeFull);
    const logon = (t: TOKEN) =>
      t.groups.find((g) => (g.attributes & SE_GROUP_LOGON_ID) >>> 0 === SE_GROUP_LOGON_ID)!;
    expect(RtlConvertSidToUnicodeString(logon(limited).sid)).toBe('S-1-5-5-0-65536');
    expect(logon(full).sid).toBe(logon(limited).sid);
    expect(logon(limited).attributes >>> 0).toBe(0xc0000007);
  });
  it('limited: Medium, Administrators deny-only, five privileges, filtered, not admin', () => {
    expect(integrityLevelName(SeQueryTokenIntegrityLevel(limited))).toBe('Medium');
    expect(groups(limited).slice(0, 5)).toEqual([
      ['DESKTOP\\None', MANDATORY_GROUP],
      ['Everyone', MANDATORY_GROUP],
      ['NT AUTHORITY\\Local account and member of Administrators group', SE_GROUP_USE_FOR_DENY_ONLY],
      ['BUILTIN\\Administrators', SE_GROUP_USE_FOR_DENY_ONLY],
      ['BUILTIN\\Users', MANDATORY_GROUP],
    ]);
    expect(privilegeNames(limited)).toEqual([
      'SeShutdownPrivilege',
      'SeChangeNotifyPrivilege',
      'SeUndockPrivilege',
      'SeIncreaseWorkingSetPrivilege',
      'SeTimeZonePrivilege',
    ]);
    expect(privilegeNames(limited, true)).toEqual(['SeChangeNotifyPrivilege']);
    expect(limited.tokenFlags & TOKEN_IS_FILTERED).toBe(TOKEN_IS_FILTERED);
    expect(SeTokenIsAdmin(limited)).toBe(false);
    expect(sidDisplayName(limited.owner)).toBe('DESKTOP\\user');
    expect(sidDisplayName(limited.primaryGroup)).toBe('DESKTOP\\None');
  });
  it('full: High, Administrators enabled and owner, 24 privileges with SeDebugPrivilege disabled', () => {
    expect(integrityLevelName(SeQueryTokenIntegrityLevel(full))).toBe('High');
    const admins = full.groups.find((g) => sidDisplayName(g.sid) === 'BUILTIN\\Administrators')!;
    expect(admins.attributes).toBe(MANDATORY_GROUP | SE_GROUP_OWNER);
    expect(sidDisplayName(full.owner)).toBe('BUILTIN\\Administrators');
    expect(full.privileges).toHaveLength(24);
    expect(privilegeNames(full, true)).toEqual([
      'SeChangeNotifyPrivilege',
      'SeImpersonatePrivilege',
      'SeCreateGlobalPrivilege',
    ]);
    expect(full.privileges.find((p) => p.luid === 20)!.attributes).toBe(0);
    expect(SeTokenIsAdmin(full)).toBe(true);
    expect(full.tokenFlags & TOKEN_IS_FILTERED).toBe(0);
  });
});
