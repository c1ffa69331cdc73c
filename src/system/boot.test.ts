import { describe, expect, it } from 'vitest';
import { STATUS } from '../base/index.js';
import { resolveField } from '../base/layout/index.js';
import { regSz, setWin32Value, createWin32Key } from '../kernel/cm/index.js';
import { IoWriteFile } from '../kernel/io/index.js';
import { ObSnapshotCounts } from '../kernel/ob/index.js';
import {
  NtCreateUserProcess,
  PsCreateState,
  type EPROCESS,
  type NtCreateUserProcessParameters,
} from '../kernel/ps/index.js';
import { writePe } from '../pe/index.js';
import { bootMachine } from './boot.js';
import { Machine } from './machine.js';

const IMAGE_FILE_DLL = 0x2000;

function params(
  ntPath: string,
  win32Path: string,
  extra: Partial<NtCreateUserProcessParameters> = {},
): NtCreateUserProcessParameters {
  return {
    ProcessDesiredAccess: 0x1fffff,
    ThreadDesiredAccess: 0x1fffff,
    ProcessFlags: 0,
    ThreadFlags: 1, // THREAD_CREATE_FLAGS_CREATE_SUSPENDED, as CreateProcessInternalW passes it
    ProcessParameters: {
      imagePathName: win32Path,
      commandLine: `"${win32Path}" --x`,
      currentDirectory: 'C:\\Users\\user\\',
    },
    CreateInfo: { State: PsCreateState.PsCreateInitialState, InitFlags: IMAGE_FILE_DLL << 16 },
    AttributeList: { ImageName: ntPath },
    ...extra,
  };
}

describe('boot (Windows Internals 7 ch. 12: System → smss → csrss/wininit/winlogon → … → explorer)', () => {
  const b = bootMachine(Machine.assemble());
  const procs = b.kernel.ps.activeProcesses;
  const byName = (n: string): EPROCESS[] => procs.filter((p) => p.ImageFileName === n);
  it('starts the processes of a Windows 10 desktop, in order, with their parents, sessions and users', () => {
    expect(procs.map((p) => p.ImageFileName)).toEqual([
      'System',
      'Registry',
      'smss.exe',
      'csrss.exe',
      'wininit.exe',
      'csrss.exe',
      'winlogon.exe',
      'services.exe',
      'lsass.exe',
      'svchost.exe',
      'svchost.exe',
      'MemCompression',
      'MsMpEng.exe',
      'explorer.exe',
    ]);
    const [system] = byName('System');
    expect(system!.UniqueProcessId).toBe(4);
    expect(system!.Peb).toBe(0);
    expect(byName('smss.exe')[0]!.InheritedFromUniqueProcessId).toBe(4);
    // The kernel's minimal processes (reference §7, §11): children of System, no PEB, no image.
    for (const name of ['Registry', 'MemCompression']) {
      const [p] = byName(name);
      expect([p!.InheritedFromUniqueProcessId, p!.kind, p!.Peb, p!.SectionObject]).toEqual([
        4,
        'minimal',
        0,
        null,
      ]);
    }
    // csrss and wininit were started by a per-session smss that has exited.
    const [csrss0, csrss1] = byName('csrss.exe');
    expect(procs.some((p) => p.UniqueProcessId === csrss0!.InheritedFromUniqueProcessId)).toBe(false);
    expect([csrss0!.SessionId, csrss1!.SessionId]).toEqual([0, 1]);
    expect(byName('services.exe')[0]!.InheritedFromUniqueProcessId).toBe(
      byName('wininit.exe')[0]!.UniqueProcessId,
    );
    const explorer = byName('explorer.exe')[0]!;
    expect(explorer.SessionId).toBe(1);
    expect(explorer.kind).toBe('win32');
    expect(byName('smss.exe')[0]!.kind).toBe('native');
    for (const p of procs) expect(p.UniqueProcessId % 4).toBe(0);
  });
  it('writes each PEB and TEB as x64 bytes the loader can read', () => {
    const explorer = byName('explorer.exe')[0]!;
    const as = explorer.addressSpace!;
    const L = b.kernel.mm.layout;
    const at = (s: string, f: string): number => resolveField(L, s, f).offset;
    expect(as.ptr(explorer.Peb + at('_PEB', 'ImageBaseAddress'))).toBe(explorer.SectionBaseAddress);
    const params = as.ptr(explorer.Peb + at('_PEB', 'ProcessParameters'));
    const cmd = params + at('_RTL_USER_PROCESS_PARAMETERS', 'CommandLine');
    expect(as.readUtf16(as.ptr(cmd + 8), as.u16(cmd))).toBe('C:\\Windows\\Explorer.EXE');
    const teb = explorer.threads[0]!.Teb;
    expect(as.ptr(teb + at('_TEB', 'ProcessEnvironmentBlock'))).toBe(explorer.Peb);
    const apiSet = as.ptr(explorer.Peb + at('_PEB', 'ApiSetMap'));
    expect(as.u16(apiSet)).toBe(6); // API_SET_NAMESPACE.Version
  });
  it('is deterministic per seed', () => {
    const again = bootMachine(Machine.assemble());
    expect(
      again.kernel.ps.activeProcesses.map((p) => [p.UniqueProcessId, p.Peb, p.SectionBaseAddress]),
    ).toEqual(procs.map((p) => [p.UniqueProcessId, p.Peb, p.SectionBaseAddress]));
    const other = bootMachine(Machine.assemble(), { seed: 2 });
    expect(other.kernel.ps.activeProcesses.map((p) => p.Peb)).not.toEqual(procs.map((p) => p.Peb));
  });
  it('minimal boot: System, smss, csrss, wininit, explorer', () => {
    const m = bootMachine(Machine.assemble(), { mode: 'minimal' });
    expect(m.kernel.ps.activeProcesses.map((p) => p.ImageFileName)).toEqual([
      'System',
      'smss.exe',
      'csrss.exe',
      'wininit.exe',
      'explorer.exe',
    ]);
  });
});

