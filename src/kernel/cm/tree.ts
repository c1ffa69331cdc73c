import { STATUS, type NTSTATUS } from '../../base/index.js';
import { CM_SYMBOLIC_LINK_VALUE_NAME, REG_OPTION_CREATE_LINK, REG_OPTION_VOLATILE } from './constants.js';
import { cmNode, type CmKey, type CmKeyNode, type CmRegistry } from './key.js';
import { CmDeleteKey } from './key-ops.js';
import { CmCreateKey, CmOpenKey, type CmCreateKeyParameters, type CmCreateKeyResult } from './parse.js';
import { regLink } from './value.js';
import { CmSetValueKey } from './value-ops.js';

/**
 * Multi-key operations the Win32 side builds from the one-key kernel routines: RegCreateKeyEx's
 * creation of missing parents, RegDeleteTree, and the creation of a symbolic link key.
 */

/**
 * RegCreateKeyEx over NtCreateKey: when NtCreateKey fails with STATUS_OBJECT_NAME_NOT_FOUND (a
 * parent is missing), create the name one component at a time from the start, intermediates with
 * the same options minus REG_OPTION_CREATE_LINK and without OBJ_OPENLINK, skipping repeated
 * separators (Wine dlls/kernelbase/registry.c create_key). The disposition is the last key's.
 */
export function createKeyRecursive(reg: CmRegistry, p: CmCreateKeyParameters): CmCreateKeyResult {
  const first = CmCreateKey(reg, p);
  if (first.status !== STATUS.OBJECT_NAME_NOT_FOUND) return first;
  let root: CmKey | null = p.root ?? null;
  let name = p.name;
  if (!root) {
    // An absolute name: start from the object the object manager finds (`\REGISTRY`).
    const end = name.indexOf('\\', 1);
    if (end < 0) return first;
    const top = CmOpenKey(reg, { name: name.slice(0, end) });
    if (top.status !== STATUS.SUCCESS) return { status: top.status };
    root = top.key!;
    name = name.slice(end + 1);
  }
  const parts = name.split('\\').filter((s) => s !== '');
  if (parts.length === 0) return first;
  const options = p.options ?? 0;
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const r = CmCreateKey(reg, {
      name: parts[i]!,
      root,
      options: last ? options : options & ~REG_OPTION_CREATE_LINK,
      className: p.className ?? '',
      openLink: last ? (p.openLink ?? false) : false,
      time: p.time,
    });
    if (r.status !== STATUS.SUCCESS || last) return r;
    root = r.key!;
  }
  return first;
}

/**
 * RegDeleteTree(key's parent, key's name): every subkey, deepest first, then the key itself. Link
 * keys are deleted as keys, never followed. Stops at the first key that cannot be deleted (a hive
 * root is KEY_NO_DELETE) and returns its status, leaving what was already deleted deleted, as
 * RegDeleteTree does.
 */
export function deleteKeyTree(key: CmKey, time: number): NTSTATUS {
  const top = cmNode(key);
  if (top.deleted) return STATUS.KEY_DELETED;
  // Post-order without recursion: a tree may be deeper than the JavaScript stack.
  const stack: { node: CmKeyNode; expanded: boolean }[] = [{ node: top, expanded: false }];
  while (stack.length > 0) {
    const entry = stack[stack.length - 1]!;
    if (!entry.expanded) {
      entry.expanded = true;
      for (const child of entry.node.subkeys.values()) stack.push({ node: child, expanded: false });
      continue;
    }
    stack.pop();
    const status = CmDeleteKey(entry.node, time);
    if (status !== STATUS.SUCCESS) return status;
  }
  return STATUS.SUCCESS;
}

export interface CreateLinkOptions {
  time: number;
  /** The link key lives in memory only (Windows creates CurrentControlSet this way at boot). */
  volatile?: boolean;
}

/**
 * A symbolic link key: NtCreateKey with REG_OPTION_CREATE_LINK, then the REG_LINK value
 * `SymbolicLinkValue` holding the absolute target name — how the kernel makes
 * `\Registry\Machine\System\CurrentControlSet` (ReactOS cmsysini.c CmpCreateControlSet). The
 * parent must exist; an existing key of that name is STATUS_OBJECT_NAME_COLLISION.
 */
export function createSymbolicLinkKey(
  reg: CmRegistry,
  linkName: string,
  target: string,
  options: CreateLinkOptions,
): CmCreateKeyResult {
  const r = CmCreateKey(reg, {
    name: linkName,
    options: REG_OPTION_CREATE_LINK | (options.volatile ? REG_OPTION_VOLATILE : 0),
    time: options.time,
  });
  if (r.status !== STATUS.SUCCESS) return r;
  const status = CmSetValueKey(r.key!, CM_SYMBOLIC_LINK_VALUE_NAME, regLink(target), options.time);
  return status === STATUS.SUCCESS ? r : { status };
}
