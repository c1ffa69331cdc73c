import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

const TOKEN_QUERY = 0x8;
const TOKEN_ADJUST_PRIVILEGES = 0x20;
const SE_SHUTDOWN_PRIVILEGE = 19;
const SE_TCB_PRIVILEGE = 7;
const SE_PRIVILEGE_ENABLED = 0x2;

// Microsoft Learn "GetTokenInformation" / "AdjustTokenPrivileges" / "TOKEN_LINKED_TOKEN".
describe('NtQueryInformationToken, NtAdjustPrivilegesToken, NtSetInformationToken', () => {
  const m = bootedMachine();
  const explorer = m.byName('explorer.exe');
  const open = (access: number): number => {
    const t = m.sys(explorer, 'NtOpenProcessToken', {
      ProcessHandle: NtCurrentProcess,
      DesiredAccess: access,
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    return out(t, 'TokenHandle');
  };
  const query = (h: number, c: number) =>
    m.sys(explorer, 'NtQueryInformationToken', { TokenHandle: h, TokenInformationClass: c });

  it("explorer's token: the user, session 1, Medium, the limited half of a split token", () => {
    const h = open(TOKEN_QUERY);
    expect(out<{ User: { Sid: string } }>(query(h, 1), 'TokenInformation').User.Sid).toBe(
      'S-1-5-21-1004336348-1177238915-682003330-1001',
    );
    expect(out(query(h, 12), 'TokenInformation')).toBe(1);
    expect(out(query(h, 18), 'TokenInformation')).toBe(3); // TokenElevationTypeLimited
    expect(out<{ Name: string }>(query(h, 25), 'TokenInformation').Name).toBe('Medium');
    expect(out(query(h, 20), 'TokenInformation')).toEqual({ TokenIsElevated: 0 });
    // Without SeTcbPrivilege the linked (elevated) token comes back as an identification token.
    const linked = out<{ LinkedToken: number }>(query(h, 19), 'TokenInformation').LinkedToken;
    expect(out(query(linked, 8), 'TokenInformation')).toBe(2); // TokenImpersonation
    expect(out(query(linked, 18), 'TokenInformation')).toBe(2); // TokenElevationTypeFull
    expect(query(h, 999).status).toBe(STATUS.INVALID_INFO_CLASS);
  });

  it('the handle must grant TOKEN_QUERY / TOKEN_ADJUST_PRIVILEGES', () => {
    const h = open(TOKEN_ADJUST_PRIVILEGES);
    expect(query(h, 1).status).toBe(STATUS.ACCESS_DENIED);
    const q = open(TOKEN_QUERY);
    expect(
      m.sys(explorer, 'NtAdjustPrivilegesToken', {
        TokenHandle: q,
        DisableAllPrivileges: false,
        NewState: [],
      }).status,
    ).toBe(STATUS.ACCESS_DENIED);
  });

  it('enables a held privilege; one the token lacks is STATUS_NOT_ALL_ASSIGNED; TokenSessionId needs SeTcb', () => {
    const h = open(TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY);
    const r = m.sys(explorer, 'NtAdjustPrivilegesToken', {
      TokenHandle: h,
      DisableAllPrivileges: false,
      NewState: [{ Luid: SE_SHUTDOWN_PRIVILEGE, Attributes: SE_PRIVILEGE_ENABLED }],
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const privileges = out<{ Privileges: { Luid: number; Attributes: number }[] }>(
      query(h, 3),
      'TokenInformation',
    ).Privileges;
    expect(privileges.find((p) => p.Luid === SE_SHUTDOWN_PRIVILEGE)!.Attributes & SE_PRIVILEGE_ENABLED).toBe(
      SE_PRIVILEGE_ENABLED,
    );
    expect(
      m.sys(explorer, 'NtAdjustPrivilegesToken', {
        TokenHandle: h,
        DisableAllPrivileges: false,
        NewState: [{ Luid: SE_TCB_PRIVILEGE, Attributes: SE_PRIVILEGE_ENABLED }],
      }).status,
    ).toBe(STATUS.NOT_ALL_ASSIGNED);
    const all = open(0xf01ff);
    expect(
      m.sys(explorer, 'NtSetInformationToken', {
        TokenHandle: all,
        TokenInformationClass: 12,
        TokenInformation: 0,
      }).status,
    ).toBe(STATUS.PRIVILEGE_NOT_HELD);
  });
});
