import type { NTSTATUS } from '../../base/index.js';
import type { KPROCESSOR_MODE } from './constants.js';

/**
 * GENERIC_MAPPING: what GENERIC_READ/WRITE/EXECUTE/ALL mean for one type. Supplied by the type's
 * creator (kernel/se owns the process, thread and token mappings); ob only applies it
 * (RtlMapGenericMask) when a handle is created or duplicated.
 */
export interface GenericMapping {
  readonly GenericRead: number;
  readonly GenericWrite: number;
  readonly GenericExecute: number;
  readonly GenericAll: number;
}

/** OB_OPEN_REASON, the first argument of an OpenProcedure (WDK wdm.h / ReactOS obtypes.h). */
export const OB_OPEN_REASON = {
  ObCreateHandle: 0,
  ObOpenHandle: 1,
  ObDuplicateHandle: 2,
  ObInheritHandle: 3,
} as const;
export type ObOpenReason = (typeof OB_OPEN_REASON)[keyof typeof OB_OPEN_REASON];

/** SECURITY_OPERATION_CODE, the operation a SecurityProcedure is asked to do (WDK ntifs.h). */
export const SECURITY_OPERATION_CODE = {
  SetSecurityDescriptor: 0,
  QuerySecurityDescriptor: 1,
  DeleteSecurityDescriptor: 2,
  AssignSecurityDescriptor: 3,
} as const;
export type SecurityOperationCode = (typeof SECURITY_OPERATION_CODE)[keyof typeof SECURITY_OPERATION_CODE];

/**
 * The process a procedure runs for: the owner of the handle table (HANDLE_TABLE.QuotaProcess, an
 * EPROCESS of kernel/ps), or null for the kernel handle table before the System process owns it.
 */
export type ObProcess = unknown;

/**
 * Object types as tables of operations (ARCHITECTURE.md: "object types as tables of operations,
 * not class trees"), after OBJECT_TYPE_INITIALIZER (Windows Internals 7, ch. 8 "Object types";
 * ReactOS ntoskrnl/include/internal/ob.h, obtypes.h). Everything but the name is optional, so a
 * plain `{ name: 'Device', parse }` still describes a type; the object manager fills defaults.
 * Procedures get the object's body; ob keeps the header (counts, name, flags) itself.
 */
export interface ObjectType<T = unknown> {
  /** The type name as `\ObjectTypes` lists it: Directory, SymbolicLink, Device, Key, Section, … */
  readonly name: string;
  /**
   * ParseProcedure: given the object reached and the rest of the path, finish the lookup (a
   * device hands the remainder to its file system, a key to the configuration manager).
   */
  parse?(object: T, remaining: string): ParseResult;
  /** ValidAccessMask: rights a handle to this type can hold (default: STANDARD_RIGHTS_ALL | 0xFFFF). */
  readonly validAccessMask?: number;
  /** GenericMapping: from the creator (kernel/se for processes, threads, tokens). */
  readonly genericMapping?: GenericMapping;
  /** InvalidAttributes: OBJ_* attributes an open of this type refuses (STATUS_INVALID_PARAMETER). */
  readonly invalidAttributes?: number;
  /** MaintainHandleCount: keep per-process handle counts (passed to open and close procedures). */
  readonly maintainHandleCount?: boolean;
  /** MaintainTypeList: objects carry OBJECT_HEADER_CREATOR_INFO (the Type type sets it). */
  readonly maintainTypeList?: boolean;
  /** Pool tag of the body's allocation (OBJECT_TYPE.Key); default: the first four letters of the name. */
  readonly poolTag?: string;
  /** Bytes of the body, for deterministic addresses (default 0x40). */
  readonly bodySize?: number;
  /**
   * OpenProcedure(OpenReason, AccessMode, Process, Object, GrantedAccess, HandleCount): called as a
   * handle is created, opened, duplicated or inherited; a failure status refuses the handle.
   * `handleCount` is the process's count after this handle (0 unless maintainHandleCount).
   */
  open?(info: {
    reason: ObOpenReason;
    accessMode: KPROCESSOR_MODE;
    process: ObProcess;
    object: T;
    grantedAccess: number;
    handleCount: number;
  }): NTSTATUS;
  /**
   * CloseProcedure(Process, Object, GrantedAccess, ProcessHandleCount, SystemHandleCount): called
   * for every handle closed, with the counts before this close (process count 0 unless
   * maintainHandleCount).
   */
  close?(info: {
    process: ObProcess;
    object: T;
    grantedAccess: number;
    processHandleCount: number;
    systemHandleCount: number;
  }): void;
  /** DeleteProcedure: the last reference went; free what the body holds. */
  delete?(object: T): void;
  /**
   * SecurityProcedure: assign (at insert), query, set and delete the object's security descriptor.
   * The descriptor is opaque to ob (kernel/se defines it); the default keeps it in the header.
   */
  security?(info: { operation: SecurityOperationCode; object: T; descriptor: unknown }): {
    status: NTSTATUS;
    descriptor?: unknown;
  };
  /** OkayToCloseProcedure: false refuses NtClose with STATUS_HANDLE_NOT_CLOSABLE. */
  okayToClose?(info: { process: ObProcess; object: T; handle: number; accessMode: KPROCESSOR_MODE }): boolean;
}

/** What a parse procedure returns: an object, or a status (NTSTATUS) for a failed lookup. */
export type ParseResult = { status: number; object?: unknown; remaining?: string };

/** A named object in the namespace. */
export interface NamedObject<T = unknown> {
  readonly type: ObjectType<T>;
  readonly body: T;
  /** The name as created (case preserved). */
  readonly name: string;
}
