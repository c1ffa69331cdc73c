import { ModelError } from '../errors.js';
import type { FieldLayout, FieldType, LayoutTable, PrimitiveKind, StructLayout } from './types.js';

/**
 * Reads and writes fields of a structure laid out by a LayoutTable, little-endian as on x64.
 * Paths name fields the way `dt` does: dotted through nested structures, with array indexes
 * (decimal): 'ProcessParameters', 'InLoadOrderModuleList.Flink', 'NtTib.Self', 'TlsSlots[3]'.
 * A bitfield may be named directly ('Minimal') or through the integer that holds it
 * ('Flags3.Minimal', 'BitField.IsProtectedProcess').
 */

/** The size in bytes of each primitive kind (x64: pointers are 8). */
export const PRIMITIVE_SIZE: Readonly<Record<PrimitiveKind, number>> = {
  u8: 1,
  i8: 1,
  u16: 2,
  i16: 2,
  u32: 4,
  i32: 4,
  u64: 8,
  i64: 8,
  ptr: 8,
};

export function isPrimitiveType(t: FieldType): t is { kind: PrimitiveKind } {
  return Object.hasOwn(PRIMITIVE_SIZE, t.kind);
}

/** The byte size of a type: primitives and pointers by kind, structures from the table. */
export function sizeOfType(table: LayoutTable, t: FieldType): number {
  switch (t.kind) {
    case 'struct':
      return structLayout(table, t.name).size;
    case 'array':
      return t.count * sizeOfType(table, t.of);
    case 'pointer':
      return 8;
    default:
      return PRIMITIVE_SIZE[t.kind];
  }
}

/** A structure of the table by name ('_EPROCESS'); ModelError LAYOUT_UNKNOWN_TYPE when absent. */
export function structLayout(table: LayoutTable, name: string): StructLayout {
  const s = Object.hasOwn(table.structs, name) ? table.structs[name] : undefined;
  if (!s)
    throw new ModelError('LAYOUT_UNKNOWN_TYPE', `layout ${table.build}: no type ${name}`, {
      build: table.build,
      struct: name,
    });
  return s;
}

export interface ResolvedField {
  /** From the start of the outermost structure. */
  offset: number;
  /**
   * The field's declaration (its own `offset` is from the start of the structure that declares it);
   * for an array element, a field named 'TlsSlots[3]' with the element's type and type text.
   */
  field: FieldLayout;
}

const SEGMENT = /^([A-Za-z_$][A-Za-z0-9_$]*)((?:\[\d+\])*)$/;
const byName = new WeakMap<StructLayout, Map<string, FieldLayout>>();
const resolved = new WeakMap<LayoutTable, Map<string, ResolvedField>>();

function fieldNamed(s: StructLayout, name: string): FieldLayout | undefined {
  let names = byName.get(s);
  if (!names) {
    names = new Map();
    for (const f of s.fields) if (!names.has(f.name)) names.set(f.name, f);
    byName.set(s, names);
  }
  return names.get(name);
}

/** Where a field lives; throws ModelError for an unknown structure or field or a bad path. */
export function resolveField(table: LayoutTable, struct: string, path: string): ResolvedField {
  let cache = resolved.get(table);
  if (!cache) resolved.set(table, (cache = new Map()));
  const key = `${struct}\0${path}`;
  let r = cache.get(key);
  if (!r) {
    r = resolveUncached(table, struct, path);
    cache.set(key, r);
  }
  return r;
}

function resolveUncached(table: LayoutTable, struct: string, path: string): ResolvedField {
  const fail = (code: string, why: string, segment?: string): never => {
    throw new ModelError(code, `${struct}.${path}: ${why}`, { build: table.build, struct, path, segment });
  };
  let s = structLayout(table, struct);
  let structBase = 0;
  let offset = 0;
  let field: FieldLayout | undefined;
  let indexed = false;
  for (const segment of path.split('.')) {
    const m = SEGMENT.exec(segment);
    if (!m) return fail('LAYOUT_BAD_PATH', `'${segment}' is not a field name with optional [index]`, segment);
    const name = m[1]!;
    let f: FieldLayout | undefined;
    if (field === undefined) {
      f = fieldNamed(s, name);
    } else if (field.type.kind === 'struct') {
      s = structLayout(table, field.type.name);
      structBase = offset;
      f = fieldNamed(s, name);
    } else if (isPrimitiveType(field.type) && !field.bits && !indexed) {
      // A bitfield through the integer that holds it: 'Flags3.Minimal'.
      const holder = field;
      f = fieldNamed(s, name);
      const inside =
        f?.bits !== undefined &&
        f.offset >= holder.offset &&
        f.offset + sizeOfType(table, f.type) <= holder.offset + sizeOfType(table, holder.type);
      if (f && !inside) return fail('LAYOUT_NOT_STRUCT', `${holder.name} holds no bitfield ${name}`, segment);
    } else {
      return fail('LAYOUT_NOT_STRUCT', `${field.name} is ${field.display}, not a structure`, segment);
    }
    if (!f) return fail('LAYOUT_UNKNOWN_FIELD', `${s.name} has no field ${name}`, segment);
    field = f;
    offset = structBase + f.offset;
    indexed = false;
    for (const im of m[2]!.matchAll(/\[(\d+)\]/g)) {
      const index = Number(im[1]);
      const t: FieldType = field.type;
      if (t.kind !== 'array')
        return fail('LAYOUT_NOT_ARRAY', `${field.name} is ${field.display}, not an array`);
      if (index >= t.count) return fail('LAYOUT_INDEX_RANGE', `index ${index} is past [${t.count}]`, segment);
      const step: number = index * sizeOfType(table, t.of);
      const prefix: string = `[${t.count}] `;
      offset += step;
      field = Object.freeze({
        name: `${field.name}[${index}]`,
        offset: field.offset + step,
        type: t.of,
        display: field.display.startsWith(prefix) ? field.display.slice(prefix.length) : field.display,
      });
      indexed = true;
    }
  }
  return Object.freeze({ offset, field: field! });
}

