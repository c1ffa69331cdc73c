import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MAX_KEY_NAME_LENGTH, MAX_VALUE_NAME_LENGTH } from './constants.js';
import { CmKeyNode, cmRoot, cmSortedSubkeys, type CmRegistry } from './key.js';
import { cmUpcaseName } from './names.js';

/**
 * The registry's state as plain JSON-able data (ARCHITECTURE.md "Snapshots"): saved, loaded back
 * into a new registry, and compared. Everything the routines can observe is kept — names as
 * created, values in list order, LastWriteTime, class, volatility, link and hive flags and the
 * name/data high-water marks — so a loaded registry answers every query as the saved one did.
 * Value data is lower-case hex. Trees are walked with explicit stacks, never recursion.
 */

export interface RegistrySnapshotValue {
  name: string;
  type: number;
  /** Lower-case hex, two digits a byte. */
  data: string;
}

export interface RegistrySnapshotKey {
  name: string;
  lastWriteTime: number;
  className?: string;
  volatile?: boolean;
  /** KEY_NO_DELETE | KEY_HIVE_ENTRY | KEY_SYM_LINK, when any is set. */
  flags?: number;
  /** [MaxNameLen, MaxClassLen, MaxValueNameLen, MaxValueDataLen], when any is non-zero. */
  max?: [number, number, number, number];
  values?: RegistrySnapshotValue[];
  /** In NtEnumerateKey order. */
  subkeys?: RegistrySnapshotKey[];
}

export interface RegistrySnapshot {
  format: 'ntsim-registry';
  version: 1;
  root: RegistrySnapshotKey;
}

function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += (x < 16 ? '0' : '') + x.toString(16);
  return s;
}

