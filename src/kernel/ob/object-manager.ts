import { Trace } from '../../base/index.js';
import { ObGrantRequestedAccess, type ObAccessCheck } from './access.js';
import type { ObjectDirectory } from './directory.js';
import type { HandleTableOwner } from './handle-create.js';
import { ExCreateHandleTable, type HandleTable } from './handle-table.js';
import { ObjectNamespace } from './namespace.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectTypeObject } from './object-type.js';
import { SequentialPool, type PoolAllocator } from './pool.js';

export interface ObjectManagerOptions {
  /** The namespace to manage (the machine's); a new one by default. */
  namespace?: ObjectNamespace;
  /** Where objects and handle tables get their kernel addresses. */
  pool?: PoolAllocator;
  /** ObHeaderCookie: a random byte per boot on Windows; fixed here so addresses and dumps repeat. */
  headerCookie?: number;
  /** The access decision for opens (kernel/se's AccessCheck); default: grant what is asked. */
  accessCheck?: ObAccessCheck;
  trace?: Trace;
}

/**
 * The object manager's global state, as ntoskrnl keeps it in Ob* variables: the namespace
 * (ObpRootDirectoryObject), the type table (ObTypeIndexTable, ObpObjectTypes), the kernel handle
 * table (ObpKernelHandleTable, which becomes the System process's ObjectTable), ObHeaderCookie.
 * Every Ob routine takes it first, as the Cm routines take the registry.
 */
export class ObjectManager {
  readonly namespace: ObjectNamespace;
  readonly pool: PoolAllocator;
  readonly headerCookie: number;
  accessCheck: ObAccessCheck;
  trace: Trace;
  /** ObTypeIndexTable: entries 0 and 1 are never types. */
  readonly typeIndexTable: (ObjectTypeObject | undefined)[] = [];
  /** Registered types by upper-cased name (type names are unique, as `\ObjectTypes` entries). */
  readonly types = new Map<string, ObjectTypeObject>();
  /** ObpKernelHandleTable: kernel handles (OBJ_KERNEL_HANDLE from kernel mode) live here. */
  readonly kernelHandleTable: HandleTable;
  /** The Type, Directory and SymbolicLink types once ObInitSystem made them. */
  typeType: ObjectTypeObject | null = null;
  directoryType: ObjectTypeObject | null = null;
  symbolicLinkType: ObjectTypeObject | null = null;
  /** Headers given to objects inserted into the namespace without one (by body). */
  readonly adopted = new WeakMap<object, ObjectHeader>();
  /**
   * The root directory of the server silo a process is in (PsGetCurrentServerSilo and its
   * PsObjectDirectorySiloContextSlot), or null for the host's `\`: Ps installs it when the first
   * silo root directory is made (ObpGetSiloRootDirectory, silo-namespace.ts).
   */
  siloRootDirectory: ((process: HandleTableOwner | null) => ObjectDirectory | null) | null = null;

  constructor(options: ObjectManagerOptions = {}) {
    this.namespace = options.namespace ?? new ObjectNamespace();
    this.pool = options.pool ?? new SequentialPool();
    this.headerCookie = (options.headerCookie ?? 0x5c) & 0xff;
    this.accessCheck = options.accessCheck ?? ObGrantRequestedAccess;
    this.trace = options.trace ?? Trace.disabled();
    this.kernelHandleTable = ExCreateHandleTable(this.pool, null);
  }
}