/** The integer kind a scalar field is read and written as (a typed pointer is a `ptr`). */
function scalarKind(struct: string, path: string, f: FieldLayout): PrimitiveKind {
  if (f.type.kind === 'pointer') return 'ptr';
  if (isPrimitiveType(f.type)) return f.type.kind;
  throw new ModelError(
    'LAYOUT_NOT_SCALAR',
    `${struct}.${path} is ${f.display}, not an integer or a pointer`,
    {
      struct,
      path,
    },
  );
}

function checkView(view: DataView, at: number, size: number, struct: string, path: string): void {
  if (!Number.isSafeInteger(at) || at < 0 || at + size > view.byteLength)
    throw new ModelError('LAYOUT_OUT_OF_VIEW', `${struct}.${path} at ${at} (+${size}) is outside the view`, {
      struct,
      path,
      at,
      byteLength: view.byteLength,
    });
}

function readUnsigned(view: DataView, at: number, size: number): bigint {
  switch (size) {
    case 1:
      return BigInt(view.getUint8(at));
    case 2:
      return BigInt(view.getUint16(at, true));
    case 4:
      return BigInt(view.getUint32(at, true));
    default:
      return view.getBigUint64(at, true);
  }
}

function writeUnsigned(view: DataView, at: number, size: number, v: bigint): void {
  switch (size) {
    case 1:
      return view.setUint8(at, Number(v));
    case 2:
      return view.setUint16(at, Number(v), true);
    case 4:
      return view.setUint32(at, Number(v), true);
    default:
      return view.setBigUint64(at, v, true);
  }
}

/**
 * Writes an integer or pointer field at `base` (little-endian). A field of n bits takes values
 * from -2^(n-1) to 2^n - 1, stored in two's complement (so -1 makes a HANDLE of all ones and
 * 0xC0000005 fits a LONG). A bitfield takes 0 … 2^width - 1 and leaves its neighbours as they were.
 * ModelError for a non-scalar field, a value out of range or a field outside the view.
 */
export function writeField(
  view: DataView,
  base: number,
  table: LayoutTable,
  struct: string,
  path: string,
  value: number | bigint,
): void {
  const { offset, field } = resolveField(table, struct, path);
  const size = PRIMITIVE_SIZE[scalarKind(struct, path, field)];
  const at = base + offset;
  checkView(view, at, size, struct, path);
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw outOfRange(struct, path, value);
  const v = BigInt(value);
  if (field.bits) {
    const { position, width } = field.bits;
    if (v < 0n || v >= 1n << BigInt(width)) throw outOfRange(struct, path, value);
    const mask = ((1n << BigInt(width)) - 1n) << BigInt(position);
    const old = readUnsigned(view, at, size);
    writeUnsigned(view, at, size, (old & ~mask) | (v << BigInt(position)));
    return;
  }
  const bits = BigInt(size * 8);
  if (v < -(1n << (bits - 1n)) || v >= 1n << bits) throw outOfRange(struct, path, value);
  writeUnsigned(view, at, size, BigInt.asUintN(size * 8, v));
}

function outOfRange(struct: string, path: string, value: number | bigint): ModelError {
  return new ModelError('LAYOUT_VALUE_RANGE', `${struct}.${path}: ${String(value)} does not fit the field`, {
    struct,
    path,
    value: String(value),
  });
}

/**
 * Reads an integer or pointer field at `base`: 8-byte fields (u64, i64, pointers) as bigint, the
 * others as number; signed kinds sign-extended. A bitfield reads as its unsigned value (a bigint
 * when its storage unit is 8 bytes).
 */
export function readField(
  view: DataView,
  base: number,
  table: LayoutTable,
  struct: string,
  path: string,
): number | bigint {
  const { offset, field } = resolveField(table, struct, path);
  const kind = scalarKind(struct, path, field);
  const size = PRIMITIVE_SIZE[kind];
  const at = base + offset;
  checkView(view, at, size, struct, path);
  if (field.bits) {
    const { position, width } = field.bits;
    const v = (readUnsigned(view, at, size) >> BigInt(position)) & ((1n << BigInt(width)) - 1n);
    return size === 8 ? v : Number(v);
  }
  switch (kind) {
    case 'u8':
      return view.getUint8(at);
    case 'i8':
      return view.getInt8(at);
    case 'u16':
      return view.getUint16(at, true);
    case 'i16':
      return view.getInt16(at, true);
    case 'u32':
      return view.getUint32(at, true);
    case 'i32':
      return view.getInt32(at, true);
    case 'i64':
      return view.getBigInt64(at, true);
    default:
      return view.getBigUint64(at, true);
  }
}
