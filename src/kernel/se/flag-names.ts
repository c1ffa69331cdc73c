/**
 * Name ↔ value tables for flag words (access masks, attributes), so scenarios can write
 * `[PROCESS_VM_READ, SYNCHRONIZE]` and views can print a mask the way a Windows engineer reads it.
 * One table per kind, declared beside its constants (ARCHITECTURE.md: one source of truth).
 */
export type FlagTable = readonly (readonly [name: string, value: number])[];

function isSingleBit(v: number): boolean {
  return v !== 0 && (v & (v - 1)) === 0;
}

/**
 * `PROCESS_VM_READ | PROCESS_QUERY_INFORMATION`. A value equal to a multi-bit entry (e.g.
 * PROCESS_ALL_ACCESS) prints as that name; otherwise single-bit names in table order, and any
 * bits no name covers as one hex number. Zero prints as `0`.
 */
export function formatFlags(value: number, table: FlagTable): string {
  const v = value >>> 0;
  if (v === 0) return '0';
  for (const [name, bits] of table) if (!isSingleBit(bits) && bits >>> 0 === v) return name;
  const parts: string[] = [];
  let rest = v;
  for (const [name, bits] of table)
    if (isSingleBit(bits) && (rest & bits) !== 0) {
      parts.push(name);
      rest = (rest & ~bits) >>> 0;
    }
  if (rest !== 0) parts.push('0x' + rest.toString(16));
  return parts.join(' | ');
}

/**
 * The value of a list of names (or numbers) OR-ed together; names are matched exactly. The first
 * unknown name is returned instead, for the caller's error message.
 */
export function parseFlags(
  names: readonly (string | number)[],
  table: FlagTable,
): { value: number; unknown?: undefined } | { value?: undefined; unknown: string } {
  let value = 0;
  for (const n of names) {
    if (typeof n === 'number') {
      value |= n;
      continue;
    }
    const entry = table.find(([name]) => name === n);
    if (!entry) return { unknown: n };
    value |= entry[1];
  }
  return { value: value >>> 0 };
}
