import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  MachineUserSid,
  RtlConvertSidToUnicodeString,
  RtlCreateServiceSid,
  RtlEqualSid,
  RtlLengthSid,
  SeAliasAdminsSid,
  SeHighMandatorySid,
  SeLocalSystemSid,
  SeTrustedInstallerSid,
  SeWorldSid,
  createSid,
  logonSessionSid,
  lookupSidName,
  parseStringSid,
  sidDisplayName,
  sidFromBytes,
  sidToBytes,
} from './index.js';
import { sha1 } from './sha1.js';

const str = RtlConvertSidToUnicodeString;
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('SID strings (ConvertStringSidToSidW / RtlConvertSidToUnicodeString)', () => {
  it('round-trips the machine user SID of the embedded image', () => {
    const r = parseStringSid('S-1-5-21-1004336348-1177238915-682003330-1001');
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.sid!.subAuthorities).toEqual([21, 1004336348, 1177238915, 682003330, 1001]);
    expect(str(r.sid!)).toBe('S-1-5-21-1004336348-1177238915-682003330-1001');
    expect(RtlEqualSid(r.sid!, MachineUserSid)).toBe(true);
  });
  it('accepts a SID without sub-authorities (NT Authority, S-1-5) and the maximum of 15', () => {
    expect(str(parseStringSid('S-1-5').sid!)).toBe('S-1-5');
    const fifteen = 'S-1-5' + '-1'.repeat(15);
    expect(parseStringSid(fifteen).status).toBe(STATUS.SUCCESS);
  });
  it.each([
    '',
    'S-1',
    'S-2-5-18', // revision must be 1
    'X-1-5-18',
    'S-1-5-x',
    'S-1-5--18',
    'S-1-5-4294967296', // a sub-authority is a ULONG
    'S-1-5' + '-1'.repeat(16), // SID_MAX_SUB_AUTHORITIES = 15
    'S-1-0x1000000000000-1', // the authority is 48 bits
  ])('refuses %j with STATUS_INVALID_SID', (text) => {
    expect(parseStringSid(text)).toEqual({ status: STATUS.INVALID_SID });
  });
  it('prints an authority of 2^32 or more in hex (ReactOS RtlConvertSidToUnicodeString)', () => {
    expect(str(createSid(0x100000000, 1))).toBe('S-1-0x000100000000-1');
    expect(str(parseStringSid('S-1-0x000100000000-1').sid!)).toBe('S-1-0x000100000000-1');
    expect(str(parseStringSid('S-1-0x5-18').sid!)).toBe('S-1-5-18');
  });
});

describe('binary SIDs (winnt.h SID layout)', () => {
  it('S-1-5-18 is 01 01 00 00 00 00 00 05 12 00 00 00', () => {
    expect(RtlLengthSid(SeLocalSystemSid)).toBe(12);
    expect(hex(sidToBytes(SeLocalSystemSid))).toBe('01 01 00 00 00 00 00 05 12 00 00 00');
  });
  it('S-1-5-32-544 is 16 bytes with little-endian sub-authorities', () => {
    expect(hex(sidToBytes(SeAliasAdminsSid))).toBe('01 02 00 00 00 00 00 05 20 00 00 00 20 02 00 00');
  });
  it('reads back what it writes, at an offset', () => {
    const bytes = new Uint8Array([0xff, ...sidToBytes(MachineUserSid)]);
    const r = sidFromBytes(bytes, 1);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.length).toBe(28);
    expect(RtlEqualSid(r.sid!, MachineUserSid)).toBe(true);
  });
  it('refuses a bad revision, too many sub-authorities, or truncation (STATUS_INVALID_SID)', () => {
    const good = sidToBytes(SeAliasAdminsSid);
    expect(sidFromBytes(new Uint8Array([2, ...good.subarray(1)])).status).toBe(STATUS.INVALID_SID);
    expect(sidFromBytes(new Uint8Array([1, 16, 0, 0, 0, 0, 0, 5])).status).toBe(STATUS.INVALID_SID);
    expect(sidFromBytes(good.subarray(0, 15)).status).toBe(STATUS.INVALID_SID);
  });
});

