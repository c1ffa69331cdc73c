import { STATUS, type NTSTATUS } from '../../base/index.js';
import { AddressSpace, MM_USER_PROBE_ADDRESS } from '../mm/index.js';
import { KernelMode, ObDereferenceObject } from '../ob/index.js';
import { PROCESS_VM_READ, PROCESS_VM_WRITE } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceProcessByHandle } from './handles.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PspCheckSecureMemoryAccess } from './secure-process.js';

/** A range a user-mode caller may name: no wrap, nothing at or above MmUserProbeAddress. */
function PspValidUserRange(address: number, size: number): boolean {
  return (
    Number.isSafeInteger(address) &&
    Number.isSafeInteger(size) &&
    address >= 0 &&
    size >= 0 &&
    address + size <= MM_USER_PROBE_ADDRESS
  );
}

/** The process's user address space; System's is empty (it has no user part). */
function userSpace(process: EPROCESS): AddressSpace {
  return process.addressSpace ?? new AddressSpace();
}

/**
 * MmCopyVirtualMemory's first step: a process that has exited has no rundown protection left
 * (STATUS_PROCESS_IS_TERMINATING).
 */
function PspTargetAlive(process: EPROCESS): boolean {
  return !process.exited;
}

/**
 * NtReadVirtualMemory (m417z/ntdoc; ReactOS mm/ARM3/virtual.c NtReadVirtualMemory and
 * MmCopyVirtualMemory; ReadProcessMemory at the Win32 edge): from user mode a range that wraps or
 * reaches MmUserProbeAddress is STATUS_ACCESS_VIOLATION before the handle is looked at; a read of 0
 * bytes succeeds without it; otherwise the handle must grant PROCESS_VM_READ and the bytes are
 * copied up to the first page that is not readable — a short copy is STATUS_PARTIAL_COPY with
 * NumberOfBytesRead the count done.
 */
export function NtReadVirtualMemory(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; BaseAddress: number; BufferSize: number },
): { status: NTSTATUS; Buffer?: Uint8Array; NumberOfBytesRead: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtReadVirtualMemory',
      channel: 'mm',
      args: { ProcessHandle: p.ProcessHandle, BaseAddress: p.BaseAddress, BufferSize: p.BufferSize },
    },
    () => {
      const none = { Buffer: new Uint8Array(0), NumberOfBytesRead: 0 };
      if (caller.previousMode !== KernelMode && !PspValidUserRange(p.BaseAddress, p.BufferSize))
        return { status: STATUS.ACCESS_VIOLATION, value: none };
      if (p.BufferSize === 0) return { status: STATUS.SUCCESS, value: none };
      const ref = PspReferenceProcessByHandle(ps, caller, p.ProcessHandle, PROCESS_VM_READ);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status, value: none };
      const process = ref.object!;
      let result: { status: NTSTATUS; value: { Buffer: Uint8Array; NumberOfBytesRead: number } };
      const ium = PspCheckSecureMemoryAccess(process);
      if (!PspTargetAlive(process)) result = { status: STATUS.PROCESS_IS_TERMINATING, value: none };
      else if (ium !== null) result = { status: ium, value: none };
      else {
        const r = userSpace(process).readVirtualMemory(p.BaseAddress, p.BufferSize);
        result = {
          status: r.status,
          value: { Buffer: r.bytes.subarray(0, r.transferred), NumberOfBytesRead: r.transferred },
        };
      }
      ObDereferenceObject(ob, ref.header!);
      return { ...result, result: result.value.NumberOfBytesRead };
    },
  );
  return { status: out.status, ...out.value! };
}

/**
 * NtWriteVirtualMemory (as NtReadVirtualMemory; WriteProcessMemory at the Win32 edge): the handle
 * must grant PROCESS_VM_WRITE; BufferSize bytes of Buffer (all of it by default; more than it holds
 * is a fault reading the caller's buffer, STATUS_ACCESS_VIOLATION) go in up to the first page that
 * is not writable — STATUS_PARTIAL_COPY with NumberOfBytesWritten. Copy-on-write pages of images
 * become the process's own.
 */
export function NtWriteVirtualMemory(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; BaseAddress: number; Buffer: Uint8Array; BufferSize?: number },
): { status: NTSTATUS; NumberOfBytesWritten: number } {
  const { ob, trace } = ps.deps;
  const size = p.BufferSize ?? p.Buffer.length;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtWriteVirtualMemory',
      channel: 'mm',
      args: { ProcessHandle: p.ProcessHandle, BaseAddress: p.BaseAddress, BufferSize: size },
    },
    () => {
      if (caller.previousMode !== KernelMode && !PspValidUserRange(p.BaseAddress, size))
        return { status: STATUS.ACCESS_VIOLATION, value: 0 };
      if (size > p.Buffer.length) return { status: STATUS.ACCESS_VIOLATION, value: 0 };
      if (size === 0) return { status: STATUS.SUCCESS, value: 0 };
      const ref = PspReferenceProcessByHandle(ps, caller, p.ProcessHandle, PROCESS_VM_WRITE);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status, value: 0 };
      const process = ref.object!;
      const ium = PspCheckSecureMemoryAccess(process);
      const r = !PspTargetAlive(process)
        ? { status: STATUS.PROCESS_IS_TERMINATING, transferred: 0 }
        : ium !== null
          ? { status: ium, transferred: 0 }
          : userSpace(process).writeVirtualMemory(p.BaseAddress, p.Buffer.subarray(0, size));
      ObDereferenceObject(ob, ref.header!);
      return { status: r.status, value: r.transferred, result: r.transferred };
    },
  );
  return { status: out.status, NumberOfBytesWritten: out.value ?? 0 };
}
