import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../src/tools/scenario/runner.js';

/**
 * Every scenario of this folder runs, every `expect` in it holds (each cites where its expected
 * value comes from), and a second run gives the same Result, byte for byte (scenario.md:
 * "the same file gives the same Result").
 */
const DIR = new URL('.', import.meta.url).pathname;
const FILES = readdirSync(DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort();

describe('test/scenarios', () => {
  it('has scenarios', () => expect(FILES.length).toBeGreaterThan(0));
  for (const f of FILES) {
    it(f, () => {
      const text = readFileSync(join(DIR, f), 'utf8');
      const a = runScenario(text, join(DIR, f));
      expect(a.failures).toEqual([]);
      const b = runScenario(text, join(DIR, f));
      expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    });
  }
});
