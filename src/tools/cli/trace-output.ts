import type { TraceJson } from '../../base/index.js';
import { formatChromeTrace, formatMermaid, formatTraceJson, formatTraceText } from '../trace/index.js';
import { UsageError } from './usage-error.js';

/** `--trace-format` values. */
export const TRACE_FORMATS = ['text', 'json', 'chrome', 'mermaid'];

/** Checks a `--trace-format` value (a UsageError names the ones there are). */
export function checkTraceFormat(format: string | undefined): void {
  if (format !== undefined && !TRACE_FORMATS.includes(format))
    throw new UsageError(`--trace-format ${format}: expected ${TRACE_FORMATS.join(', ')}`);
}

/** A recorded trace in one of the exporters' formats, ending with a newline. */
export function formatTrace(trace: TraceJson, format: string): string {
  const text =
    format === 'json'
      ? formatTraceJson(trace)
      : format === 'chrome'
        ? formatChromeTrace(trace)
        : format === 'mermaid'
          ? formatMermaid(trace)
          : formatTraceText(trace, { color: false });
  return text.endsWith('\n') ? text : text + '\n';
}
