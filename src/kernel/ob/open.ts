import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObpOpenAccess, type ObAccessCheck } from './access.js';
import {
  KernelMode,
  OB_FLAG,
  OBJ_FORCE_ACCESS_CHECK,
  OBJ_KERNEL_EXCLUSIVE,
  OBJ_OPENLINK,
  OBJ_PERMANENT,
  OBJ_VALID_ATTRIBUTES,
  type KPROCESSOR_MODE,
} from './constants.js';
import { ObpAllocateObject } from './create.js';
import { ObpCreateHandle, type HandleTableOwner } from './handle-create.js';
import { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import { OB_OPEN_REASON, type NamedObject, type ObjectType } from './object-types.js';
import { ObpIsType, ObDereferenceObject, ObReferenceObject } from './reference.js';
import { ObpGetSiloRootDirectory } from './silo-namespace.js';
import { obCall } from './trace.js';

/**
 * The header of an object found in the namespace. Objects ObInsertObject named are headers
 * already; one inserted with ObjectNamespace.insert (the machine's volumes, ensureDirectory's
 * directories) gets a header on first use, as a permanent kernel object whose one reference is
 * its directory entry's — the same header every time (kept by body).
 */
export function ObpHeaderOf(ob: ObjectManager, named: NamedObject): ObjectHeader {
  if (named instanceof ObjectHeader) return named;
  const key = typeof named.body === 'object' && named.body !== null ? named.body : named;
  let header = ob.adopted.get(key);
  if (!header) {
    const typeObject = ob.types.get(named.type.name.toUpperCase()) ?? null;
    header = ObpAllocateObject(ob, typeObject, named.body, {
      named: named.name !== '',
      attributes: OBJ_PERMANENT,
      accessMode: KernelMode,
      type: named.type,
    });
    header.flags &= ~OB_FLAG.NewObject;
    header.name = named.name;
    ob.adopted.set(key, header);
  }
  return header;
}

export interface ObOpenParameters {
  /** OBJ_INHERIT, OBJ_KERNEL_HANDLE, OBJ_OPENLINK, OBJ_FORCE_ACCESS_CHECK, … */
  attributes?: number;
  desiredAccess: number;
  /** The type expected, or null for any. */
  type?: ObjectType | null;
  accessMode: KPROCESSOR_MODE;
  /** The process that gets the handle (for a kernel handle: ignored). */
  process: HandleTableOwner | null;
  /** Overrides the object manager's access decision for this open. */
  accessCheck?: ObAccessCheck;
}

function ObpBadAttributes(attributes: number, accessMode: KPROCESSOR_MODE, type: ObjectType): boolean {
  const valid = OBJ_VALID_ATTRIBUTES | (accessMode === KernelMode ? OBJ_KERNEL_EXCLUSIVE : 0);
  return (attributes & ~valid) !== 0 || (attributes & (type.invalidAttributes ?? 0)) !== 0;
}

/** The common tail of the opens: the caller holds a reference to `object`; it becomes the handle's. */
function ObpOpenReferenced(
  ob: ObjectManager,
  object: ObjectHeader,
  p: ObOpenParameters,
): { status: NTSTATUS; handle?: number } {
  const attributes = p.attributes ?? 0;
  const fail = (status: NTSTATUS): { status: NTSTATUS } => {
    ObDereferenceObject(ob, object);
    return { status };
  };
  if (ObpBadAttributes(attributes, p.accessMode, object.type)) return fail(STATUS.INVALID_PARAMETER);
  if (object.kernelOnlyAccess && p.accessMode !== KernelMode) return fail(STATUS.ACCESS_DENIED);
  const access = ObpOpenAccess(p.accessCheck ?? ob.accessCheck, {
    object,
    desiredAccess: p.desiredAccess,
    accessMode: p.accessMode,
    forceAccessCheck: (attributes & OBJ_FORCE_ACCESS_CHECK) !== 0,
    reason: OB_OPEN_REASON.ObOpenHandle,
    process: p.process,
  });
  if (access.status !== STATUS.SUCCESS) return fail(access.status);
  const r = ObpCreateHandle(ob, {
    object,
    reason: OB_OPEN_REASON.ObOpenHandle,
    grantedAccess: access.grantedAccess,
    attributes,
    process: p.process,
    accessMode: p.accessMode,
  });
  if (r.status !== STATUS.SUCCESS) return fail(r.status);
  return r;
}

/**
 * ObOpenObjectByPointer: a handle to an object the caller holds (how NtOpenProcess opens a
 * process found by its client ID). Another type is STATUS_OBJECT_TYPE_MISMATCH; the access
 * decision is the caller's callback or the object manager's.
 */
export function ObOpenObjectByPointer(
  ob: ObjectManager,
  object: ObjectHeader,
  p: ObOpenParameters,
): { status: NTSTATUS; handle?: number } {
  const r = obCall<number>(
    ob,
    'ObOpenObjectByPointer',
    { type: object.type.name, desiredAccess: p.desiredAccess, attributes: p.attributes ?? 0 },
    () => {
      if (!ObpIsType(object, p.type)) return { status: STATUS.OBJECT_TYPE_MISMATCH };
      ObReferenceObject(object);
      const h = ObpOpenReferenced(ob, object, p);
      return { status: h.status, value: h.handle, result: h.handle };
    },
  );
  return r.value !== undefined ? { status: r.status, handle: r.value } : { status: r.status };
}

/**
 * ObOpenObjectByName: looks the path up (ObpLookupObjectName: links followed, `\??` is
 * `\GLOBAL??`, OBJ_OPENLINK opens a link itself) and opens what it names. A miss is the lookup's
 * status (STATUS_OBJECT_NAME_NOT_FOUND, STATUS_OBJECT_PATH_NOT_FOUND, …); an object of another
 * type STATUS_OBJECT_TYPE_MISMATCH. A path that goes on into a parse procedure (a file on a volume,
 * a registry key) is not opened here: those components make their own objects (STATUS_NOT_IMPLEMENTED)
 * — except that a device refuses an open of any other type: IopParseDevice fails a lookup that did
 * not come from IoCreateFile (no open packet) with STATUS_OBJECT_TYPE_MISMATCH (ReactOS
 * io/iomgr/parse.c IopParseDevice, IopValidateOpenPacket), so NtOpenSection of a file's path is that.
 */
export function ObOpenObjectByName(
  ob: ObjectManager,
  path: string,
  p: ObOpenParameters,
): { status: NTSTATUS; handle?: number; object?: ObjectHeader } {
  let found: ObjectHeader | undefined;
  const r = obCall<number>(
    ob,
    'ObOpenObjectByName',
    { path, desiredAccess: p.desiredAccess, attributes: p.attributes ?? 0 },
    () => {
      const lookup = ob.namespace.lookup(path, {
        openLink: ((p.attributes ?? 0) & OBJ_OPENLINK) !== 0,
        root: ObpGetSiloRootDirectory(ob, p.process),
      });
      if (lookup.status !== STATUS.SUCCESS) return { status: lookup.status };
      let object: ObjectHeader;
      if (lookup.remaining !== '') {
        if (!(lookup.parsed instanceof ObjectHeader))
          return { status: ObpParseRefusal(lookup.object?.type.name, p.type) };
        object = lookup.parsed;
      } else object = ObpHeaderOf(ob, lookup.object!);
      if (!ObpIsType(object, p.type)) return { status: STATUS.OBJECT_TYPE_MISMATCH };
      ObReferenceObject(object);
      const h = ObpOpenReferenced(ob, object, p);
      if (h.status === STATUS.SUCCESS) found = object;
      return { status: h.status, value: h.handle, result: h.handle };
    },
  );
  return r.value !== undefined ? { status: r.status, handle: r.value, object: found! } : { status: r.status };
}

/** What ObOpenObjectByName answers for a path that goes on into an object's parse procedure. */
function ObpParseRefusal(parsedBy: string | undefined, expected: ObjectType | null | undefined): NTSTATUS {
  if (parsedBy === 'Device' && expected && expected.name !== 'File') return STATUS.OBJECT_TYPE_MISMATCH;
  return STATUS.NOT_IMPLEMENTED;
}
