import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  ACCESS_ALLOWED_ACE_TYPE,
  ACCESS_DENIED_ACE_TYPE,
  CONTAINER_INHERIT_ACE,
  INHERITED_ACE,
  INHERIT_ONLY_ACE,
  OBJECT_INHERIT_ACE,
  RtlConvertSidToUnicodeString,
  SE_DACL_AUTO_INHERITED,
  SE_DACL_PRESENT,
  SE_DACL_PROTECTED,
  SE_SACL_PRESENT,
  SYSTEM_MANDATORY_LABEL_ACE_TYPE,
  SYSTEM_MANDATORY_LABEL_NO_READ_UP,
  SYSTEM_MANDATORY_LABEL_NO_WRITE_UP,
  formatSddl,
  parseSddl,
} from './index.js';

function parse(text: string) {
  const r = parseSddl(text);
  expect(r.status, r.message).toBe(STATUS.SUCCESS);
  return r.sd!;
}

describe('SDDL parsing', () => {
  it('reads a process descriptor: owner, group, DACL and the mandatory label', () => {
    const sd = parse('O:BAG:SYD:(A;;0x1fffff;;;SY)(A;;0x1fffff;;;BA)S:(ML;;NWNR;;;LW)');
    expect(RtlConvertSidToUnicodeString(sd.owner!)).toBe('S-1-5-32-544');
    expect(RtlConvertSidToUnicodeString(sd.group!)).toBe('S-1-5-18');
    expect(sd.control).toBe(SE_DACL_PRESENT | SE_SACL_PRESENT);
    expect(sd.dacl!.aces.map((a) => [a.type, a.flags, a.mask, RtlConvertSidToUnicodeString(a.sid)])).toEqual([
      [ACCESS_ALLOWED_ACE_TYPE, 0, 0x1fffff, 'S-1-5-18'],
      [ACCESS_ALLOWED_ACE_TYPE, 0, 0x1fffff, 'S-1-5-32-544'],
    ]);
    const label = sd.sacl!.aces[0]!;
    expect(label.type).toBe(SYSTEM_MANDATORY_LABEL_ACE_TYPE);
    expect(label.mask).toBe(SYSTEM_MANDATORY_LABEL_NO_WRITE_UP | SYSTEM_MANDATORY_LABEL_NO_READ_UP);
    expect(RtlConvertSidToUnicodeString(label.sid)).toBe('S-1-16-4096');
  });
  it('reads rights by name, ACE flags and DACL control flags', () => {
    const sd = parse('D:PAI(D;OICIIOID;GRGX;;;WD)(A;;CCLCSWRPWPDTLOCRRC;;;S-1-5-21-1-2-3-500)');
    expect(sd.control).toBe(SE_DACL_PRESENT | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED);
    const [deny, allow] = sd.dacl!.aces;
    expect(deny!.type).toBe(ACCESS_DENIED_ACE_TYPE);
    expect(deny!.flags).toBe(OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE | INHERITED_ACE);
    expect(deny!.mask).toBe(0xa0000000);
    expect(allow!.mask).toBe(0x201fd);
    expect(RtlConvertSidToUnicodeString(allow!.sid)).toBe('S-1-5-21-1-2-3-500');
  });
  it('tells a NULL DACL (NO_ACCESS_CONTROL) from an empty one and from none', () => {
    expect(parse('D:NO_ACCESS_CONTROL').dacl).toBeNull();
    expect(parse('D:').dacl!.aces).toEqual([]);
    expect(parse('O:SY').dacl).toBeUndefined();
    expect(parse('O:SY').control & SE_DACL_PRESENT).toBe(0);
  });
});

describe('SDDL formatting (ConvertSecurityDescriptorToStringSecurityDescriptor)', () => {
  it.each([
    'O:BAG:SYD:(A;;0x1fffff;;;SY)(A;;0x1fffff;;;BA)S:(ML;;NWNR;;;LW)',
    // winlogon.exe's descriptor in a public `!sd` dump: SYSTEM all, Administrators GR|GX mapped, System label.
    'O:BAG:SYD:(A;;0x1fffff;;;SY)(A;;0x121411;;;BA)S:(ML;;NWNR;;;SI)',
    'D:PAI(A;OICIID;FA;;;SY)(A;OICIIOID;GA;;;CO)(A;;GXGR;;;BU)',
    'D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(D;;0x4010;;;S-1-5-5-0-123456)',
    'D:NO_ACCESS_CONTROLS:(ML;;NW;;;HI)',
    'O:S-1-5-21-1004336348-1177238915-682003330-1001D:(A;;;;;OW)',
    'G:LAD:',
  ])('round-trips %s', (text) => {
    expect(formatSddl(parse(text))).toBe(text);
  });
  it('prints masks the way advapi32 does: a named value, else bit names in bit order, else hex', () => {
    expect(formatSddl(parse('D:(A;;0x20000;;;WD)'))).toBe('D:(A;;RC;;;WD)');
    expect(formatSddl(parse('D:(A;;0xa0000000;;;WD)'))).toBe('D:(A;;GXGR;;;WD)');
    expect(formatSddl(parse('D:(A;;0x20019;;;WD)'))).toBe('D:(A;;KR;;;WD)');
    expect(formatSddl(parse('D:(A;;0x120000;;;WD)'))).toBe('D:(A;;0x120000;;;WD)');
    expect(formatSddl(parse('D:(A;;1;;;WD)'))).toBe('D:(A;;CC;;;WD)');
  });
  it('prints SIDs by alias when there is one', () => {
    expect(formatSddl(parse('O:S-1-5-18G:S-1-5-32-545'))).toBe('O:SYG:BU');
  });
});

describe('SDDL errors name the position', () => {
  it.each([
    ['X:SY', STATUS.INVALID_SECURITY_DESCR, 0, 'expected O:, G:, D: or S:'],
    ['O:XX', STATUS.INVALID_SID, 2, 'bad SID "XX"'],
    ['O:SYO:BA', STATUS.INVALID_SECURITY_DESCR, 4, 'O: appears twice'],
    ['D:(Q;;GA;;;SY)', STATUS.INVALID_ACL, 3, 'unknown ACE type "Q"'],
    ['D:(A;;GAZZ;;;SY)', STATUS.INVALID_ACL, 8, 'unknown access right "ZZ"'],
    ['D:(A;XX;GA;;;SY)', STATUS.INVALID_ACL, 5, 'unknown ACE flag "XX"'],
    ['D:(A;;GA;;;SY', STATUS.INVALID_ACL, 2, 'ACE without a closing ")"'],
    ['D:(A;;GA;;SY)', STATUS.INVALID_ACL, 3, 'an ACE has 6 fields'],
    ['D:(A;;GA;;;S-1-5-x)', STATUS.INVALID_SID, 11, 'bad SID "S-1-5-x"'],
    ['D:(OA;;GA;bf967aba-0de6-11d0-a285-00aa003049e2;;SY)', STATUS.INVALID_ACL, 3, 'unknown ACE type "OA"'],
    ['D:(A;;0x100000000;;;SY)', STATUS.INVALID_ACL, 6, 'access mask 0x100000000 is more than 32 bits'],
    ['D:Q(A;;GA;;;SY)', STATUS.INVALID_ACL, 2, 'unknown ACL flag'],
  ])('%s', (text, status, position, what) => {
    const r = parseSddl(text);
    expect(r.status).toBe(status);
    expect(r.position).toBe(position);
    expect(r.message).toContain(`SDDL position ${position}: ${what}`);
  });
});
