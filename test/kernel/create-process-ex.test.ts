import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  PROCESSINFOCLASS,
  PS_PROCESS_FLAGS3_MINIMAL,
  PsCreateImageSection,
  type EPROCESS,
} from '../../src/kernel/ps/index.js';
import {
  PROCESS_QUERY_LIMITED_INFORMATION,
  SECTION_MAP_READ,
  SECTION_ALL_ACCESS,
} from '../../src/kernel/se/index.js';
import { APP, bootedMachine, NtCurrentProcess, out } from './support.js';

const MINIMAL = 0x800;

describe('NtCreateProcessEx', () => {
  it('PROCESS_CREATE_FLAGS_MINIMAL_PROCESS: no section, no PEB, no ntdll, Flags3.Minimal, no threads', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const r = m.sys(ex, 'NtCreateProcessEx', {
      DesiredAccess: 0x1fffff,
      ParentProcess: NtCurrentProcess,
      Flags: MINIMAL,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const h = out(r, 'ProcessHandle');
    const p = m.b.kernel.ps.activeProcesses.at(-1)!;
    expect(p.kind).toBe('minimal');
    expect(p.Peb).toBe(0);
    expect(p.SectionObject).toBeNull();
    expect(p.Flags3 & PS_PROCESS_FLAGS3_MINIMAL).toBe(1);
    expect(p.threads).toEqual([]);
    expect(p.addressSpace!.vadList).toEqual([]); // no image, no ntdll, no KUSER_SHARED_DATA
    expect(p.InheritedFromUniqueProcessId).toBe(ex.UniqueProcessId);
    const basic = m.sys(ex, 'NtQueryInformationProcess', {
      ProcessHandle: h,
      ProcessInformationClass: PROCESSINFOCLASS.ProcessBasicInformation,
    });
    expect(out<{ PebBaseAddress: number }>(basic, 'ProcessInformation').PebBaseAddress).toBe(0);
    const name = m.sys(ex, 'NtQueryInformationProcess', {
      ProcessHandle: h,
      ProcessInformationClass: PROCESSINFOCLASS.ProcessImageFileName,
    });
    expect(out<{ Length: number }>(name, 'ProcessInformation').Length).toBe(0);
    expect(
      m.sys(ex, 'NtQueryInformationProcess', {
        ProcessHandle: h,
        ProcessInformationClass: PROCESSINFOCLASS.ProcessImageFileNameWin32,
      }).status,
    ).toBe(STATUS.UNSUCCESSFUL);
    // Its threads are minimal: no TEB, no user stack.
    const t = m.sys(ex, 'NtCreateThreadEx', { DesiredAccess: 0x1fffff, ProcessHandle: h, StartRoutine: 0 });
    expect(t.status).toBe(STATUS.SUCCESS);
    expect([p.threads[0]!.Teb, p.threads[0]!.Minimal]).toEqual([0, true]);
    expect(p.addressSpace!.vadList).toEqual([]);
    // Terminated like any process; its PID goes with its last handle.
    expect(m.sys(ex, 'NtTerminateProcess', { ProcessHandle: h, ExitStatus: 0 }).status).toBe(STATUS.SUCCESS);
    const pid = p.UniqueProcessId;
    m.sys(ex, 'NtClose', { Handle: h });
    m.sys(ex, 'NtClose', { Handle: out(t, 'ThreadHandle') });
    expect(m.b.kernel.ps.cid.lookup(pid)).toBeUndefined();
  });

  it('from a section handle: the image, ntdll and a PEB, but no thread and no parameters', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const k = m.b.kernel;
    const s = PsCreateImageSection(k.ps, k.caller(ex), APP, SECTION_ALL_ACCESS);
    expect(s.status).toBe(STATUS.SUCCESS);
    let reported: string | null = null;
    k.ps.notify.PsSetCreateProcessNotifyRoutineEx((_p, _pid, info) => {
      if (info) reported = info.ImageFileName;
    }, false);
    const r = m.sys(ex, 'NtCreateProcessEx', {
      DesiredAccess: 0x1fffff,
      ParentProcess: NtCurrentProcess,
      Flags: 0,
      SectionHandle: s.SectionHandle,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const p = k.ps.activeProcesses.at(-1)! as EPROCESS;
    expect(p.kind).toBe('win32');
    expect(p.ImageFileName).toBe('notepad.exe');
    expect(p.Peb).not.toBe(0);
    expect(p.processParameters).toBe(0);
    expect(p.threads).toEqual([]);
    expect(p.SectionObject).toBe(s.section);
    // Process notify routines hear of it with its first thread.
    expect(reported).toBeNull();
    const t = m.sys(ex, 'NtCreateThreadEx', {
      DesiredAccess: 0x1fffff,
      ProcessHandle: out(r, 'ProcessHandle'),
      StartRoutine: p.SectionBaseAddress,
      CreateFlags: 1,
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    expect(reported).toBe(APP);
    expect(p.threads[0]!.Teb).not.toBe(0);
  });

  it('checks its arguments in WRK’s order and leaves nothing behind', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const k = m.b.kernel;
    const readOnly = PsCreateImageSection(k.ps, k.caller(ex), APP, SECTION_MAP_READ);
    const app = PsCreateImageSection(k.ps, k.caller(ex), APP, SECTION_ALL_ACCESS);
    const q = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: ex.UniqueProcessId },
    });
    const before = m.counts();
    const create = (args: Record<string, unknown>) =>
      m.sys(ex, 'NtCreateProcessEx', { DesiredAccess: 0x1fffff, ParentProcess: NtCurrentProcess, ...args })
        .status;
    expect(create({ ParentProcess: 0, Flags: MINIMAL })).toBe(STATUS.INVALID_PARAMETER);
    expect(create({ Flags: MINIMAL | 0x40 })).toBe(STATUS.INVALID_PARAMETER); // PROTECTED_PROCESS
    expect(create({ Flags: MINIMAL | 0x10000 })).toBe(STATUS.INVALID_PARAMETER); // not a flag
    expect(create({ Flags: MINIMAL | 0x10 })).toBe(STATUS.PRIVILEGE_NOT_HELD); // LARGE_PAGES
    expect(create({ Flags: MINIMAL | 0x400 })).toBe(STATUS.PRIVILEGE_NOT_HELD); // FORCE_BREAKAWAY
    expect(create({ Flags: MINIMAL, ParentProcess: out(q, 'ProcessHandle') })).toBe(STATUS.ACCESS_DENIED);
    expect(create({ Flags: MINIMAL, ParentProcess: 0x7ff0 })).toBe(STATUS.INVALID_HANDLE);
    expect(create({ Flags: MINIMAL, Reserved: 1 })).toBe(STATUS.INVALID_PARAMETER); // no job
    expect(create({ Flags: 0, SectionHandle: readOnly.SectionHandle })).toBe(STATUS.ACCESS_DENIED);
    expect(create({ Flags: 0, SectionHandle: out(q, 'ProcessHandle') })).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(create({ Flags: MINIMAL, SectionHandle: app.SectionHandle })).toBe(STATUS.INVALID_PARAMETER);
    expect(create({ Flags: 0 })).toBe(STATUS.NOT_IMPLEMENTED); // a fork of explorer
    expect(create({ Flags: MINIMAL, DebugPort: app.SectionHandle })).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(create({ Flags: MINIMAL, TokenHandle: app.SectionHandle })).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(create({ Flags: MINIMAL, ObjectAttributes: { Attributes: 0x80000 } })).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(m.counts()).toEqual(before);
  });

  it('a notify routine that refuses the process fails its first thread, leaving no thread behind', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const k = m.b.kernel;
    const s = PsCreateImageSection(k.ps, k.caller(ex), APP, SECTION_ALL_ACCESS);
    const r = m.sys(ex, 'NtCreateProcessEx', {
      DesiredAccess: 0x1fffff,
      ParentProcess: NtCurrentProcess,
      SectionHandle: s.SectionHandle,
    });
    k.ps.notify.PsSetCreateProcessNotifyRoutineEx((_p, _pid, info) => {
      if (info) info.CreationStatus = STATUS.ACCESS_DENIED;
    }, false);
    const before = m.counts();
    const t = m.sys(ex, 'NtCreateThreadEx', {
      DesiredAccess: 0x1fffff,
      ProcessHandle: out(r, 'ProcessHandle'),
      StartRoutine: 1,
    });
    expect(t.status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
  });
});
