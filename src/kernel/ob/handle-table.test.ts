import { describe, expect, it } from 'vitest';
import {
  ExCreateHandleTable,
  ObKernelHandleToHandle,
  ObMarkHandleAsKernelHandle,
  handleToPointer,
  type HandleTable,
  type HandleTableEntry,
} from './handle-table.js';
import type { ObjectHeader } from './object-header.js';
import { SequentialPool } from './pool.js';

const OBJECT = { type: { name: 'Event' } } as unknown as ObjectHeader;
const entry = (): HandleTableEntry => ({ object: OBJECT, grantedAccess: 0x1f0003, attributes: 0 });

function table(): HandleTable {
  return ExCreateHandleTable(new SequentialPool(), null);
}

describe('HANDLE_TABLE allocation order (ExCreateHandle / ExDestroyHandle)', () => {
  it('hands out multiples of 4 from 4, lowest first, in a new table', () => {
    const t = table();
    expect([t.create(entry()), t.create(entry()), t.create(entry())]).toEqual([4, 8, 0xc]);
    expect(t.handleCount).toBe(3);
    expect(t.nextHandleNeedingPool).toBe(0x400);
  });

  it('reuses the most recently freed handle first (a LIFO free list), then goes on with fresh ones', () => {
    const t = table();
    for (let i = 0; i < 4; i++) t.create(entry()); // 4 8 C 10
    t.destroy(4);
    t.destroy(8);
    expect(t.peekFree(3)).toEqual([8, 4, 0x14]);
    expect([t.create(entry()), t.create(entry()), t.create(entry())]).toEqual([8, 4, 0x14]);
  });

  it('never hands out 0 or a multiple of 0x400: entry 0 of every 256-entry page is reserved', () => {
    const t = table();
    let last = 0;
    for (let i = 0; i < 255; i++) last = t.create(entry());
    expect(last).toBe(0x3fc);
    expect(t.create(entry())).toBe(0x404);
    expect(t.nextHandleNeedingPool).toBe(0x800);
    expect(t.lookup(0x400)).toBeUndefined();
    expect(t.lookup(0)).toBeUndefined();
  });

  it('ignores the two tag bits of a handle value and finds nothing past the table', () => {
    const t = table();
    const h = t.create(entry());
    expect(t.lookup(h + 1)).toBe(t.lookup(h));
    expect(t.lookup(0x8000)).toBeUndefined();
    expect(t.lookup(-1)).toBeUndefined();
    expect(t.lookup(ObMarkHandleAsKernelHandle(h))).toBeUndefined();
  });

  it('a StrictFIFO table (Application Verifier) puts freed handles at the tail', () => {
    const t = table();
    t.strictFifo = true;
    for (let i = 0; i < 3; i++) t.create(entry()); // 4 8 C
    t.destroy(8);
    expect(t.create(entry())).toBe(0x10);
    const free = t.peekFree(300);
    expect(free[free.length - 1]).toBe(8);
    expect(free.length).toBe(252);
  });

  it('counts handles in use and their high-water mark', () => {
    const t = table();
    const hs = [t.create(entry()), t.create(entry()), t.create(entry())];
    t.destroy(hs[1]!);
    expect(t.destroy(hs[1]!)).toBeUndefined();
    expect(t.handleCount).toBe(2);
    expect(t.highWaterMark).toBe(3);
  });

  it('gives tables and entries deterministic kernel addresses', () => {
    const t = table();
    expect(t.address).toBe(0xffffa50f00000010n);
    t.create(entry());
    const [row] = [...t.rows()];
    // The HANDLE_TABLE takes 0x80 bytes; the first page follows its POOL_HEADER; entry 1 is at +0x10.
    expect(row!.entryAddress).toBe(0xffffa50f000000a0n + 0x10n);
  });
});

describe('handle values as pointers', () => {
  it('a kernel handle has bit 31 set and reads 0xffffffff8000000X as a pointer', () => {
    const k = ObMarkHandleAsKernelHandle(4);
    expect(k).toBe(-0x7ffffffc);
    expect(handleToPointer(k)).toBe(0xffffffff80000004n);
    expect(ObKernelHandleToHandle(k)).toBe(4);
    expect(handleToPointer(-1)).toBe(0xffffffffffffffffn);
    expect(handleToPointer(0x24)).toBe(0x24n);
  });
});
