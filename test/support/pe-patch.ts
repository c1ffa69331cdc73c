import { PeImage } from '../../src/pe/index.js';

/** Little-endian patching of a writer-made image, for malformed-input tests (done in code, never committed as binaries). */
export class Patch {
  readonly bytes: Uint8Array;
  readonly dv: DataView;
  constructor(image: Uint8Array) {
    this.bytes = image.slice();
    this.dv = new DataView(this.bytes.buffer);
  }
  u16(off: number, v: number): this {
    this.dv.setUint16(off, v, true);
    return this;
  }
  u32(off: number, v: number): this {
    this.dv.setUint32(off, v >>> 0, true);
    return this;
  }
  u64(off: number, v: bigint): this {
    this.dv.setBigUint64(off, v, true);
    return this;
  }
  get e_lfanew(): number {
    return this.dv.getUint32(0x3c, true);
  }
  get optionalHeader(): number {
    return this.e_lfanew + 24;
  }
  get is64(): boolean {
    return this.dv.getUint16(this.optionalHeader, true) === 0x20b;
  }
  /** File offset of DataDirectory[index] (VirtualAddress; Size follows). */
  dataDirectory(index: number): number {
    return this.optionalHeader + (this.is64 ? 112 : 96) + 8 * index;
  }
  /** File offset of IMAGE_SECTION_HEADER[i]. */
  section(i: number): number {
    const sizeOfOptional = this.dv.getUint16(this.e_lfanew + 4 + 16, true);
    return this.e_lfanew + 24 + sizeOfOptional + 40 * i;
  }
  /** File offset backing an RVA, through the image's own mapping. */
  offsetOf(rva: number): number {
    const off = PeImage.open(this.bytes).rvaToOffset(rva);
    if (off === null) throw new Error(`RVA 0x${rva.toString(16)} has no file offset`);
    return off;
  }
  directory(index: number): { rva: number; size: number } {
    const at = this.dataDirectory(index);
    return { rva: this.dv.getUint32(at, true), size: this.dv.getUint32(at + 4, true) };
  }
  truncate(length: number): Uint8Array {
    return this.bytes.slice(0, length);
  }
}
