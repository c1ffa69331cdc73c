import type { DepsModule, DepsReport } from './report.js';

/**
 * The import graph behind a DepsReport, shared by the text tree and the DOT view. Names are
 * matched case-insensitively (the loader's names and importers' spellings may differ in case);
 * a node's key is its lower-cased name.
 */
export interface DepsNode {
  key: string;
  /** The name as the report spells it. */
  name: string;
  /** The loaded module, or null for the image (an .exe), a missing DLL or an importer the report does not list. */
  module: DepsModule | null;
  /** A DLL the loader did not find (the report's `missing`). */
  missing: boolean;
}

export interface DepsEdge {
  from: string;
  to: string;
  /** The imported module is a delay load. */
  delay: boolean;
  /** The imported DLL was not found. */
  missing: boolean;
  /** The importer's imports from it that did not resolve: `f` by name, `#5` by ordinal. */
  unresolved: string[];
}

export interface DepsGraph {
  /** The image's key. */
  root: string;
  /**
   * Every node once, in a fixed order: the image, the modules in load order, modules outside the
   * load order (delay loads) in report order, missing DLLs, then importers the report does not list.
   */
  nodes: DepsNode[];
  /** Outgoing edges per node key, importer → imported, in node order. */
  edges: Map<string, DepsEdge[]>;
}

/** NT_SUCCESS of a report's `0x…` status: success and informational statuses. */
export function statusSucceeded(status: string): boolean {
  return /^0x[0-9a-f]{1,8}$/i.test(status) && (Number.parseInt(status, 16) | 0) >= 0;
}

const keyOf = (name: string): string => name.toLowerCase();

/** The file name of a host or Win32 path. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** A function of an unresolved import as the text shows it: `f`, or `#5` by ordinal. */
export function importName(u: { function: string | null; ordinal: number | null }): string {
  return u.function ?? (u.ordinal !== null ? `#${u.ordinal}` : '?');
}

export function depsGraph(r: DepsReport): DepsGraph {
  const nodes = new Map<string, DepsNode>();
  const add = (name: string, module: DepsModule | null, missing = false): void => {
    const key = keyOf(name);
    if (!nodes.has(key)) nodes.set(key, { key, name, module, missing });
  };
  const byKey = new Map<string, DepsModule>();
  for (const m of r.modules) if (!byKey.has(keyOf(m.name))) byKey.set(keyOf(m.name), m);

  const image = baseName(r.image);
  add(image, byKey.get(keyOf(image)) ?? null);
  for (const name of r.loadOrder) {
    const m = byKey.get(keyOf(name));
    if (m) add(m.name, m);
  }
  for (const m of r.modules) add(m.name, m);
  for (const x of r.missing) add(x.name, null, true);
  for (const m of r.modules) for (const i of m.importedBy) add(i, null);
  for (const x of r.missing) add(x.importedBy, null);

  const order = new Map([...nodes.keys()].map((k, i) => [k, i]));
  const edges = new Map<string, DepsEdge[]>();
  const edge = (from: string, to: string, delay: boolean, missing: boolean): void => {
    const list = edges.get(from) ?? edges.set(from, []).get(from)!;
    if (list.some((e) => e.to === to)) return;
    const unresolved = r.unresolved
      .filter((u) => keyOf(u.importedBy) === from && keyOf(u.dll) === to)
      .map(importName);
    list.push({ from, to, delay, missing, unresolved });
  };
  for (const n of nodes.values()) {
    if (n.module) for (const i of n.module.importedBy) edge(keyOf(i), n.key, n.module.delayLoad, false);
    if (n.missing)
      for (const x of r.missing) if (keyOf(x.name) === n.key) edge(keyOf(x.importedBy), n.key, false, true);
  }
  for (const list of edges.values()) list.sort((a, b) => order.get(a.to)! - order.get(b.to)!);
  return { root: keyOf(image), nodes: [...nodes.values()], edges };
}
