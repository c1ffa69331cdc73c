import { baseName, depsGraph, type DepsEdge, type DepsNode } from './render-graph.js';
import type { DepsReport } from './report.js';

/** A DOT double-quoted string: `"` and `\` escaped, so any name is a valid ID. */
export function dotString(s: string): string {
  return `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n')}"`;
}

/** `[a="b", c="d"]` from ordered pairs; values are quoted. Empty for none. */
function attrs(list: [string, string][]): string {
  return list.length === 0 ? '' : ` [${list.map(([k, v]) => `${k}=${dotString(v)}`).join(', ')}]`;
}

/** A node's label: its name, then how it was found (dotString turns the line breaks into `\n`). */
function nodeLabel(n: DepsNode, root: string): string {
  if (n.missing) return `${n.name}\nnot found`;
  const m = n.module;
  if (m) return [n.name, m.resolvedBy, ...(m.apiSet ? [m.apiSet] : [])].join('\n');
  return n.key === root ? `${n.name}\nimage` : n.name;
}

function nodeLine(n: DepsNode, root: string): string {
  const a: [string, string][] = [['label', nodeLabel(n, root)]];
  if (n.missing) a.push(['style', 'dashed'], ['color', 'red'], ['fontcolor', 'red']);
  else if (n.key === root) a.push(['style', 'bold']);
  else if (!n.module) a.push(['style', 'dotted']);
  return `  ${dotString(n.key)}${attrs(a)};`;
}

function edgeLine(e: DepsEdge): string {
  const a: [string, string][] = [];
  if (e.delay || e.missing) a.push(['style', 'dashed']);
  if (e.missing || e.unresolved.length > 0) a.push(['color', 'red']);
  if (e.unresolved.length > 0) a.push(['label', e.unresolved.join(', ')], ['fontcolor', 'red']);
  return `  ${dotString(e.from)} -> ${dotString(e.to)}${attrs(a)};`;
}

/**
 * `ntsim deps --dot`: the import graph for Graphviz. A node per module (its name and the search
 * step that found it), the image in bold, missing DLLs as dashed red nodes, edges importer →
 * imported, delay loads as dashed edges, imports that did not resolve as red edges labelled with
 * the functions. Node IDs are the lower-cased names; the output depends only on the report.
 */
export function formatDepsDot(r: DepsReport): string {
  const g = depsGraph(r);
  const L: string[] = [];
  L.push(`digraph ${dotString(baseName(r.image))} {`);
  L.push(
    `  graph [label=${dotString(`${baseName(r.image)}: ${r.statusName} (${r.status})`)}, labelloc="t"];`,
  );
  L.push('  node [shape="box", fontname="Helvetica"];');
  L.push('  edge [fontname="Helvetica"];');
  for (const n of g.nodes) L.push(nodeLine(n, g.root));
  for (const n of g.nodes) for (const e of g.edges.get(n.key) ?? []) L.push(edgeLine(e));
  L.push('}');
  return L.join('\n') + '\n';
}