function fromHex(s: string): Uint8Array | null {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  const b = new Uint8Array(s.length / 2);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

function saveKey(node: CmKeyNode): RegistrySnapshotKey {
  const k: RegistrySnapshotKey = { name: node.name, lastWriteTime: node.lastWriteTime };
  if (node.className !== '') k.className = node.className;
  if (node.volatile) k.volatile = true;
  if (node.flags !== 0) k.flags = node.flags;
  const max: [number, number, number, number] = [
    node.maxNameLen,
    node.maxClassLen,
    node.maxValueNameLen,
    node.maxValueDataLen,
  ];
  if (max.some((m) => m !== 0)) k.max = max;
  if (node.values.size > 0)
    k.values = [...node.values.values()].map((c) => ({
      name: c.name,
      type: c.value.type,
      data: toHex(c.value.data),
    }));
  return k;
}

export function saveRegistry(reg: CmRegistry): RegistrySnapshot {
  const top = cmRoot(reg);
  const root = saveKey(top);
  const stack: [CmKeyNode, RegistrySnapshotKey][] = [[top, root]];
  while (stack.length > 0) {
    const [node, out] = stack.pop()!;
    const children = cmSortedSubkeys(node);
    if (children.length === 0) continue;
    out.subkeys = children.map((c) => {
      const k = saveKey(c);
      stack.push([c, k]);
      return k;
    });
  }
  return { format: 'ntsim-registry', version: 1, root };
}

class SnapshotError {
  constructor(readonly message: string) {}
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function nonNegativeInt(x: unknown): boolean {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function loadKey(
  x: unknown,
  where: string,
  parent: CmKeyNode | null,
): { node: CmKeyNode; subkeys: unknown[] } {
  if (!isRecord(x)) throw new SnapshotError(`${where}: not an object`);
  const { name, lastWriteTime, className = '', volatile = false, flags = 0, max = [0, 0, 0, 0] } = x;
  if (typeof name !== 'string' || name === '' || name.includes('\\') || name.length > MAX_KEY_NAME_LENGTH)
    throw new SnapshotError(`${where}.name: not a key name`);
  if (typeof lastWriteTime !== 'number' || !Number.isFinite(lastWriteTime))
    throw new SnapshotError(`${where}.lastWriteTime: not a number`);
  if (typeof className !== 'string') throw new SnapshotError(`${where}.className: not a string`);
  if (typeof volatile !== 'boolean') throw new SnapshotError(`${where}.volatile: not a boolean`);
  if (!nonNegativeInt(flags) || (flags as number) > 0xffff)
    throw new SnapshotError(`${where}.flags: not a flag set`);
  if (!Array.isArray(max) || max.length !== 4 || !max.every(nonNegativeInt))
    throw new SnapshotError(`${where}.max: not four counts`);
  const node = new CmKeyNode(name, parent, volatile, flags as number, lastWriteTime, className);
  [node.maxNameLen, node.maxClassLen, node.maxValueNameLen, node.maxValueDataLen] = max as number[] as [
    number,
    number,
    number,
    number,
  ];
  const values = x.values ?? [];
  if (!Array.isArray(values)) throw new SnapshotError(`${where}.values: not an array`);
  values.forEach((v: unknown, i) => {
    const w = `${where}.values[${i}]`;
    if (!isRecord(v)) throw new SnapshotError(`${w}: not an object`);
    if (typeof v.name !== 'string' || v.name.length > MAX_VALUE_NAME_LENGTH)
      throw new SnapshotError(`${w}.name: not a value name`);
    if (!nonNegativeInt(v.type) || (v.type as number) > 0xffffffff)
      throw new SnapshotError(`${w}.type: not a type`);
    const data = typeof v.data === 'string' ? fromHex(v.data) : null;
    if (!data) throw new SnapshotError(`${w}.data: not hex bytes`);
    const id = cmUpcaseName(v.name);
    if (node.values.has(id)) throw new SnapshotError(`${w}.name: "${v.name}" appears twice`);
    node.values.set(id, { name: v.name, value: { type: v.type as number, data } });
  });
  const subkeys = x.subkeys ?? [];
  if (!Array.isArray(subkeys)) throw new SnapshotError(`${where}.subkeys: not an array`);
  return { node, subkeys };
}

/**
 * A new registry holding the snapshot. A snapshot that is not one (wrong shape, duplicate names,
 * bad hex) gives STATUS_INVALID_PARAMETER and a message naming the place.
 */
export function loadRegistry(snapshot: unknown): { status: NTSTATUS; registry?: CmRegistry; error?: string } {
  try {
    if (!isRecord(snapshot) || snapshot.format !== 'ntsim-registry' || snapshot.version !== 1)
      throw new SnapshotError('not an ntsim-registry version 1 snapshot');
    const top = loadKey(snapshot.root, 'root', null);
    const stack: { node: CmKeyNode; subkeys: unknown[]; where: string }[] = [{ ...top, where: 'root' }];
    while (stack.length > 0) {
      const { node, subkeys, where } = stack.pop()!;
      subkeys.forEach((s, i) => {
        const w = `${where}.subkeys[${i}]`;
        const child = loadKey(s, w, node);
        const id = cmUpcaseName(child.node.name);
        if (node.subkeys.has(id)) throw new SnapshotError(`${w}.name: "${child.node.name}" appears twice`);
        node.addSubkey(child.node);
        stack.push({ ...child, where: w });
      });
    }
    return { status: STATUS.SUCCESS, registry: { root: top.node } };
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    return { status: STATUS.INVALID_PARAMETER, error: e.message };
  }
}

/** One difference between two snapshots; paths are native (`\REGISTRY\MACHINE\…`). */
export type RegistryChange =
  | { change: 'keyAdded'; path: string }
  | { change: 'keyRemoved'; path: string }
  | { change: 'keyChanged'; path: string; fields: string[] }
  | { change: 'valueAdded'; path: string; name: string; after: { type: number; data: string } }
  | { change: 'valueRemoved'; path: string; name: string; before: { type: number; data: string } }
  | {
      change: 'valueChanged';
      path: string;
      name: string;
      before: { type: number; data: string };
      after: { type: number; data: string };
    };

const KEY_FIELDS = ['name', 'lastWriteTime', 'className', 'volatile', 'flags', 'max'] as const;

/**
 * What changed from `before` to `after`, in a stable order (depth-first, subkeys by name). A key
 * added or removed is one change, not one per descendant.
 */
export function diffRegistry(before: RegistrySnapshot, after: RegistrySnapshot): RegistryChange[] {
  const out: RegistryChange[] = [];
  const stack: [RegistrySnapshotKey, RegistrySnapshotKey, string][] = [
    [before.root, after.root, '\\' + after.root.name],
  ];
  while (stack.length > 0) {
    const [a, b, path] = stack.pop()!;
    const fields = KEY_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
    if (fields.length > 0) out.push({ change: 'keyChanged', path, fields: [...fields] });
    const av = new Map((a.values ?? []).map((v) => [cmUpcaseName(v.name), v]));
    const bv = new Map((b.values ?? []).map((v) => [cmUpcaseName(v.name), v]));
    for (const [id, v] of av) {
      const w = bv.get(id);
      if (!w)
        out.push({ change: 'valueRemoved', path, name: v.name, before: { type: v.type, data: v.data } });
      else if (w.type !== v.type || w.data !== v.data)
        out.push({
          change: 'valueChanged',
          path,
          name: w.name,
          before: { type: v.type, data: v.data },
          after: { type: w.type, data: w.data },
        });
    }
    for (const [id, w] of bv)
      if (!av.has(id))
        out.push({ change: 'valueAdded', path, name: w.name, after: { type: w.type, data: w.data } });
    const ak = new Map((a.subkeys ?? []).map((k) => [cmUpcaseName(k.name), k]));
    const bk = new Map((b.subkeys ?? []).map((k) => [cmUpcaseName(k.name), k]));
    const pending: [RegistrySnapshotKey, RegistrySnapshotKey, string][] = [];
    for (const [id, k] of ak) {
      const m = bk.get(id);
      if (m) pending.push([k, m, path + '\\' + m.name]);
      else out.push({ change: 'keyRemoved', path: path + '\\' + k.name });
    }
    for (const [id, m] of bk) if (!ak.has(id)) out.push({ change: 'keyAdded', path: path + '\\' + m.name });
    // Reverse so the stack visits subkeys in order.
    stack.push(...pending.reverse());
  }
  return out;
}
