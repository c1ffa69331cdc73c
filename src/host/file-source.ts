import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ByteSource } from '../base/index.js';

const PAGE = 0x4000;

/**
 * A host file as a ByteSource: ranges are read with pread on demand and cached by 16 KB page, so
 * reading an image's headers and directories costs what they span, not the file's size.
 */
export class FileSource implements ByteSource {
  readonly size: number;
  private readonly fd: number;
  private readonly pages = new Map<number, Uint8Array>();

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
      p = new Uint8Array(len);
      let done = 0;
      while (done < len) {
        const n = readSync(this.fd, p, done, len - done, start + done);
        if (n === 0) break;
        done += n;
      }
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

  close(): void {
    closeSync(this.fd);
    this.pages.clear();
  }
}
