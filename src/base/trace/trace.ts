import { ModelError } from '../errors.js';
import { hex } from '../hex.js';
import type { NTSTATUS } from '../ntstatus.js';
import { Clock } from './clock.js';
import type { Channel, Layer } from './layers.js';
import type {
  CallOutcome,
  Span,
  SpanJson,
  SpanSpec,
  TraceErrorJson,
  TraceEventJson,
  TracedObject,
  TraceJson,
  TraceObjectJson,
} from './span.js';
import { toJson, toJsonRecord, type Json, type TraceValue } from './value.js';

/** The span a disabled trace (or a channel it filters out) hands back: one object, never a new one. */
const NOOP_SPAN: Span = Object.freeze({
  id: 0,
  note(): void {},
  object(): void {},
  close(): void {},
});

/** The recorded state of an enabled trace: the clock it takes steps from, the tree, the open spans. */
class Recording {
  readonly roots: SpanNode[] = [];
  readonly stack: SpanNode[] = [];
  readonly events: TraceEventJson[] = [];
  readonly objects: TraceObjectJson[] = [];
  count = 0;
  constructor(readonly clock: Clock) {}

  open(spec: SpanSpec): SpanNode {
    const parent = this.stack[this.stack.length - 1];
    const node = new SpanNode(
      this,
      ++this.count,
      spec.layer,
      spec.module,
      spec.fn,
      spec.channel,
      spec.pid ?? parent?.pid ?? null,
      spec.args === undefined ? {} : toJsonRecord(spec.args),
      this.clock.step(),
    );
    (parent === undefined ? this.roots : parent.children).push(node);
    this.stack.push(node);
    return node;
  }

  event(text: string, data: TraceValue): TraceEventJson {
    const e: TraceEventJson = { step: this.clock.step(), text };
    if (data !== undefined) e.data = toJson(data);
    return e;
  }

  object(o: TracedObject): TraceObjectJson {
    const r: TraceObjectJson = { step: this.clock.step(), type: o.type };
    if (o.name !== undefined) r.name = o.name;
    if (o.address !== undefined) r.address = hex(o.address);
    return r;
  }

  /** Ends `node`, and first every span opened inside it that is still open, after a throw. */
  abandon(node: SpanNode, thrown: unknown): void {
    if (!this.stack.includes(node)) return;
    const { status, error } = describeThrow(thrown);
    for (;;) {
      const top = this.stack.pop()!;
      top.end = this.clock.step();
      top.status = status;
      top.error = error;
      if (top === node) return;
    }
  }
}

class SpanNode implements Span {
  readonly children: SpanNode[] = [];
  readonly objects: TraceObjectJson[] = [];
  readonly events: TraceEventJson[] = [];
  end: number | null = null;
  status: number | null = null;
  result: Json | undefined;
  error: TraceErrorJson | undefined;

  constructor(
    private readonly rec: Recording,
    readonly id: number,
    readonly layer: Layer,
    readonly module: string,
    readonly fn: string,
    readonly channel: Channel,
    readonly pid: number | null,
    readonly args: { [name: string]: Json },
    readonly start: number,
  ) {}

  note(text: string, data?: TraceValue): void {
    this.events.push(this.rec.event(text, data));
  }

  object(object: TracedObject): void {
    this.objects.push(this.rec.object(object));
  }

  close(status: NTSTATUS, result?: TraceValue): void {
    const name = `${this.module}!${this.fn}`;
    if (this.end !== null) throw new ModelError('TRACE_CLOSED', `span ${this.id} (${name}) closed twice`);
    const top = this.rec.stack[this.rec.stack.length - 1]!;
    if (top !== this)
      throw new ModelError(
        'TRACE_UNBALANCED',
        `closing span ${this.id} (${name}) while span ${top.id} (${top.module}!${top.fn}) inside it is open`,
      );
    this.rec.stack.pop();
    this.end = this.rec.clock.step();
    this.status = status >>> 0;
    if (result !== undefined) this.result = toJson(result);
  }

  toJSON(): SpanJson {
    return {
      id: this.id,
      layer: this.layer,
      module: this.module,
      fn: this.fn,
      channel: this.channel,
      pid: this.pid,
      args: this.args,
      start: this.start,
      end: this.end,
      status: this.status,
      ...(this.result === undefined ? {} : { result: this.result }),
      ...(this.error === undefined ? {} : { error: { ...this.error } }),
      objects: this.objects.map((o) => ({ ...o })),
      events: this.events.map((e) => ({ ...e })),
      children: this.children.map((c) => c.toJSON()),
    };
  }
}

