import { describe, expect, it } from 'vitest';
import { Clock, CLOCK_EPOCH, fileTimeToIso, TICKS_PER_MILLISECOND, TICKS_PER_SECOND } from './clock.js';

describe('Clock', () => {
  it('starts at 2026-01-01T00:00:00Z as a FILETIME (100-ns ticks since 1601)', () => {
    expect(CLOCK_EPOCH).toBe(134_116_992_000_000_000n);
    expect(new Clock().now()).toBe(CLOCK_EPOCH);
    expect(fileTimeToIso(CLOCK_EPOCH)).toBe('2026-01-01T00:00:00.0000000Z');
    expect(fileTimeToIso(0n)).toBe('1601-01-01T00:00:00.0000000Z');
  });
  it('moves only when advanced, by ticks given as bigint or number', () => {
    const c = new Clock();
    expect(c.now()).toBe(c.now());
    expect(c.advance(TICKS_PER_SECOND)).toBe(CLOCK_EPOCH + 10_000_000n);
    c.advance(1);
    c.advance(5n * TICKS_PER_MILLISECOND);
    expect(c.now() - CLOCK_EPOCH).toBe(10_050_001n);
    expect(fileTimeToIso(c.now())).toBe('2026-01-01T00:00:01.0050001Z');
    expect(() => c.advance(-1)).toThrow(/cannot go back/);
    expect(new Clock(0n).advance(86_400n * TICKS_PER_SECOND)).toBe(864_000_000_000n);
  });
  it('counts steps from 1, independently of time', () => {
    const c = new Clock();
    expect(c.lastStep).toBe(0);
    expect([c.step(), c.step(), c.step()]).toEqual([1, 2, 3]);
    c.advance(100);
    expect(c.lastStep).toBe(3);
  });
  it('gives and takes its state as JSON', () => {
    const c = new Clock();
    c.advance(42);
    c.step();
    const saved = c.snapshot();
    expect(JSON.parse(JSON.stringify(saved))).toEqual({ time: '134116992000000042', step: 1 });
    c.advance(1000);
    c.step();
    c.restore(saved);
    expect([c.now(), c.lastStep]).toEqual([CLOCK_EPOCH + 42n, 1]);
    expect(() => c.restore({ time: '-1', step: 0 })).toThrow(/not a clock state/);
  });
});
