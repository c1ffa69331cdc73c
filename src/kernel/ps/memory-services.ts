import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MiCheckAllocateParameters, MiCheckFreeParameters, MiCheckProtectParameters } from '../mm/index.js';
import { PROCESS_VM_OPERATION } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspWithProcessAddressSpace } from './process-memory.js';
import type { PsSystem } from './ps-system.js';

export interface NtAllocateVirtualMemoryParameters {
  ProcessHandle: number;
  /** In: the wanted base (0: anywhere); out: the base of the region, rounded down. */
  BaseAddress?: number;
  ZeroBits?: number;
  /** In: bytes; out: the region's size, rounded to pages. */
  RegionSize: number;
  /** MEM_COMMIT, MEM_RESERVE, MEM_RESET, MEM_TOP_DOWN, … */
  AllocationType: number;
  Protect: number;
}

/**
 * NtAllocateVirtualMemory (Microsoft Learn ZwAllocateVirtualMemory; ReactOS
 * ntoskrnl/mm/ARM3/virtual.c): the parameters are checked before the handle
 * (MiCheckAllocateParameters: ZeroBits → STATUS_INVALID_PARAMETER_3, AllocationType → _5, Protect →
 * STATUS_INVALID_PAGE_PROTECTION, BaseAddress → _2, RegionSize → _4); the handle needs
 * PROCESS_VM_OPERATION; then AddressSpace.allocateVirtualMemory (a reservation on 64 KB, a commit
 * inside one, STATUS_CONFLICTING_ADDRESSES over anything else; commits in a view of a SEC_RESERVE
 * section commit its pages). Out: the region's BaseAddress and RegionSize as rounded.
 */
export function NtAllocateVirtualMemory(
  ps: PsSystem,
  caller: PsCaller,
  p: NtAllocateVirtualMemoryParameters,
): { status: NTSTATUS; BaseAddress?: number; RegionSize?: number } {
  const base = p.BaseAddress ?? 0;
  const zeroBits = p.ZeroBits ?? 0;
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtAllocateVirtualMemory',
      channel: 'mm',
      args: {
        ProcessHandle: p.ProcessHandle,
        BaseAddress: base,
        RegionSize: p.RegionSize,
        AllocationType: p.AllocationType >>> 0,
        Protect: p.Protect >>> 0,
      },
    },
    () => {
      const checked = MiCheckAllocateParameters(base, p.RegionSize, p.AllocationType, p.Protect, zeroBits);
      if (checked !== STATUS.SUCCESS) return { status: checked };
      const r = PspWithProcessAddressSpace(
        ps,
        caller,
        p.ProcessHandle,
        PROCESS_VM_OPERATION,
        (_process, space) =>
          space.allocateVirtualMemory(base, p.RegionSize, p.AllocationType, p.Protect, zeroBits),
      );
      if (r.status !== STATUS.SUCCESS || !('baseAddress' in r)) return { status: r.status };
      return {
        status: r.status,
        value: { BaseAddress: r.baseAddress, RegionSize: r.regionSize },
        result: { BaseAddress: r.baseAddress, RegionSize: r.regionSize },
      };
    },
  );
  return { status: out.status, ...(out.value ?? {}) };
}

/**
 * NtFreeVirtualMemory (Microsoft Learn ZwFreeVirtualMemory; ReactOS virtual.c): FreeType, BaseAddress
 * and RegionSize are checked before the handle (MiCheckFreeParameters: _4, _2, _3); the handle needs
 * PROCESS_VM_OPERATION; then AddressSpace.freeVirtualMemory (MEM_RELEASE with size 0 frees the whole
 * allocation from its base, else STATUS_FREE_VM_NOT_AT_BASE; nothing there
 * STATUS_MEMORY_NOT_ALLOCATED; a view STATUS_UNABLE_TO_DELETE_SECTION). Out: the range freed.
 */
export function NtFreeVirtualMemory(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; BaseAddress: number; RegionSize?: number; FreeType: number },
): { status: NTSTATUS; BaseAddress?: number; RegionSize?: number } {
  const size = p.RegionSize ?? 0;
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtFreeVirtualMemory',
      channel: 'mm',
      args: {
        ProcessHandle: p.ProcessHandle,
        BaseAddress: p.BaseAddress,
        RegionSize: size,
        FreeType: p.FreeType,
      },
    },
    () => {
      const checked = MiCheckFreeParameters(p.BaseAddress, size, p.FreeType);
      if (checked !== STATUS.SUCCESS) return { status: checked };
      const r = PspWithProcessAddressSpace(
        ps,
        caller,
        p.ProcessHandle,
        PROCESS_VM_OPERATION,
        (_process, space) => space.freeVirtualMemory(p.BaseAddress, size, p.FreeType),
      );
      if (r.status !== STATUS.SUCCESS || !('baseAddress' in r)) return { status: r.status };
      return { status: r.status, value: { BaseAddress: r.baseAddress, RegionSize: r.regionSize } };
    },
  );
  return { status: out.status, ...(out.value ?? {}) };
}

/**
 * NtProtectVirtualMemory (Microsoft Learn VirtualProtectEx; ReactOS virtual.c): the protection,
 * BaseAddress and RegionSize are checked before the handle (MiCheckProtectParameters:
 * STATUS_INVALID_PAGE_PROTECTION, _2, _3); the handle needs PROCESS_VM_OPERATION; then
 * AddressSpace.protectVirtualMemory (one allocation, committed pages; image and copy-on-write views
 * stay copy-on-write; a data view no more than its section allows). Out: the range, rounded to
 * pages, and OldProtect, the first page's protection before.
 */
export function NtProtectVirtualMemory(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; BaseAddress: number; RegionSize: number; NewProtect: number },
): { status: NTSTATUS; BaseAddress?: number; RegionSize?: number; OldProtect?: number } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtProtectVirtualMemory',
      channel: 'mm',
      args: {
        ProcessHandle: p.ProcessHandle,
        BaseAddress: p.BaseAddress,
        RegionSize: p.RegionSize,
        NewProtect: p.NewProtect >>> 0,
      },
    },
    () => {
      const checked = MiCheckProtectParameters(p.BaseAddress, p.RegionSize, p.NewProtect);
      if (checked !== STATUS.SUCCESS) return { status: checked };
      const r = PspWithProcessAddressSpace(
        ps,
        caller,
        p.ProcessHandle,
        PROCESS_VM_OPERATION,
        (_process, space) => space.protectVirtualMemory(p.BaseAddress, p.RegionSize, p.NewProtect),
      );
      if (r.status !== STATUS.SUCCESS || !('baseAddress' in r)) return { status: r.status };
      return {
        status: r.status,
        value: { BaseAddress: r.baseAddress, RegionSize: r.regionSize, OldProtect: r.oldProtect },
      };
    },
  );
  return { status: out.status, ...(out.value ?? {}) };
}
