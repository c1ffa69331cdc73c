export { Clock, CLOCK_EPOCH, FILETIME_UNIX_EPOCH, fileTimeToIso } from './clock.js';
export { TICKS_PER_MICROSECOND, TICKS_PER_MILLISECOND, TICKS_PER_SECOND, type ClockState } from './clock.js';
export { Rng, type RngState } from './rng.js';
export { Trace, type TraceOptions } from './trace.js';
export { CHANNELS, LAYERS, crossing, isKernelMode, type Channel, type Layer } from './layers.js';
export { filterTrace, onChannels } from './filter.js';
export type { Json, TraceValue } from './value.js';
export type {
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
