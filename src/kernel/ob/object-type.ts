import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';
import { KernelMode, OB_FLAG, OBJ_PERMANENT, OBJECT_TYPE_ALL_ACCESS, READ_CONTROL } from './constants.js';
import { ObpAllocateObject } from './create.js';
import { ObjectDirectory } from './directory.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import type { ObjectType } from './object-types.js';
import { ObpInsertName } from './name.js';
import { obCall } from './trace.js';
import { win10TypeIndex } from './type-table.js';

/**
 * OBJECT_TYPE: the body of a Type object — its name, its index in ObTypeIndexTable, the
 * initializer (ObjectType: procedures, access mask, generic mapping) and the counts `!object`
 * and leak checks read.
 */
export class ObjectTypeObject {
  totalNumberOfObjects = 0;
  totalNumberOfHandles = 0;
  highWaterNumberOfObjects = 0;
  highWaterNumberOfHandles = 0;
  /** The Type object's own header (in `\ObjectTypes`). */
  header: ObjectHeader<ObjectTypeObject> | null = null;

  constructor(
    readonly index: number,
    /** OBJECT_TYPE.TypeInfo: what the creator passed to ObCreateObjectType. */
    public typeInfo: ObjectType,
    /** Listed by the boot namespace for `\ObjectTypes` until its component registers it. */
    public placeholder = false,
  ) {}

  get name(): string {
    return this.typeInfo.name;
  }

  /** OBJECT_TYPE.Key: the pool tag of the type's objects. */
  get key(): string {
    return this.typeInfo.poolTag ?? this.typeInfo.name.slice(0, 4);
  }

  objectCreated(): void {
    this.totalNumberOfObjects++;
    if (this.totalNumberOfObjects > this.highWaterNumberOfObjects)
      this.highWaterNumberOfObjects = this.totalNumberOfObjects;
  }

  handleOpened(): void {
    this.totalNumberOfHandles++;
    if (this.totalNumberOfHandles > this.highWaterNumberOfHandles)
      this.highWaterNumberOfHandles = this.totalNumberOfHandles;
  }
}

/** The initializer of the Type type itself (ReactOS ob/obinit.c: OBJECT_TYPE_ALL_ACCESS, MaintainTypeList). */
export const ObpTypeObjectTypeInfo: ObjectType<ObjectTypeObject> = {
  name: 'Type',
  validAccessMask: OBJECT_TYPE_ALL_ACCESS,
  genericMapping: {
    GenericRead: READ_CONTROL,
    GenericWrite: READ_CONTROL,
    GenericExecute: READ_CONTROL,
    GenericAll: OBJECT_TYPE_ALL_ACCESS,
  },
  maintainTypeList: true,
  poolTag: 'ObjT',
  bodySize: 0xd8,
};

/**
 * ObCreateObjectType: registers a type under its 22H2 index (WIN10_22H2_OBJECT_TYPES), or the next
 * free one for a type Windows 10 lacks, and makes its Type object, named in `\ObjectTypes` once that
 * directory exists. A name already registered is STATUS_OBJECT_NAME_COLLISION — except a placeholder
 * the boot namespace listed, which the component's registration takes over. The creator keeps a
 * reference (PsProcessType & co.), so a type shows PointerCount 2 (`!object` on PsProcessType in
 * rayanfam.com, "Reversing Windows Internals (Part 1)").
 */
export function ObCreateObjectType<T>(
  ob: ObjectManager,
  typeInfo: ObjectType<T>,
  options: { index?: number; placeholder?: boolean } = {},
): { status: NTSTATUS; type?: ObjectTypeObject } {
  const r = obCall<ObjectTypeObject>(ob, 'ObCreateObjectType', { name: typeInfo.name }, () => {
    const listed = ob.types.get(typeInfo.name.toUpperCase());
    if (listed?.placeholder) {
      listed.typeInfo = typeInfo as ObjectType;
      listed.placeholder = false;
      return { status: STATUS.SUCCESS, value: listed, result: { index: listed.index } };
    }
    if (listed) return { status: STATUS.OBJECT_NAME_COLLISION };
    const index =
      options.index ?? win10TypeIndex(typeInfo.name) ?? Math.max(68, ob.typeIndexTable.length - 1) + 1;
    if (index < 2 || index > 0xff || ob.typeIndexTable[index])
      throw new ModelError('ob.type', `type index ${index} of ${typeInfo.name} is taken or out of range`);
    const type = new ObjectTypeObject(index, typeInfo as ObjectType, options.placeholder ?? false);
    ob.typeIndexTable[index] = type;
    ob.types.set(typeInfo.name.toUpperCase(), type);
    if (typeInfo.name === 'Type') ob.typeType = type;
    ObpCreateTypeObject(ob, type);
    return { status: STATUS.SUCCESS, value: type, result: { index } };
  });
  return r.value ? { status: r.status, type: r.value } : { status: r.status };
}

/** The Type object of a type: permanent, kernel, named in `\ObjectTypes` when the directory exists. */
export function ObpCreateTypeObject(ob: ObjectManager, type: ObjectTypeObject): void {
  if (!ob.typeType || type.header) return; // ObInitSystem makes the objects of types registered before Type
  const header = ObpAllocateObject(ob, ob.typeType, type, {
    named: true,
    attributes: OBJ_PERMANENT,
    accessMode: KernelMode,
  });
  header.flags &= ~OB_FLAG.NewObject;
  // One reference is the creator's (PsProcessType & co.); the directory entry adds one.
  type.header = header;
  const dir = ob.namespace.root.lookup('ObjectTypes')?.body;
  if (dir instanceof ObjectDirectory) ObpInsertName(ob, header, dir, type.name);
}
