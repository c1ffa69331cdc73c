/**
 * The object manager (Windows Internals 7, ch. 8 "Object Manager"; ReactOS ntoskrnl/ob): object
 * types as tables of operations, object headers and references, the namespace, handle tables,
 * duplication and inheritance. The only door into kernel/ob.
 */
export * from './object-types.js';
export * from './constants.js';
export * from './directory.js';
export * from './namespace.js';
export { WIN10_22H2_OBJECT_TYPES, win10TypeIndex } from './type-table.js';
export { SequentialPool, type PoolAllocator } from './pool.js';
export { ObGrantRequestedAccess, type ObAccessCheck } from './access.js';
export { ObjectHeader } from './object-header.js';
export { ObjectManager, type ObjectManagerOptions } from './object-manager.js';
export { ObjectTypeObject, ObCreateObjectType } from './object-type.js';
export { ObCreateObject, type ObCreateObjectParameters } from './create.js';
export { ObInsertObject, type ObInsertObjectParameters, type ObInsertObjectResult } from './insert.js';
export { ObReferenceObject, ObDereferenceObject, ObReferenceObjectByPointer } from './reference.js';
export { ObMakeTemporaryObject } from './name.js';
export {
  HandleTable,
  ExCreateHandleTable,
  ObMarkHandleAsKernelHandle,
  ObKernelHandleToHandle,
  handleToPointer,
  type HandleTableEntry,
  type HandleTableRow,
} from './handle-table.js';
export type { HandleTableOwner } from './handle-create.js';
export { ObCloseHandle, ObSetHandleAttributes, ObKillProcess } from './close.js';
export {
  ObReferenceObjectByHandle,
  type ObPseudoHandleTarget,
  type ObReferenceByHandleParameters,
  type ObReferenceByHandleResult,
} from './by-handle.js';
export { ObOpenObjectByName, ObOpenObjectByPointer, type ObOpenParameters } from './open.js';
export { ObQueryNameString } from './query-name.js';
export { ObDuplicateObject, type ObDuplicateObjectParameters } from './duplicate.js';
export { ObInitProcess, type ObInitProcessOptions } from './process.js';
export { ObEnumerateHandles, ObSnapshotCounts, type ObCountsSnapshot, type ObHandleInfo } from './query.js';
export { ObInitSystem, createBootNamespace, type BootNamespaceOptions } from './boot-namespace.js';
export {
  ObCreateSiloNamedObjectDirectories,
  ObCreateSiloRootDirectory,
  SILO_OBJECT_ROOT_DIRECTORY_ALL,
  SILO_OBJECT_ROOT_DIRECTORY_INITIALIZE,
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES,
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_ROOT,
} from './silo-namespace.js';
export {
  ObRegisterCallbacks,
  ObUnRegisterCallbacks,
  ObpCallHandleCreateCallbacks,
  OB_FLT_REGISTRATION_VERSION,
  OB_OPERATION_HANDLE_CREATE,
  OB_OPERATION_HANDLE_DUPLICATE,
  OB_PREOP_SUCCESS,
  STATUS_FLT_INSTANCE_ALTITUDE_COLLISION,
  type ObCallbackRegistrationHandle,
  type ObHandleCreateOperation,
  type OB_CALLBACK_REGISTRATION,
  type OB_OPERATION_REGISTRATION,
  type OB_POST_CREATE_HANDLE_INFORMATION,
  type OB_POST_OPERATION_INFORMATION,
  type OB_PRE_CREATE_HANDLE_INFORMATION,
  type OB_PRE_OPERATION_INFORMATION,
  type POB_POST_OPERATION_CALLBACK,
  type POB_PRE_OPERATION_CALLBACK,
} from './callbacks.js';