describe('NtCreateUserProcess from explorer', () => {
  const setup = () => {
    const machine = Machine.assemble();
    IoWriteFile(
      machine.namespace,
      '\\??\\C:\\Users\\user\\Desktop\\app.exe',
      writePe({ imports: { 'kernel32.dll': ['ExitProcess'] } }),
    );
    IoWriteFile(machine.namespace, '\\??\\C:\\Users\\user\\Desktop\\lib.dll', writePe({ kind: 'dll' }));
    IoWriteFile(
      machine.namespace,
      '\\??\\C:\\Users\\user\\Desktop\\notes.txt',
      new TextEncoder().encode('hello'),
    );
    const b = bootMachine(machine);
    const caller = b.kernel.caller(b.explorer);
    const counts = () => ({
      ...ObSnapshotCounts(b.kernel.ob),
      cids: b.kernel.ps.cid.count,
      active: b.kernel.ps.activeProcesses.length,
      explorerHandles: b.explorer.ObjectTable!.handleCount,
    });
    return { b, caller, counts };
  };
  it('creates a suspended process: handles, client id, PEB address, image info', () => {
    const { b, caller } = setup();
    const p = params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe');
    const r = NtCreateUserProcess(b.kernel.ps, caller, p);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.ProcessHandle! % 4).toBe(0);
    expect(r.ThreadHandle).toBe(r.ProcessHandle! + 4);
    expect(p.CreateInfo.State).toBe(PsCreateState.PsCreateSuccess);
    expect(p.CreateInfo.PebAddressNative).toBe(r.process!.Peb);
    expect(p.AttributeList.ClientId).toEqual({
      UniqueProcess: r.process!.UniqueProcessId,
      UniqueThread: r.thread!.Cid.UniqueThread,
    });
    expect(r.process!.InheritedFromUniqueProcessId).toBe(b.explorer.UniqueProcessId);
    expect(r.thread!.SuspendCount).toBe(1);
    expect(r.process!.Token!.user).toEqual(b.explorer.Token!.user);
    expect(r.process!.Token).not.toBe(b.explorer.Token); // SeSubProcessToken: a copy
  });
  it('fails with the stage that failed, and leaves nothing behind', () => {
    const { b, caller, counts } = setup();
    const before = counts();
    const cases: [string, number, number][] = [
      [
        '\\??\\C:\\Users\\user\\Desktop\\missing.exe',
        STATUS.OBJECT_NAME_NOT_FOUND,
        PsCreateState.PsCreateFailOnFileOpen,
      ],
      ['\\??\\C:\\Nope\\missing.exe', STATUS.OBJECT_PATH_NOT_FOUND, PsCreateState.PsCreateFailOnFileOpen],
      [
        '\\??\\C:\\Users\\user\\Desktop\\notes.txt',
        STATUS.INVALID_IMAGE_NOT_MZ,
        PsCreateState.PsCreateFailOnSectionCreate,
      ],
      [
        '\\??\\C:\\Users\\user\\Desktop\\lib.dll',
        STATUS.INVALID_IMAGE_FORMAT,
        PsCreateState.PsCreateFailExeFormat,
      ],
    ];
    for (const [path, status, state] of cases) {
      const p = params(path, path.slice(4));
      expect(NtCreateUserProcess(b.kernel.ps, caller, p).status, path).toBe(status);
      expect(p.CreateInfo.State, path).toBe(state);
    }
    expect(
      NtCreateUserProcess(
        b.kernel.ps,
        caller,
        params('\\??\\C:\\x.exe', 'C:\\x.exe', { ProcessFlags: 0x800 }),
      ).status,
    ).toBe(STATUS.INVALID_PARAMETER);
    expect(
      NtCreateUserProcess(b.kernel.ps, caller, params('\\??\\C:\\x.exe', 'C:\\x.exe', { ThreadFlags: 0x100 }))
        .status,
    ).toBe(STATUS.INVALID_PARAMETER);
    expect(counts()).toEqual(before);
  });
  it('IFEO Debugger: PsCreateFailExeName with the key, unless IFEOSkipDebugger', () => {
    const { b, caller, counts } = setup();
    const key =
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe';
    createWin32Key(b.machine.registry, key, { time: 0 });
    setWin32Value(b.machine.registry, key, 'Debugger', regSz('C:\\Tools\\dbg.exe'), { time: 0 });
    const before = counts();
    const p = params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe');
    NtCreateUserProcess(b.kernel.ps, caller, p);
    expect(p.CreateInfo.State).toBe(PsCreateState.PsCreateFailExeName);
    expect(p.CreateInfo.IFEOKey).toBe(key);
    expect(counts()).toEqual(before);
    const skip = params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe', {
      CreateInfo: { State: PsCreateState.PsCreateInitialState, InitFlags: (IMAGE_FILE_DLL << 16) | 0x4 },
    });
    expect(NtCreateUserProcess(b.kernel.ps, caller, skip).status).toBe(STATUS.SUCCESS);
  });
  it('PsAttributeParentProcess: the new process inherits from the process of the handle (parent spoofing)', () => {
    const { b, caller } = setup();
    const first = NtCreateUserProcess(
      b.kernel.ps,
      caller,
      params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe'),
    );
    const p = params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe');
    p.AttributeList.ParentProcess = first.ProcessHandle!;
    const second = NtCreateUserProcess(b.kernel.ps, caller, p);
    expect(second.status).toBe(STATUS.SUCCESS);
    expect(second.process!.InheritedFromUniqueProcessId).toBe(first.process!.UniqueProcessId);
    const bad = params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe');
    bad.AttributeList.ParentProcess = 0x7ffc;
    expect(NtCreateUserProcess(b.kernel.ps, caller, bad).status).toBe(STATUS.INVALID_HANDLE);
  });
  it('a process-notify Ex routine can refuse a creation; nothing is left behind', () => {
    const { b, caller, counts } = setup();
    b.kernel.ps.notify.PsSetCreateProcessNotifyRoutineEx((_p, _pid, info) => {
      if (info) info.CreationStatus = STATUS.ACCESS_DENIED;
    }, false);
    const before = counts();
    expect(
      NtCreateUserProcess(
        b.kernel.ps,
        caller,
        params('\\??\\C:\\Users\\user\\Desktop\\app.exe', 'C:\\Users\\user\\Desktop\\app.exe'),
      ).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(counts()).toEqual(before);
  });
});

describe('SmpInitializeKnownDlls', () => {
  it('names an image section in \\KnownDlls for each KnownDLL on disk, and KnownDllPath', () => {
    const b = bootMachine(Machine.assemble(), { mode: 'minimal' });
    const ns = b.kernel.ob.namespace;
    const k32 = ns.lookup('\\KnownDlls\\kernel32.dll');
    expect(k32.status).toBe(STATUS.SUCCESS);
    expect(k32.object!.type.name).toBe('Section');
    // ntdll is not a KnownDLLs value on 22H2, but smss maps it there too: the section EDR-evasion
    // code maps a clean ntdll from ("unhooking via \\KnownDlls\\ntdll.dll").
    expect(ns.lookup('\\KnownDlls\\ntdll.dll').status).toBe(STATUS.SUCCESS);
    expect(ns.lookup('\\KnownDlls\\clbcatq.dll').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND); // listed, but not on this disk
    const link = ns.lookup('\\KnownDlls\\KnownDllPath', { openLink: true });
    expect((link.object!.body as { target: string }).target).toBe('C:\\Windows\\System32');
    const names = ns.lookup('\\KnownDlls').object!.body as { list(): { name: string }[] };
    expect(names.list().length).toBeGreaterThan(20);
  });
});
