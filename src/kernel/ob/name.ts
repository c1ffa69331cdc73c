import { STATUS, type NTSTATUS } from '../../base/index.js';
import { OB_FLAG } from './constants.js';
import { ObjectDirectory } from './directory.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import { ObDereferenceObject } from './reference.js';

/**
 * Names an object in a directory (ObpInsertEntryDirectory with the name info filled in). The
 * directory entry holds a reference to the object: ObpDeleteNameCheck drops it when the name goes
 * (ReactOS ob/obname.c: "Now dereference the object as well").
 */
export function ObpInsertName(
  ob: ObjectManager,
  object: ObjectHeader,
  directory: ObjectDirectory,
  name: string,
): void {
  object.name = name;
  object.directory = directory;
  directory.insert(object);
  object.pointerCount++;
}

/**
 * ObpDeleteNameCheck: a named object that is not permanent leaves its directory when its last
 * handle closes, whatever references remain (ReactOS ob/obname.c: handle count 0, named, in a
 * directory, not permanent).
 */
export function ObpDeleteNameCheck(ob: ObjectManager, object: ObjectHeader): void {
  const dir = object.directory;
  if (object.handleCount !== 0 || !dir || object.permanent) return;
  if (dir.lookup(object.name) === object) dir.remove(object.name);
  object.directory = null;
  ObDereferenceObject(ob, object);
}

/**
 * ObMakeTemporaryObject (NtMakeTemporaryObject): clears PermanentObject; the name goes at once if
 * no handle is open, and the object with it if nothing else references it.
 */
export function ObMakeTemporaryObject(ob: ObjectManager, object: ObjectHeader): void {
  object.flags &= ~OB_FLAG.PermanentObject;
  ObpDeleteNameCheck(ob, object);
}

/**
 * The directory an absolute path names its last component in (ObpLookupObjectName on insert):
 * links on the way are followed (`\??`, `\Sessions\1\BaseNamedObjects\Global`); a missing
 * directory is STATUS_OBJECT_PATH_NOT_FOUND, something on the way that is not a directory
 * STATUS_OBJECT_TYPE_MISMATCH.
 */
export function ObpLookupParent(
  ob: ObjectManager,
  path: string,
  root: ObjectDirectory = ob.namespace.root,
): { status: NTSTATUS; directory?: ObjectDirectory; name?: string } {
  if (!path.startsWith('\\')) return { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
  const parts = path.slice(1).split('\\');
  if (parts.some((p) => p === ''))
    return { status: path === '\\' ? STATUS.OBJECT_NAME_COLLISION : STATUS.OBJECT_NAME_INVALID };
  const name = parts.pop()!;
  if (parts.length === 0) return { status: STATUS.SUCCESS, directory: root, name };
  const r = ob.namespace.lookup('\\' + parts.join('\\'), { root });
  if (r.status === STATUS.OBJECT_NAME_NOT_FOUND) return { status: STATUS.OBJECT_PATH_NOT_FOUND };
  if (r.status !== STATUS.SUCCESS) return { status: r.status };
  if (!(r.object!.body instanceof ObjectDirectory) || r.remaining !== '')
    return { status: STATUS.OBJECT_TYPE_MISMATCH };
  return { status: STATUS.SUCCESS, directory: r.object!.body, name };
}
