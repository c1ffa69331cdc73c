import type { ObjectDirectory } from './directory.js';
import type { HandleTable } from './handle-table.js';
import type { NamedObject, ObjectType } from './object-types.js';
import type { ObjectTypeObject } from './object-type.js';
import { OB_FLAG, OBJECT_HEADER_BODY_OFFSET } from './constants.js';

/**
 * OBJECT_HEADER with its name information (OBJECT_HEADER_NAME_INFO): every object the object
 * manager creates has one in front of its body (Windows Internals 7, ch. 8 "Object headers and
 * bodies"; ReactOS ob.h). The body is the component's own typed object (an EPROCESS, a section, a
 * directory); the header carries what is common — type, counts, flags, name, security.
 *
 * Counts: PointerCount is every reference, each handle included (a handle holds one reference);
 * HandleCount is the handles alone. The object is deleted when PointerCount reaches 0; a named
 * object that is not permanent leaves its directory when HandleCount reaches 0 (ObpDeleteNameCheck).
 * Windows 8.1+ biases PointerCount by references cached in each handle entry; the model does not.
 */
export class ObjectHeader<T = unknown> implements NamedObject<T> {
  /** PointerCount: references, handles included. */
  pointerCount = 1;
  /** HandleCount: open handles in all handle tables. */
  handleCount = 0;
  /** OB_FLAG bits: NewObject until inserted, KernelObject, KernelOnlyAccess, PermanentObject, … */
  flags: number;
  /** OB_INFO_MASK bits of the optional headers in front of this one. */
  readonly infoMask: number;
  /** The name (OBJECT_HEADER_NAME_INFO.Name): '' for an unnamed object. */
  name = '';
  /** OBJECT_HEADER_NAME_INFO.Directory: the directory the object is inserted in, if any. */
  directory: ObjectDirectory | null = null;
  /** SecurityDescriptor: opaque here (kernel/se's); assigned through the type's security procedure. */
  securityDescriptor: unknown = null;
  /** The path given at creation (OBJECT_CREATE_INFORMATION's name), used by ObInsertObject. */
  createName: string | null = null;
  /** OBJECT_CREATE_INFORMATION.Attributes: OBJ_OPENIF, OBJ_INHERIT, OBJ_KERNEL_HANDLE … for ObInsertObject. */
  createAttributes = 0;
  /** Set once the delete procedure has run: the header must not be used any more. */
  deleted = false;
  /** Per-process handle counts (OBJECT_HEADER_HANDLE_INFO), kept only for maintainHandleCount types. */
  processHandleCounts: Map<HandleTable, number> | null = null;

  constructor(
    readonly type: ObjectType<T>,
    /** The registered OBJECT_TYPE (null for a type no component registered). */
    readonly typeObject: ObjectTypeObject | null,
    readonly body: T,
    /** Kernel address of the OBJECT_HEADER. */
    readonly address: bigint,
    /** TypeIndex as stored: index ^ second byte of the header address ^ ObHeaderCookie. */
    readonly encodedTypeIndex: number,
    flags: number,
    infoMask: number,
  ) {
    this.flags = flags;
    this.infoMask = infoMask;
  }

  /** The body's address: OBJECT_HEADER + 0x30 on x64 (what `!object` and `!process` print). */
  get bodyAddress(): bigint {
    return this.address + BigInt(OBJECT_HEADER_BODY_OFFSET);
  }

  /** The type index (ObTypeIndexTable), 0 for an unregistered type. */
  get typeIndex(): number {
    return this.typeObject?.index ?? 0;
  }

  get permanent(): boolean {
    return (this.flags & OB_FLAG.PermanentObject) !== 0;
  }

  get kernelOnlyAccess(): boolean {
    return (this.flags & OB_FLAG.KernelOnlyAccess) !== 0;
  }
}

/**
 * The TypeIndex byte as Windows 10 stores it in the header: the real index XOR the second byte of
 * the header's address XOR the boot's ObHeaderCookie (ObGetObjectType reverses it; Windows
 * Internals 7, ch. 8 "Type objects"; public decompilations, e.g. search index id 24103285138).
 */
export function ObpEncodeTypeIndex(index: number, headerAddress: bigint, cookie: number): number {
  return (index ^ Number((headerAddress >> 8n) & 0xffn) ^ cookie) & 0xff;
}
