import type { NTSTATUS } from '../ntstatus.js';
import type { Channel, Layer } from './layers.js';
import type { Json, TraceValue } from './value.js';

/** What `trace.open` and `trace.call` take: who runs (layer, module!fn), on which channel, with what. */
export interface SpanSpec {
  readonly layer: Layer;
  /** The image the routine lives in, without extension: 'kernelbase', 'ntdll', 'nt', 'basesrv'. */
  readonly module: string;
  /** The routine's Windows name: 'CreateProcessInternalW', 'PspAllocateProcess'. */
  readonly fn: string;
  readonly channel: Channel;
  readonly args?: { readonly [name: string]: TraceValue };
  /** The process whose context the call runs in; children inherit it. */
  readonly pid?: number;
}

/** An object a routine created (or took a reference to, when that is the point). */
export interface TracedObject {
  /** The object type's name: 'Process', 'Thread', 'Section', 'Token', … */
  readonly type: string;
  readonly name?: string;
  readonly address?: bigint | number;
}

/** An open span. The no-op span of a disabled trace has id 0 and ignores everything. */
export interface Span {
  readonly id: number;
  /** A point note inside the span: what was decided, looked up, skipped. */
  note(text: string, data?: TraceValue): void;
  object(object: TracedObject): void;
  /** Ends the span with the routine's NTSTATUS and, optionally, what it produced (JSON-able). */
  close(status: NTSTATUS, result?: TraceValue): void;
}

/** What the body of `trace.call` returns: the status, the value for the caller, the result to record. */
export interface CallOutcome<T> {
  readonly status: NTSTATUS;
  readonly value?: T;
  readonly result?: TraceValue;
}

// The span tree as `Trace.toJSON()` gives it. Steps come from the Clock; every open, close, note
// and object takes one, so siblings, notes and objects can be merged back into order.

export interface TraceEventJson {
  step: number;
  text: string;
  data?: Json;
}

export interface TraceObjectJson {
  step: number;
  type: string;
  name?: string;
  /** `0x…` */
  address?: string;
}

/** A throw that left the span: `status` is its NTSTATUS when it carried one (NtStatusError). */
export interface TraceErrorJson {
  name: string;
  code?: string;
  message: string;
}

export interface SpanJson {
  id: number;
  layer: Layer;
  module: string;
  fn: string;
  channel: Channel;
  pid: number | null;
  args: { [name: string]: Json };
  start: number;
  /** Null while the span is open. */
  end: number | null;
  /** The NTSTATUS as an unsigned number; null while open or when a throw without a status left it. */
  status: number | null;
  result?: Json;
  error?: TraceErrorJson;
  objects: TraceObjectJson[];
  events: TraceEventJson[];
  children: SpanJson[];
}

export interface TraceJson {
  version: 1;
  spans: SpanJson[];
  /** Notes and objects recorded while no span was open. */
  events: TraceEventJson[];
  objects: TraceObjectJson[];
}
