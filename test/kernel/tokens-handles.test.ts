import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { ObEnumerateHandles } from '../../src/kernel/ob/index.js';
import {
  PROCESS_ALL_ACCESS,
  PROCESS_DUP_HANDLE,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_VM_READ,
  SecurityImpersonation,
  TOKEN_ALL_ACCESS,
  TOKEN_ASSIGN_PRIMARY,
  TOKEN_DUPLICATE,
  TOKEN_QUERY,
  TokenImpersonation,
  TokenPrimary,
  type TOKEN,
} from '../../src/kernel/se/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

const DUPLICATE_CLOSE_SOURCE = 1;
const DUPLICATE_SAME_ACCESS = 2;

describe('tokens as objects: NtOpenProcessToken(Ex), NtDuplicateToken, PsAttributeToken by handle', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const k = m.b.kernel;
  const entry = (handle: number) => ObEnumerateHandles(ex.ObjectTable!).find((h) => h.handle === handle)!;

  it('every process’s primary token is a Token object; its own token opens with all access', () => {
    expect(k.ps.tokenObjects.get(ex.Token!)?.type.name).toBe('Token');
    const r = m.sys(ex, 'NtOpenProcessToken', {
      ProcessHandle: NtCurrentProcess,
      DesiredAccess: TOKEN_ALL_ACCESS,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(entry(out(r, 'TokenHandle'))).toMatchObject({ type: 'Token', grantedAccess: TOKEN_ALL_ACCESS });
    const inherit = m.sys(ex, 'NtOpenProcessTokenEx', {
      ProcessHandle: NtCurrentProcess,
      DesiredAccess: TOKEN_QUERY,
      HandleAttributes: 2, // OBJ_INHERIT
    });
    expect(entry(out(inherit, 'TokenHandle')).inherit).toBe(true);
  });

  it('needs PROCESS_QUERY_LIMITED_INFORMATION, then the token’s own access check', () => {
    const elevated = m.spawn(ex, { token: m.b.userToken.linkedToken! }).process!;
    const lsass = k.ps.activeProcesses.find((p) => p.ImageFileName === 'lsass.exe')!;
    const openProcess = (as: typeof ex, pid: number, access: number) =>
      out(
        m.sys(as, 'NtOpenProcess', {
          DesiredAccess: access,
          ObjectAttributes: {},
          ClientId: { UniqueProcess: pid },
        }),
        'ProcessHandle',
      );
    const before = m.counts();
    // A handle without PROCESS_QUERY_LIMITED_INFORMATION.
    const sync = openProcess(ex, elevated.UniqueProcessId, 0x100000);
    const afterOpen = m.counts();
    expect(m.sys(ex, 'NtOpenProcessToken', { ProcessHandle: sync, DesiredAccess: TOKEN_QUERY }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(
      m.sys(ex, 'NtOpenProcessToken', { ProcessHandle: 0x7ff0, DesiredAccess: TOKEN_QUERY }).status,
    ).toBe(STATUS.INVALID_HANDLE);
    expect(
      m.sys(ex, 'NtOpenProcessTokenEx', {
        ProcessHandle: NtCurrentProcess,
        DesiredAccess: 8,
        HandleAttributes: 0x80000,
      }).status,
    ).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(afterOpen);
    m.sys(ex, 'NtClose', { Handle: sync });
    expect(m.counts()).toEqual(before);
    // The High admin can query lsass's token (Administrators: GENERIC_READ) but not adjust it.
    const h = openProcess(elevated, lsass.UniqueProcessId, PROCESS_QUERY_LIMITED_INFORMATION);
    expect(
      m.sys(elevated, 'NtOpenProcessToken', { ProcessHandle: h, DesiredAccess: TOKEN_QUERY }).status,
    ).toBe(STATUS.SUCCESS);
    expect(m.sys(elevated, 'NtOpenProcessToken', { ProcessHandle: h, DesiredAccess: 0x20 }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
  });

  it('NtDuplicateToken makes a new Token object; its handle makes a process (TOKEN_ASSIGN_PRIMARY)', () => {
    const own = out(
      m.sys(ex, 'NtOpenProcessToken', { ProcessHandle: NtCurrentProcess, DesiredAccess: TOKEN_DUPLICATE }),
      'TokenHandle',
    );
    const objects = m.counts().objects as number;
    const d = m.sys(ex, 'NtDuplicateToken', {
      ExistingTokenHandle: own,
      DesiredAccess: 0, // the existing handle's rights
      ObjectAttributes: {},
      EffectiveOnly: false,
      TokenType: TokenPrimary,
    });
    expect(d.status).toBe(STATUS.SUCCESS);
    expect(m.counts().objects).toBe(objects + 1);
    const copy = out(d, 'NewTokenHandle');
    expect(entry(copy).grantedAccess).toBe(TOKEN_DUPLICATE);
    // Only TOKEN_DUPLICATE: it cannot be assigned.
    expect(m.spawn(ex, { tokenHandle: copy }).status).toBe(STATUS.ACCESS_DENIED);
    const full = out(
      m.sys(ex, 'NtDuplicateToken', {
        ExistingTokenHandle: own,
        DesiredAccess: TOKEN_ALL_ACCESS,
        ObjectAttributes: {},
        TokenType: TokenPrimary,
      }),
      'NewTokenHandle',
    );
    const fullEntry = entry(full);
    expect(fullEntry.type).toBe('Token');
    const child = m.spawn(ex, { tokenHandle: full });
    expect(child.status).toBe(STATUS.SUCCESS);
    const used = child.process!.Token!;
    // That token itself (it was not in use): the process's token object is the handle's.
    expect(k.ps.tokenObjects.get(used)!.bodyAddress).toBe(fullEntry.object);
    expect(m.spawn(ex, { tokenHandle: full }).process!.Token).not.toBe(used); // in use → a copy
    // An impersonation token cannot be a primary token.
    const imp = out(
      m.sys(ex, 'NtDuplicateToken', {
        ExistingTokenHandle: own,
        DesiredAccess: TOKEN_ASSIGN_PRIMARY,
        ObjectAttributes: { SecurityQualityOfService: { ImpersonationLevel: SecurityImpersonation } },
        TokenType: TokenImpersonation,
      }),
      'NewTokenHandle',
    );
    const before = m.counts();
    expect(m.spawn(ex, { tokenHandle: imp }).status).toBe(STATUS.BAD_TOKEN_TYPE);
    expect(m.spawn(ex, { tokenHandle: 0x7ff0 }).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.spawn(ex, { tokenHandle: full, token: ex.Token as TOKEN }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(
      m.sys(ex, 'NtDuplicateToken', { ExistingTokenHandle: own, DesiredAccess: 0, TokenType: 3 }).status,
    ).toBe(STATUS.INVALID_PARAMETER);
    expect(
      m.sys(ex, 'NtDuplicateToken', { ExistingTokenHandle: imp, DesiredAccess: 0, TokenType: TokenPrimary })
        .status,
    ).toBe(STATUS.ACCESS_DENIED); // imp was opened with TOKEN_ASSIGN_PRIMARY only
    expect(m.counts()).toEqual(before);
  });
});

describe('NtDuplicateObject', () => {
  it('duplicates NtCurrentProcess() into a real handle, and handles between processes with PROCESS_DUP_HANDLE', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const entries = (p: typeof ex) => ObEnumerateHandles(p.ObjectTable!);
    const self = m.sys(ex, 'NtDuplicateObject', {
      SourceProcessHandle: NtCurrentProcess,
      SourceHandle: NtCurrentProcess,
      TargetProcessHandle: NtCurrentProcess,
      Options: DUPLICATE_SAME_ACCESS,
    });
    expect(self.status).toBe(STATUS.SUCCESS);
    const h = out(self, 'TargetHandle');
    expect(entries(ex).find((e) => e.handle === h)).toMatchObject({
      type: 'Process',
      object: ex.header!.bodyAddress,
      grantedAccess: PROCESS_ALL_ACCESS,
    });
    // Into a child, then back with DUPLICATE_CLOSE_SOURCE.
    const child = m.spawn(ex);
    const into = m.sys(ex, 'NtDuplicateObject', {
      SourceProcessHandle: NtCurrentProcess,
      SourceHandle: h,
      TargetProcessHandle: child.ProcessHandle,
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
    });
    expect(into.status).toBe(STATUS.SUCCESS);
    const inChild = out(into, 'TargetHandle');
    expect(entries(child.process!).find((e) => e.handle === inChild)!.grantedAccess).toBe(
      PROCESS_QUERY_LIMITED_INFORMATION,
    );
    const back = m.sys(ex, 'NtDuplicateObject', {
      SourceProcessHandle: child.ProcessHandle,
      SourceHandle: inChild,
      TargetProcessHandle: NtCurrentProcess,
      Options: DUPLICATE_SAME_ACCESS | DUPLICATE_CLOSE_SOURCE,
    });
    expect(back.status).toBe(STATUS.SUCCESS);
    expect(entries(child.process!).some((e) => e.handle === inChild)).toBe(false);
  });
  it('refuses without PROCESS_DUP_HANDLE, and more rights than the source needs the object’s access check', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const elevated = m.spawn(ex, { token: m.b.userToken.linkedToken! }).process!;
    const open = (access: number) =>
      out(
        m.sys(ex, 'NtOpenProcess', {
          DesiredAccess: access,
          ObjectAttributes: {},
          ClientId: { UniqueProcess: elevated.UniqueProcessId },
        }),
        'ProcessHandle',
      );
    const limited = open(PROCESS_QUERY_LIMITED_INFORMATION);
    const before = m.counts();
    const dup = (args: Record<string, unknown>) =>
      m.sys(ex, 'NtDuplicateObject', {
        SourceProcessHandle: NtCurrentProcess,
        SourceHandle: limited,
        TargetProcessHandle: NtCurrentProcess,
        ...args,
      }).status;
    // Explorer may not raise a Medium→High handle to PROCESS_VM_READ by duplicating it.
    expect(dup({ DesiredAccess: PROCESS_VM_READ })).toBe(STATUS.ACCESS_DENIED);
    expect(dup({ SourceProcessHandle: limited })).toBe(STATUS.ACCESS_DENIED); // no PROCESS_DUP_HANDLE
    expect(dup({ SourceHandle: 0x7ff0, DesiredAccess: 0 })).toBe(STATUS.INVALID_HANDLE);
    expect(dup({ TargetProcessHandle: 0, DesiredAccess: 0 })).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
    expect(dup({ DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION })).toBe(STATUS.SUCCESS);
    expect(PROCESS_DUP_HANDLE).toBe(0x40);
  });
});
