import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObpStoredAccess } from './access.js';
import {
  KERNEL_HANDLE_BIT,
  KernelMode,
  NtCurrentProcess,
  NtCurrentThread,
  OBJ_HANDLE_ATTRIBUTES,
  OBJ_KERNEL_HANDLE,
  UserMode,
  type KPROCESSOR_MODE,
} from './constants.js';
import { ObKernelHandleToHandle, ObMarkHandleAsKernelHandle, type HandleTable } from './handle-table.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import type { ObOpenReason } from './object-types.js';
import { ObpDeleteNameCheck } from './name.js';

/**
 * What ob needs of a process: its handle table, EPROCESS.ObjectTable — null once the process has
 * run down (ObKillProcess), when ob answers STATUS_PROCESS_IS_TERMINATING.
 */
export interface HandleTableOwner {
  ObjectTable: HandleTable | null;
}

/**
 * ObpIsKernelHandle: bit 31 set, not NtCurrentProcess/NtCurrentThread, and asked from kernel mode.
 * A user-mode caller's kernel-handle value is looked up in its own table, where it is never valid.
 */
export function ObpIsKernelHandle(handle: number, accessMode: KPROCESSOR_MODE): boolean {
  return (
    (handle & KERNEL_HANDLE_BIT) !== 0 &&
    handle !== NtCurrentProcess &&
    handle !== NtCurrentThread &&
    accessMode === KernelMode
  );
}

/** The table a handle value lives in and its index there (the kernel table for kernel handles). */
export function ObpHandleTableFor(
  ob: ObjectManager,
  process: HandleTableOwner | null,
  handle: number,
  accessMode: KPROCESSOR_MODE,
): { table: HandleTable | null; value: number } {
  if (ObpIsKernelHandle(handle, accessMode))
    return { table: ob.kernelHandleTable, value: ObKernelHandleToHandle(handle) };
  return { table: process?.ObjectTable ?? null, value: handle };
}

/**
 * ObpIncrementHandleCount: the type's OpenProcedure may refuse the handle; then HandleCount and
 * the type's TotalNumberOfHandles go up (and the per-process count for maintainHandleCount types).
 */
export function ObpIncrementHandleCount(
  object: ObjectHeader,
  table: HandleTable,
  reason: ObOpenReason,
  accessMode: KPROCESSOR_MODE,
  grantedAccess: number,
): NTSTATUS {
  const counts = object.processHandleCounts;
  const processCount = counts ? (counts.get(table) ?? 0) + 1 : 0;
  if (object.type.open) {
    const status = object.type.open({
      reason,
      accessMode,
      process: table.quotaProcess,
      object: object.body,
      grantedAccess,
      handleCount: processCount,
    });
    if (status !== STATUS.SUCCESS && (status | 0) < 0) return status;
  }
  counts?.set(table, processCount);
  object.handleCount++;
  object.typeObject?.handleOpened();
  return STATUS.SUCCESS;
}

/**
 * ObpDecrementHandleCount: the type's CloseProcedure (counts before this close), the counts down,
 * then ObpDeleteNameCheck. The handle's reference is the caller's to drop.
 */
export function ObpDecrementHandleCount(
  ob: ObjectManager,
  object: ObjectHeader,
  table: HandleTable,
  grantedAccess: number,
): void {
  const counts = object.processHandleCounts;
  const processCount = counts?.get(table) ?? 0;
  object.type.close?.({
    process: table.quotaProcess,
    object: object.body,
    grantedAccess,
    processHandleCount: processCount,
    systemHandleCount: object.handleCount,
  });
  if (counts) {
    if (processCount <= 1) counts.delete(table);
    else counts.set(table, processCount - 1);
  }
  object.handleCount--;
  if (object.typeObject) object.typeObject.totalNumberOfHandles--;
  ObpDeleteNameCheck(ob, object);
}

/**
 * ObpCreateHandle: puts a referenced object in a handle table and returns the handle. The caller's
 * reference becomes the handle's on success (and stays the caller's on failure). A kernel handle
 * (OBJ_KERNEL_HANDLE from kernel mode) goes in the kernel table and comes back with bit 31 set;
 * a KernelOnlyAccess object refuses user mode (STATUS_ACCESS_DENIED); a process that has run
 * down has no table (STATUS_PROCESS_IS_TERMINATING).
 */
export function ObpCreateHandle(
  ob: ObjectManager,
  p: {
    object: ObjectHeader;
    reason: ObOpenReason;
    grantedAccess: number;
    attributes: number;
    process: HandleTableOwner | null;
    accessMode: KPROCESSOR_MODE;
  },
): { status: NTSTATUS; handle?: number } {
  const kernel = (p.attributes & OBJ_KERNEL_HANDLE) !== 0 && p.accessMode === KernelMode;
  const table = kernel ? ob.kernelHandleTable : (p.process?.ObjectTable ?? null);
  if (!table || table.destroyed) return { status: STATUS.PROCESS_IS_TERMINATING };
  if (p.object.kernelOnlyAccess && p.accessMode === UserMode) return { status: STATUS.ACCESS_DENIED };
  const granted = ObpStoredAccess(p.grantedAccess);
  const status = ObpIncrementHandleCount(p.object, table, p.reason, p.accessMode, granted);
  if (status !== STATUS.SUCCESS) return { status };
  const handle = table.create({
    object: p.object,
    grantedAccess: granted,
    attributes: p.attributes & OBJ_HANDLE_ATTRIBUTES,
  });
  if (handle === 0) {
    ObpDecrementHandleCount(ob, p.object, table, granted);
    return { status: STATUS.INSUFFICIENT_RESOURCES };
  }
  return { status: STATUS.SUCCESS, handle: kernel ? ObMarkHandleAsKernelHandle(handle) : handle };
}
