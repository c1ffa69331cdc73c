import {
  PRIMITIVE_SIZE,
  structLayout,
  isPrimitiveType,
  type FieldLayout,
  type LayoutTable,
} from '../../base/index.js';
import { DbgError } from './errors.js';
import { parseNumber } from './expr.js';
import { addr64, hex16, hexShort } from './format.js';
import { words, type DbgSession } from './session.js';

/**
 * `dt [module!]Type [address] [Field[.] …]`: the type's fields from the build's layout table (the
 * same table the model writes the PEB and TEB with), with values when an address is given. Shapes
 * from public transcripts (internals.md §11; the dt-listing test cites them): `   +0x010 Name :`
 * with the name padded to 16, pointers as `0x00007ffa`e7c6c3a4 _LDRP_LOAD_CONTEXT` or `(null) `,
 * UCHARs as `0x1 ''`, bitfields as `0y0011`, lists as `_LIST_ENTRY [ a - b ]`, strings as
 * `_UNICODE_STRING "ntdll.dll"`, signed integers in `0n` decimal, and a field ending in `.`
 * expanded one level with its own offsets.
 */
export function dt(args: string, s: DbgSession): string[] {
  const argv = words(args);
  const typeArg = argv.shift();
  if (!typeArg) throw new DbgError('Type name is required: dt [module!]Type [address] [Field]');
  const { module, type } = resolveType(s.layout, typeArg);
  const fields: string[] = [];
  let address: bigint | null = null;
  for (const a of argv) {
    const head = a.split('.')[0]!.replace(/\*$/, '');
    if (address === null && fields.length === 0 && !isFieldArg(s.layout, type, a, head))
      address = s.evaluate(a);
    else fields.push(a);
  }
  const layout = structLayout(s.layout, type);
  let bytes: Uint8Array | null = null;
  if (address !== null) {
    bytes = s.target.read(address, layout.size);
    if (bytes.length < layout.size)
      throw new DbgError(`Memory read error ${hex16(address + BigInt(bytes.length))}`);
  }
  const out = [`${module}!${type}`];
  const ctx: Ctx = { s, bytes };
  if (fields.length === 0) for (const f of layout.fields) out.push(line(ctx, f, 0, 0, false));
  else {
    let any = false;
    for (const spec of fields) any = printPath(ctx, type, spec, out) || any;
    if (!any) throw new DbgError('Cannot find specified field members.');
  }
  return out;
}

interface Ctx {
  s: DbgSession;
  /** The structure's bytes, or null for a type listing. */
  bytes: Uint8Array | null;
}

/** User-mode types are in ntdll's symbols, the others in nt's (kd finds both under nt). */
const MODULES = new Set(['nt', 'ntdll', 'ntkrnlmp', 'ntoskrnl']);

export function resolveType(table: LayoutTable, text: string): { module: string; type: string } {
  const bang = text.indexOf('!');
  const module = bang >= 0 ? text.slice(0, bang) : 'nt';
  const type = bang >= 0 ? text.slice(bang + 1) : text;
  if (!MODULES.has(module.toLowerCase()) || !Object.hasOwn(table.structs, type))
    throw new DbgError(`Symbol ${bang >= 0 ? text : `nt!${text}`} not found.`);
  return { module: module.toLowerCase() === 'ntdll' ? 'ntdll' : 'nt', type };
}

