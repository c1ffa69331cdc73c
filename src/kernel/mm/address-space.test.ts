import { describe, expect, it } from 'vitest';
import { NtStatusError, STATUS } from '../../base/index.js';
import { AddressSpace } from './address-space.js';
import { MEM, MM_HIGHEST_VAD_ADDRESS, PAGE } from './constants.js';

const RW = PAGE.READWRITE;

function reserve(
  as: AddressSpace,
  base: number,
  size: number,
  type: number = MEM.RESERVE,
  protect: number = RW,
): number {
  const r = as.allocateVirtualMemory(base, size, type, protect);
  expect(r.status).toBe(STATUS.SUCCESS);
  return r.baseAddress;
}

describe('NtAllocateVirtualMemory', () => {
  it('reserves on 64 KB, ends on a page, and reports the rounded region', () => {
    const as = new AddressSpace();
    const r = as.allocateVirtualMemory(0x12345678, 0x1800, MEM.RESERVE, RW);
    expect(r).toEqual({ status: STATUS.SUCCESS, baseAddress: 0x12340000, regionSize: 0x7000 });
    expect(as.queryVirtualMemory(0x12340000).info).toEqual({
      BaseAddress: 0x12340000,
      AllocationBase: 0x12340000,
      AllocationProtect: RW,
      RegionSize: 0x7000,
      State: MEM.RESERVE,
      Protect: 0,
      Type: MEM.PRIVATE,
    });
  });

  it('places anywhere-allocations first fit from 64 KB, or top-down with MEM_TOP_DOWN', () => {
    const as = new AddressSpace();
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.COMMIT | MEM.RESERVE, RW).baseAddress).toBe(0x10000);
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.COMMIT | MEM.RESERVE, RW).baseAddress).toBe(0x20000);
    const top = as.allocateVirtualMemory(0, 0x3000, MEM.RESERVE | MEM.TOP_DOWN, RW);
    expect(top.baseAddress).toBe(0x7ffffffd0000);
    expect(top.baseAddress + top.regionSize).toBeLessThanOrEqual(MM_HIGHEST_VAD_ADDRESS + 1);
  });

  it('returns the statuses Windows gives for bad arguments', () => {
    const as = new AddressSpace();
    expect(as.allocateVirtualMemory(0, 0x1000, 0, RW).status).toBe(STATUS.INVALID_PARAMETER_5);
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.COMMIT | 0x40, RW).status).toBe(
      STATUS.INVALID_PARAMETER_5,
    );
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.RESET | MEM.COMMIT, RW).status).toBe(
      STATUS.INVALID_PARAMETER_5,
    );
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.COMMIT, 0).status).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.COMMIT, PAGE.READONLY | PAGE.READWRITE).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.COMMIT, PAGE.NOACCESS | PAGE.GUARD).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.RESERVE, PAGE.WRITECOPY).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    expect(as.allocateVirtualMemory(0x7ffffffe0000, 0x1000, MEM.RESERVE, RW).status).toBe(
      STATUS.INVALID_PARAMETER_2,
    );
    expect(as.allocateVirtualMemory(0x10000, 0, MEM.RESERVE, RW).status).toBe(STATUS.INVALID_PARAMETER_4);
    expect(as.allocateVirtualMemory(0x7ffffffd0000, 0x20000, MEM.RESERVE, RW).status).toBe(
      STATUS.INVALID_PARAMETER_4,
    );
    expect(as.allocateVirtualMemory(0x1000, 0x1000, MEM.RESERVE, RW).status).toBe(STATUS.INVALID_PARAMETER_2);
    expect(as.allocateVirtualMemory(0, 0x1000, MEM.RESERVE, RW, 40).status).toBe(STATUS.INVALID_PARAMETER_3);
  });

  it('refuses to reserve over an allocation and to commit outside one (STATUS_CONFLICTING_ADDRESSES)', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x20000);
    expect(as.allocateVirtualMemory(0x110000, 0x1000, MEM.RESERVE, RW).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(as.allocateVirtualMemory(0x200000, 0x1000, MEM.COMMIT, RW).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(as.allocateVirtualMemory(0x11f000, 0x2000, MEM.COMMIT, RW).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(as.allocateVirtualMemory(0x101000, 0x1000, MEM.COMMIT, PAGE.WRITECOPY).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
  });

  it('commits pages inside a reservation, splitting it into regions', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x10000);
    expect(as.allocateVirtualMemory(0x102800, 0x1000, MEM.COMMIT, PAGE.READONLY)).toEqual({
      status: STATUS.SUCCESS,
      baseAddress: 0x102000,
      regionSize: 0x2000,
    });
    const q = (va: number): [number, number, number, number] => {
      const i = as.queryVirtualMemory(va).info!;
      return [i.BaseAddress, i.RegionSize, i.State, i.Protect];
    };
    expect(q(0x100000)).toEqual([0x100000, 0x2000, MEM.RESERVE, 0]);
    expect(q(0x102000)).toEqual([0x102000, 0x2000, MEM.COMMIT, PAGE.READONLY]);
    expect(q(0x104fff)).toEqual([0x104000, 0xc000, MEM.RESERVE, 0]);
    expect(q(0x110000)).toEqual([0x110000, MM_HIGHEST_VAD_ADDRESS + 1 - 0x110000, MEM.FREE, PAGE.NOACCESS]);
    expect(as.queryVirtualMemory(0x7fffffff0000).status).toBe(STATUS.INVALID_PARAMETER);
  });
});

