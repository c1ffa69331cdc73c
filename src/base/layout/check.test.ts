import { describe, expect, it } from 'vitest';
import { checkLayoutTable } from './check.js';
import { bitfields, field, freezeTable, layout, struct, UChar, Uint4B, Uint8B } from './define.js';
import type { FieldLayout, StructLayout } from './types.js';

const table = (...structs: StructLayout[]) => checkLayoutTable(freezeTable(1, structs));
const one = (size: number, fields: (FieldLayout | FieldLayout[])[]) => table(layout('_S', size, fields));

describe('checkLayoutTable', () => {
  it('accepts a sound structure with a union member, an overlay and bitfields', () => {
    expect(
      one(0x10, [
        field(0x0, 'Flags', Uint4B),
        bitfields(0x0, Uint4B, [
          ['A', 1],
          ['B', 31],
        ]),
        field(0x0, 'FlagBytes', UChar, { overlay: true }),
        bitfields(0x4, UChar, [['Lone', 2]]),
        field(0x8, 'Value', Uint8B),
      ]),
    ).toEqual([]);
  });
  it('finds fields past the end, overlapping fields and reused names', () => {
    expect(one(0x8, [field(0x0, 'A', Uint4B), field(0x2, 'B', Uint4B), field(0x6, 'A', Uint4B)])).toEqual([
      '_S.A @0x6: the name is used twice',
      '_S.A @0x6: 4 bytes do not fit in 0x8',
      '_S.B @0x2: overlaps A',
    ]);
  });
  it('finds unknown types, stray overlays, straddling and shared bitfields, and bad bit widths', () => {
    expect(
      one(0x10, [
        field(0x0, 'Missing', struct('_NOPE')),
        field(0x4, 'Low', Uint4B),
        field(0x2, 'Stray', Uint4B, { overlay: true }),
        bitfields(0x6, Uint4B, [['Straddle', 1]]),
        bitfields(0xc, UChar, [['X', 3]]),
        bitfields(0xc, UChar, [['Y', 2]], { start: 2 }),
        bitfields(0xd, UChar, [['Wide', 9]]),
      ]),
    ).toEqual([
      '_S.Missing @0x0: layout 1: no type _NOPE',
      '_S.Wide @0xd: bits 0+9 do not fit 8',
      '_S.Stray @0x2: an overlay outside every field',
      '_S.Straddle @0x6: its storage unit straddles a field',
      '_S.Y @0xc: shares bits with another bitfield',
    ]);
  });
  it('lets union members share bytes but not leave the union', () => {
    const u = layout('_U', 0x4, [field(0x0, 'A', Uint4B), field(0x0, 'B', Uint4B), field(0x2, 'C', Uint4B)], {
      union: true,
    });
    expect(table(u)).toEqual(['_U.C @0x2: 4 bytes do not fit in 0x4']);
  });
});
