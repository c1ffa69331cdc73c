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
    expect(t.count).toBe(4);
  });
  it('is strict FIFO: fresh entries of the page first, then freed IDs oldest first, then a new page', () => {
    const t = new CidTable<number>();
    for (let i = 0; i < 6; i++) t.create(i);
    t.destroy(16);
    t.destroy(8);
    expect(t.create(100)).toBe(28); // the page still has fresh entries
    for (let i = 8; i < 256; i++) t.create(i); // … up to 1020, the page's last entry
    expect(t.lookup(1020)).toBe(255);
    expect(t.create(101)).toBe(16); // freed first
    expect(t.create(102)).toBe(8);
    expect(t.create(103)).toBe(1024); // nothing free: a new page
    expect(() => t.destroy(8 + 1)).toThrow();
    expect(t.count).toBe(256);
  });
});
