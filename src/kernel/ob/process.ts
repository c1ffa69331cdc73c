import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, OBJ_INHERIT } from './constants.js';
import { ObpDecrementHandleCount, ObpIncrementHandleCount, type HandleTableOwner } from './handle-create.js';
import {
  ExCreateHandleTable,
  ExpCheckHandleList,
  ExpDuplicateRange,
  HandleTable,
  type HandleTableEntry,
} from './handle-table.js';
import type { ObjectManager } from './object-manager.js';
import { OB_OPEN_REASON } from './object-types.js';
import { ObDereferenceObject, ObReferenceObject } from './reference.js';
import { obCall } from './trace.js';

export interface ObInitProcessOptions {
  /**
   * PROC_THREAD_ATTRIBUTE_HANDLE_LIST (PsAttributeHandleList): inherit only these handles, which
   * must be inheritable, valid and in strictly ascending order.
   */
  handleList?: readonly number[];
  /** The System process: it takes the kernel handle table (ObpKernelHandleTable) as its ObjectTable. */
  systemProcess?: boolean;
}

/**
 * ObInitProcess: gives a new process its handle table. With no parent (bInheritHandles FALSE:
 * PspAllocateProcess passes none) the table is new and empty. With a parent, ExDupHandleTable
 * copies every inheritable handle (OBJ_INHERIT) into the child at the same value with the same
 * rights and attributes — or, with a handle list, exactly the listed handles, each of which must
 * be an open inheritable handle, else nothing is inherited and the status is
 * STATUS_INVALID_PARAMETER. Each inherited handle is a new handle to the object (the type's
 * OpenProcedure sees ObInheritHandle; one it refuses is skipped, or fails a listed inheritance).
 * A parent that has run down is STATUS_PROCESS_IS_TERMINATING. Sources: decompiled Windows 10
 * ObInitProcess and ExDupHandleTable (search index ids 65642160916, 65674541088); Microsoft Learn,
 * "Handle Inheritance"; R. Chen, "Programmatically controlling which handles are inherited by new
 * processes in Win32" (The Old New Thing, 2011-12-16).
 */
export function ObInitProcess(
  ob: ObjectManager,
  parent: HandleTableOwner | null,
  process: HandleTableOwner,
  options: ObInitProcessOptions = {},
): NTSTATUS {
  return obCall(
    ob,
    'ObInitProcess',
    { inherit: parent !== null, handleList: options.handleList ?? null },
    (span) => {
      if (options.systemProcess) {
        ob.kernelHandleTable.quotaProcess = process;
        process.ObjectTable = ob.kernelHandleTable;
        return { status: STATUS.SUCCESS };
      }
      if (!parent) {
        process.ObjectTable = ExCreateHandleTable(ob.pool, process);
        return { status: STATUS.SUCCESS };
      }
      const source = parent.ObjectTable;
      if (!source) return { status: STATUS.PROCESS_IS_TERMINATING };
      const list = options.handleList ?? null;
      if (list) {
        const checked = ExpCheckHandleList(source, list);
        if (checked !== STATUS.SUCCESS) return { status: checked };
      }
      const end = ExpDuplicateRange(source, list);
      if (end === 0) {
        process.ObjectTable = ExCreateHandleTable(ob.pool, process);
        return { status: STATUS.SUCCESS };
      }
      const table = new HandleTable(ob.pool, process);
      const inherited = new Map<number, HandleTableEntry>();
      const undo = (): void => {
        for (const entry of inherited.values()) {
          ObpDecrementHandleCount(ob, entry.object, table, entry.grantedAccess);
          ObDereferenceObject(ob, entry.object);
        }
      };
      const wanted =
        list ?? [...source.rows()].filter((r) => r.attributes & OBJ_INHERIT).map((r) => r.handle);
      for (const handle of wanted) {
        const entry = source.lookup(handle);
        if (!entry || !(entry.attributes & OBJ_INHERIT)) {
          undo();
          return { status: STATUS.INVALID_PARAMETER };
        }
        ObReferenceObject(entry.object);
        const status = ObpIncrementHandleCount(
          entry.object,
          table,
          OB_OPEN_REASON.ObInheritHandle,
          KernelMode,
          entry.grantedAccess,
        );
        if (status !== STATUS.SUCCESS) {
          ObDereferenceObject(ob, entry.object);
          if (list) {
            undo();
            return { status };
          }
          span.note('handle not inherited: the type refused it', { handle, status });
          continue;
        }
        inherited.set(handle, {
          object: entry.object,
          grantedAccess: entry.grantedAccess,
          attributes: entry.attributes,
        });
      }
      table.fillDuplicate(end, (h) => inherited.get(h));
      process.ObjectTable = table;
      return { status: STATUS.SUCCESS, result: { inherited: inherited.size } };
    },
  ).status;
}
