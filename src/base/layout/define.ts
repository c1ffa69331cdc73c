import { ModelError } from '../errors.js';
import type { FieldLayout, FieldType, LayoutTable, PrimitiveKind, StructLayout } from './types.js';

/**
 * Builders for the layout tables: a type together with the text WinDbg's `dt` prints for it, so
 * every table entry states its type once and gets its display string from the same place.
 * Type texts follow real `dt` output (internals.md §11 and the transcripts cited in the tables):
 * UChar, Char, Uint2B, Int2B, Uint4B, Int4B, Uint8B, Int8B, Wchar, "Ptr64 Void", "Ptr64 _PEB",
 * "[15] UChar", "_LIST_ENTRY", "Pos 3, 1 Bit" / "Pos 12, 3 Bits".
 */
export interface TypeText {
  readonly type: FieldType;
  readonly display: string;
}

const prim = (kind: PrimitiveKind, display: string): TypeText => ({ type: { kind }, display });

export const UChar = prim('u8', 'UChar');
export const Char = prim('i8', 'Char');
export const Uint2B = prim('u16', 'Uint2B');
export const Int2B = prim('i16', 'Int2B');
export const Uint4B = prim('u32', 'Uint4B');
export const Int4B = prim('i32', 'Int4B');
export const Uint8B = prim('u64', 'Uint8B');
export const Int8B = prim('i64', 'Int8B');
/** WCHAR: an unsigned 16-bit code unit that `dt` names Wchar. */
export const Wchar = prim('u16', 'Wchar');
/** PVOID and HANDLE. */
export const PtrVoid = prim('ptr', 'Ptr64 Void');
/**
 * A function pointer, e.g. PEB.PostProcessInitRoutine: `dt` prints "Ptr64     void " (with the
 * spaces), as public `dt ntdll!_PEB` transcripts show (search index ids 17335131680, 5664460523).
 */
export const PtrFunction = prim('ptr', 'Ptr64     void ');

/** An enum (4 bytes, signed, as the compiler stores it): `dt` prints the enum's name. */
export function enumOf(name: string): TypeText {
  return prim('i32', name);
}

/** A nested structure or union declared in the same table. */
export function struct(name: string): TypeText {
  return { type: { kind: 'struct', name }, display: name };
}

/** An anonymous structure or union with a member name: `dt` prints "<unnamed-tag>". */
export function unnamed(name: string): TypeText {
  return { type: { kind: 'struct', name }, display: '<unnamed-tag>' };
}

/** A Ptr64 to a named type ("_PEB") or to another type text (Ptr64 Ptr64 Void). */
export function ptr(to: string | TypeText): TypeText {
  const text = typeof to === 'string' ? to : to.display;
  return { type: { kind: 'pointer', to: text }, display: `Ptr64 ${text}` };
}

export function array(of: TypeText, count: number): TypeText {
  return { type: { kind: 'array', of: of.type, count }, display: `[${count}] ${of.display}` };
}

/** One field. */
export function field(offset: number, name: string, t: TypeText, opts?: { overlay?: boolean }): FieldLayout {
  const f: FieldLayout = { name, offset, type: t.type, display: t.display };
  if (opts?.overlay) f.overlay = true;
  return f;
}

/** `dt`'s text for a bitfield: "Pos 0, 1 Bit", "Pos 12, 3 Bits". */
export function bitDisplay(position: number, width: number): string {
  return `Pos ${position}, ${width} Bit${width === 1 ? '' : 's'}`;
}

/**
 * Consecutive bitfields declared in one storage unit of `container` at `offset`, as C lays them
 * out: positions follow the declaration order from `start`.
 */
export function bitfields(
  offset: number,
  container: TypeText,
  members: readonly (readonly [name: string, width: number])[],
  opts?: { start?: number; overlay?: boolean },
): FieldLayout[] {
  let position = opts?.start ?? 0;
  return members.map(([name, width]) => {
    const f: FieldLayout = {
      name,
      offset,
      type: container.type,
      bits: { position, width },
      display: bitDisplay(position, width),
    };
    if (opts?.overlay) f.overlay = true;
    position += width;
    return f;
  });
}

/** One bitfield per name, each one bit wide, in declaration order. */
export function flagBits(
  offset: number,
  container: TypeText,
  names: readonly string[],
  opts?: { start?: number; overlay?: boolean },
): FieldLayout[] {
  return bitfields(
    offset,
    container,
    names.map((n) => [n, 1] as const),
    opts,
  );
}

export function layout(
  name: string,
  size: number,
  fields: readonly (FieldLayout | readonly FieldLayout[])[],
  opts?: { union?: boolean; partial?: boolean },
): StructLayout {
  const s: StructLayout = { name, size, fields: fields.flat() };
  if (opts?.union) s.union = true;
  if (opts?.partial) s.partial = true;
  return s;
}

/** A type the table knows only by size (opaque here): lets a field embed it with its real size. */
export function opaque(name: string, size: number): StructLayout {
  return { name, size, fields: [], partial: true };
}

/** Freezes a table and everything in it: the tables are shared constants. */
export function freezeTable(build: number, structs: readonly StructLayout[]): LayoutTable {
  const byName: Record<string, StructLayout> = {};
  for (const s of structs) {
    if (Object.hasOwn(byName, s.name))
      throw new ModelError('LAYOUT_DUPLICATE_TYPE', `layout ${build}: ${s.name} is declared twice`, {
        build,
        struct: s.name,
      });
    for (const f of s.fields) {
      deepFreeze(f.type);
      if (f.bits) Object.freeze(f.bits);
      Object.freeze(f);
    }
    Object.freeze(s.fields);
    byName[s.name] = Object.freeze(s);
  }
  return Object.freeze({ build, structs: Object.freeze(byName) });
}

function deepFreeze(t: FieldType): void {
  if (t.kind === 'array') deepFreeze(t.of);
  Object.freeze(t);
}
