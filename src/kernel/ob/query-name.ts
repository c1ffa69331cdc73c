import { ObjectDirectory } from './directory.js';
import type { ObjectHeader } from './object-header.js';
import type { ObjectManager } from './object-manager.js';
import type { NamedObject } from './object-types.js';

/**
 * ObQueryNameString for objects of the namespace: the object's full path (`\KnownDlls`,
 * `\KnownDlls\kernel32.dll`), found by walking the directories from the root — the path of its
 * directories, not of any symbolic link that leads there. The root is `\`; an unnamed object, or
 * one no longer in a directory, has the empty name (ObQueryNameString's zero-length string).
 * What ObpLookupObjectName needs to look a name up relative to an OBJECT_ATTRIBUTES.RootDirectory.
 */
export function ObQueryNameString(ob: ObjectManager, object: ObjectHeader): string {
  const root = ob.namespace.root;
  if (object.body === root) return '\\';
  const matches = (e: NamedObject): boolean => e === object || e.body === object.body;
  const walk = (dir: ObjectDirectory, prefix: string): string | null => {
    for (const e of dir.list()) {
      const path = `${prefix}\\${e.name}`;
      if (matches(e)) return path;
      if (e.body instanceof ObjectDirectory) {
        const found = walk(e.body, path);
        if (found !== null) return found;
      }
    }
    return null;
  };
  return walk(root, '') ?? '';
}
