import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { MEM, PAGE, SEC, type Section } from '../../src/kernel/mm/index.js';
import { MEMORY_INFORMATION_CLASS, ViewShare } from '../../src/kernel/ps/index.js';
import {
  PROCESS_QUERY_INFORMATION,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_VM_OPERATION,
  PROCESS_VM_READ,
  SECTION_ALL_ACCESS,
} from '../../src/kernel/se/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

const { MemoryBasicInformation, MemoryMappedFilenameInformation, MemoryImageInformation } =
  MEMORY_INFORMATION_CLASS;

describe('NtAllocateVirtualMemory / NtProtectVirtualMemory / NtFreeVirtualMemory', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const child = m.spawn(ex);
  const target = child.process!;
  const h = child.ProcessHandle!;
  const allocate = (a: Record<string, unknown>, handle = h) =>
    m.sys(ex, 'NtAllocateVirtualMemory', { ProcessHandle: handle, BaseAddress: 0, ZeroBits: 0, ...a });
  const protect = (a: Record<string, unknown>, handle = h) =>
    m.sys(ex, 'NtProtectVirtualMemory', { ProcessHandle: handle, ...a });
  const free = (a: Record<string, unknown>, handle = h) =>
    m.sys(ex, 'NtFreeVirtualMemory', { ProcessHandle: handle, ...a });
  const openProcess = (access: number) =>
    out(
      m.sys(ex, 'NtOpenProcess', {
        DesiredAccess: access,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: target.UniqueProcessId },
      }),
      'ProcessHandle',
    );

  it('reserves and commits in another process, changes protection, and frees it again', () => {
    const before = m.counts();
    const r = allocate({
      RegionSize: 0x12345,
      AllocationType: MEM.RESERVE | MEM.COMMIT,
      Protect: PAGE.READWRITE,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const base = out<number>(r, 'BaseAddress');
    expect(base % 0x10000).toBe(0);
    expect(out(r, 'RegionSize')).toBe(0x13000);
    expect(target.addressSpace!.findVad(base)!.type).toBe('private');
    const p = protect({ BaseAddress: base + 0x1001, RegionSize: 0x10, NewProtect: PAGE.READONLY });
    expect([p.status, out(p, 'BaseAddress'), out(p, 'RegionSize'), out(p, 'OldProtect')]).toEqual([
      STATUS.SUCCESS,
      base + 0x1000,
      0x1000,
      PAGE.READWRITE,
    ]);
    const d = free({ BaseAddress: base + 0x2000, RegionSize: 0x1000, FreeType: MEM.DECOMMIT });
    expect([d.status, out(d, 'BaseAddress'), out(d, 'RegionSize')]).toEqual([
      STATUS.SUCCESS,
      base + 0x2000,
      0x1000,
    ]);
    const f = free({ BaseAddress: base, RegionSize: 0, FreeType: MEM.RELEASE });
    expect([f.status, out(f, 'BaseAddress'), out(f, 'RegionSize')]).toEqual([STATUS.SUCCESS, base, 0x13000]);
    expect(m.counts()).toEqual(before);
  });

  it('checks parameters before the handle, then needs PROCESS_VM_OPERATION', () => {
    const queryOnly = openProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ);
    const before = m.counts();
    const bad = 0x7ff0;
    expect(allocate({ RegionSize: 0x1000, AllocationType: 0, Protect: PAGE.READWRITE }, bad).status).toBe(
      STATUS.INVALID_PARAMETER_5,
    );
    expect(allocate({ RegionSize: 0x1000, AllocationType: MEM.COMMIT, Protect: 0 }, bad).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    expect(allocate({ RegionSize: 0, AllocationType: MEM.COMMIT, Protect: PAGE.READWRITE }, bad).status).toBe(
      STATUS.INVALID_PARAMETER_4,
    );
    expect(
      allocate({ RegionSize: 0x1000, AllocationType: MEM.COMMIT, Protect: PAGE.READWRITE }, bad).status,
    ).toBe(STATUS.INVALID_HANDLE);
    expect(
      allocate({ RegionSize: 0x1000, AllocationType: MEM.COMMIT, Protect: PAGE.READWRITE }, queryOnly).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(free({ BaseAddress: 0x10000, FreeType: MEM.RELEASE | MEM.DECOMMIT }, bad).status).toBe(
      STATUS.INVALID_PARAMETER_4,
    );
    expect(free({ BaseAddress: 0x7ffffffeffff, FreeType: MEM.RELEASE }, bad).status).toBe(
      STATUS.INVALID_PARAMETER_2,
    );
    expect(free({ BaseAddress: 0x10000, FreeType: MEM.RELEASE }, queryOnly).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(free({ BaseAddress: 0x10000, FreeType: MEM.RELEASE }).status).toBe(STATUS.MEMORY_NOT_ALLOCATED);
    // NtProtectVirtualMemory: the protection first, then the range.
    expect(protect({ BaseAddress: 0x7fffffff0000, RegionSize: 0, NewProtect: 0x3 }, bad).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    expect(
      protect({ BaseAddress: 0x7fffffff0000, RegionSize: 0, NewProtect: PAGE.READONLY }, bad).status,
    ).toBe(STATUS.INVALID_PARAMETER_2);
    expect(protect({ BaseAddress: 0x10000, RegionSize: 0, NewProtect: PAGE.READONLY }, bad).status).toBe(
      STATUS.INVALID_PARAMETER_3,
    );
    expect(
      protect({ BaseAddress: 0x10000, RegionSize: 1, NewProtect: PAGE.READONLY }, queryOnly).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(protect({ BaseAddress: 0x10000, RegionSize: 1, NewProtect: PAGE.READONLY }).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(m.counts()).toEqual(before);
  });

  it('a process that has exited is STATUS_PROCESS_IS_TERMINATING', () => {
    const other = m.spawn(ex);
    m.sys(ex, 'NtTerminateProcess', { ProcessHandle: other.ProcessHandle, ExitStatus: 0 });
    const before = m.counts();
    expect(
      allocate(
        { RegionSize: 0x1000, AllocationType: MEM.COMMIT, Protect: PAGE.READWRITE },
        other.ProcessHandle!,
      ).status,
    ).toBe(STATUS.PROCESS_IS_TERMINATING);
    expect(m.counts()).toEqual(before);
  });
});

describe('NtQueryVirtualMemory', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const query = (address: number, cls: number, length?: number, handle = NtCurrentProcess) =>
    m.sys(ex, 'NtQueryVirtualMemory', {
      ProcessHandle: handle,
      BaseAddress: address,
      MemoryInformationClass: cls,
      ...(length !== undefined ? { MemoryInformationLength: length } : {}),
    });
  const ntdll = ex.ntdllView!;
  const exe = ex.imageView!;
  const private_ = ex.Peb;
  const FREE = 0x10000000000;

  it('MemoryBasicInformation: the region holding the address (48 bytes)', () => {
    const r = query(ntdll.baseAddress + 0x1234, MemoryBasicInformation);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(out(r, 'MemoryInformation')).toMatchObject({
      BaseAddress: ntdll.baseAddress + 0x1000,
      AllocationBase: ntdll.baseAddress,
      AllocationProtect: PAGE.EXECUTE_WRITECOPY,
      State: MEM.COMMIT,
      Type: MEM.IMAGE,
    });
    expect(out(r, 'ReturnLength')).toBe(0x30);
    expect(out(query(FREE, MemoryBasicInformation), 'MemoryInformation')).toMatchObject({
      State: MEM.FREE,
      Protect: PAGE.NOACCESS,
      Type: 0,
    });
    expect(query(0x7fffffff0000, MemoryBasicInformation).status).toBe(STATUS.INVALID_PARAMETER);
  });

  it('MemoryMappedFilenameInformation: the device path of an image; STATUS_FILE_INVALID / STATUS_INVALID_ADDRESS', () => {
    const text = (name: string) => ({
      Length: name.length * 2,
      MaximumLength: name.length * 2 + 2,
      Buffer: name,
    });
    const own = '\\Device\\HarddiskVolume3\\Windows\\explorer.exe';
    const self = query(exe.baseAddress + 0x10, MemoryMappedFilenameInformation);
    const needed = 16 + own.length * 2 + 2;
    expect([self.status, out(self, 'MemoryInformation'), out(self, 'ReturnLength')]).toEqual([
      STATUS.SUCCESS,
      text(own),
      needed,
    ]);
    const child = m.spawn(ex);
    const other = query(
      child.process!.imageView!.baseAddress,
      MemoryMappedFilenameInformation,
      0x200,
      child.ProcessHandle!,
    );
    expect(out(other, 'MemoryInformation')).toEqual(
      text('\\Device\\HarddiskVolume3\\Windows\\System32\\notepad.exe'),
    );
    const small = query(exe.baseAddress, MemoryMappedFilenameInformation, needed - 1);
    expect([small.status, out(small, 'ReturnLength'), out(small, 'MemoryInformation')]).toEqual([
      STATUS.BUFFER_OVERFLOW,
      needed,
      undefined,
    ]);
    expect(query(exe.baseAddress, MemoryMappedFilenameInformation, 15).status).toBe(
      STATUS.INFO_LENGTH_MISMATCH,
    );
    expect(query(private_, MemoryMappedFilenameInformation).status).toBe(STATUS.FILE_INVALID);
    expect(query(0x7ffe0000, MemoryMappedFilenameInformation).status).toBe(STATUS.FILE_INVALID); // KUSER_SHARED_DATA
    expect(query(FREE, MemoryMappedFilenameInformation).status).toBe(STATUS.INVALID_ADDRESS);
    expect(query(0, MemoryMappedFilenameInformation).status).toBe(STATUS.INVALID_ADDRESS);
    // A page-file-backed view maps no file.
    const s = out(
      m.sys(ex, 'NtCreateSection', {
        DesiredAccess: SECTION_ALL_ACCESS,
        SectionPageProtection: PAGE.READWRITE,
        AllocationAttributes: SEC.COMMIT,
        MaximumSize: 0x1000,
      }),
      'SectionHandle',
    );
    const v = m.sys(ex, 'NtMapViewOfSection', {
      SectionHandle: s,
      ProcessHandle: NtCurrentProcess,
      InheritDisposition: ViewShare,
      Win32Protect: PAGE.READWRITE,
    });
    expect(query(out(v, 'BaseAddress'), MemoryMappedFilenameInformation).status).toBe(STATUS.FILE_INVALID);
    expect(out(query(out(v, 'BaseAddress'), MemoryImageInformation), 'MemoryInformation')).toEqual({
      ImageBase: 0,
      SizeOfImage: 0,
      ImageFlags: 0,
    });
  });

  it('MemoryImageInformation: the image view’s base and SizeOfImage; zeros for other memory; free is refused', () => {
    const r = query(ntdll.baseAddress + 0x2345, MemoryImageInformation);
    const image = (ex.ntdllView!.vad.section as Section).image!.image;
    expect([r.status, out(r, 'MemoryInformation'), out(r, 'ReturnLength')]).toEqual([
      STATUS.SUCCESS,
      { ImageBase: ntdll.baseAddress, SizeOfImage: image.optionalHeader.SizeOfImage, ImageFlags: 0 },
      0x18,
    ]);
    expect(out(query(private_, MemoryImageInformation), 'MemoryInformation')).toEqual({
      ImageBase: 0,
      SizeOfImage: 0,
      ImageFlags: 0,
    });
    expect(query(FREE, MemoryImageInformation).status).toBe(STATUS.INVALID_ADDRESS);
    expect(query(0x7fffffff0000 + 0x100000000000, MemoryImageInformation).status).toBe(
      STATUS.INVALID_ADDRESS,
    );
    // The length is checked before the address.
    expect(query(FREE, MemoryImageInformation, 0x17).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
  });

  it('an unknown class, a short buffer and a handle without PROCESS_QUERY_INFORMATION are refused', () => {
    const child = m.spawn(ex);
    const limited = out(
      m.sys(ex, 'NtOpenProcess', {
        DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_VM_OPERATION,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: child.process!.UniqueProcessId },
      }),
      'ProcessHandle',
    );
    const before = m.counts();
    expect(query(ntdll.baseAddress, 1).status).toBe(STATUS.INVALID_INFO_CLASS);
    expect(query(ntdll.baseAddress, MemoryBasicInformation, 0x2f).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(query(ntdll.baseAddress, MemoryBasicInformation, undefined, limited).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(query(ntdll.baseAddress, MemoryBasicInformation, undefined, 0x7ff0).status).toBe(
      STATUS.INVALID_HANDLE,
    );
    const other = query(ntdll.baseAddress, MemoryBasicInformation, undefined, child.ProcessHandle!);
    expect(out(other, 'MemoryInformation')).toMatchObject({
      AllocationBase: ntdll.baseAddress,
      Type: MEM.IMAGE,
    });
    expect(m.counts()).toEqual(before);
  });
});
