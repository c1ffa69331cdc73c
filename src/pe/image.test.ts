import { describe, expect, it } from 'vitest';
import { STATUS } from '../base/index.js';
import { Patch } from '../../test/support/pe-patch.js';
import { PeImage } from './image.js';
import { ImageFormatError } from './image-error.js';
import { writePe } from './writer.js';
import { describePeSource } from './describe.js';

const exe = writePe({ imports: { 'kernel32.dll': ['Sleep'] }, exports: ['F'], tlsCallbacks: 1 });

function statusOf(bytes: Uint8Array): number {
  try {
    PeImage.open(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ImageFormatError);
    return (e as ImageFormatError).status;
  }
  return STATUS.SUCCESS;
}

/** An MZ file whose e_lfanew points at `sig` (NE/LE/garbage), as old-format executables are laid out. */
function mzWith(sig: string, extra: Record<number, number> = {}): Uint8Array {
  const b = new Uint8Array(0x200);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[0x18] = 0x40;
  b[0x3c] = 0x80;
  for (let i = 0; i < sig.length; i++) b[0x80 + i] = sig.charCodeAt(i);
  for (const [k, v] of Object.entries(extra)) b[Number(k)] = v;
  return b;
}

describe('PeImage.open: headers (Windows Internals ch. 3 image-type table; ReactOS PeFmtCreateSection)', () => {
  it('reads the headers the writer made', () => {
    const image = PeImage.open(exe);
    expect(image.format).toBe('PE32+');
    expect(image.fileHeader.Machine).toBe(0x8664);
    expect(image.optionalHeader.ImageBase).toBe(0x140000000n);
    expect(image.optionalHeader.DataDirectory).toHaveLength(16);
    expect(image.sections.map((s) => s.Name)).toEqual(['.text', '.rdata', '.data', '.reloc']);
  });

  it('maps RVAs as the memory manager maps the image: headers, raw data, zero tail, outside', () => {
    const image = PeImage.open(exe);
    expect(image.rvaToOffset(0)).toBe(0);
    const text = image.sections[0]!;
    expect(image.rvaToOffset(text.VirtualAddress + 3)).toBe(text.PointerToRawData + 3);
    // Past VirtualSize but inside the page: the section's aligned tail, not backed by the file.
    expect(image.rvaToOffset(text.VirtualAddress + 0xff0)).toBeNull();
    expect(image.read(text.VirtualAddress + 0xff0, 16, 'tail')).toEqual(new Uint8Array(16));
    expect(image.rvaToOffset(image.optionalHeader.SizeOfImage + 0x1000)).toBeNull();
    expect(() => image.read(image.optionalHeader.SizeOfImage + 0x1000, 4, 'probe')).toThrow(
      /outside the image/,
    );
  });

  it('does not read past the headers to open an image (lazy)', () => {
    const reads: [number, number][] = [];
    const src = {
      size: exe.length,
      bytes: (o: number, n: number) => (reads.push([o, n]), exe.subarray(o, o + n)),
    };
    PeImage.open(src);
    expect(Math.max(...reads.map(([o, n]) => o + n))).toBeLessThanOrEqual(0x400);
  });

  it('not MZ → STATUS_INVALID_IMAGE_NOT_MZ (empty, one byte, ELF, text)', () => {
    expect(statusOf(new Uint8Array(0))).toBe(STATUS.INVALID_IMAGE_NOT_MZ);
    expect(statusOf(Uint8Array.of(0x4d))).toBe(STATUS.INVALID_IMAGE_NOT_MZ);
    expect(statusOf(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]))).toBe(STATUS.INVALID_IMAGE_NOT_MZ);
    expect(statusOf(new TextEncoder().encode('@echo off\r\n'))).toBe(STATUS.INVALID_IMAGE_NOT_MZ);
  });

  it('MZ without a PE header is an MS-DOS program → STATUS_INVALID_IMAGE_PROTECT', () => {
    expect(statusOf(mzWith('\0\0\0\0'))).toBe(STATUS.INVALID_IMAGE_PROTECT);
    expect(statusOf(Uint8Array.of(0x4d, 0x5a, 0, 0))).toBe(STATUS.INVALID_IMAGE_PROTECT);
    expect(statusOf(new Patch(exe).u32(0x3c, 0xfffffff0).bytes)).toBe(STATUS.INVALID_IMAGE_PROTECT);
  });

  it('NE for Windows → STATUS_INVALID_IMAGE_WIN_16; NE for OS/2 → NE_FORMAT; LE/LX → LE_FORMAT', () => {
    expect(statusOf(mzWith('NE', { [0x80 + 0x36]: 2 }))).toBe(STATUS.INVALID_IMAGE_WIN_16);
    expect(statusOf(mzWith('NE', { [0x80 + 0x36]: 1 }))).toBe(STATUS.INVALID_IMAGE_NE_FORMAT);
    expect(statusOf(mzWith('LE'))).toBe(STATUS.INVALID_IMAGE_LE_FORMAT);
    expect(statusOf(mzWith('LX'))).toBe(STATUS.INVALID_IMAGE_LE_FORMAT);
  });

  it('truncation anywhere in the headers or section data → STATUS_INVALID_IMAGE_FORMAT, never a crash', () => {
    const e_lfanew = new Patch(exe).e_lfanew;
    for (let len = e_lfanew + 4; len < exe.length; len += len < 0x400 ? 1 : 0x100) {
      const status = statusOf(exe.subarray(0, len));
      expect(status, `truncated at ${len}`).toBe(STATUS.INVALID_IMAGE_FORMAT);
    }
  });

  it('rejects bad optional headers, alignments and section tables', () => {
    const p = () => new Patch(exe);
    const oh = p().optionalHeader;
    const cases: [string, Uint8Array][] = [
      ['bad Magic', p().u16(oh, 0x107).bytes],
      ['SizeOfOptionalHeader too small', p().u16(p().e_lfanew + 20, 0x50).bytes],
      ['SectionAlignment not a power of two', p().u32(oh + 32, 0x1800).bytes],
      ['FileAlignment above SectionAlignment', p().u32(oh + 36, 0x2000).bytes],
      ['FileAlignment zero', p().u32(oh + 36, 0).bytes],
      ['section table over SizeOfHeaders', p().u32(oh + 60, 0x100).bytes],
      ['0xFFFF sections', p().u16(p().e_lfanew + 6, 0xffff).bytes],
      ['a gap between sections', p().u32(p().section(1) + 12, 0x10000).bytes],
      ['overlapping sections', p().u32(p().section(1) + 12, 0x1000).bytes],
      ['raw data past the end of the file', p().u32(p().section(0) + 20, 0x100000).bytes],
      ['a section end that overflows 32 bits', p().u32(p().section(3) + 8, 0xfffff000).bytes],
      ['SizeOfImage smaller than the sections', p().u32(oh + 56, 0x2000).bytes],
      [
        'a section of no size',
        p()
          .u32(p().section(3) + 8, 0)
          .u32(p().section(3) + 16, 0).bytes,
      ],
      ['raw data whose end overflows 32 bits', p().u32(p().section(3) + 16, 0xfffffff0).bytes],
    ];
    for (const [what, bytes] of cases) expect(statusOf(bytes), what).toBe(STATUS.INVALID_IMAGE_FORMAT);
  });

  it('errors name the structure and offset', () => {
    expect(() => PeImage.open(new Patch(exe).u32(new Patch(exe).section(1) + 12, 0x10000).bytes)).toThrow(
      /IMAGE_SECTION_HEADER\[1\] \("\.rdata"\): VirtualAddress 0x10000 leaves a gap or overlap: expected 0x2000/,
    );
  });
});

describe('cost follows what is read, not the file size', () => {
  it('describing an image with a 32 MB section reads a few KB of it', () => {
    const small = writePe({
      kind: 'dll',
      imports: { 'kernel32.dll': ['Sleep'] },
      exports: ['F'],
      tlsCallbacks: 1,
    });
    // Give the last section (.reloc) 32 MB of raw data: the directories stay where they were.
    const big = new Uint8Array(small.length + 32 * 1024 * 1024);
    big.set(small);
    const p = new Patch(big);
    const image0 = PeImage.open(small);
    const last = image0.sections.length - 1;
    p.u32(p.section(last) + 8, 32 * 1024 * 1024).u32(p.section(last) + 16, 32 * 1024 * 1024);
    p.u32(p.optionalHeader + 56, image0.sections[last]!.VirtualAddress + 32 * 1024 * 1024);
    let read = 0;
    const src = {
      size: big.length,
      bytes: (o: number, n: number) => ((read += n), p.bytes.subarray(o, o + n)),
    };
    const view = describePeSource(src, 'big.dll');
    expect('error' in view && view.error).toBeFalsy();
    expect(read).toBeLessThan(16 * 1024);
  });
});
