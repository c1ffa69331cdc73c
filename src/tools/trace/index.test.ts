import { describe, expect, it } from 'vitest';
import { formatChromeTrace, formatMermaid, formatTraceJson, formatTraceText, sampleTrace } from './index.js';

describe('trace exporters', () => {
  it('are deterministic: the same trace gives the same bytes, every time', () => {
    for (const format of [formatTraceText, formatTraceJson, formatChromeTrace, formatMermaid]) {
      const a = format(sampleTrace());
      const b = format(sampleTrace());
      expect(a).toBe(b);
      expect(a.endsWith('\n')).toBe(true);
    }
  });
});
