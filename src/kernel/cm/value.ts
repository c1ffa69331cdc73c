import { utf16le } from '../../base/index.js';
import {
  REG_BINARY,
  REG_DWORD,
  REG_DWORD_BIG_ENDIAN,
  REG_EXPAND_SZ,
  REG_LINK,
  REG_MULTI_SZ,
  REG_NONE,
  REG_QWORD,
  REG_SZ,
} from './constants.js';

/**
 * A registry value as Windows stores it: a type and bytes (CM_KEY_VALUE: Type, DataLength, Data).
 * Nothing checks that the bytes fit the type — RegSetValueEx stores what it is given — so readers
 * below say what they do with data that does not.
 */
export interface RegValue {
  readonly type: number;
  readonly data: Uint8Array;
}

/** UTF-16LE code units, no terminator. */
export function utf16Bytes(s: string): Uint8Array {
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[2 * i] = c & 0xff;
    b[2 * i + 1] = c >> 8;
  }
  return b;
}

function utf16z(s: string): Uint8Array {
  return utf16Bytes(s + '\0');
}

/** REG_SZ: UTF-16LE with its terminating NUL, as RegSetValueExW is documented to be given it. */
export function regSz(s: string): RegValue {
  return { type: REG_SZ, data: utf16z(s) };
}

export function regExpandSz(s: string): RegValue {
  return { type: REG_EXPAND_SZ, data: utf16z(s) };
}

/** REG_MULTI_SZ: each string NUL-terminated, then one more NUL; an empty list is a single NUL. */
export function regMultiSz(list: readonly string[]): RegValue {
  return { type: REG_MULTI_SZ, data: utf16Bytes(list.map((s) => s + '\0').join('') + '\0') };
}

/** REG_DWORD, little-endian. */
export function regDword(n: number): RegValue {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, n >>> 0, true);
  return { type: REG_DWORD, data };
}

export function regDwordBigEndian(n: number): RegValue {
  const data = new Uint8Array(4);
  new DataView(data.buffer).setUint32(0, n >>> 0, false);
  return { type: REG_DWORD_BIG_ENDIAN, data };
}

/** REG_QWORD, little-endian; the number is taken modulo 2^64. */
export function regQword(n: bigint): RegValue {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
  return { type: REG_QWORD, data };
}

export function regBinary(bytes: Uint8Array | readonly number[]): RegValue {
  return { type: REG_BINARY, data: Uint8Array.from(bytes) };
}

export function regNone(bytes: Uint8Array | readonly number[] = []): RegValue {
  return { type: REG_NONE, data: Uint8Array.from(bytes) };
}

/**
 * REG_LINK: an absolute native key name, UTF-16LE without a terminator — CmpGetSymbolicLink uses the
 * value's length as the name's length (ReactOS ntoskrnl/config/cmparse.c).
 */
export function regLink(target: string): RegValue {
  return { type: REG_LINK, data: utf16Bytes(target) };
}

/** The data as UTF-16LE up to the first NUL (an odd last byte is ignored). */
function stringAt(data: Uint8Array): string {
  const s = utf16le(data, 0, data.length & ~1);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** REG_SZ / REG_EXPAND_SZ as a string, up to the first NUL; null for other types. */
export function readRegSz(v: RegValue): string | null {
  return v.type === REG_SZ || v.type === REG_EXPAND_SZ ? stringAt(v.data) : null;
}

/** REG_LINK's target (no terminator expected; the whole data is the name). */
export function readRegLink(v: RegValue): string | null {
  return v.type === REG_LINK ? utf16le(v.data, 0, v.data.length & ~1) : null;
}

/** REG_MULTI_SZ's strings, stopping at the empty string that ends the list or at the end of data. */
export function readRegMultiSz(v: RegValue): string[] | null {
  if (v.type !== REG_MULTI_SZ) return null;
  const parts = utf16le(v.data, 0, v.data.length & ~1).split('\0');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '') break;
    out.push(p);
  }
  return out;
}

/** REG_DWORD (little-endian) or REG_DWORD_BIG_ENDIAN of exactly 4 bytes; null otherwise. */
export function readRegDword(v: RegValue): number | null {
  if (v.data.length !== 4) return null;
  const dv = new DataView(v.data.buffer, v.data.byteOffset, 4);
  if (v.type === REG_DWORD) return dv.getUint32(0, true);
  if (v.type === REG_DWORD_BIG_ENDIAN) return dv.getUint32(0, false);
  return null;
}

/** REG_QWORD of exactly 8 bytes; null otherwise. */
export function readRegQword(v: RegValue): bigint | null {
  if (v.type !== REG_QWORD || v.data.length !== 8) return null;
  return new DataView(v.data.buffer, v.data.byteOffset, 8).getBigUint64(0, true);
}

/** A copy, so the registry and its callers never share a buffer. */
export function copyRegValue(v: RegValue): RegValue {
  return { type: v.type >>> 0, data: v.data.slice() };
}

export function regValuesEqual(a: RegValue, b: RegValue): boolean {
  if (a.type !== b.type || a.data.length !== b.data.length) return false;
  for (let i = 0; i < a.data.length; i++) if (a.data[i] !== b.data[i]) return false;
  return true;
}