describe('well-known SIDs (winnt.h RIDs)', () => {
  it.each([
    ['SYSTEM', SeLocalSystemSid, 'S-1-5-18'],
    ['Everyone', SeWorldSid, 'S-1-1-0'],
    ['Administrators', SeAliasAdminsSid, 'S-1-5-32-544'],
    ['High Mandatory Level', SeHighMandatorySid, 'S-1-16-12288'],
    ['the machine user', MachineUserSid, 'S-1-5-21-1004336348-1177238915-682003330-1001'],
  ])('%s is %s', (_n, sid, text) => {
    expect(str(sid)).toBe(text);
  });
  it('a logon SID is S-1-5-5-HighPart-LowPart of the logon session LUID', () => {
    expect(str(logonSessionSid(0x3e7))).toBe('S-1-5-5-0-999');
    expect(str(logonSessionSid(0x1_0000_0005))).toBe('S-1-5-5-1-5');
  });
});

describe('service SIDs (RtlCreateServiceSid)', () => {
  it('SHA-1 matches the FIPS 180 examples', () => {
    const h = (s: string) =>
      [...sha1(new TextEncoder().encode(s))].map((x) => x.toString(16).padStart(2, '0')).join('');
    expect(h('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(h('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(h('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
    expect(h('a'.repeat(1_000_000))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });
  it('gives the SIDs Windows prints for TrustedInstaller, upnphost and lmhosts', () => {
    // NT SERVICE\TrustedInstaller owns C:\Windows\System32's files; upnphost and lmhosts are from a
    // public `whoami /all` of a LOCAL SERVICE host process on Windows 10.0.19044.
    expect(str(SeTrustedInstallerSid)).toBe('S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464');
    expect(str(RtlCreateServiceSid('upnphost'))).toBe(
      'S-1-5-80-448846144-1414373772-1578130625-718576682-2306699751',
    );
    expect(str(RtlCreateServiceSid('lmhosts'))).toBe(
      'S-1-5-80-172094073-716411664-54255058-185476446-2329512179',
    );
    expect(str(RtlCreateServiceSid('TRUSTEDINSTALLER'))).toBe(str(SeTrustedInstallerSid));
  });
});

describe('names (LookupAccountSid as whoami shows them)', () => {
  it.each([
    ['S-1-5-18', 'NT AUTHORITY\\SYSTEM'],
    ['S-1-5-19', 'NT AUTHORITY\\LOCAL SERVICE'],
    ['S-1-5-20', 'NT AUTHORITY\\NETWORK SERVICE'],
    ['S-1-5-32-544', 'BUILTIN\\Administrators'],
    ['S-1-5-32-545', 'BUILTIN\\Users'],
    ['S-1-1-0', 'Everyone'],
    ['S-1-2-1', 'CONSOLE LOGON'],
    ['S-1-5-11', 'NT AUTHORITY\\Authenticated Users'],
    ['S-1-5-4', 'NT AUTHORITY\\INTERACTIVE'],
    ['S-1-5-114', 'NT AUTHORITY\\Local account and member of Administrators group'],
    ['S-1-16-8192', 'Mandatory Label\\Medium Mandatory Level'],
    ['S-1-16-8448', 'Mandatory Label\\Medium Plus Mandatory Level'],
    ['S-1-5-21-1004336348-1177238915-682003330-1001', 'DESKTOP\\user'],
    ['S-1-5-21-1004336348-1177238915-682003330-500', 'DESKTOP\\Administrator'],
    ['S-1-5-5-0-123456', 'NT AUTHORITY\\LogonSessionId_0_123456'],
    ['S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464', 'NT SERVICE\\TrustedInstaller'],
    ['S-1-5-21-1-2-3-4', 'S-1-5-21-1-2-3-4'],
  ])('%s is %s', (text, name) => {
    expect(sidDisplayName(parseStringSid(text).sid!)).toBe(name);
  });
  it('reports the SID_NAME_USE', () => {
    expect(lookupSidName(SeAliasAdminsSid)).toEqual({ domain: 'BUILTIN', name: 'Administrators', use: 4 });
    expect(lookupSidName(SeHighMandatorySid)?.use).toBe(10);
  });
});
