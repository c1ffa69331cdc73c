/**
 * Structure layouts per build: the one source of truth for where a field of a Windows structure
 * lives. The model writes user-mode structures (PEB, TEB, RTL_USER_PROCESS_PARAMETERS, …) as bytes
 * through these tables, and the console's `dt` prints them. Offsets, sizes and type texts come from
 * ../shared/reference/internals.md §1–§2 and the public dumps each table file cites.
 */

/** Integers of 1, 2, 4 and 8 bytes; `ptr` is an x64 pointer to void (8 bytes). */
export type PrimitiveKind = 'u8' | 'u16' | 'u32' | 'u64' | 'i8' | 'i16' | 'i32' | 'i64' | 'ptr';

export type FieldType =
  | { kind: PrimitiveKind }
  /** A nested structure or union, by name in the same table. */
  | { kind: 'struct'; name: string }
  | { kind: 'array'; of: FieldType; count: number }
  /** A Ptr64 to a named type (8 bytes); `to` is the pointee's type text ("_PEB", "Wchar", "Ptr64 Void"). */
  | { kind: 'pointer'; to: string };

export interface FieldLayout {
  name: string;
  /** From the start of the containing structure. */
  offset: number;
  /** For a bitfield: the integer type that holds it (its storage unit starts at `offset`). */
  type: FieldType;
  /** A bitfield inside the containing integer at `offset`. */
  bits?: { position: number; width: number };
  /** WinDbg's type text: "Ptr64 Void", "Uint4B", "_LIST_ENTRY", "[16] UChar", "Pos 0, 1 Bit". */
  display: string;
  /**
   * A member of an anonymous union that shares its bytes with another member of the same union
   * (`UserSharedInfoPtr` over `KernelCallbackTable`), or a bitfield of an alternative union arm.
   * WinDbg prints both; the table checks treat the non-overlay member as the owner of the bytes.
   */
  overlay?: boolean;
}

export interface StructLayout {
  name: string;
  /** The real sizeof, even when only some fields are declared. */
  size: number;
  /** In declaration order, which is the order `dt` prints them in. */
  fields: FieldLayout[];
  /** Every field starts at 0 and shares the same bytes (`_LARGE_INTEGER`, `_KSTACK_COUNT`). */
  union?: boolean;
  /** Only some fields are declared (the reference names key fields, or the type is opaque here). */
  partial?: boolean;
}

export interface LayoutTable {
  build: number;
  structs: Readonly<Record<string, StructLayout>>;
}
