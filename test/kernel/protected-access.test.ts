import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { ObEnumerateHandles } from '../../src/kernel/ob/index.js';
import { NtCreateUserProcess, type EPROCESS } from '../../src/kernel/ps/index.js';
import { KernelMode, UserMode, type KPROCESSOR_MODE } from '../../src/kernel/se/index.js';
import { bootMachine } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import { APP, userProcessParameters } from './support.js';

/**
 * Opening, duplicating and creating protected processes on the default machine with RunAsPPL:
 * lsass Lsa-Light 0x41, MsMpEng Antimalware-Light 0x31, wininit/services WinTcb-Light 0x61.
 * Expected masks from ../shared/reference/internals.md §4.2: a non-dominating caller keeps
 * 0x1FFFFF & ~DeniedProcessAccess (0xFC7FF for Lsa/Antimalware/WinTcb → 0x103800) and
 * 0x1FFFFF & ~DeniedThreadAccess (0xFE3FF → 0x101C00); an explicit denied right is
 * STATUS_ACCESS_DENIED; SeDebugPrivilege does not lift it (paragmali after Ionescu); kernel-mode
 * opens are not restricted (PspCheckForInvalidAccessByProtection: AccessMode && …).
 */
const PROCESS_ALL_ACCESS = 0x1fffff;
const THREAD_ALL_ACCESS = 0x1fffff;
const MAXIMUM_ALLOWED = 0x02000000;
const GENERIC_ALL = 0x10000000;
const PROCESS_TERMINATE = 0x1;
const PROCESS_VM_READ = 0x10;
const PROCESS_DUP_HANDLE = 0x40;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const DUPLICATE_SAME_ACCESS = 2;
const NtCurrentProcess = -1;

function machine() {
  const b = bootMachine(Machine.assemble({ settings: { lsaRunAsPpl: true } }));
  const k = b.kernel;
  const byName = (n: string): EPROCESS => k.ps.activeProcesses.find((p) => p.ImageFileName === n)!;
  const sys = (
    p: EPROCESS,
    service: string,
    args: Record<string, unknown>,
    mode: KPROCESSOR_MODE = UserMode,
  ) => k.services.KiSystemService({ service, args, previousMode: mode, context: k.caller(p, mode) });
  const granted = (p: EPROCESS, h: number): number =>
    ObEnumerateHandles(p.ObjectTable!).find((e) => e.handle === h)!.grantedAccess;
  const open = (as: EPROCESS, target: EPROCESS, access: number, mode: KPROCESSOR_MODE = UserMode) => {
    const r = sys(
      as,
      'NtOpenProcess',
      {
        DesiredAccess: access,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: target.UniqueProcessId },
      },
      mode,
    );
    const h = (r.out as { ProcessHandle?: number } | undefined)?.ProcessHandle;
    return {
      status: r.status,
      handle: h,
      granted: h !== undefined && mode === UserMode ? granted(as, h) : 0,
    };
  };
  return { b, k, byName, sys, granted, open };
}

