import {
  PRIMITIVE_SIZE,
  ModelError,
  resolveField,
  structLayout,
  type LayoutTable,
} from '../../base/index.js';
import type { AddressSpace } from './address-space.js';

/** A field's place, resolved once through the layout table. */
interface Slot {
  offset: number;
  size: number;
  bits: { position: number; width: number } | undefined;
}

const SIZES: Readonly<Record<string, number>> = PRIMITIVE_SIZE;
const slots = new WeakMap<LayoutTable, Map<string, Map<string, Slot>>>();

function slotsOf(layout: LayoutTable, struct: string): Map<string, Slot> {
  let byStruct = slots.get(layout);
  if (!byStruct) slots.set(layout, (byStruct = new Map()));
  let m = byStruct.get(struct);
  if (!m) byStruct.set(struct, (m = new Map()));
  return m;
}

function resolveSlot(layout: LayoutTable, struct: string, path: string): Slot {
  const { offset, field } = resolveField(layout, struct, path);
  const size = field.type.kind === 'pointer' ? 8 : SIZES[field.type.kind];
  if (!size)
    throw new ModelError(
      'LAYOUT_NOT_SCALAR',
      `${struct}.${path} is ${field.display}, not an integer or a pointer`,
    );
  return { offset, size, bits: field.bits };
}

const TWO_32 = 0x1_0000_0000;
const scratch = new WeakMap<LayoutTable, Map<string, Uint8Array>>();
/** Dirty tracking granule: the private-memory granule of AddressSpace. */
const GRAIN = 0x100;

export interface StructBytes {
  bytes: Uint8Array;
  view: DataView;
  /** Writes an integer or pointer field (the codec's writeField semantics). */
  set(path: string, value: number | bigint): void;
  /** Marks bytes written directly through `view` (strings). */
  touch(offset: number, length: number): void;
  /** Copies the written parts into the process at `va` (the rest is already zero there). */
  flush(as: AddressSpace, va: number): void;
}

/**
 * A structure being built as bytes through the build's layout table (`set('NtTib.Self', teb)`),
 * then copied into fresh, demand-zero memory of the process: only the 256-byte pieces written are
 * copied. Each path is resolved once (resolveField) and then written with plain DataView stores —
 * writeField's semantics (two's complement for negatives; a bitfield leaves its neighbours) on the
 * hot path of process creation.
 */
export function structBytes(layout: LayoutTable, struct: string, extra = 0): StructBytes {
  const size = structLayout(layout, struct).size + extra;
  // A fixed-size structure reuses a zeroed scratch buffer (flush zeroes what it wrote).
  const spare = extra === 0 ? scratch.get(layout)?.get(struct) : undefined;
  if (spare) scratch.get(layout)!.delete(struct);
  const bytes = spare ?? new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  const cache = slotsOf(layout, struct);
  const dirty = new Uint8Array(Math.ceil(bytes.length / GRAIN));
  const touch = (offset: number, length: number): void => {
    for (let g = Math.floor(offset / GRAIN); g * GRAIN < offset + length; g++) dirty[g] = 1;
  };
  const set = (path: string, value: number | bigint): void => {
    let slot = cache.get(path);
    if (!slot) cache.set(path, (slot = resolveSlot(layout, struct, path)));
    const { offset, size, bits } = slot;
    dirty[offset >> 8] = 1;
    dirty[(offset + size - 1) >> 8] = 1;
    if (bits) {
      const v = Number(value);
      const mask = (2 ** bits.width - 1) * 2 ** bits.position;
      if (size > 4 || v < 0 || v >= 2 ** bits.width)
        throw new ModelError('LAYOUT_VALUE_RANGE', `${struct}.${path}: ${String(value)} does not fit`);
      const old =
        size === 1
          ? view.getUint8(offset)
          : size === 2
            ? view.getUint16(offset, true)
            : view.getUint32(offset, true);
      const next = ((old & ~mask) | (v << bits.position)) >>> 0;
      if (size === 1) view.setUint8(offset, next);
      else if (size === 2) view.setUint16(offset, next, true);
      else view.setUint32(offset, next, true);
      return;
    }
    if (size === 8) {
      if (typeof value === 'number' && value >= 0 && Number.isSafeInteger(value)) {
        view.setUint32(offset, value % TWO_32, true);
        view.setUint32(offset + 4, Math.floor(value / TWO_32), true);
      } else view.setBigUint64(offset, BigInt.asUintN(64, BigInt(value)), true);
      return;
    }
    const v = Number(value);
    if (!Number.isSafeInteger(v) || v < -(2 ** (8 * size - 1)) || v >= 2 ** (8 * size))
      throw new ModelError('LAYOUT_VALUE_RANGE', `${struct}.${path}: ${String(value)} does not fit`);
    if (size === 1) view.setUint8(offset, v & 0xff);
    else if (size === 2) view.setUint16(offset, v & 0xffff, true);
    else view.setUint32(offset, v >>> 0, true);
  };
  const flush = (as: AddressSpace, va: number): void => {
    for (let g = 0; g < dirty.length; g++) {
      if (!dirty[g]) continue;
      let end = g + 1;
      while (end < dirty.length && dirty[end]) end++;
      as.kernelWrite(va + g * GRAIN, bytes.subarray(g * GRAIN, Math.min(bytes.length, end * GRAIN)));
      bytes.fill(0, g * GRAIN, end * GRAIN);
      dirty.fill(0, g, end);
      g = end;
    }
    if (extra === 0) {
      let pool = scratch.get(layout);
      if (!pool) scratch.set(layout, (pool = new Map()));
      pool.set(struct, bytes);
    }
  };
  return { bytes, view, set, touch, flush };
}