/** A field name (known, or a word that is no number: dt then says it finds no such member). */
function isFieldArg(table: LayoutTable, type: string, arg: string, head: string): boolean {
  if (arg.startsWith('@') || arg.startsWith('$') || arg.includes('!') || /[+\-*/()`]/.test(arg)) return false;
  if (structLayout(table, type).fields.some((f) => matches(f.name, head, arg.split('.')[0]!.endsWith('*'))))
    return true;
  return parseNumber(head) === undefined && /^[A-Za-z_]/.test(head);
}

function matches(name: string, want: string, wildcard: boolean): boolean {
  return wildcard ? name.toLowerCase().startsWith(want.toLowerCase()) : name === want;
}

/** Prints `A.B.C` (each level expanded down to C) or `A.` (A's fields); false when A is not a field. */
function printPath(ctx: Ctx, type: string, spec: string, out: string[]): boolean {
  const parts = spec.split('.');
  const expandLast = spec.endsWith('.');
  if (expandLast) parts.pop();
  let struct = type;
  let base = 0;
  let depth = 0;
  for (let i = 0; i < parts.length; i++) {
    const wildcard = parts[i]!.endsWith('*');
    const want = parts[i]!.replace(/\*$/, '');
    const found = structLayout(ctx.s.layout, struct).fields.filter((f) => matches(f.name, want, wildcard));
    if (found.length === 0) return depth > 0;
    const last = i === parts.length - 1;
    if (last || wildcard) {
      for (const f of found) {
        out.push(line(ctx, f, base, depth, expandLast && f.type.kind === 'struct'));
        if (expandLast && f.type.kind === 'struct') expand(ctx, f, base + f.offset, depth + 1, out);
      }
      return true;
    }
    const f = found[0]!;
    if (f.type.kind !== 'struct') return true;
    out.push(line(ctx, f, base, depth, true));
    struct = f.type.name;
    base += f.offset;
    depth++;
  }
  return true;
}

function expand(ctx: Ctx, f: FieldLayout, base: number, depth: number, out: string[]): void {
  if (f.type.kind !== 'struct') return;
  for (const sub of structLayout(ctx.s.layout, f.type.name).fields)
    out.push(line(ctx, sub, base, depth, false));
}

/** One `   +0x010 Name             : value` line; `base` is where the declaring structure starts. */
function line(ctx: Ctx, f: FieldLayout, base: number, depth: number, expanded: boolean): string {
  const indent = '   '.repeat(depth + 1);
  const head = `${indent}+0x${f.offset.toString(16).padStart(3, '0')} ${f.name.padEnd(16)} : `;
  if (expanded) return head;
  if (!ctx.bytes) return head + f.display;
  return head + value(ctx, f, base + f.offset);
}

function readUnsigned(b: Uint8Array, at: number, size: number): bigint {
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[at + i] ?? 0);
  return v;
}

const SIZES: Readonly<Record<string, number>> = PRIMITIVE_SIZE;
const SIGNED = new Set(['i8', 'i16', 'i32', 'i64']);
const charOf = (v: number): string => (v >= 0x20 && v < 0x7f ? String.fromCharCode(v) : '');

function pointerText(v: bigint, to: string): string {
  return v === 0n ? '(null) ' : `0x${addr64(v)} ${to}`;
}

function value(ctx: Ctx, f: FieldLayout, at: number): string {
  const b = ctx.bytes!;
  const t = f.type;
  if (f.bits) {
    const raw = readUnsigned(b, at, SIZES[t.kind]!);
    const v = (raw >> BigInt(f.bits.position)) & ((1n << BigInt(f.bits.width)) - 1n);
    return `0y${v.toString(2).padStart(f.bits.width, '0')}`;
  }
  if (t.kind === 'pointer') return pointerText(readUnsigned(b, at, 8), t.to);
  if (isPrimitiveType(t)) return scalar(t.kind, readUnsigned(b, at, SIZES[t.kind]!), f.display);
  if (t.kind === 'array') return arrayText(ctx, f, at);
  return structText(ctx, t.name, at);
}

function scalar(kind: string, raw: bigint, display: string): string {
  const size = SIZES[kind]!;
  if (kind === 'ptr') return pointerText(raw, display.replace(/^Ptr64\s*/, ''));
  if (kind === 'u8') return `${hexShort(raw)} '${charOf(Number(raw))}'`;
  if (SIGNED.has(kind)) {
    const v = BigInt.asIntN(size * 8, raw);
    return kind === 'i8' ? `${v.toString()} '${charOf(Number(raw))}'` : `0n${v.toString()}`;
  }
  if (size === 8) return `0x${addr64(raw)}`;
  return hexShort(raw);
}

function arrayText(ctx: Ctx, f: FieldLayout, at: number): string {
  const t = f.type;
  if (t.kind !== 'array') return '';
  const b = ctx.bytes!;
  const of = t.of;
  if (of.kind === 'u8' || of.kind === 'i8' || (of.kind === 'u16' && f.display.endsWith('Wchar'))) {
    const step = of.kind === 'u16' ? 2 : 1;
    let text = '';
    for (let i = 0; i < t.count; i++) {
      const c = Number(readUnsigned(b, at + i * step, step));
      if (c === 0) break;
      // Bytes outside printable ASCII show as '?' (dt's `FlagGroup : [4]  "???"`).
      text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?';
    }
    return `[${t.count}]  "${text}"`;
  }
  const first: FieldLayout = { name: '', offset: 0, type: of, display: f.display.replace(/^\[\d+\] /, '') };
  return `[${t.count}] ${value(ctx, first, at)}`;
}

function structText(ctx: Ctx, name: string, at: number): string {
  const b = ctx.bytes!;
  switch (name) {
    case '_LIST_ENTRY':
      return `_LIST_ENTRY [ 0x${addr64(readUnsigned(b, at, 8))} - 0x${addr64(readUnsigned(b, at + 8, 8))} ]`;
    case '_LARGE_INTEGER':
    case '_ULARGE_INTEGER': {
      const v = readUnsigned(b, at, 8);
      return `${name} ${v === 0n ? '0x0' : `0x${addr64(v)}`}`;
    }
    case '_UNICODE_STRING':
      return `_UNICODE_STRING "${unicodeString(ctx, readUnsigned(b, at, 2), readUnsigned(b, at + 8, 8))}"`;
    default:
      return name.includes('::') ? '<unnamed-tag>' : name;
  }
}

/** The string a UNICODE_STRING's Buffer holds, read from the target (WinDbg's text on failure). */
function unicodeString(ctx: Ctx, length: bigint, buffer: bigint): string {
  if (length === 0n) return '';
  const n = Number(length);
  const bytes = ctx.s.target.read(buffer, n);
  if (bytes.length < n) return `--- memory read error at address 0x${addr64(buffer)} ---`;
  let text = '';
  for (let i = 0; i + 1 < n; i += 2) text += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return text;
}

/** Field names of a type (tab completion). */
export function fieldNames(table: LayoutTable, type: string): string[] {
  return Object.hasOwn(table.structs, type) ? structLayout(table, type).fields.map((f) => f.name) : [];
}
