import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../base/index.js';

const PAGE = 0x4000;
/** Page buffers of closed sources, reused: a batch run over many files allocates pages once. */
const pool: Uint8Array[] = [];
const POOL_MAX = 256;

/**
 * A host file as a ByteSource: ranges are read with pread on demand and cached by 16 KB page, so
 * reading an image's headers and directories costs what they span, not the file's size.
 */
export class FileSource implements ByteSource {
  readonly size: number;
  private readonly fd: number;
  private readonly pages = new Map<number, Uint8Array>();
  /** Bytes actually read from the file so far (whole pages). */
  bytesRead = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
    try {
      this.size = fstatSync(this.fd).size;
    } catch (e) {
      closeSync(this.fd);
      throw e;
    }
  }

  private page(index: number): Uint8Array {
    let p = this.pages.get(index);
    if (!p) {
      const start = index * PAGE;
      const len = Math.min(PAGE, this.size - start);
      const buffer = pool.pop() ?? new Uint8Array(PAGE);
      p = buffer.subarray(0, len);
      this.readFully(p, start);
      this.pages.set(index, p);
    }
    return p;
  }

  bytes(offset: number, length: number): Uint8Array {
    const first = Math.floor(offset / PAGE);
    const last = Math.floor((offset + length - 1) / PAGE);
    if (length <= 0) return new Uint8Array(0);
    if (first === last) {
      const o = offset - first * PAGE;
      return this.page(first).subarray(o, o + length);
    }
    // A long range (a whole table or name block) is one pread, not a run of page reads and copies.
    if (length > PAGE) return this.readDirect(offset, length);
    const out = new Uint8Array(length);
    for (let i = first, at = 0; i <= last; i++) {
      const p = this.page(i);
      const from = i === first ? offset - first * PAGE : 0;
      const to = Math.min(p.length, offset + length - i * PAGE);
      out.set(p.subarray(from, to), at);
      at += to - from;
    }
    return out;
  }

  private readDirect(offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    this.readFully(out, offset);
    return out;
  }

  /** pread until `into` is full (or the file ends). */
  private readFully(into: Uint8Array, offset: number): void {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, offset + done);
      if (n === 0) break;
      done += n;
    }
    this.bytesRead += done;
  }

  /** Closes the file. Views returned by `bytes` must not be used afterwards (their pages are reused). */
  close(): void {
    closeSync(this.fd);
    for (const p of this.pages.values())
      if (pool.length < POOL_MAX) pool.push(new Uint8Array(p.buffer, 0, PAGE));
    this.pages.clear();
  }
}
