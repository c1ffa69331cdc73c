import { STATUS, type NTSTATUS } from '../../base/index.js';
import { KEY_HIVE_ENTRY, KEY_NO_DELETE, MAX_KEY_NAME_LENGTH } from './constants.js';
import { CmKeyNode, cmFindSubkey, cmNode, type CmKey, type CmRegistry } from './key.js';
import { CmOpenKey } from './parse.js';

/**
 * The master hive and the hives linked into it. `\REGISTRY`, `\REGISTRY\MACHINE` and
 * `\REGISTRY\USER` live in the master hive, which is volatile, and cannot be deleted (ReactOS
 * cmsysini.c CmpCreateRegistryRoot and CmInitSystem1; CmiVolatileHive). Every other key lives in a
 * hive whose root is linked under them (CmpLinkHiveToMaster, CmpCreateLinkNode): the root is marked
 * KEY_HIVE_ENTRY | KEY_NO_DELETE, so NtDeleteKey refuses it with STATUS_CANNOT_DELETE.
 *
 * The model keeps no hive files: a hive here is its root key and what is created under it.
 */

export function createRegistry(time: number): CmRegistry {
  const root = new CmKeyNode('REGISTRY', null, true, KEY_NO_DELETE, time, '');
  for (const name of ['MACHINE', 'USER']) {
    root.addSubkey(new CmKeyNode(name, root, true, KEY_NO_DELETE, time, ''));
    root.maxNameLen = Math.max(root.maxNameLen, name.length * 2);
  }
  return { root };
}

export interface CmLoadKeyOptions {
  time: number;
  /** A volatile hive, like HARDWARE (built at boot, never saved). */
  volatile?: boolean;
}

/**
 * NtLoadKey / CmLoadKey with an empty hive: links a new hive root at `path` (absolute native name,
 * e.g. `\Registry\Machine\SOFTWARE`, `\Registry\User\S-1-5-18`). The parent must exist
 * (STATUS_OBJECT_NAME_NOT_FOUND) and the name must be free (STATUS_OBJECT_NAME_COLLISION).
 */
export function CmLoadKey(
  reg: CmRegistry,
  path: string,
  options: CmLoadKeyOptions,
): { status: NTSTATUS; key?: CmKey } {
  let p = path;
  while (p.endsWith('\\')) p = p.slice(0, -1);
  const cut = p.lastIndexOf('\\');
  if (cut <= 0) return { status: STATUS.OBJECT_PATH_SYNTAX_BAD };
  const name = p.slice(cut + 1);
  if (name === '' || name.length > MAX_KEY_NAME_LENGTH) return { status: STATUS.INVALID_PARAMETER };
  const parentResult = CmOpenKey(reg, { name: p.slice(0, cut) });
  if (parentResult.status !== STATUS.SUCCESS) return { status: parentResult.status };
  const parent = cmNode(parentResult.key!);
  if (cmFindSubkey(parent, name)) return { status: STATUS.OBJECT_NAME_COLLISION };
  const key = new CmKeyNode(
    name,
    parent,
    options.volatile ?? false,
    KEY_HIVE_ENTRY | KEY_NO_DELETE,
    options.time,
    '',
  );
  parent.addSubkey(key);
  parent.lastWriteTime = options.time;
  parent.maxNameLen = Math.max(parent.maxNameLen, name.length * 2);
  return { status: STATUS.SUCCESS, key };
}