describe('NtFreeVirtualMemory', () => {
  it('decommits and releases, with the statuses for each misuse', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x10000, MEM.RESERVE | MEM.COMMIT);
    expect(as.freeVirtualMemory(0x100000, 0, MEM.RELEASE | MEM.DECOMMIT).status).toBe(
      STATUS.INVALID_PARAMETER_4,
    );
    expect(as.freeVirtualMemory(0x300000, 0, MEM.RELEASE).status).toBe(STATUS.MEMORY_NOT_ALLOCATED);
    expect(as.freeVirtualMemory(0x10f000, 0x2000, MEM.RELEASE).status).toBe(STATUS.UNABLE_TO_FREE_VM);
    expect(as.freeVirtualMemory(0x101000, 0, MEM.RELEASE).status).toBe(STATUS.FREE_VM_NOT_AT_BASE);
    expect(as.freeVirtualMemory(0x7ffffffeffff, 0, MEM.RELEASE).status).toBe(STATUS.INVALID_PARAMETER_2);
    expect(as.freeVirtualMemory(0x102000, 0x1000, MEM.DECOMMIT)).toEqual({
      status: STATUS.SUCCESS,
      baseAddress: 0x102000,
      regionSize: 0x1000,
    });
    expect(as.queryVirtualMemory(0x102000).info!.State).toBe(MEM.RESERVE);
    expect(as.freeVirtualMemory(0x100000, 0, MEM.RELEASE)).toEqual({
      status: STATUS.SUCCESS,
      baseAddress: 0x100000,
      regionSize: 0x10000,
    });
    expect(as.queryVirtualMemory(0x100000).info!.State).toBe(MEM.FREE);
    expect(as.vadList.length).toBe(0);
  });

  it('releases the middle of an allocation by splitting it in two', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x10000, MEM.RESERVE | MEM.COMMIT);
    as.writeU32(0x10f000, 0xdeadbeef);
    expect(as.freeVirtualMemory(0x104000, 0x4000, MEM.RELEASE).status).toBe(STATUS.SUCCESS);
    expect(as.vadList.map((v) => [v.start, v.end])).toEqual([
      [0x100000, 0x104000],
      [0x108000, 0x110000],
    ]);
    expect(as.queryVirtualMemory(0x108000).info!.AllocationBase).toBe(0x108000);
    expect(as.u32(0x10f000)).toBe(0xdeadbeef);
  });
});

describe('NtProtectVirtualMemory', () => {
  it('changes protection page by page and returns the old protection', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x4000, MEM.RESERVE | MEM.COMMIT);
    const r = as.protectVirtualMemory(0x101000, 0x10, PAGE.READONLY);
    expect(r).toEqual({ status: STATUS.SUCCESS, baseAddress: 0x101000, regionSize: 0x1000, oldProtect: RW });
    expect(as.queryVirtualMemory(0x101000).info!.Protect).toBe(PAGE.READONLY);
    expect(as.protectVirtualMemory(0x101000, 0x1000, RW).oldProtect).toBe(PAGE.READONLY);
  });

  it('fails on uncommitted pages, outside allocations, for copy-on-write private memory', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x4000);
    as.allocateVirtualMemory(0x100000, 0x1000, MEM.COMMIT, RW);
    expect(as.protectVirtualMemory(0x100000, 0x2000, PAGE.READONLY).status).toBe(STATUS.NOT_COMMITTED);
    expect(as.protectVirtualMemory(0x200000, 0x1000, PAGE.READONLY).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(as.protectVirtualMemory(0x103000, 0x2000, PAGE.READONLY).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(as.protectVirtualMemory(0x100000, 0x1000, PAGE.WRITECOPY).status).toBe(STATUS.INVALID_PARAMETER_4);
    expect(as.protectVirtualMemory(0x100000, 0x1000, 0x3).status).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(as.protectVirtualMemory(0x100000, 0, PAGE.READONLY).status).toBe(STATUS.INVALID_PARAMETER_3);
  });
});