describe('NtOpenProcess / NtOpenThread of a protected process', () => {
  const m = machine();
  const lsass = m.byName('lsass.exe');
  const msmpeng = m.byName('MsMpEng.exe');
  const services = m.byName('services.exe');
  // winlogon runs as SYSTEM, unprotected, with SeDebugPrivilege enabled in its token.
  const winlogon = m.byName('winlogon.exe');

  it('lsass (Lsa-Light) from SYSTEM with SeDebugPrivilege: PROCESS_ALL_ACCESS, VM_READ, TERMINATE are STATUS_ACCESS_DENIED', () => {
    expect(lsass.Protection).toBe(0x41);
    for (const access of [
      PROCESS_ALL_ACCESS,
      PROCESS_VM_READ,
      PROCESS_TERMINATE,
      GENERIC_ALL,
      MAXIMUM_ALLOWED | PROCESS_VM_READ,
    ])
      expect(m.open(winlogon, lsass, access).status).toBe(STATUS.ACCESS_DENIED);
  });

  it('lsass from SYSTEM: PROCESS_QUERY_LIMITED_INFORMATION works, MAXIMUM_ALLOWED gets exactly 0x103800', () => {
    expect(m.open(winlogon, lsass, PROCESS_QUERY_LIMITED_INFORMATION)).toMatchObject({
      status: STATUS.SUCCESS,
      granted: PROCESS_QUERY_LIMITED_INFORMATION,
    });
    expect(m.open(winlogon, lsass, MAXIMUM_ALLOWED)).toMatchObject({
      status: STATUS.SUCCESS,
      granted: 0x103800,
    });
  });

  it('a limited handle fails NtReadVirtualMemory with STATUS_ACCESS_DENIED (the handle check)', () => {
    const h = m.open(winlogon, lsass, MAXIMUM_ALLOWED).handle!;
    const r = m.sys(winlogon, 'NtReadVirtualMemory', {
      ProcessHandle: h,
      BaseAddress: lsass.Peb,
      BufferSize: 8,
    });
    expect(r.status).toBe(STATUS.ACCESS_DENIED);
  });

  it('a thread of lsass: THREAD_ALL_ACCESS denied, MAXIMUM_ALLOWED gets 0x101C00', () => {
    const tid = lsass.threads[0]!.Cid.UniqueThread;
    const openThread = (access: number) => {
      const r = m.sys(winlogon, 'NtOpenThread', {
        DesiredAccess: access,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: 0, UniqueThread: tid },
      });
      const h = (r.out as { ThreadHandle?: number } | undefined)?.ThreadHandle;
      return { status: r.status, granted: h === undefined ? 0 : m.granted(winlogon, h) };
    };
    expect(openThread(THREAD_ALL_ACCESS).status).toBe(STATUS.ACCESS_DENIED);
    expect(openThread(MAXIMUM_ALLOWED)).toEqual({ status: STATUS.SUCCESS, granted: 0x101c00 });
  });

  it('the table, not the folklore: Lsa-Light and Antimalware-Light do not dominate each other; WinTcb-Light dominates both', () => {
    expect(m.open(lsass, msmpeng, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.open(msmpeng, lsass, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.open(lsass, msmpeng, MAXIMUM_ALLOWED).granted).toBe(0x103800);
    expect(m.open(services, lsass, PROCESS_ALL_ACCESS)).toMatchObject({
      status: STATUS.SUCCESS,
      granted: PROCESS_ALL_ACCESS,
    });
    expect(m.open(services, msmpeng, PROCESS_VM_READ).status).toBe(STATUS.SUCCESS);
  });

  it('a kernel-mode open is not restricted', () => {
    expect(m.open(winlogon, lsass, PROCESS_ALL_ACCESS, KernelMode).status).toBe(STATUS.SUCCESS);
  });
});

describe('NtDuplicateObject of a protected process handle', () => {
  it('the process receiving the handle must dominate the target: services → winlogon is refused, a limited copy is not', () => {
    const m = machine();
    const lsass = m.byName('lsass.exe');
    const services = m.byName('services.exe');
    const winlogon = m.byName('winlogon.exe');
    const full = m.open(services, lsass, PROCESS_ALL_ACCESS).handle!;
    const toWinlogon = m.open(services, winlogon, PROCESS_DUP_HANDLE).handle!;
    const dup = (options: number, access = 0) =>
      m.sys(services, 'NtDuplicateObject', {
        SourceProcessHandle: NtCurrentProcess,
        SourceHandle: full,
        TargetProcessHandle: toWinlogon,
        DesiredAccess: access,
        Options: options,
      });
    const before = ObEnumerateHandles(winlogon.ObjectTable!).length;
    expect(dup(DUPLICATE_SAME_ACCESS).status).toBe(STATUS.ACCESS_DENIED);
    expect(dup(0, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(ObEnumerateHandles(winlogon.ObjectTable!).length).toBe(before);
    const ok = dup(0, PROCESS_QUERY_LIMITED_INFORMATION);
    expect(ok.status).toBe(STATUS.SUCCESS);
    expect(m.granted(winlogon, (ok.out as { TargetHandle: number }).TargetHandle)).toBe(
      PROCESS_QUERY_LIMITED_INFORMATION,
    );
    // Into the caller itself (services dominates lsass): the full rights stay.
    const self = m.sys(services, 'NtDuplicateObject', {
      SourceProcessHandle: NtCurrentProcess,
      SourceHandle: full,
      TargetProcessHandle: NtCurrentProcess,
      Options: DUPLICATE_SAME_ACCESS,
    });
    expect(self.status).toBe(STATUS.SUCCESS);
  });
});

describe('NtCreateUserProcess of a protected child by an unprotected creator', () => {
  const WININIT = '\\??\\C:\\Windows\\System32\\wininit.exe';
  const create = (m: ReturnType<typeof machine>, creator: EPROCESS, access: number, level: number) =>
    NtCreateUserProcess(
      m.k.ps,
      m.k.caller(creator),
      userProcessParameters(WININIT, {
        access,
        commandLine: 'wininit.exe',
        attributes: { ProtectionLevel: level },
      }),
    );

  it('MAXIMUM_ALLOWED handles get ~Denied & 0x1FFFFF (0x103800 / 0x101C00); the parent may still terminate', () => {
    const m = machine();
    const ex = m.b.explorer;
    const r = create(m, ex, MAXIMUM_ALLOWED, 0x61);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(m.granted(ex, r.ProcessHandle!)).toBe(0x103800);
    expect(m.granted(ex, r.ThreadHandle!)).toBe(0x101c00);
    // PspIsParentProcess: the parent's PROCESS_TERMINATE is not denied (19041 PspProcessOpen).
    expect(m.open(ex, r.process!, PROCESS_TERMINATE).status).toBe(STATUS.SUCCESS);
    expect(m.open(ex, r.process!, PROCESS_VM_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(r.process!.SignatureLevel).toBe(0x0e);
    expect(r.process!.SectionSignatureLevel).toBe(0x0c);
  });

  it('explicit PROCESS_ALL_ACCESS handles are refused (STATUS_ACCESS_DENIED) and nothing is left', () => {
    const m = machine();
    const ex = m.b.explorer;
    const count = m.k.ps.activeProcesses.length;
    const handles = ObEnumerateHandles(ex.ObjectTable!).length;
    expect(create(m, ex, PROCESS_ALL_ACCESS, 0x61).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.k.ps.activeProcesses.length).toBe(count);
    expect(ObEnumerateHandles(ex.ObjectTable!).length).toBe(handles);
  });

  it('an image not signed for the level is STATUS_INVALID_IMAGE_HASH: notepad (Windows, no PPL EKU) as WinTcb-Light', () => {
    const m = machine();
    const ex = m.b.explorer;
    const count = m.k.ps.activeProcesses.length;
    const r = NtCreateUserProcess(
      m.k.ps,
      m.k.caller(ex),
      userProcessParameters(APP, {
        access: MAXIMUM_ALLOWED,
        commandLine: 'notepad',
        attributes: { ProtectionLevel: 0x61 },
      }),
    );
    expect(r.status).toBe(STATUS.INVALID_IMAGE_HASH);
    expect(m.k.ps.activeProcesses.length).toBe(count);
  });

  it('a protected creator may not pass inherited handles to a child that does not dominate it (STATUS_INVALID_PARAMETER)', () => {
    const m = machine();
    const services = m.byName('services.exe');
    const r = NtCreateUserProcess(
      m.k.ps,
      m.k.caller(services),
      userProcessParameters(APP, { access: MAXIMUM_ALLOWED, processFlags: 0x4, commandLine: 'notepad' }),
    );
    expect(r.status).toBe(STATUS.INVALID_PARAMETER);
  });
});
