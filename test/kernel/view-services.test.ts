import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { MEM, PAGE, SEC, type Section } from '../../src/kernel/mm/index.js';
import { MEM_DOS_LIM, ViewShare, ViewUnmap } from '../../src/kernel/ps/index.js';
import {
  PROCESS_QUERY_LIMITED_INFORMATION,
  SECTION_ALL_ACCESS,
  SECTION_MAP_EXECUTE,
  SECTION_MAP_READ,
  SECTION_MAP_WRITE,
  SECTION_QUERY,
} from '../../src/kernel/se/index.js';
import { PeImage } from '../../src/pe/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

const KNOWN_ACCESS = SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_MAP_WRITE;

describe('NtMapViewOfSection: image views', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const k = m.b.kernel;
  const known = k.ob.namespace.lookup('\\KnownDlls\\kernel32.dll').object!.body as Section;
  const openKnown = (access = KNOWN_ACCESS) =>
    out(
      m.sys(ex, 'NtOpenSection', {
        DesiredAccess: access,
        ObjectAttributes: { ObjectName: '\\KnownDlls\\kernel32.dll' },
      }),
      'SectionHandle',
    );
  const map = (section: number, process: number, a: Record<string, unknown> = {}) =>
    m.sys(ex, 'NtMapViewOfSection', {
      SectionHandle: section,
      ProcessHandle: process,
      InheritDisposition: ViewShare,
      Win32Protect: PAGE.READWRITE,
      ...a,
    });

  it('maps kernel32 at its base for this boot, tells the load-image routines, and gives the parsed image', () => {
    const seen: [string, number, number, number, boolean][] = [];
    k.ps.notify.PsSetLoadImageNotifyRoutine((name, pid, info) =>
      seen.push([name, pid, info.ImageBase, info.ImageSize, info.SystemModeImage]),
    );
    const section = openKnown();
    const r = map(section, NtCurrentProcess);
    expect(r.status).toBe(STATUS.SUCCESS);
    const base = out(r, 'BaseAddress');
    expect(base).toBe(known.image!.imageBase);
    expect(out(r, 'ViewSize')).toBe(known.size);
    expect(out(r, 'SectionOffset')).toBeUndefined();
    const image = out<PeImage>(r, 'SectionImage');
    expect(image).toBeInstanceOf(PeImage);
    expect(image).toBe(known.image!.image);
    expect(seen).toEqual([
      ['\\??\\C:\\Windows\\System32\\kernel32.dll', ex.UniqueProcessId, base, known.size, false],
    ]);
    const vad = ex.addressSpace!.findVad(base)!;
    expect([vad.type, vad.start, vad.end, vad.section]).toEqual(['image', base, base + known.size, known]);

    // A second view in the same process cannot go there: STATUS_IMAGE_NOT_AT_BASE, out values written.
    const again = map(section, NtCurrentProcess);
    expect(again.status).toBe(STATUS.IMAGE_NOT_AT_BASE);
    expect(out(again, 'BaseAddress')).not.toBe(base);
    expect(out(again, 'ViewSize')).toBe(known.size);
    expect(seen[1]![2]).toBe(out(again, 'BaseAddress'));

    // Another process, by handle: the routines get that process's id.
    const child = m.spawn(ex);
    const other = map(section, child.ProcessHandle!);
    expect(other.status).toBe(STATUS.SUCCESS);
    expect(out(other, 'BaseAddress')).toBe(base);
    // (spawn told them of notepad.exe and ntdll first.)
    expect(seen.at(-1)!.slice(0, 2)).toEqual([
      '\\??\\C:\\Windows\\System32\\kernel32.dll',
      child.process!.UniqueProcessId,
    ]);
    expect(child.process!.addressSpace!.findVad(base)!.type).toBe('image');

    // Unmapping: any address in the view; then nothing is mapped there.
    const before = m.counts();
    expect(
      m.sys(ex, 'NtUnmapViewOfSection', { ProcessHandle: NtCurrentProcess, BaseAddress: base + 0x1234 })
        .status,
    ).toBe(STATUS.SUCCESS);
    expect(ex.addressSpace!.findVad(base)).toBeNull();
    expect(
      m.sys(ex, 'NtUnmapViewOfSection', { ProcessHandle: NtCurrentProcess, BaseAddress: base }).status,
    ).toBe(STATUS.NOT_MAPPED_VIEW);
    expect(m.counts()).not.toEqual(before); // one VAD fewer
  });

  it('needs PROCESS_VM_OPERATION and the section rights the protection implies; failures leave nothing', () => {
    const child = m.spawn(ex);
    const limited = out(
      m.sys(ex, 'NtOpenProcess', {
        DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: child.process!.UniqueProcessId },
      }),
      'ProcessHandle',
    );
    const readOnly = openKnown(SECTION_MAP_READ);
    const query = openKnown(SECTION_QUERY);
    const all = openKnown();
    const before = m.counts();
    expect(map(all, limited).status).toBe(STATUS.ACCESS_DENIED);
    expect(map(readOnly, child.ProcessHandle!).status).toBe(STATUS.ACCESS_DENIED); // PAGE_READWRITE: SECTION_MAP_WRITE
    expect(map(readOnly, child.ProcessHandle!, { Win32Protect: PAGE.EXECUTE_READ }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(map(query, child.ProcessHandle!, { Win32Protect: PAGE.READONLY }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(map(0x7ff0, child.ProcessHandle!).status).toBe(STATUS.INVALID_HANDLE);
    expect(map(child.ProcessHandle!, child.ProcessHandle!).status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(m.sys(ex, 'NtUnmapViewOfSection', { ProcessHandle: limited, BaseAddress: 0x10000 }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(m.counts()).toEqual(before);
    const ok = map(readOnly, child.ProcessHandle!, { Win32Protect: PAGE.READONLY });
    expect(ok.status).toBe(STATUS.SUCCESS);
    // A process that has exited has nothing left to map into.
    expect(
      m.sys(ex, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 1 }).status,
    ).toBe(STATUS.SUCCESS);
    const gone = m.counts();
    expect(map(all, child.ProcessHandle!).status).toBe(STATUS.PROCESS_IS_TERMINATING);
    expect(m.counts()).toEqual(gone);
  });

  it('checks its parameters before the handles, in Windows’ order', () => {
    const section = openKnown();
    const before = m.counts();
    const status = (a: Record<string, unknown>) => map(section, 0x7ff0, a).status;
    expect(status({ InheritDisposition: 0 })).toBe(STATUS.INVALID_PARAMETER_8);
    expect(status({ InheritDisposition: 3, AllocationType: MEM.COMMIT })).toBe(STATUS.INVALID_PARAMETER_8);
    expect(status({ AllocationType: MEM.COMMIT })).toBe(STATUS.INVALID_PARAMETER_9);
    expect(status({ AllocationType: MEM.COMMIT, Win32Protect: 0 })).toBe(STATUS.INVALID_PARAMETER_9);
    expect(status({ Win32Protect: 0 })).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(status({ Win32Protect: PAGE.READONLY | PAGE.READWRITE })).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(status({ BaseAddress: 0x7fffffff0000 })).toBe(STATUS.INVALID_PARAMETER_3);
    expect(status({ BaseAddress: 0x7ffffffd0000, ViewSize: 0x100000 })).toBe(STATUS.INVALID_PARAMETER_3);
    expect(status({ ZeroBits: 22 })).toBe(STATUS.INVALID_PARAMETER_4);
    expect(status({})).toBe(STATUS.INVALID_HANDLE);
    expect(
      m.sys(ex, 'NtUnmapViewOfSection', { ProcessHandle: 0x7ff0, BaseAddress: 0xffff800000000000 }).status,
    ).toBe(STATUS.NOT_MAPPED_VIEW);
    expect(map(section, NtCurrentProcess, { BaseAddress: 0x30001000 }).status).toBe(STATUS.MAPPED_ALIGNMENT);
    expect(map(section, NtCurrentProcess, { AllocationType: MEM.RESERVE }).status).toBe(
      STATUS.INVALID_PARAMETER_9,
    );
    expect(m.counts()).toEqual(before);
    expect(ViewUnmap).toBe(2);
  });
});

describe('NtMapViewOfSection: data views', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const create = (attributes: number, size = 0x20000) =>
    out(
      m.sys(ex, 'NtCreateSection', {
        DesiredAccess: SECTION_ALL_ACCESS,
        SectionPageProtection: PAGE.READWRITE,
        AllocationAttributes: attributes,
        MaximumSize: size,
      }),
      'SectionHandle',
    );
  const map = (section: number, a: Record<string, unknown> = {}) =>
    m.sys(ex, 'NtMapViewOfSection', {
      SectionHandle: section,
      ProcessHandle: NtCurrentProcess,
      InheritDisposition: ViewUnmap,
      Win32Protect: PAGE.READWRITE,
      ...a,
    });
  const basic = (address: number) =>
    out<{ State: number; Protect: number; Type: number; RegionSize: number }>(
      m.sys(ex, 'NtQueryVirtualMemory', {
        ProcessHandle: NtCurrentProcess,
        BaseAddress: address,
        MemoryInformationClass: 0,
      }),
      'MemoryInformation',
    );
  const unmap = (address: number) =>
    m.sys(ex, 'NtUnmapViewOfSection', { ProcessHandle: NtCurrentProcess, BaseAddress: address }).status;

  it('maps a page-file-backed SEC_COMMIT section where asked, with its offset; views share the pages', () => {
    const section = create(SEC.COMMIT);
    const a = map(section, { BaseAddress: 0x30000000, ViewSize: 0x1000 });
    expect([a.status, out(a, 'BaseAddress'), out(a, 'ViewSize'), out(a, 'SectionOffset')]).toEqual([
      STATUS.SUCCESS,
      0x30000000,
      0x1000,
      0,
    ]);
    expect(out(a, 'SectionImage')).toBeUndefined();
    const b = map(section, { SectionOffset: 0x10000n });
    expect([b.status, out(b, 'ViewSize'), out(b, 'SectionOffset')]).toEqual([
      STATUS.SUCCESS,
      0x10000,
      0x10000,
    ]);
    expect(basic(0x30000000)).toMatchObject({ State: MEM.COMMIT, Protect: PAGE.READWRITE, Type: MEM.MAPPED });
    const whole = map(section);
    ex.addressSpace!.writeU32(out<number>(whole, 'BaseAddress') + 0x10004, 0x12345678);
    expect(ex.addressSpace!.u32(out<number>(b, 'BaseAddress') + 4)).toBe(0x12345678);
    for (const v of [a, b, whole]) expect(unmap(out(v, 'BaseAddress'))).toBe(STATUS.SUCCESS);
  });

  it('refuses misaligned offsets, views past the section, commits past the view and more protection', () => {
    const section = create(SEC.COMMIT);
    const before = m.counts();
    expect(map(section, { SectionOffset: 0x1000 }).status).toBe(STATUS.MAPPED_ALIGNMENT);
    expect(map(section, { SectionOffset: 0x20000 }).status).toBe(STATUS.INVALID_VIEW_SIZE);
    expect(map(section, { ViewSize: 0x30000 }).status).toBe(STATUS.INVALID_VIEW_SIZE);
    expect(map(section, { ViewSize: 0x1000, CommitSize: 0x2000 }).status).toBe(STATUS.INVALID_PARAMETER_5);
    expect(map(section, { Win32Protect: PAGE.EXECUTE_READWRITE }).status).toBe(STATUS.SECTION_PROTECTION);
    expect(map(section, { BaseAddress: 0x7ffe0000 }).status).toBe(STATUS.CONFLICTING_ADDRESSES);
    // MEM_DOS_LIM passes the service's 64 KB check; the model's memory manager still wants 64 KB.
    expect(map(section, { BaseAddress: 0x30001000, AllocationType: MEM_DOS_LIM }).status).toBe(
      STATUS.MAPPED_ALIGNMENT,
    );
    expect(m.counts()).toEqual(before);
  });

  it('SEC_RESERVE: CommitSize pages committed at once, the rest by NtAllocateVirtualMemory MEM_COMMIT', () => {
    const section = create(SEC.RESERVE);
    const v = map(section, { ViewSize: 0x2000, CommitSize: 0x1000 });
    expect(v.status).toBe(STATUS.SUCCESS);
    const base = out<number>(v, 'BaseAddress');
    expect(basic(base)).toMatchObject({ State: MEM.COMMIT, Protect: PAGE.READWRITE, RegionSize: 0x1000 });
    expect(basic(base + 0x1000)).toMatchObject({ State: MEM.RESERVE, Protect: 0, RegionSize: 0x1000 });
    const commit = m.sys(ex, 'NtAllocateVirtualMemory', {
      ProcessHandle: NtCurrentProcess,
      BaseAddress: base + 0x1000,
      RegionSize: 0x1000,
      AllocationType: MEM.COMMIT,
      Protect: PAGE.READONLY,
    });
    expect([commit.status, out(commit, 'BaseAddress'), out(commit, 'RegionSize')]).toEqual([
      STATUS.SUCCESS,
      base + 0x1000,
      0x1000,
    ]);
    expect(basic(base + 0x1000)).toMatchObject({ State: MEM.COMMIT, Protect: PAGE.READONLY });
    expect(
      m.sys(ex, 'NtFreeVirtualMemory', {
        ProcessHandle: NtCurrentProcess,
        BaseAddress: base,
        RegionSize: 0x1000,
        FreeType: MEM.DECOMMIT,
      }).status,
    ).toBe(STATUS.UNABLE_TO_DELETE_SECTION);
    expect(unmap(base)).toBe(STATUS.SUCCESS);
  });
});
