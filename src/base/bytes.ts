/**
 * Random access to the bytes of a file or a buffer. The PE reader reads only the ranges it needs
 * through this interface, so a file's cost follows what is read from it, not its size: over a
 * Uint8Array `bytes` is a zero-copy view; the host layer implements it over a file with a page cache.
 */
export interface ByteSource {
  readonly size: number;
  /**
   * The bytes [offset, offset + length). The caller guarantees the range lies inside [0, size).
   * The result may share memory with the source: treat it as read-only.
   */
  bytes(offset: number, length: number): Uint8Array;
}

export class ArraySource implements ByteSource {
  readonly size: number;
  constructor(private readonly data: Uint8Array) {
    this.size = data.length;
  }
  bytes(offset: number, length: number): Uint8Array {
    return this.data.subarray(offset, offset + length);
  }
}

/** A little-endian view over a range read from a source. */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes a NUL-terminated (or length-bounded) 8-bit string. String.fromCharCode over a subarray
 * gives a flat string in one step (a `+=` loop builds cons strings that are slow to compare).
 */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let stop = bytes.indexOf(0, start);
  if (stop < 0 || stop > end) stop = end;
  if (stop - start <= 0x2000)
    return String.fromCharCode.apply(null, bytes.subarray(start, stop) as unknown as number[]);
  let s = '';
  for (let i = start; i < stop; i += 0x2000)
    s += String.fromCharCode.apply(
      null,
      bytes.subarray(i, Math.min(stop, i + 0x2000)) as unknown as number[],
    );
  return s;
}

/** UTF-16LE without terminator, as API set names and UNICODE_STRING buffers are stored. */
export function utf16le(bytes: Uint8Array, start: number, byteLength: number): string {
  let s = '';
  for (let i = start; i + 1 < start + byteLength; i += 2)
    s += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return s;
}

/** UTF-16LE up to the first NUL (or the end): REG_SZ data and other WCHAR strings with a terminator. */
export function utf16leZ(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const c = bytes[i]! | (bytes[i + 1]! << 8);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** Growable little-endian byte buffer for writers. */
export class ByteWriter {
  private buf = new Uint8Array(4096);
  private dv = new DataView(this.buf.buffer);
  length = 0;

  private ensure(end: number): void {
    if (end <= this.buf.length) return;
    let n = this.buf.length;
    while (n < end) n *= 2;
    const next = new Uint8Array(n);
    next.set(this.buf);
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }
  /** Grows the buffer with zeros up to `length`. */
  zeroTo(length: number): void {
    this.ensure(length);
    if (length > this.length) this.length = length;
  }
  u8(off: number, v: number): void {
    this.zeroTo(off + 1);
    this.dv.setUint8(off, v);
  }
  u16(off: number, v: number): void {
    this.zeroTo(off + 2);
    this.dv.setUint16(off, v, true);
  }
  u32(off: number, v: number): void {
    this.zeroTo(off + 4);
    this.dv.setUint32(off, v >>> 0, true);
  }
  u64(off: number, v: bigint): void {
    this.zeroTo(off + 8);
    this.dv.setBigUint64(off, v, true);
  }
  bytes(off: number, b: Uint8Array): void {
    this.zeroTo(off + b.length);
    this.buf.set(b, off);
  }
  /** Writes an ASCII string followed by a NUL; returns the offset after the NUL. */
  asciiz(off: number, s: string): number {
    for (let i = 0; i < s.length; i++) this.u8(off + i, s.charCodeAt(i) & 0xff);
    this.u8(off + s.length, 0);
    return off + s.length + 1;
  }
  utf16(off: number, s: string): number {
    for (let i = 0; i < s.length; i++) this.u16(off + 2 * i, s.charCodeAt(i));
    return off + 2 * s.length;
  }
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export function alignUp(value: number, alignment: number): number {
  return alignment <= 1 ? value : Math.ceil(value / alignment) * alignment;
}

export function alignDown(value: number, alignment: number): number {
  return alignment <= 1 ? value : Math.floor(value / alignment) * alignment;
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0 && n <= 0x80000000;
}
