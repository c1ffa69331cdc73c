import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  ACCESS_SYSTEM_SECURITY,
  GENERIC_EXECUTE,
  GENERIC_READ,
  KernelMode,
  MAXIMUM_ALLOWED,
  NtAdjustPrivilegesToken,
  NtDuplicateToken,
  PROCESS_ALL_ACCESS,
  PROCESS_QUERY_INFORMATION,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_TERMINATE,
  PROCESS_VM_READ,
  PROCESS_VM_WRITE,
  PspProcessMapping,
  PspThreadMapping,
  READ_CONTROL,
  RtlConvertSidToUnicodeString,
  SE_DEBUG_PRIVILEGE,
  SE_PRIVILEGE_ENABLED,
  SE_SECURITY_PRIVILEGE,
  SeAccessCheck,
  SeDebugPrivilegeCheck,
  SepCreateSystemProcessToken,
  SepMandatoryIntegrityCheck,
  SecurityIdentification,
  TokenImpersonation,
  UserMode,
  WRITE_DAC,
  createInteractiveUserTokens,
  createLuidAllocator,
  parseSddl,
  type GENERIC_MAPPING,
  type TOKEN,
} from './index.js';

const luids = createLuidAllocator(0x10000);
const { limited, full } = createInteractiveUserTokens(luids);
const system = SepCreateSystemProcessToken(luids);
const logonSid = RtlConvertSidToUnicodeString(
  limited.groups.find((g) => g.attributes >>> 0 === 0xc0000007)!.sid,
);
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1001';

function sd(text: string) {
  const r = parseSddl(text);
  expect(r.status, r.message).toBe(STATUS.SUCCESS);
  return r.sd!;
}

function check(token: TOKEN, sddl: string, access: number, mapping: GENERIC_MAPPING = PspProcessMapping) {
  return SeAccessCheck(sd(sddl), token, access, mapping, { previousMode: UserMode });
}

/** An elevated process: Administrators and SYSTEM all access, the logon SID GR|GX, High label, NW|NR. */
const HIGH_PROCESS = `O:BAG:S-1-5-21-1004336348-1177238915-682003330-513D:(A;;0x1fffff;;;BA)(A;;0x1fffff;;;SY)(A;;0x121411;;;${logonSid})S:(ML;;NWNR;;;HI)`;
/** winlogon.exe's descriptor from a public `!sd` dump (Windows 10). */
const WINLOGON = 'O:BAG:SYD:(A;;0x1fffff;;;SY)(A;;0x121411;;;BA)S:(ML;;NWNR;;;SI)';

describe('mandatory integrity (Windows Internals 7 ch. 7; MS-DTYP §2.5.3.3)', () => {
  it('a Medium caller opening a High process may not read up even when the DACL allows it', () => {
    const r = check(limited, HIGH_PROCESS, PROCESS_VM_READ);
    expect(r).toMatchObject({ status: STATUS.ACCESS_DENIED, grantedAccess: 0, denyReason: 'integrity' });
    expect(r.mandatory).toEqual({
      allowedAccess: 0x121001,
      tokenIntegrity: 0x2000,
      objectIntegrity: 0x3000,
      policy: 3,
    });
  });
  it('nor write up, nor query full information', () => {
    expect(check(limited, HIGH_PROCESS, PROCESS_VM_WRITE).denyReason).toBe('integrity');
    expect(check(limited, HIGH_PROCESS, PROCESS_QUERY_INFORMATION).denyReason).toBe('integrity');
  });
  it('but keeps the GenericExecute rights the DACL grants: QUERY_LIMITED_INFORMATION, SYNCHRONIZE …', () => {
    expect(check(limited, HIGH_PROCESS, PROCESS_QUERY_LIMITED_INFORMATION)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: PROCESS_QUERY_LIMITED_INFORMATION,
    });
    // MAXIMUM_ALLOWED: the logon SID's 0x121411 cut to the label's 0x121001.
    expect(check(limited, HIGH_PROCESS, MAXIMUM_ALLOWED)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: 0x121001,
    });
  });
  it('the High token of the same user opens it fully', () => {
    expect(check(full, HIGH_PROCESS, PROCESS_ALL_ACCESS)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: 0x1fffff,
    });
    expect(check(full, HIGH_PROCESS, MAXIMUM_ALLOWED).grantedAccess).toBe(0x1fffff);
  });
  it('an object without a label counts as Medium with NO_WRITE_UP', () => {
    const m = SepMandatoryIntegrityCheck(sd('D:(A;;GA;;;WD)'), limited, PspProcessMapping);
    expect(m).toEqual({
      allowedAccess: 0xffffffff,
      tokenIntegrity: 0x2000,
      objectIntegrity: 0x2000,
      policy: 1,
    });
  });
  it('a token whose policy lacks NO_WRITE_UP is not restricted', () => {
    const t = { ...limited, mandatoryPolicy: 0 };
    expect(check(t, HIGH_PROCESS, PROCESS_VM_READ).status).toBe(STATUS.SUCCESS);
  });
});

