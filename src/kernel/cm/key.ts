import { ModelError } from '../../base/index.js';
import { KEY_HIVE_ENTRY, KEY_NO_DELETE, KEY_SYM_LINK } from './constants.js';
import { cmCompareNames, cmUpcaseName } from './names.js';
import type { RegValue } from './value.js';

/**
 * A key as callers hold it: what a handle's CM_KEY_BODY points at (the KCB). Read-only here; it
 * changes only through the Cm* routines. A deleted key stays valid to hold, and every routine but
 * CmDeleteKey then fails with STATUS_KEY_DELETED, as in Windows (ReactOS cmapi.c: Kcb->Delete).
 */
export interface CmKey {
  /** The key's own name as created (case preserved): `SOFTWARE`, `Session Manager`. */
  readonly name: string;
  /** Set by the caller's clock on create, on value set/delete and on subkey create/delete. */
  readonly lastWriteTime: number;
  /** REG_OPTION_VOLATILE: lives in memory only; its children must be volatile too. */
  readonly volatile: boolean;
  /** Created with REG_OPTION_CREATE_LINK (KEY_SYM_LINK): opening it opens its target. */
  readonly symbolicLink: boolean;
  readonly deleted: boolean;
}

/** A value cell: the name as first set (case preserved) and its data. */
export interface CmValueCell {
  name: string;
  value: RegValue;
}

/**
 * The key node (CM_KEY_NODE and its KCB in one). Subkeys and values are keyed by the upper-cased
 * name; values keep insertion order, as the hive's value list does (new values are appended by
 * CmpSetValueKeyNew, an existing one is changed in place by CmpSetValueKeyExisting, a deleted one is
 * removed by CmpRemoveValueFromList, which moves the rest down — ReactOS cmapi.c, cmvalue.c).
 */
export class CmKeyNode implements CmKey {
  /** By upper-cased name. Change it only through addSubkey/removeSubkey, which keep the order cache. */
  readonly subkeys = new Map<string, CmKeyNode>();
  /** cmSortedSubkeys' answer until the subkeys change. */
  sortedSubkeys: CmKeyNode[] | null = null;
  readonly values = new Map<string, CmValueCell>();
  /** KEY_NO_DELETE, KEY_HIVE_ENTRY, KEY_SYM_LINK. */
  flags: number;
  /** High-water marks in bytes, as CM_KEY_NODE keeps them (MaxNameLen, MaxClassLen, …). */
  maxNameLen = 0;
  maxClassLen = 0;
  maxValueNameLen = 0;
  maxValueDataLen = 0;
  deleted = false;

  constructor(
    readonly name: string,
    public parent: CmKeyNode | null,
    readonly volatile: boolean,
    flags: number,
    public lastWriteTime: number,
    readonly className: string,
  ) {
    this.flags = flags;
  }

  addSubkey(child: CmKeyNode): void {
    this.subkeys.set(cmUpcaseName(child.name), child);
    this.sortedSubkeys = null;
  }
  removeSubkey(child: CmKeyNode): void {
    this.subkeys.delete(cmUpcaseName(child.name));
    this.sortedSubkeys = null;
  }

  get symbolicLink(): boolean {
    return (this.flags & KEY_SYM_LINK) !== 0;
  }
  get noDelete(): boolean {
    return (this.flags & KEY_NO_DELETE) !== 0;
  }
  get hiveEntry(): boolean {
    return (this.flags & KEY_HIVE_ENTRY) !== 0;
  }
}

/** Every CmKey handed out is a CmKeyNode; this is the one place that says so. */
export function cmNode(key: CmKey): CmKeyNode {
  if (!(key instanceof CmKeyNode)) throw new ModelError('CM_NOT_A_KEY', 'not a key of this registry', key);
  return key;
}

/** The registry of one machine: the `\REGISTRY` key and everything under it. */
export interface CmRegistry {
  readonly root: CmKey;
}

export function cmRoot(reg: CmRegistry): CmKeyNode {
  return cmNode(reg.root);
}

/**
 * Subkeys in NtEnumerateKey order: the stable ones sorted by name, then the volatile ones sorted by
 * name — the node keeps one index per storage type and CmpFindSubKeyByNumber counts the stable
 * index first (ReactOS lib/cmlib/cmindex.c). A hive root is listed by its link node in the parent
 * hive, which is always allocated stable (ReactOS cmparse.c CmpCreateLinkNode), so a volatile hive
 * such as HARDWARE sorts among the stable keys.
 */
export function cmSortedSubkeys(node: CmKeyNode): readonly CmKeyNode[] {
  if (node.sortedSubkeys) return node.sortedSubkeys;
  const all = [...node.subkeys.values()];
  const byName = (a: CmKeyNode, b: CmKeyNode): number => cmCompareNames(a.name, b.name);
  const inVolatileList = (k: CmKeyNode): boolean => k.volatile && !k.hiveEntry;
  node.sortedSubkeys = [
    ...all.filter((k) => !inVolatileList(k)).sort(byName),
    ...all.filter(inVolatileList).sort(byName),
  ];
  return node.sortedSubkeys;
}

export function cmFindSubkey(node: CmKeyNode, name: string): CmKeyNode | undefined {
  return node.subkeys.get(cmUpcaseName(name));
}

export function cmFindValue(node: CmKeyNode, name: string): CmValueCell | undefined {
  return node.values.get(cmUpcaseName(name));
}

/** The key's full native name, `\REGISTRY\MACHINE\SOFTWARE` (KeyNameInformation). */
export function cmKeyPath(key: CmKey): string {
  const parts: string[] = [];
  for (let k: CmKeyNode | null = cmNode(key); k; k = k.parent) parts.push(k.name);
  return '\\' + parts.reverse().join('\\');
}
