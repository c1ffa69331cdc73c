import {
  ntStatusName,
  NT_SUCCESS,
  type Json,
  type SpanJson,
  type TraceEventJson,
  type TraceObjectJson,
} from '../../base/index.js';

const HEX = /^0x[0-9a-f]+$/i;
const ESCAPES: Record<string, string> = { '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `"C:\Users\app.exe"`: a string in double quotes, as WinDbg shows one. Backslashes stay as they
 * are (NT paths are full of them); quotes and control characters are escaped.
 */
export function quote(s: string): string {
  return `"${s.replace(
    // eslint-disable-next-line no-control-regex
    /["\u0000-\u001f\u007f]/g,
    (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )}"`;
}

/**
 * One recorded value on one line: hex strings (addresses, handles, masks — the trace writes
 * bigints so) bare, other strings quoted, records as `{Name=value, …}`, lists as `[a, b]`.
 */
export function formatValue(v: Json): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return HEX.test(v) ? v : quote(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  return `{${formatArgs(v)}}`;
}

/** `ImageName="app.exe", Flags=0x4`: a record's members in their order. */
export function formatArgs(args: { readonly [name: string]: Json }): string {
  return Object.keys(args)
    .map((k) => `${k}=${formatValue(args[k]!)}`)
    .join(', ');
}

/** Whether the span failed: a failure status, or a throw. Open spans have not failed (yet). */
export function failed(span: SpanJson): boolean {
  return span.error !== undefined || (span.status !== null && !NT_SUCCESS(span.status));
}

/**
 * How a span ended: `STATUS_SUCCESS = {Peb=0x…}`, `STATUS_ACCESS_DENIED`,
 * `STATUS_INSUFFICIENT_RESOURCES (NtStatusError: …)`, `threw ModelError CODE: …`, `(open)`.
 */
export function formatOutcome(span: SpanJson): string {
  const result = span.result === undefined ? '' : ` = ${formatValue(span.result)}`;
  const e = span.error;
  if (e !== undefined) {
    const what = `${e.name}${e.code === undefined ? '' : ` ${e.code}`}: ${e.message}`;
    return span.status === null ? `threw ${what}` : `${ntStatusName(span.status)} (${what})`;
  }
  if (span.status === null) return '(open)';
  return ntStatusName(span.status) + result;
}

/** `· text {data}` */
export function formatEvent(e: TraceEventJson): string {
  return `· ${e.text}${e.data === undefined ? '' : ` ${formatValue(e.data)}`}`;
}

/** `+ Process 0xffffa08c3e1f0080 "app.exe"` */
export function formatObject(o: TraceObjectJson): string {
  return `+ ${o.type}${o.address === undefined ? '' : ` ${o.address}`}${o.name === undefined ? '' : ` ${quote(o.name)}`}`;
}

export type TraceItem =
  | { readonly kind: 'span'; readonly step: number; readonly span: SpanJson }
  | { readonly kind: 'event'; readonly step: number; readonly event: TraceEventJson }
  | { readonly kind: 'object'; readonly step: number; readonly object: TraceObjectJson };

/** A span's (or the top level's) notes, objects and children, merged back into step order. */
export function itemsOf(parent: {
  readonly events: readonly TraceEventJson[];
  readonly objects: readonly TraceObjectJson[];
  readonly spans: readonly SpanJson[];
}): TraceItem[] {
  const items: TraceItem[] = [
    ...parent.events.map((event) => ({ kind: 'event' as const, step: event.step, event })),
    ...parent.objects.map((object) => ({ kind: 'object' as const, step: object.step, object })),
    ...parent.spans.map((span) => ({ kind: 'span' as const, step: span.start, span })),
  ];
  return items.sort((a, b) => a.step - b.step);
}

/** Every span of the tree, depth first. */
export function allSpans(spans: readonly SpanJson[]): SpanJson[] {
  return spans.flatMap((s) => [s, ...allSpans(s.children)]);
}
