import type { Channel } from './layers.js';
import type { SpanJson, TraceJson } from './span.js';

/**
 * The trace with only the spans `keep` accepts. A dropped span's kept descendants move up to the
 * nearest kept ancestor, in their order; its own notes and objects go with it.
 */
export function filterTrace(trace: TraceJson, keep: (span: SpanJson) => boolean): TraceJson {
  const walk = (spans: readonly SpanJson[]): SpanJson[] =>
    spans.flatMap((s) => (keep(s) ? [{ ...s, children: walk(s.children) }] : walk(s.children)));
  return { ...trace, spans: walk(trace.spans) };
}

/** `filterTrace(trace, onChannels(['ps', 'mm']))`: the spans of those channels. */
export function onChannels(channels: readonly Channel[]): (span: SpanJson) => boolean {
  const set = new Set<Channel>(channels);
  return (span) => set.has(span.channel);
}
