import {
  hexStatus,
  ntStatusName,
  type Json,
  type SpanJson,
  type TraceErrorJson,
  type TraceEventJson,
  type TraceJson,
  type TraceObjectJson,
} from '../../base/index.js';

/**
 * One span in the JSON document (`--trace-format json`). As `Trace.toJSON()` records it, with the
 * status written as the CLI contract writes statuses (`"0xC0000034"` plus `statusName`):
 *
 *   id         1, 2, … in the order spans opened
 *   layer      user | ntdll | csrss | kernel | win32k | driver | securekernel
 *   module     the image: kernel32, kernelbase, ntdll, nt, basesrv, …
 *   fn         the routine's Windows name
 *   channel    win32 | rtl | ldr | csr | sxs | ps | ke | mm | ob | se | io | cm | ex | ci | sk | win32k
 *   pid        the process whose context the call ran in, or null
 *   args       the arguments (bigints as "0x…" strings)
 *   start, end steps of the model's Clock (end null: still open)
 *   status, statusName   null when open, or when a throw without a status ended the span
 *   result     what the routine produced (absent when it said nothing)
 *   error      {name, code?, message} when a throw ended the span
 *   objects    [{step, type, name?, address?}] objects created
 *   events     [{step, text, data?}] notes
 *   children   the spans it called, in order
 */
export interface SpanDocument {
  id: number;
  layer: SpanJson['layer'];
  module: string;
  fn: string;
  channel: SpanJson['channel'];
  pid: number | null;
  args: { [name: string]: Json };
  start: number;
  end: number | null;
  status: string | null;
  statusName: string | null;
  result?: Json;
  error?: TraceErrorJson;
  objects: TraceObjectJson[];
  events: TraceEventJson[];
  children: SpanDocument[];
}

/** The whole document: the root spans, and notes and objects recorded outside any span. */
export interface TraceDocument {
  format: 'ntsim-trace';
  version: 1;
  spans: SpanDocument[];
  events: TraceEventJson[];
  objects: TraceObjectJson[];
}

function spanDocument(s: SpanJson): SpanDocument {
  return {
    id: s.id,
    layer: s.layer,
    module: s.module,
    fn: s.fn,
    channel: s.channel,
    pid: s.pid,
    args: s.args,
    start: s.start,
    end: s.end,
    status: s.status === null ? null : hexStatus(s.status),
    statusName: s.status === null ? null : ntStatusName(s.status),
    ...(s.result === undefined ? {} : { result: s.result }),
    ...(s.error === undefined ? {} : { error: s.error }),
    objects: s.objects,
    events: s.events,
    children: s.children.map(spanDocument),
  };
}

export function toTraceDocument(trace: TraceJson): TraceDocument {
  return {
    format: 'ntsim-trace',
    version: trace.version,
    spans: trace.spans.map(spanDocument),
    events: trace.events,
    objects: trace.objects,
  };
}

/** The document as text: two-space indentation, a final newline. */
export function formatTraceJson(trace: TraceJson): string {
  return JSON.stringify(toTraceDocument(trace), null, 2) + '\n';
}
