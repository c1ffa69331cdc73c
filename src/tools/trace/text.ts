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

export interface TextOptions {
  /** ANSI colours (the CLI passes true on a terminal without NO_COLOR). Default false. */
  readonly color?: boolean;
}

type Paint = (code: string, s: string) => string;
const ansi: Paint = (code, s) => `\x1b[${code}m${s}\x1b[0m`;
const plain: Paint = (_code, s) => s;

/**
 * The trace as a call tree, one line per span, like the user → ntdll → syscall → kernel flow
 * diagrams of Windows Internals (7th ed., ch. 3): the layer in a left column, then
 * `module!function(args) → STATUS_NAME = result`, `[syscall]`/`[alpc]`/`[securecall]` where the call
 * changes mode or process, and under it, in step order, its notes (`· text`), the objects it
 * created (`+ Process 0x… "app.exe"`) and its children.
 */
export function formatTraceText(trace: TraceJson, options: TextOptions = {}): string {
  const paint = options.color === true ? ansi : plain;
  const width = Math.max(0, ...allSpans(trace.spans).map((s) => s.layer.length));
  const column = (layer: string): string => (width === 0 ? '' : paint('2', layer.padEnd(width)) + '  ');
  const blank = width === 0 ? '' : ' '.repeat(width + 2);
  const lines: string[] = [];

  const spanLine = (s: SpanJson, parent: SpanJson | null): string => {
    const via = parent === null ? null : crossing(parent.layer, s.layer);
    const tag = via === null ? '' : paint('33', `[${via}]`) + ' ';
    const outcome = paint(
      s.status === null && s.error === undefined ? '2' : failed(s) ? '31' : '32',
      formatOutcome(s),
    );
    return `${tag}${s.module}!${s.fn}(${formatArgs(s.args)}) → ${outcome}`;
  };

  const emit = (items: readonly TraceItem[], prefix: string, parent: SpanJson | null): void => {
    items.forEach((item, i) => {
      const last = i === items.length - 1;
      const lead = parent === null ? '' : prefix + (last ? '└─ ' : '├─ ');
      if (item.kind === 'span') {
        lines.push(column(item.span.layer) + lead + spanLine(item.span, parent));
        const inner = parent === null ? '' : prefix + (last ? '   ' : '│  ');
        emit(itemsOf({ ...item.span, spans: item.span.children }), inner, item.span);
      } else if (item.kind === 'event') lines.push(blank + lead + paint('2', formatEvent(item.event)));
      else lines.push(blank + lead + paint('36', formatObject(item.object)));
    });
  };
  emit(itemsOf(trace), '', null);
  return lines.map((l) => l + '\n').join('');
}