describe('SeDebugPrivilege (PsOpenProcess) versus the access check', () => {
  it('an elevated admin without it cannot read a SYSTEM process (NO_READ_UP), gets 0x121001 at most', () => {
    expect(check(full, WINLOGON, PROCESS_VM_READ).denyReason).toBe('integrity');
    expect(check(full, WINLOGON, MAXIMUM_ALLOWED).grantedAccess).toBe(0x121001);
  });
  it('with SeDebugPrivilege enabled the caller gets PROCESS_ALL_ACCESS without the check', () => {
    const admin = NtDuplicateToken(full, { tokenType: 1 }, luids).token!;
    NtAdjustPrivilegesToken(admin, false, [{ luid: SE_DEBUG_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED }]);
    expect(SeDebugPrivilegeCheck(admin, MAXIMUM_ALLOWED, PspProcessMapping, UserMode)).toEqual({
      held: true,
      grantedAccess: PROCESS_ALL_ACCESS,
    });
    // The limited token cannot enable it: it does not hold it.
    expect(SeDebugPrivilegeCheck(limited, MAXIMUM_ALLOWED, PspProcessMapping, UserMode).held).toBe(false);
  });
  it('SYSTEM itself opens winlogon fully', () => {
    expect(check(system, WINLOGON, PROCESS_ALL_ACCESS).status).toBe(STATUS.SUCCESS);
  });
});

describe('the DACL walk (ReactOS SepAccessCheck; MS-DTYP §2.5.3.2)', () => {
  it('a deny ACE before the allow ACE denies', () => {
    const d = 'D:(D;;0x10;;;WD)(A;;0x1fffff;;;WD)';
    expect(check(limited, d, PROCESS_VM_READ)).toMatchObject({
      status: STATUS.ACCESS_DENIED,
      denyReason: 'deny-ace',
    });
    expect(check(limited, d, PROCESS_QUERY_INFORMATION)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: 0x400,
    });
    expect(check(limited, d, MAXIMUM_ALLOWED).grantedAccess).toBe(0x1fffef);
  });
  it("a deny ACE after the rights were granted does not matter (order is the caller's business)", () => {
    const d = 'D:(A;;0x1fffff;;;WD)(D;;0x10;;;WD)';
    expect(check(limited, d, PROCESS_VM_READ)).toMatchObject({ status: STATUS.SUCCESS, grantedAccess: 0x10 });
    expect(check(limited, d, MAXIMUM_ALLOWED).grantedAccess).toBe(0x1fffff);
  });
  it('rights add up over several allow ACEs; one missing right fails the whole request', () => {
    const d = `D:(A;;0x10;;;WD)(A;;0x400;;;${USER})`;
    expect(check(limited, d, PROCESS_VM_READ | PROCESS_QUERY_INFORMATION).grantedAccess).toBe(0x410);
    expect(check(limited, d, PROCESS_VM_READ | PROCESS_TERMINATE)).toMatchObject({
      status: STATUS.ACCESS_DENIED,
      denyReason: 'not-granted',
    });
  });
  it('deny-only groups match deny ACEs but not allow ACEs', () => {
    expect(check(limited, 'D:(A;;0x1fffff;;;BA)', PROCESS_TERMINATE).status).toBe(STATUS.ACCESS_DENIED);
    expect(check(full, 'D:(A;;0x1fffff;;;BA)', PROCESS_TERMINATE).status).toBe(STATUS.SUCCESS);
    expect(check(limited, 'D:(D;;0x1;;;BA)(A;;0x1fffff;;;WD)', PROCESS_TERMINATE).denyReason).toBe(
      'deny-ace',
    );
  });
  it('the integrity label SID in the token never matches an ACE', () => {
    expect(check(limited, 'D:(A;;0x1fffff;;;ME)', PROCESS_TERMINATE).status).toBe(STATUS.ACCESS_DENIED);
  });
  it('inherit-only ACEs are skipped', () => {
    expect(check(limited, 'D:(A;IO;0x1fffff;;;WD)', PROCESS_TERMINATE).status).toBe(STATUS.ACCESS_DENIED);
  });
  it('generic rights are mapped through the object type', () => {
    expect(check(limited, 'D:(A;;GA;;;WD)', GENERIC_READ).grantedAccess).toBe(0x20410);
    expect(check(limited, 'D:(A;;GA;;;WD)', GENERIC_EXECUTE, PspThreadMapping).grantedAccess).toBe(0x121800);
    expect(check(limited, 'D:(A;;GR;;;WD)', PROCESS_VM_READ).grantedAccess).toBe(PROCESS_VM_READ);
  });
});

