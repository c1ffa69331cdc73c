import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

const TOKEN_ALL_ACCESS = 0xf01ff;
const PROCESS_DUP_HANDLE = 0x40;

// PspSetPrimaryToken (ReactOS ps/security.c) / Microsoft Learn CreateProcessAsUserW: a primary token
// that is neither a child nor a sibling of the caller's needs SeAssignPrimaryTokenPrivilege.
describe('NtCreateUserProcess with PsAttributeToken from user mode', () => {
  const m = bootedMachine();
  const explorer = m.byName('explorer.exe');
  const wininit = m.byName('wininit.exe');

  /** A handle in explorer's table to wininit's (SYSTEM) token, put there by wininit. */
  const systemTokenInExplorer = (): number => {
    const t = m.sys(wininit, 'NtOpenProcessToken', {
      ProcessHandle: NtCurrentProcess,
      DesiredAccess: TOKEN_ALL_ACCESS,
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    const p = m.sys(wininit, 'NtOpenProcess', {
      DesiredAccess: PROCESS_DUP_HANDLE,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: explorer.UniqueProcessId },
    });
    expect(p.status).toBe(STATUS.SUCCESS);
    const d = m.sys(wininit, 'NtDuplicateObject', {
      SourceProcessHandle: NtCurrentProcess,
      SourceHandle: out(t, 'TokenHandle'),
      TargetProcessHandle: out(p, 'ProcessHandle'),
      DesiredAccess: 0,
      Options: 2,
    });
    expect(d.status).toBe(STATUS.SUCCESS);
    return out(d, 'TargetHandle');
  };

  it("another logon session's token without the privilege: STATUS_PRIVILEGE_NOT_HELD, nothing made", () => {
    const handle = systemTokenInExplorer();
    const before = m.counts();
    expect(m.spawn(explorer, { tokenHandle: handle }).status).toBe(STATUS.PRIVILEGE_NOT_HELD);
    expect(m.counts()).toEqual(before);
  });

  it("a duplicate of the caller's own token (a sibling) needs no privilege", () => {
    const t = m.sys(explorer, 'NtOpenProcessToken', {
      ProcessHandle: NtCurrentProcess,
      DesiredAccess: TOKEN_ALL_ACCESS,
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    const dup = m.sys(explorer, 'NtDuplicateToken', {
      ExistingTokenHandle: out(t, 'TokenHandle'),
      DesiredAccess: TOKEN_ALL_ACCESS,
      ObjectAttributes: null,
      EffectiveOnly: false,
      TokenType: 1,
    });
    expect(dup.status).toBe(STATUS.SUCCESS);
    expect(m.spawn(explorer, { tokenHandle: out(dup, 'NewTokenHandle') }).status).toBe(STATUS.SUCCESS);
  });
});
