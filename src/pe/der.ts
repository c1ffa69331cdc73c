/**
 * A minimal DER (X.690) reader and writer: enough to walk PKCS#7 SignedData and X.509 certificates
 * to a signer's subject and extended key usages, and to build such structures for synthesized
 * images. Every read is bounds-checked; malformed input throws DerError.
 */
export class DerError extends Error {}

export interface Tlv {
  tag: number;
  /** Offset of the value within the buffer. */
  start: number;
  end: number;
}

export function readTlv(b: Uint8Array, at: number, limit = b.length): Tlv {
  if (at + 2 > limit) throw new DerError(`TLV at ${at} runs past ${limit}`);
  const tag = b[at]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`high tag number at ${at}`);
  let len = b[at + 1]!;
  let start = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new DerError(`bad length at ${at}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[start + i]!;
    start += n;
  }
  const end = start + len;
  if (end > limit) throw new DerError(`value at ${at} (length ${len}) runs past ${limit}`);
  return { tag, start, end };
}

/** The TLVs directly inside a constructed value. */
export function children(b: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.start; at < parent.end;) {
    const t = readTlv(b, at, parent.end);
    out.push(t);
    at = t.end;
  }
  return out;
}

export function decodeOid(b: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x06 || t.end === t.start) throw new DerError('not an OID');
  const parts: number[] = [];
  let v = 0;
  for (let i = t.start; i < t.end; i++) {
    v = v * 128 + (b[i]! & 0x7f);
    if ((b[i]! & 0x80) === 0) {
      if (parts.length === 0) parts.push(v < 80 ? Math.floor(v / 40) : 2, v < 80 ? v % 40 : v - 80);
      else parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const n = value.length;
  const len =
    n < 0x80
      ? [n]
      : n < 0x100
        ? [0x81, n]
        : n < 0x10000
          ? [0x82, n >> 8, n & 0xff]
          : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(1 + len.length + n);
  out[0] = tag;
  out.set(len, 1);
  out.set(value, 1 + len.length);
  return out;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const seq = (...parts: Uint8Array[]): Uint8Array => encodeTlv(0x30, concat(parts));
export const set = (...parts: Uint8Array[]): Uint8Array => encodeTlv(0x31, concat(parts));

export function encodeOid(oid: string): Uint8Array {
  const p = oid.split('.').map(Number);
  const body: number[] = [];
  const push = (v: number): void => {
    const bytes = [v & 0x7f];
    for (v = Math.floor(v / 128); v > 0; v = Math.floor(v / 128)) bytes.unshift((v & 0x7f) | 0x80);
    body.push(...bytes);
  };
  push(p[0]! * 40 + p[1]!);
  for (const v of p.slice(2)) push(v);
  return encodeTlv(0x06, Uint8Array.from(body));
}

export const utf8String = (s: string): Uint8Array => encodeTlv(0x0c, new TextEncoder().encode(s));
export const integer = (n: number): Uint8Array => encodeTlv(0x02, Uint8Array.from([n & 0x7f]));