describe('reading and writing process memory', () => {
  it('reads back what was written, zero elsewhere, across pages', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x3000, MEM.RESERVE | MEM.COMMIT);
    const data = Uint8Array.from({ length: 0x1100 }, (_, i) => (i * 7) & 0xff);
    as.write(0x100f80, data);
    expect(as.read(0x100f80, data.length)).toEqual(data);
    expect(as.read(0x100000, 4)).toEqual(new Uint8Array(4));
    as.writeU64(0x102ff8, 0x1122334455667788n);
    expect(as.u64(0x102ff8)).toBe(0x1122334455667788n);
    expect(as.u32(0x102ffc)).toBe(0x11223344);
    expect(as.u16(0x102ff8)).toBe(0x7788);
    expect(as.u8(0x102fff)).toBe(0x11);
  });

  it('NtReadVirtualMemory: STATUS_PARTIAL_COPY up to the first unreadable byte, STATUS_ACCESS_VIOLATION past user space', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x2000, MEM.RESERVE | MEM.COMMIT);
    as.writeU32(0x101ffc, 0xcafef00d);
    const r = as.readVirtualMemory(0x101ffc, 8);
    expect(r.status).toBe(STATUS.PARTIAL_COPY);
    expect(r.transferred).toBe(4);
    expect([...r.bytes.subarray(0, 4)]).toEqual([0x0d, 0xf0, 0xfe, 0xca]);
    expect(as.readVirtualMemory(0x200000, 4)).toMatchObject({ status: STATUS.PARTIAL_COPY, transferred: 0 });
    expect(as.readVirtualMemory(0x7ffffffefff0, 0x20).status).toBe(STATUS.ACCESS_VIOLATION);
    expect(as.readVirtualMemory(0x100000, 0x10).status).toBe(STATUS.SUCCESS);
    as.protectVirtualMemory(0x101000, 0x1000, PAGE.NOACCESS);
    expect(as.readVirtualMemory(0x100ff0, 0x20)).toMatchObject({
      status: STATUS.PARTIAL_COPY,
      transferred: 0x10,
    });
  });

  it('NtWriteVirtualMemory stops at a read-only page; user-mode access throws STATUS_ACCESS_VIOLATION', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x2000, MEM.RESERVE | MEM.COMMIT);
    as.protectVirtualMemory(0x101000, 0x1000, PAGE.READONLY);
    expect(as.writeVirtualMemory(0x100ffe, new Uint8Array(4).fill(1))).toEqual({
      status: STATUS.PARTIAL_COPY,
      transferred: 2,
    });
    let caught: unknown;
    try {
      as.writeU32(0x101000, 1);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(NtStatusError);
    expect((caught as NtStatusError).status).toBe(STATUS.ACCESS_VIOLATION);
    expect((caught as NtStatusError).message).toBe('access violation: write at 0x101000');
    expect(() => as.u8(0x5000)).toThrow('access violation: read at 0x5000');
    // The kernel writes into read-only pages of the process (it sets up the PEB that way).
    as.kernelWrite(0x101000, Uint8Array.of(9));
    expect(as.u8(0x101000)).toBe(9);
  });

  it('a guard page is not readable (it would raise STATUS_GUARD_PAGE_VIOLATION)', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x1000, MEM.RESERVE | MEM.COMMIT, RW | PAGE.GUARD);
    expect(as.readVirtualMemory(0x100000, 1).status).toBe(STATUS.PARTIAL_COPY);
  });

  it('stores only the 256-byte granules written with something other than zero', () => {
    const as = new AddressSpace();
    reserve(as, 0x100000, 0x100000, MEM.RESERVE | MEM.COMMIT);
    as.write(0x100000, new Uint8Array(0x10000));
    expect(as.stats()).toEqual({ vads: 1, privatePages: 0, privateBytes: 0 });
    as.writeU32(0x100100, 1);
    as.writeU32(0x1ff000, 1);
    expect(as.stats()).toEqual({ vads: 1, privatePages: 2, privateBytes: 0x200 });
    as.freeVirtualMemory(0x1ff000, 0x1000, MEM.DECOMMIT);
    expect(as.stats().privateBytes).toBe(0x100);
    as.allocateVirtualMemory(0x1ff000, 0x1000, MEM.COMMIT, RW);
    expect(as.u32(0x1ff000)).toBe(0);
    as.freeVirtualMemory(0x100000, 0, MEM.RELEASE);
    expect(as.stats()).toEqual({ vads: 0, privatePages: 0, privateBytes: 0 });
  });
});