describe('NULL and empty DACLs', () => {
  it('a NULL DACL grants everything; MAXIMUM_ALLOWED gives GenericAll', () => {
    expect(check(limited, 'D:NO_ACCESS_CONTROL', PROCESS_VM_WRITE).grantedAccess).toBe(PROCESS_VM_WRITE);
    expect(check(limited, 'D:NO_ACCESS_CONTROL', MAXIMUM_ALLOWED).grantedAccess).toBe(0x1fffff);
    expect(check(limited, 'O:SY', MAXIMUM_ALLOWED).grantedAccess).toBe(0x1fffff); // no DACL at all
  });
  it('the label still applies to a NULL DACL: Medium on a High NW object gets GR|GX', () => {
    const d = 'D:NO_ACCESS_CONTROLS:(ML;;NW;;;HI)';
    expect(check(limited, d, PROCESS_VM_WRITE).denyReason).toBe('integrity');
    expect(check(limited, d, MAXIMUM_ALLOWED).grantedAccess).toBe(0x121411);
  });
  it("an empty DACL grants nothing, except the owner's implicit rights", () => {
    expect(check(limited, 'O:SYD:', PROCESS_QUERY_LIMITED_INFORMATION).status).toBe(STATUS.ACCESS_DENIED);
    expect(check(limited, 'O:SYD:', MAXIMUM_ALLOWED)).toMatchObject({
      status: STATUS.ACCESS_DENIED,
      grantedAccess: 0,
    });
    expect(check(limited, `O:${USER}D:`, MAXIMUM_ALLOWED)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: READ_CONTROL | WRITE_DAC,
    });
  });
});

describe('owner rights', () => {
  it('the owner gets READ_CONTROL | WRITE_DAC even when a deny ACE names it', () => {
    const d = `O:${USER}D:(D;;0x1fffff;;;${USER})`;
    expect(check(limited, d, READ_CONTROL | WRITE_DAC)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: 0x60000,
    });
    expect(check(limited, d, PROCESS_TERMINATE).denyReason).toBe('deny-ace');
  });
  it('an OWNER RIGHTS ACE replaces the implicit rights', () => {
    const d = `O:${USER}D:(A;;0x1000;;;OW)`;
    expect(check(limited, d, READ_CONTROL).status).toBe(STATUS.ACCESS_DENIED);
    expect(check(limited, d, PROCESS_QUERY_LIMITED_INFORMATION).grantedAccess).toBe(0x1000);
    expect(check(limited, d, MAXIMUM_ALLOWED).grantedAccess).toBe(0x1000);
    // OWNER RIGHTS means the owner only: SYSTEM is not the owner here.
    expect(check(system, d, PROCESS_QUERY_LIMITED_INFORMATION).status).toBe(STATUS.ACCESS_DENIED);
  });
  it('a deny-only owner group is not the owner', () => {
    expect(check(limited, 'O:BAD:', READ_CONTROL).status).toBe(STATUS.ACCESS_DENIED);
    expect(check(full, 'O:BAD:', READ_CONTROL).status).toBe(STATUS.SUCCESS);
  });
});

describe('the rest of SeAccessCheck', () => {
  it('kernel-mode callers get what they ask', () => {
    expect(
      SeAccessCheck(sd('D:'), limited, MAXIMUM_ALLOWED, PspProcessMapping, { previousMode: KernelMode }),
    ).toEqual({
      status: STATUS.SUCCESS,
      grantedAccess: 0x1fffff,
    });
  });
  it('no descriptor, or nothing asked, is STATUS_ACCESS_DENIED', () => {
    expect(
      SeAccessCheck(undefined, full, PROCESS_TERMINATE, PspProcessMapping, { previousMode: UserMode }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(check(full, 'D:NO_ACCESS_CONTROL', 0).status).toBe(STATUS.ACCESS_DENIED);
  });
  it('an identification-level impersonation token is STATUS_BAD_IMPERSONATION_LEVEL', () => {
    const ident = NtDuplicateToken(
      full,
      { tokenType: TokenImpersonation, securityQos: { impersonationLevel: SecurityIdentification } },
      luids,
    ).token!;
    expect(check(ident, 'D:NO_ACCESS_CONTROL', PROCESS_TERMINATE).status).toBe(
      STATUS.BAD_IMPERSONATION_LEVEL,
    );
  });
  it('ACCESS_SYSTEM_SECURITY needs SeSecurityPrivilege enabled (STATUS_PRIVILEGE_NOT_HELD)', () => {
    const admin = NtDuplicateToken(full, { tokenType: 1 }, luids).token!;
    expect(check(admin, 'D:(A;;GA;;;BA)', ACCESS_SYSTEM_SECURITY).status).toBe(STATUS.PRIVILEGE_NOT_HELD);
    NtAdjustPrivilegesToken(admin, false, [
      { luid: SE_SECURITY_PRIVILEGE, attributes: SE_PRIVILEGE_ENABLED },
    ]);
    expect(check(admin, 'D:', ACCESS_SYSTEM_SECURITY)).toMatchObject({
      status: STATUS.SUCCESS,
      grantedAccess: ACCESS_SYSTEM_SECURITY,
    });
  });
});
