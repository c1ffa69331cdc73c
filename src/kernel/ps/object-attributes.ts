import { STATUS, type Channel, type NTSTATUS } from '../../base/index.js';
import { FILE_OBJECT } from '../io/index.js';
import {
  ObDereferenceObject,
  ObjectDirectory,
  ObOpenObjectByName,
  ObQueryNameString,
  ObReferenceObjectByHandle,
  type ObjectHeader,
  type ObjectType,
} from '../ob/index.js';
import type { PsCaller } from './caller.js';
import type { PsSystem } from './ps-system.js';

/** OBJECT_ATTRIBUTES as the services take it: the name, OBJ_* attributes, and a handle to start from. */
export interface OBJECT_ATTRIBUTES {
  /** An absolute NT path, or a name relative to RootDirectory. */
  ObjectName?: string | null;
  /** OBJ_INHERIT, OBJ_CASE_INSENSITIVE, OBJ_OPENIF, OBJ_PERMANENT, … */
  Attributes?: number;
  /** A handle to a directory object, or to a directory file for a file open; 0/absent for none. */
  RootDirectory?: number | null;
}

/**
 * The absolute path OBJECT_ATTRIBUTES name — ObpLookupObjectName's handling of RootDirectory
 * (ReactOS ob/obname.c): the root is referenced (no access needed); a name relative to a directory
 * object may not start with `\` (STATUS_OBJECT_PATH_SYNTAX_BAD) and is looked up in it (an empty
 * name names the directory itself); a file object's parse procedure takes a name relative to the
 * file (a directory file for a relative open); any other object has no parse procedure,
 * STATUS_INVALID_HANDLE. Without a root the name is used as it is (the lookup refuses a relative one).
 */
export function PspObjectAttributesPath(
  ps: PsSystem,
  caller: PsCaller,
  oa: OBJECT_ATTRIBUTES,
): { status: NTSTATUS; path?: string } {
  const { ob } = ps.deps;
  const name = oa.ObjectName ?? '';
  const rootHandle =
    oa.RootDirectory === undefined || oa.RootDirectory === null ? 0 : Number(oa.RootDirectory);
  if (!rootHandle) return { status: STATUS.SUCCESS, path: name };
  const ref = ObReferenceObjectByHandle(ob, {
    handle: rootHandle,
    desiredAccess: 0,
    type: null,
    accessMode: caller.previousMode,
    process: caller.process,
  });
  if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
  const root = ref.object!;
  let r: { status: NTSTATUS; path?: string };
  if (root.body instanceof FILE_OBJECT) {
    const base = root.body.devicePath;
    r = {
      status: STATUS.SUCCESS,
      path: !name ? base : name.startsWith('\\') ? base + name : `${base}\\${name}`,
    };
  } else if (!(root.body instanceof ObjectDirectory)) r = { status: STATUS.INVALID_HANDLE };
  else if (name.startsWith('\\')) r = { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
  else {
    const dir = ObQueryNameString(ob, root);
    r = { status: STATUS.SUCCESS, path: !name ? dir : dir === '\\' ? `\\${name}` : `${dir}\\${name}` };
  }
  ObDereferenceObject(ob, root);
  return r;
}

/**
 * ObReferenceObjectByHandle for the caller (its handle table, its PreviousMode): an invalid
 * handle is STATUS_INVALID_HANDLE, another type STATUS_OBJECT_TYPE_MISMATCH, a right the handle
 * lacks STATUS_ACCESS_DENIED (not checked for kernel-mode callers). The caller dereferences.
 */
export function PspReferenceObjectByHandle<T>(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  desiredAccess: number,
  type: ObjectType,
): { status: NTSTATUS; object?: T; header?: ObjectHeader; grantedAccess?: number } {
  // The pseudo-handles name the caller's process and thread (NtCurrentProcess / NtCurrentThread):
  // a type mismatch for any other type, as ObReferenceObjectByHandle does on Windows.
  const processHeader = caller.process.header;
  const threadHeader = caller.thread?.header;
  const r = ObReferenceObjectByHandle(ps.deps.ob, {
    handle,
    desiredAccess,
    type,
    accessMode: caller.previousMode,
    process: caller.process,
    ...(processHeader ? { currentProcess: { object: processHeader, grantedAccess: 0x1fffff } } : {}),
    ...(threadHeader ? { currentThread: { object: threadHeader, grantedAccess: 0x1fffff } } : {}),
  });
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  return {
    status: STATUS.SUCCESS,
    object: r.object!.body as T,
    header: r.object!,
    grantedAccess: r.grantedAccess!,
  };
}

/**
 * ObOpenObjectByName of the object OBJECT_ATTRIBUTES name (relative to its RootDirectory) as a
 * type, for the open services (NtOpenDirectoryObject, NtOpenSymbolicLinkObject, NtOpenSection): no
 * ObjectAttributes is STATUS_INVALID_PARAMETER, then the lookup's statuses; a span `fn` on `channel`.
 */
export function PspOpenObjectByAttributes(
  ps: PsSystem,
  caller: PsCaller,
  fn: string,
  channel: Channel,
  type: ObjectType,
  p: { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null },
  extraAttributes = 0,
): { status: NTSTATUS; handle?: number } {
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn,
      channel,
      args: { name: p.ObjectAttributes?.ObjectName ?? null, DesiredAccess: p.DesiredAccess >>> 0 },
    },
    (): { status: NTSTATUS; value?: number; result?: number } => {
      const oa = p.ObjectAttributes;
      if (!oa) return { status: STATUS.INVALID_PARAMETER };
      const named = PspObjectAttributesPath(ps, caller, oa);
      if (named.status !== STATUS.SUCCESS) return { status: named.status };
      const r = ObOpenObjectByName(ps.deps.ob, named.path!, {
        attributes: (oa.Attributes ?? 0) | extraAttributes,
        desiredAccess: p.DesiredAccess >>> 0,
        type,
        accessMode: caller.previousMode,
        process: caller.process,
      });
      return r.handle !== undefined
        ? { status: r.status, value: r.handle, result: r.handle }
        : { status: r.status };
    },
  );
  return out.value !== undefined ? { status: out.status, handle: out.value } : { status: out.status };
}
