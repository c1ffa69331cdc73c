import { LAYERS, ntStatusName, type Json, type SpanJson, type TraceJson } from '../../base/index.js';
import { allSpans, formatObject, itemsOf, type TraceItem } from './format-value.js';

/**
 * One event of the Trace Event Format (Google, "Trace Event Format", the document Chrome's
 * about:tracing and Perfetto read): `X` complete events (ts + dur), `i` instant events (scope
 * `s`: t thread, g global) and `M` metadata events naming processes and threads.
 */
export interface ChromeTraceEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'i' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid: number;
  s?: 't' | 'g';
  args?: { [key: string]: Json };
}

/** The JSON Object Format: `traceEvents` plus `otherData`, metadata the viewers show as is. */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  otherData: { [key: string]: Json };
}

export interface ChromeOptions {
  /** Names for the process tracks (default `pid N`; spans without a process go to pid 0, "ntsim"). */
  readonly processNames?: Readonly<Record<number, string>>;
  /** Microseconds per step of the model's Clock (default 1). */
  readonly usPerStep?: number;
}

/**
 * The span tree as a Chrome trace. Timestamps are the Clock's steps (the format's unit is the
 * microsecond), so the picture shows order and nesting, not host time. A span's process is its
 * pid; its thread is its layer (one track per layer: user, ntdll, csrss, kernel, …, sorted in
 * that order), so the user → kernel chain reads top to bottom. Notes and created objects are
 * instant events on the span's track; those outside any span are global.
 */
export function toChromeTrace(trace: TraceJson, options: ChromeOptions = {}): ChromeTrace {
  const us = options.usPerStep ?? 1;
  const spans = allSpans(trace.spans);
  const lastStep = Math.max(
    0,
    ...trace.events.map((e) => e.step),
    ...trace.objects.map((o) => o.step),
    ...spans.flatMap((s) => [
      s.start,
      s.end ?? 0,
      ...s.events.map((e) => e.step),
      ...s.objects.map((o) => o.step),
    ]),
  );
  const tidOf = (s: SpanJson): number => LAYERS.indexOf(s.layer) + 1;
  const pidOf = (s: SpanJson): number => s.pid ?? 0;

  const tracks = new Map<number, Set<number>>();
  for (const s of spans) {
    const tids = tracks.get(pidOf(s)) ?? new Set<number>();
    tids.add(tidOf(s));
    tracks.set(pidOf(s), tids);
  }
  const events: ChromeTraceEvent[] = [];
  for (const pid of [...tracks.keys()].sort((a, b) => a - b)) {
    const name = options.processNames?.[pid] ?? (pid === 0 ? 'ntsim' : `pid ${pid}`);
    events.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name } });
    for (const tid of [...tracks.get(pid)!].sort((a, b) => a - b)) {
      events.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: LAYERS[tid - 1]! } });
      events.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
    }
  }

  const emit = (items: readonly TraceItem[], owner: SpanJson | null): void => {
    const where =
      owner === null
        ? { cat: 'trace', pid: 0, tid: 0, s: 'g' as const }
        : { cat: owner.channel, pid: pidOf(owner), tid: tidOf(owner), s: 't' as const };
    for (const item of items) {
      if (item.kind === 'event') {
        const e = item.event;
        events.push({
          name: e.text,
          cat: where.cat,
          ph: 'i',
          ts: e.step * us,
          pid: where.pid,
          tid: where.tid,
          s: where.s,
          ...(e.data === undefined ? {} : { args: { data: e.data } }),
        });
      } else if (item.kind === 'object') {
        const { step: _step, ...object } = item.object;
        events.push({
          name: formatObject(item.object),
          cat: where.cat,
          ph: 'i',
          ts: item.step * us,
          pid: where.pid,
          tid: where.tid,
          s: where.s,
          args: object,
        });
      } else {
        const s = item.span;
        const args: { [key: string]: Json } = { args: s.args };
        if (s.status !== null) args.status = ntStatusName(s.status);
        if (s.result !== undefined) args.result = s.result;
        if (s.error !== undefined) args.error = { ...s.error };
        events.push({
          name: `${s.module}!${s.fn}`,
          cat: s.channel,
          ph: 'X',
          ts: s.start * us,
          dur: ((s.end ?? lastStep + 1) - s.start) * us,
          pid: pidOf(s),
          tid: tidOf(s),
          args,
        });
        emit(itemsOf({ ...s, spans: s.children }), s);
      }
    }
  };
  emit(itemsOf(trace), null);
  return { traceEvents: events, otherData: { producer: 'ntsim', clock: `${us} µs per model step` } };
}

/** The Chrome trace as text: one event per line, so two traces diff line by line. */
export function formatChromeTrace(trace: TraceJson, options: ChromeOptions = {}): string {
  const { traceEvents, otherData } = toChromeTrace(trace, options);
  return (
    '{"traceEvents":[\n' +
    traceEvents.map((e) => JSON.stringify(e)).join(',\n') +
    `\n],\n"otherData":${JSON.stringify(otherData)}}\n`
  );
}
