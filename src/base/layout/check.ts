import { isPrimitiveType, sizeOfType } from './codec.js';
import { bitDisplay } from './define.js';
import type { FieldLayout, LayoutTable, StructLayout } from './types.js';

/**
 * The invariants of a layout table, as a list of problems (empty when the table is sound):
 * every type a field names exists; every field lies within its structure's size; field names are
 * unique; outside unions, fields that own their bytes do not overlap, a union member marked
 * `overlay` lies within the member that owns its bytes, and a bitfield lies within its storage
 * unit, which is either inside one field (the union's whole-value member, like Flags3) or
 * overlaps none, and shares no bit with another bitfield of the same unit.
 */
export function checkLayoutTable(table: LayoutTable): string[] {
  const problems: string[] = [];
  for (const [key, s] of Object.entries(table.structs)) {
    if (key !== s.name) problems.push(`${key}: the table names it ${s.name}`);
    problems.push(...checkStruct(table, s));
  }
  return problems;
}

interface Span {
  f: FieldLayout;
  start: number;
  end: number;
}

function checkStruct(table: LayoutTable, s: StructLayout): string[] {
  const problems: string[] = [];
  const at = (f: FieldLayout): string => `${s.name}.${f.name} @0x${f.offset.toString(16)}`;
  const names = new Set<string>();
  const spans: Span[] = [];
  for (const f of s.fields) {
    if (names.has(f.name)) problems.push(`${at(f)}: the name is used twice`);
    names.add(f.name);
    let size: number;
    try {
      size = sizeOfType(table, f.type);
    } catch (e) {
      problems.push(`${at(f)}: ${(e as Error).message}`);
      continue;
    }
    if (f.type.kind === 'array' && f.type.count <= 0) problems.push(`${at(f)}: an array of ${f.type.count}`);
    if (!Number.isInteger(f.offset) || f.offset < 0 || f.offset + size > s.size)
      problems.push(`${at(f)}: ${size} bytes do not fit in 0x${s.size.toString(16)}`);
    if (f.bits) {
      const { position, width } = f.bits;
      if (!isPrimitiveType(f.type)) problems.push(`${at(f)}: a bitfield must be held by an integer`);
      if (width < 1 || position < 0 || position + width > size * 8)
        problems.push(`${at(f)}: bits ${position}+${width} do not fit ${size * 8}`);
      if (f.display !== bitDisplay(position, width)) problems.push(`${at(f)}: display '${f.display}'`);
    }
    spans.push({ f, start: f.offset, end: f.offset + size });
  }
  if (s.union) return problems;

  const owners = spans.filter((x) => !x.f.bits && !x.f.overlay).sort((a, b) => a.start - b.start);
  for (let i = 1; i < owners.length; i++)
    if (owners[i - 1]!.end > owners[i]!.start)
      problems.push(`${at(owners[i]!.f)}: overlaps ${owners[i - 1]!.f.name}`);
  const within = (x: Span): boolean => owners.some((o) => o.start <= x.start && x.end <= o.end);
  const overlapsAny = (x: Span): boolean => owners.some((o) => o.start < x.end && x.start < o.end);

  const units = new Map<string, bigint>();
  for (const x of spans) {
    if (!x.f.bits) {
      if (x.f.overlay && !within(x)) problems.push(`${at(x.f)}: an overlay outside every field`);
      continue;
    }
    if (overlapsAny(x) && !within(x)) problems.push(`${at(x.f)}: its storage unit straddles a field`);
    if (x.f.overlay) continue;
    const unit = `${x.start}:${x.end}`;
    const mask = ((1n << BigInt(x.f.bits.width)) - 1n) << BigInt(x.f.bits.position);
    const used = units.get(unit) ?? 0n;
    if ((used & mask) !== 0n) problems.push(`${at(x.f)}: shares bits with another bitfield`);
    units.set(unit, used | mask);
  }
  return problems;
}
