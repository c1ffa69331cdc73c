import { describe, expect, it } from 'vitest';
import { CidTable } from './cid-table.js';

describe('PspCidTable', () => {
  it('hands out multiples of 4 from 4, processes and threads from one sequence', () => {
    const t = new CidTable<string>();
    expect([
      t.create('System'),
      t.create('System thread'),
      t.create('smss'),
      t.create('smss thread'),
    ]).toEqual([4, 8, 12, 16]);
    expect(t.lookup(12)).toBe('smss');
    expect(t.lookup(13)).toBeUndefined();
    expect(t.lookup(0)).toBeUndefined();
  });
  it('reuses the lowest freed value first', () => {
    const t = new CidTable<number>();
    for (let i = 0; i < 6; i++) t.create(i);
    t.destroy(16);
    t.destroy(8);
    expect(t.create(100)).toBe(8);
    expect(t.create(101)).toBe(16);
    expect(t.create(102)).toBe(28);
    expect(() => t.destroy(8 + 1)).toThrow();
  });
});
