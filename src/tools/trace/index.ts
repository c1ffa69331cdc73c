export { formatTraceText, type TextOptions } from './text.js';
export { formatTraceJson, toTraceDocument, type SpanDocument, type TraceDocument } from './json.js';
export {
  formatChromeTrace,
  toChromeTrace,
  type ChromeOptions,
  type ChromeTrace,
  type ChromeTraceEvent,
} from './chrome.js';
export { formatMermaid, mermaidText, type MermaidOptions } from './mermaid.js';
export { sampleTrace } from './sample.js';
