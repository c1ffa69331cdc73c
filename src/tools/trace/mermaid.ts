import { crossing, type SpanJson, type TraceJson } from '../../base/index.js';
import {
  allSpans,
  failed,
  formatArgs,
  formatEvent,
  formatObject,
  formatOutcome,
  itemsOf,
  type TraceItem,
} from './format-value.js';

export interface MermaidOptions {
  /** Show arguments in the call arrows (default true). */
  readonly args?: boolean;
  /** The label of the actor that makes the top-level calls (default "caller"). */
  readonly caller?: string;
}

/** Short participant ids for the modules of the creation path, as the WinDbg-reading eye expects. */
const SHORT: Readonly<Record<string, string>> = {
  kernel32: 'K32',
  kernelbase: 'KB',
  ntdll: 'NTDLL',
  nt: 'NT',
  ntoskrnl: 'NT',
  csrsrv: 'CSRSRV',
  basesrv: 'BASESRV',
  win32k: 'W32K',
  win32kbase: 'W32KB',
  win32kfull: 'W32KF',
  securekernel: 'SK',
};

/**
 * Words Mermaid's sequence lexer takes as keywords when a line (or an id) starts with them (the
 * rules of sequenceDiagram.jison match the literal before they try an actor name).
 */
const KEYWORDS = [
  'participant',
  'actor',
  'create',
  'destroy',
  'box',
  'loop',
  'rect',
  'opt',
  'alt',
  'else',
  'par',
  'and',
  'critical',
  'option',
  'break',
  'end',
  'left of',
  'right of',
  'links',
  'link',
  'properties',
  'details',
  'over',
  'note',
  'activate',
  'deactivate',
  'title',
  'acc',
  'sequencediagram',
  'autonumber',
  'off',
];

const ENTITIES: Readonly<Record<string, string>> = {
  '#': '#35;',
  ';': '#59;',
  '%': '#37;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
};

/**
 * Text Mermaid shows as written. Message, note and label text ends at `#` (a comment) and `;` (a
 * statement separator), `%%` starts a comment and `<`/`&` are read as HTML, so these go as entity
 * codes (Mermaid docs, sequenceDiagram, "Entity codes to escape characters": `#59;`, `#35;`, HTML
 * names); a line break becomes `<br/>`.
 */
export function mermaidText(s: string): string {
  return s.replace(/[#;%&<>]/g, (c) => ENTITIES[c]!).replace(/\r?\n/g, '<br/>');
}

/** A participant id: letters, digits and `_`, not starting like a keyword, unique. */
function participantId(module: string, taken: ReadonlySet<string>): string {
  let id = SHORT[module] ?? (module.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase() || 'M');
  if (/^[0-9]/.test(id) || KEYWORDS.some((k) => id.toLowerCase().startsWith(k.replace(' ', ''))))
    id = `M_${id}`;
  let unique = id;
  for (let n = 2; taken.has(unique); n++) unique = `${id}_${n}`;
  return unique;
}

/**
 * The trace as a Mermaid `sequenceDiagram`: a participant per layer/module in order of first
 * call, a solid arrow per call (activating the callee), a dotted arrow back with the status (a
 * cross `--x` when the call failed), notes over the callee and created objects to its right.
 */
export function formatMermaid(trace: TraceJson, options: MermaidOptions = {}): string {
  const showArgs = options.args ?? true;
  const callerLabel = options.caller ?? 'caller';
  const ids = new Map<string, string>();
  const taken = new Set<string>(['caller']);
  const lines = [
    'sequenceDiagram',
    callerLabel === 'caller' ? '    actor caller' : `    actor caller as ${mermaidText(callerLabel)}`,
  ];
  const keyOf = (s: SpanJson): string => `${s.layer}/${s.module}`;
  for (const s of allSpans(trace.spans)) {
    if (ids.has(keyOf(s))) continue;
    const id = participantId(s.module, taken);
    ids.set(keyOf(s), id);
    taken.add(id);
    lines.push(`    participant ${id} as ${mermaidText(s.module)}`);
  }

  const emit = (items: readonly TraceItem[], parent: SpanJson | null): void => {
    const here = parent === null ? 'caller' : ids.get(keyOf(parent))!;
    for (const item of items) {
      if (item.kind === 'event')
        lines.push(`    Note over ${here}: ${mermaidText(formatEvent(item.event).slice(2))}`);
      else if (item.kind === 'object')
        lines.push(`    Note right of ${here}: ${mermaidText(formatObject(item.object))}`);
      else {
        const s = item.span;
        const to = ids.get(keyOf(s))!;
        const via = parent === null ? null : crossing(parent.layer, s.layer);
        const call = `${via === null ? '' : `[${via}] `}${s.fn}${showArgs ? `(${formatArgs(s.args)})` : ''}`;
        lines.push(`    ${here}->>+${to}: ${mermaidText(call)}`);
        emit(itemsOf({ ...s, spans: s.children }), s);
        if (s.end !== null)
          lines.push(`    ${to}${failed(s) ? '--x' : '-->>'}-${here}: ${mermaidText(formatOutcome(s))}`);
      }
    }
  };
  emit(itemsOf(trace), null);
  return lines.map((l) => l + '\n').join('');
}
