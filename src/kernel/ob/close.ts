import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, OBJ_INHERIT, OBJ_PROTECT_CLOSE, UserMode, type KPROCESSOR_MODE } from './constants.js';
import { ObpDecrementHandleCount, ObpHandleTableFor, type HandleTableOwner } from './handle-create.js';
import type { HandleTable } from './handle-table.js';
import type { ObjectManager } from './object-manager.js';
import { ObDereferenceObject } from './reference.js';
import { obCall } from './trace.js';

/**
 * ObpCloseHandleTableEntry: the type's OkayToCloseProcedure may refuse, a handle marked
 * OBJ_PROTECT_CLOSE refuses (STATUS_HANDLE_NOT_CLOSABLE; a debugged user-mode caller gets it
 * raised as an exception instead — not modeled) unless the table is being run down; otherwise the
 * entry is freed, the handle count goes down and the handle's reference is dropped (ReactOS
 * ob/obhandle.c).
 */
export function ObpCloseHandleTableEntry(
  ob: ObjectManager,
  table: HandleTable,
  value: number,
  handle: number,
  accessMode: KPROCESSOR_MODE,
  rundown: boolean,
): NTSTATUS {
  const entry = table.lookup(value);
  if (!entry) return STATUS.INVALID_HANDLE;
  const object = entry.object;
  if (
    !rundown &&
    object.type.okayToClose &&
    !object.type.okayToClose({ process: table.quotaProcess, object: object.body, handle, accessMode })
  )
    return STATUS.HANDLE_NOT_CLOSABLE;
  if (entry.attributes & OBJ_PROTECT_CLOSE && !rundown) return STATUS.HANDLE_NOT_CLOSABLE;
  table.destroy(value);
  ObpDecrementHandleCount(ob, object, table, entry.grantedAccess);
  ObDereferenceObject(ob, object);
  return STATUS.SUCCESS;
}

/**
 * ObCloseHandle (NtClose): closes a handle of `process` (a kernel handle, from kernel mode, in the
 * kernel table). A value that is not an open handle is STATUS_INVALID_HANDLE.
 */
export function ObCloseHandle(
  ob: ObjectManager,
  process: HandleTableOwner | null,
  handle: number,
  accessMode: KPROCESSOR_MODE = UserMode,
): NTSTATUS {
  return obCall(ob, 'ObpCloseHandle', { handle, accessMode }, () => {
    const { table, value } = ObpHandleTableFor(ob, process, handle, accessMode);
    if (!table) return { status: STATUS.INVALID_HANDLE };
    return { status: ObpCloseHandleTableEntry(ob, table, value, handle, accessMode, false) };
  }).status;
}

/**
 * ObSetHandleAttributes (NtSetInformationObject, ObjectHandleFlagInformation; SetHandleInformation
 * at the Win32 edge): sets or clears OBJ_INHERIT and OBJ_PROTECT_CLOSE on an open handle.
 */
export function ObSetHandleAttributes(
  ob: ObjectManager,
  process: HandleTableOwner | null,
  handle: number,
  flags: { inherit: boolean; protectFromClose: boolean },
  accessMode: KPROCESSOR_MODE = UserMode,
): NTSTATUS {
  const { table, value } = ObpHandleTableFor(ob, process, handle, accessMode);
  const entry = table?.lookup(value);
  if (!entry) return STATUS.INVALID_HANDLE;
  entry.attributes =
    (entry.attributes & ~(OBJ_INHERIT | OBJ_PROTECT_CLOSE)) |
    (flags.inherit ? OBJ_INHERIT : 0) |
    (flags.protectFromClose ? OBJ_PROTECT_CLOSE : 0);
  return STATUS.SUCCESS;
}

/**
 * ObKillProcess: the process's rundown (PspExitProcess) closes every handle it still has, protected
 * ones included, and frees its table; EPROCESS.ObjectTable becomes null. Objects the process's
 * handles kept alive go now unless other references remain (ReactOS ob/obhandle.c ObKillProcess,
 * ExSweepHandleTable with IgnoreHandleProtection; OkayToClose procedures are not asked here).
 */
export function ObKillProcess(ob: ObjectManager, process: HandleTableOwner): void {
  const table = process.ObjectTable;
  if (!table) return;
  obCall(ob, 'ObKillProcess', { handles: table.handleCount }, () => {
    for (const row of [...table.rows()])
      ObpCloseHandleTableEntry(ob, table, row.handle, row.handle, KernelMode, true);
    table.destroyed = true;
    process.ObjectTable = null;
    return { status: STATUS.SUCCESS };
  });
}
