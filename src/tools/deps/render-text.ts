import { depsGraph, importName, statusSucceeded, type DepsNode } from './render-graph.js';
import type { DepsModule, DepsReport } from './report.js';

export interface DepsTextOptions {
  /** ANSI colours (the CLI passes true on a terminal without NO_COLOR). Default false. */
  readonly color?: boolean;
}

type Paint = (code: string, s: string) => string;
const ansi: Paint = (code, s) => (s === '' ? s : `\x1b[${code}m${s}\x1b[0m`);
const plain: Paint = (_code, s) => s;
const RED = '31';
const GREEN = '32';
const DIM = '2';

/** A module's path (and host file), then how the step applied: the API set contract → host, a delay load. */
function where(m: DepsModule): string {
  const notes = [...(m.apiSet ? [`via ${m.apiSet}`] : []), ...(m.delayLoad ? ['delay-load'] : [])];
  return [m.hostPath === null ? m.path : `${m.path} (${m.hostPath})`, ...notes].join('  ');
}

const probeWhere = (path: string, hostPath: string | null): string =>
  hostPath === null ? path : `${path} (${hostPath})`;

/** Rows of cells padded to common column widths (measured before painting); trailing blanks trimmed. */
function table(rows: { cells: string[]; paint: (i: number, s: string) => string }[], indent = ''): string[] {
  const widths: number[] = [];
  for (const r of rows)
    r.cells.forEach((c, i) => {
      if (i < r.cells.length - 1) widths[i] = Math.max(widths[i] ?? 0, c.length);
    });
  return rows.map((r) => {
    const last = r.cells.length - 1;
    let line = '';
    r.cells.forEach((c, i) => {
      const pad = i < last ? ' '.repeat(widths[i]! - c.length) + '  ' : '';
      line += r.paint(i, c) + pad;
    });
    return indent + line.trimEnd();
  });
}

/**
 * `ntsim deps` for people: the image's import tree (each module once in full, later occurrences as
 * a reference), one line per module with the search step that found it and its path; then what
 * is missing, the imports that did not resolve, the load and init orders, the hijack view (the
 * places searched before the file that was used: a DLL planted at any of them would load
 * instead), and the status process start ends with.
 */
export function formatDepsText(r: DepsReport, options: DepsTextOptions = {}): string {
  const paint = options.color === true ? ansi : plain;
  const g = depsGraph(r);
  const byKey = new Map(g.nodes.map((n) => [n.key, n]));
  const shown = new Set<string>();
  const rows: { cells: string[]; paint: (i: number, s: string) => string }[] = [];

  const describe = (n: DepsNode, lead: string, delay: boolean): void => {
    if (n.missing) {
      rows.push({ cells: [lead + n.name, 'NOT FOUND'], paint: (i, s) => (i === 0 ? s : paint(RED, s)) });
      return;
    }
    if (shown.has(n.key)) {
      rows.push({
        cells: [lead + n.name, delay ? '(see above, delay-load)' : '(see above)'],
        paint: (i, s) => (i === 0 ? s : paint(DIM, s)),
      });
      return;
    }
    shown.add(n.key);
    const m = n.module;
    const cells =
      m !== null
        ? [lead + n.name, m.resolvedBy, where(m)]
        : n.key === g.root
          ? [lead + n.name, 'image', r.image]
          : [lead + n.name, '(not in the process)'];
    rows.push({ cells, paint: (_i, s) => s });
  };

  const walk = (key: string, prefix: string, lead: string, delay: boolean): void => {
    const n = byKey.get(key)!;
    const expand = !n.missing && !shown.has(key);
    describe(n, lead, delay);
    if (!expand) return;
    const out = g.edges.get(key) ?? [];
    out.forEach((e, i) => {
      const last = i === out.length - 1;
      walk(e.to, prefix + (last ? '   ' : '│  '), prefix + (last ? '└─ ' : '├─ '), e.delay);
    });
  };
  walk(g.root, '', '', false);
  // What the image's tree does not reach (e.g. a module whose importer the report hides).
  const imported = new Set([...g.edges.values()].flat().map((e) => e.to));
  for (const n of g.nodes)
    if (!shown.has(n.key) && !n.missing && !imported.has(n.key)) walk(n.key, '', '', false);
  for (const n of g.nodes) if (!shown.has(n.key) && !n.missing) walk(n.key, '', '', false);

  const L = table(rows);
  L.push('');
  if (r.missing.length === 0) L.push('missing: none');
  else {
    L.push(`missing (${r.missing.length}):`);
    L.push(
      ...table(
        r.missing.map((x) => ({
          cells: [x.name, `imported by ${x.importedBy}`],
          paint: (i, s) => (i === 0 ? paint(RED, s) : s),
        })),
        '  ',
      ),
    );
  }
  if (r.unresolved.length === 0) L.push('unresolved: none');
  else {
    L.push(`unresolved (${r.unresolved.length}):`);
    L.push(
      ...table(
        r.unresolved.map((u) => ({
          cells: [`${u.dll}!${importName(u)}`, `imported by ${u.importedBy}`, u.status],
          paint: (i, s) => (i === 2 ? paint(RED, s) : s),
        })),
        '  ',
      ),
    );
  }
  L.push(`load order: ${r.loadOrder.join(', ') || 'none'}`);
  L.push(`init order: ${r.initOrder.join(', ') || 'none'}`);
  L.push('');
  const exposed = r.modules.filter((m) => m.probed.length > 0);
  if (r.modules.length === 0) L.push('hijack view: none');
  else if (exposed.length === 0)
    L.push('hijack view: none (each module was found at the first place searched)');
  else {
    L.push('hijack view (a planted DLL at any place listed under a module would load instead):');
    for (const m of exposed) {
      L.push(`  ${m.name}  ${m.resolvedBy}  ${where(m)}`);
      L.push(
        ...table(
          m.probed.map((p) => ({ cells: [p.step, probeWhere(p.path, p.hostPath)], paint: (_i, s) => s })),
          '    ',
        ),
      );
    }
  }
  L.push('');
  L.push(paint(statusSucceeded(r.status) ? GREEN : RED, `${r.statusName} (${r.status})`));
  return L.join('\n') + '\n';
}
