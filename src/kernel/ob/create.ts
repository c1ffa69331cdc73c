import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  KernelMode,
  OB_FLAG,
  OB_INFO_MASK,
  OBJ_EXCLUSIVE,
  OBJ_KERNEL_EXCLUSIVE,
  OBJ_PERMANENT,
  OBJ_VALID_ATTRIBUTES,
  OBJECT_HEADER_BODY_OFFSET,
  OBJECT_HEADER_CREATOR_INFO_SIZE,
  OBJECT_HEADER_NAME_INFO_SIZE,
  UserMode,
  type KPROCESSOR_MODE,
} from './constants.js';
import { ObjectHeader, ObpEncodeTypeIndex } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import type { ObjectTypeObject } from './object-type.js';
import type { ObjectType } from './object-types.js';
import { obCall } from './trace.js';

/** The default size of a body, for address allocation, when its type states none. */
const DEFAULT_BODY_SIZE = 0x40;

/**
 * ObpAllocateObject: one pool allocation holding the optional headers, OBJECT_HEADER and the body,
 * laid out as on x64 (…name info, creator info, header, body at header+0x30). The object starts with
 * one reference, the creator's, and NewObject set until it is inserted.
 */
export function ObpAllocateObject<T>(
  ob: ObjectManager,
  typeObject: ObjectTypeObject | null,
  body: T,
  options: { named: boolean; attributes: number; accessMode: KPROCESSOR_MODE; type?: ObjectType<T> },
): ObjectHeader<T> {
  const type = (options.type ?? typeObject?.typeInfo) as ObjectType<T>;
  let infoMask = 0;
  let optional = 0;
  if (type.maintainTypeList) {
    infoMask |= OB_INFO_MASK.CreatorInfo;
    optional += OBJECT_HEADER_CREATOR_INFO_SIZE;
  }
  if (options.named) {
    infoMask |= OB_INFO_MASK.NameInfo;
    optional += OBJECT_HEADER_NAME_INFO_SIZE;
  }
  const size = optional + OBJECT_HEADER_BODY_OFFSET + (type.bodySize ?? DEFAULT_BODY_SIZE);
  const start = ob.pool.allocate(size, typeObject?.key ?? type.poolTag ?? type.name.slice(0, 4));
  const address = start + BigInt(optional);
  let flags: number = OB_FLAG.NewObject;
  if (options.accessMode === KernelMode) flags |= OB_FLAG.KernelObject;
  if (options.attributes & OBJ_KERNEL_EXCLUSIVE) flags |= OB_FLAG.KernelOnlyAccess;
  if (options.attributes & OBJ_EXCLUSIVE) flags |= OB_FLAG.ExclusiveObject;
  if (options.attributes & OBJ_PERMANENT) flags |= OB_FLAG.PermanentObject;
  const encoded = ObpEncodeTypeIndex(typeObject?.index ?? 0, address, ob.headerCookie);
  const header = new ObjectHeader<T>(type, typeObject, body, address, encoded, flags, infoMask);
  if (type.maintainHandleCount) header.processHandleCounts = new Map();
  typeObject?.objectCreated();
  return header;
}

export interface ObCreateObjectParameters<T> {
  type: ObjectType<T>;
  /** The component's typed body: an EPROCESS, a section, a directory. */
  body: T;
  /** OBJECT_ATTRIBUTES.ObjectName: an absolute path (`\BaseNamedObjects\Foo`); ObInsertObject names it. */
  name?: string | null;
  /** OBJECT_ATTRIBUTES.Attributes: OBJ_PERMANENT, OBJ_EXCLUSIVE, OBJ_KERNEL_EXCLUSIVE, … */
  attributes?: number;
  /** The security descriptor to assign at insert (opaque: kernel/se's). */
  securityDescriptor?: unknown;
  /** The creator's mode (ProbeMode): KernelMode marks the object KernelObject. Default UserMode. */
  accessMode?: KPROCESSOR_MODE;
}

/**
 * ObCreateObject: validates the attributes and allocates the object with its header; nothing is
 * named or handed out until ObInsertObject. Attributes outside OBJ_VALID_ATTRIBUTES (plus
 * OBJ_KERNEL_EXCLUSIVE from kernel mode), or ones the type declares invalid, are
 * STATUS_INVALID_PARAMETER (ReactOS ob/oblife.c ObpCaptureObjectCreateInformation, ObCreateObject).
 * User-mode OBJ_PERMANENT needs SeCreatePermanentPrivilege: kernel/se's check, done by the caller.
 */
export function ObCreateObject<T>(
  ob: ObjectManager,
  p: ObCreateObjectParameters<T>,
): { status: NTSTATUS; object?: ObjectHeader<T> } {
  const attributes = p.attributes ?? 0;
  const accessMode = p.accessMode ?? UserMode;
  const r = obCall<ObjectHeader<T>>(
    ob,
    'ObCreateObject',
    { type: p.type.name, name: p.name ?? null, attributes },
    (span) => {
      const valid = OBJ_VALID_ATTRIBUTES | (accessMode === KernelMode ? OBJ_KERNEL_EXCLUSIVE : 0);
      if (attributes & ~valid || attributes & (p.type.invalidAttributes ?? 0))
        return { status: STATUS.INVALID_PARAMETER };
      const typeObject = ob.types.get(p.type.name.toUpperCase()) ?? null;
      const named = p.name !== undefined && p.name !== null && p.name !== '';
      const header = ObpAllocateObject(ob, typeObject, p.body, {
        named,
        attributes,
        accessMode,
        type: p.type,
      });
      header.createName = named ? p.name! : null;
      header.createAttributes = attributes;
      header.securityDescriptor = p.securityDescriptor ?? null;
      span.object({ type: p.type.name, address: header.bodyAddress, ...(named ? { name: p.name! } : {}) });
      return { status: STATUS.SUCCESS, value: header };
    },
  );
  return r.value ? { status: r.status, object: r.value } : { status: r.status };
}