function describeThrow(thrown: unknown): { status: number | null; error: TraceErrorJson } {
  if (!(thrown instanceof Error)) return { status: null, error: { name: 'thrown', message: String(thrown) } };
  const { status, code } = thrown as { status?: unknown; code?: unknown };
  const error: TraceErrorJson =
    typeof code === 'string'
      ? { name: thrown.name, code, message: thrown.message }
      : { name: thrown.name, message: thrown.message };
  return { status: typeof status === 'number' ? status >>> 0 : null, error };
}

export interface TraceOptions {
  /** Record only spans on these channels (a filtered-out span's children still record). */
  readonly channels?: readonly Channel[];
  /** False: record nothing, like `Trace.disabled()`. */
  readonly enabled?: boolean;
}

/**
 * The model's explanation of itself: every routine on the creation path opens a span (layer,
 * module!function, channel, arguments), notes what it decided, lists the objects it created and
 * closes with its NTSTATUS. Spans nest as the calls do; `toJSON()` gives the tree, which the
 * exporters in tools/trace turn into text, JSON, Chrome trace and Mermaid.
 *
 * A disabled trace costs a branch per call: `open` hands back one shared no-op span, `call` runs
 * the body, nothing is allocated or recorded and the clock's steps do not move.
 */
export class Trace {
  private static readonly off = new Trace(new Clock(), { enabled: false });
  /** The shared trace that records nothing. */
  static disabled(): Trace {
    return Trace.off;
  }

  readonly enabled: boolean;
  private readonly rec: Recording | null;
  private readonly only: ReadonlySet<Channel> | null;

  constructor(clock: Clock, options: TraceOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.rec = this.enabled ? new Recording(clock) : null;
    this.only = options.channels === undefined ? null : new Set(options.channels);
  }

  /** Whether a span on `channel` would be recorded: skip building costly arguments when not. */
  wants(channel: Channel): boolean {
    return this.rec !== null && (this.only === null || this.only.has(channel));
  }

  /** Opens a span as a child of the innermost open one; close it with `span.close(status)`. */
  open(spec: SpanSpec): Span {
    if (this.rec === null || (this.only !== null && !this.only.has(spec.channel))) return NOOP_SPAN;
    return this.rec.open(spec);
  }

  /**
   * Runs `body` inside a span and closes it with the outcome's status and result. If the body
   * throws, the span (and any span left open inside it) closes with the error's NTSTATUS when it
   * has one (NtStatusError), else with no status and the error recorded (a ModelError is a bug);
   * the error goes on to the caller. The body must not close the span itself.
   */
  call<T>(spec: SpanSpec, body: (span: Span) => CallOutcome<T>): CallOutcome<T> {
    if (this.rec === null || (this.only !== null && !this.only.has(spec.channel))) return body(NOOP_SPAN);
    const node = this.rec.open(spec);
    let outcome: CallOutcome<T>;
    try {
      outcome = body(node);
    } catch (e) {
      this.rec.abandon(node, e);
      throw e;
    }
    node.close(outcome.status, outcome.result);
    return outcome;
  }

  /** A note in the innermost open span (or at the top level when none is open). */
  note(text: string, data?: TraceValue): void {
    const rec = this.rec;
    if (rec === null) return;
    const top = rec.stack[rec.stack.length - 1];
    if (top !== undefined) top.note(text, data);
    else rec.events.push(rec.event(text, data));
  }

  /** An object created by the innermost open span (or at the top level when none is open). */
  object(object: TracedObject): void {
    const rec = this.rec;
    if (rec === null) return;
    const top = rec.stack[rec.stack.length - 1];
    if (top !== undefined) top.object(object);
    else rec.objects.push(rec.object(object));
  }

  /** The innermost open span (the no-op span when none is open or the trace is disabled). */
  get current(): Span {
    return this.rec?.stack[this.rec.stack.length - 1] ?? NOOP_SPAN;
  }

  /** How many spans were recorded. */
  get spanCount(): number {
    return this.rec?.count ?? 0;
  }

  toJSON(): TraceJson {
    const rec = this.rec;
    return {
      version: 1,
      spans: rec === null ? [] : rec.roots.map((r) => r.toJSON()),
      events: rec === null ? [] : rec.events.map((e) => ({ ...e })),
      objects: rec === null ? [] : rec.objects.map((o) => ({ ...o })),
    };
  }
}
