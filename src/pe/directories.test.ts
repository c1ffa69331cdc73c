import { describe, expect, it } from 'vitest';
import { STATUS } from '../base/index.js';
import { Patch } from '../../test/support/pe-patch.js';
import { readRelocations } from './base-relocation.js';
import { readBoundImports } from './bound-import-directory.js';
import { IMAGE_DIRECTORY_ENTRY as DIR } from './constants.js';
import { readDebug } from './debug-directory.js';
import { readDelayImports } from './delay-import-directory.js';
import { describePe } from './describe.js';
import { findExportIndexByName, parseForwarder, readExports } from './export-directory.js';
import { PeImage } from './image.js';
import { ImageFormatError } from './image-error.js';
import { readImports } from './import-directory.js';
import { readLoadConfig } from './load-config-directory.js';
import { readClrHeader } from './clr-header.js';
import { readTls } from './tls-directory.js';
import { readResources } from './resource-directory.js';
import { writePe } from './writer.js';

const base = writePe({
  kind: 'dll',
  imports: { 'kernel32.dll': ['Sleep', 'ExitProcess'], 'ntdll.dll': ['#3'] },
  delayImports: { 'user32.dll': ['MessageBoxW'] },
  exports: ['Alpha', 'Beta', 'Gamma', { name: 'Fwd', forward: 'ntdll.RtlFoo' }],
  tlsCallbacks: 2,
});

/**
 * Makes the last section (.reloc) file-backed up to the end of its page, so nothing follows an
 * array written at its end (memory is contiguous across sections; only the image's end stops a
 * walk). Returns the patch and the RVA where the image ends.
 */
function fullLastPage(bytes: Uint8Array): { p: Patch; end: number } {
  const grown = new Uint8Array(bytes.length + 0x1000);
  grown.set(bytes);
  const p = new Patch(grown);
  const last = PeImage.open(bytes).sections.length - 1;
  p.u32(p.section(last) + 8, 0x1000).u32(p.section(last) + 16, 0x1000);
  const s = PeImage.open(p.bytes).sections[last]!;
  return { p, end: s.VirtualAddress + 0x1000 };
}

function failure(read: (image: PeImage) => unknown, bytes: Uint8Array): ImageFormatError {
  try {
    read(PeImage.open(bytes));
  } catch (e) {
    expect(e).toBeInstanceOf(ImageFormatError);
    expect((e as ImageFormatError).status).toBe(STATUS.INVALID_IMAGE_FORMAT);
    return e as ImageFormatError;
  }
  throw new Error('expected the read to fail');
}

describe('import directory', () => {
  it('reads descriptors up to the one with Name == 0 (ReactOS LdrpWalkImportDescriptor)', () => {
    const image = PeImage.open(base);
    expect(readImports(image).map((d) => [d.dll, d.functions])).toEqual([
      [
        'kernel32.dll',
        [
          { name: 'Sleep', hint: 0 },
          { name: 'ExitProcess', hint: 0 },
        ],
      ],
      ['ntdll.dll', [{ ordinal: 3 }]],
    ]);
  });
  it('an RVA past the end of the image', () => {
    const p = new Patch(base);
    p.u32(p.dataDirectory(DIR.IMPORT), 0x7fff0000);
    expect(failure(readImports, p.bytes).message).toMatch(
      /IMAGE_IMPORT_DESCRIPTOR\[0\].*outside the image|no terminator/,
    );
  });
  it('a DLL name RVA past the end', () => {
    const p = new Patch(base);
    const d = p.offsetOf(p.directory(DIR.IMPORT).rva);
    p.u32(d + 12, 0x7fff0000);
    expect(failure(readImports, p.bytes).message).toMatch(
      /IMAGE_IMPORT_DESCRIPTOR\[0\]\.Name: string at RVA 0x7fff0000 is outside the image/,
    );
  });
  it('an unterminated descriptor array (runs to the end of its section)', () => {
    const p = new Patch(base);
    const { rva } = p.directory(DIR.IMPORT);
    const image = PeImage.open(base);
    // Point the directory at the last 20 bytes of .rdata that hold a copy of descriptor 0.
    const end = image.sections[1]!.VirtualAddress + image.sections[1]!.SizeOfRawData - 20;
    const src = p.offsetOf(rva);
    p.bytes.copyWithin(p.offsetOf(end), src, src + 20);
    p.u32(p.dataDirectory(DIR.IMPORT), end);
    // With a zero tail after it the array would end there, as in memory; with the page file-backed
    // it runs into the end of the section.
    expect(readImports(PeImage.open(p.bytes)).map((d) => d.dll)).toEqual(['kernel32.dll']);
    const { p: q, end: imageEnd } = fullLastPage(base);
    q.bytes.copyWithin(q.offsetOf(imageEnd - 20), src, src + 20);
    q.u32(q.dataDirectory(DIR.IMPORT), imageEnd - 20);
    expect(failure(readImports, q.bytes).message).toMatch(
      /IMAGE_IMPORT_DESCRIPTOR\[1\]: the descriptor array at 0x[0-9a-f]+ has no terminator/,
    );
  });
  it('a thunk table with no terminator', () => {
    const { p, end } = fullLastPage(base);
    const [k32] = readImports(PeImage.open(base));
    const thunk = p.dv.getBigUint64(p.offsetOf(k32!.OriginalFirstThunk), true);
    // A new lookup table filling the image's last 64 bytes, with no zero entry.
    for (let r = end - 64; r < end; r += 8) p.u64(p.offsetOf(r), thunk);
    p.u32(p.offsetOf(p.directory(DIR.IMPORT).rva), end - 64);
    const e = failure(readImports, p.bytes);
    expect(e.message).toMatch(
      /IMAGE_IMPORT_DESCRIPTOR\[0\] \(kernel32.dll\) thunks: thunk table at 0x[0-9a-f]+ has no terminator/,
    );
  });
  it('looping descriptors: two descriptors naming the same tables still end (no cycle can form in an array)', () => {
    const p = new Patch(base);
    const d = p.offsetOf(p.directory(DIR.IMPORT).rva);
    p.bytes.copyWithin(d + 20, d, d + 20);
    const image = PeImage.open(p.bytes);
    expect(readImports(image).map((x) => x.dll)).toEqual(['kernel32.dll', 'kernel32.dll']);
  });
});

describe('export directory', () => {
  it('reads names, ordinals and forwarders', () => {
    const exp = readExports(PeImage.open(base))!;
    expect(exp.functions.map((f) => [f.ordinal, f.name, f.forwarder])).toEqual([
      [1, 'Alpha', null],
      [2, 'Beta', null],
      [3, 'Gamma', null],
      [4, 'Fwd', 'ntdll.RtlFoo'],
    ]);
  });
  it('unsorted names are listed as stored, and the loader-style lookup misses what the binary search skips', () => {
    const p = new Patch(base);
    const image = PeImage.open(base);
    const exp = readExports(image)!;
    const names = p.offsetOf(exp.AddressOfNames);
    const ords = p.offsetOf(exp.AddressOfNameOrdinals);
    // Swap entries 0 (Alpha) and 3 (Gamma) of the name table and the ordinal table.
    const [n0, n3] = [p.dv.getUint32(names, true), p.dv.getUint32(names + 12, true)];
    p.u32(names, n3).u32(names + 12, n0);
    const [o0, o3] = [p.dv.getUint16(ords, true), p.dv.getUint16(ords + 6, true)];
    p.u16(ords, o3).u16(ords + 6, o0);
    const bad = readExports(PeImage.open(p.bytes))!;
    expect(bad.names).toEqual(['Gamma', 'Beta', 'Fwd', 'Alpha']);
    expect(bad.namesSorted).toBe(false);
    expect(findExportIndexByName(bad, 'Alpha')).toBe(-1);
    expect(findExportIndexByName(exp, 'Alpha')).toBe(0);
  });
  it('forwarders: api-ms, #N and dotted module names split at the last dot; no dot is STATUS_INVALID_IMAGE_FORMAT', () => {
    expect(parseForwarder('api-ms-win-core-heap-l1-1-0.HeapAlloc')).toEqual({
      dll: 'api-ms-win-core-heap-l1-1-0',
      name: 'HeapAlloc',
      ordinal: null,
    });
    expect(parseForwarder('other.#12')).toEqual({ dll: 'other', name: null, ordinal: 12 });
    expect(parseForwarder('my.module.Func')).toEqual({ dll: 'my.module', name: 'Func', ordinal: null });
    for (const bad of ['NoDot', '.Func', 'mod.', 'mod.#x1', 'mod.#70000']) {
      let status = 0;
      try {
        parseForwarder(bad);
      } catch (e) {
        status = (e as ImageFormatError).status;
      }
      expect(status, bad).toBe(STATUS.INVALID_IMAGE_FORMAT);
    }
  });
  it('NumberOfFunctions beyond 65536, or tables past the image', () => {
    const p = new Patch(base);
    const dir = p.offsetOf(p.directory(DIR.EXPORT).rva);
    expect(failure(readExports, new Patch(p.bytes).u32(dir + 20, 0x7fffffff).bytes).message).toMatch(
      /NumberOfFunctions/,
    );
    expect(failure(readExports, new Patch(p.bytes).u32(dir + 28, 0xfffff000).bytes).message).toMatch(
      /AddressOfFunctions/,
    );
    expect(failure(readExports, new Patch(p.bytes).u32(dir + 32, 0x7ffff000).bytes).message).toMatch(
      /AddressOfNames/,
    );
  });
});

describe('TLS directory', () => {
  it('resolves callbacks VA → RVA → file offset', () => {
    const image = PeImage.open(base);
    const tls = readTls(image)!;
    expect(tls.callbacks).toHaveLength(2);
    for (const cb of tls.callbacks) {
      expect(cb.rva).toBe(Number(cb.va - image.imageBase));
      expect(cb.fileOffset).toBe(image.rvaToOffset(cb.rva));
    }
  });
  it('a callback array without a terminator', () => {
    const { p, end } = fullLastPage(base);
    const image = PeImage.open(p.bytes);
    const tls = readTls(image)!;
    const va = tls.callbacks[0]!.va;
    for (let r = end - 64; r < end; r += 8) p.u64(p.offsetOf(r), va);
    // AddressOfCallBacks (the 4th pointer of the directory) → the image's last 64 bytes.
    p.u64(p.offsetOf(p.directory(DIR.TLS).rva) + 24, image.imageBase + BigInt(end - 64));
    expect(failure(readTls, p.bytes).message).toMatch(/no NULL terminator/);
  });
  it('a callback VA outside the image', () => {
    const p = new Patch(base);
    const image = PeImage.open(base);
    const arr = image.vaToRva(readTls(image)!.AddressOfCallBacks);
    p.u64(p.offsetOf(arr), 0x10n);
    expect(failure(readTls, p.bytes).message).toMatch(/callback\[0\]: VA 0x10 is outside the image/);
  });
});

describe('other directories', () => {
  it('relocation blocks with a bad SizeOfBlock', () => {
    const p = new Patch(base);
    const at = p.offsetOf(p.directory(DIR.BASERELOC).rva);
    expect(failure(readRelocations, new Patch(p.bytes).u32(at + 4, 4).bytes).message).toMatch(
      /SizeOfBlock 4 is invalid/,
    );
    expect(failure(readRelocations, new Patch(p.bytes).u32(at + 4, 0x1000).bytes).message).toMatch(
      /runs past the directory/,
    );
  });
  it('directory sizes that overflow 32 bits', () => {
    const p = new Patch(base);
    p.u32(p.dataDirectory(DIR.BASERELOC), 0xfffff000).u32(p.dataDirectory(DIR.BASERELOC) + 4, 0x2000);
    expect(failure(readRelocations, p.bytes).message).toMatch(/outside the image/);
  });
  it('delay imports: descriptor array past the end', () => {
    const p = new Patch(base);
    expect(readDelayImports(PeImage.open(base)).map((d) => d.dll)).toEqual(['user32.dll']);
    p.u32(p.dataDirectory(DIR.DELAY_IMPORT), 0x7fff0000);
    failure(readDelayImports, p.bytes);
  });
  it('absent directories read as empty or null', () => {
    const image = PeImage.open(writePe({}));
    expect(readExports(image)).toBeNull();
    expect(readTls(image)).toBeNull();
    expect(readLoadConfig(image)).toBeNull();
    expect(readClrHeader(image)).toBeNull();
    expect(readDebug(image)).toEqual([]);
    expect(readBoundImports(image)).toEqual([]);
    expect(readDelayImports(image)).toEqual([]);
  });
  it('a CLR header (COM descriptor directory) is read', () => {
    const p = new Patch(writePe({ kind: 'dll', exports: ['x'] }));
    const image = PeImage.open(p.bytes);
    // Borrow 24 bytes of .rdata for an IMAGE_COR20_HEADER.
    const rva = image.sections[1]!.VirtualAddress + 0x100;
    const at = p.offsetOf(rva);
    p.u32(at, 72)
      .u16(at + 4, 2)
      .u16(at + 6, 5)
      .u32(at + 16, 1)
      .u32(at + 20, 0x06000001);
    p.u32(p.dataDirectory(DIR.COM_DESCRIPTOR), rva).u32(p.dataDirectory(DIR.COM_DESCRIPTOR) + 4, 72);
    const clr = readClrHeader(PeImage.open(p.bytes))!;
    expect([
      clr.cb,
      clr.MajorRuntimeVersion,
      clr.MinorRuntimeVersion,
      clr.Flags,
      clr.EntryPointToken,
    ]).toEqual([72, 2, 5, 1, 0x06000001]);
    expect(describePe(PeImage.open(p.bytes), 'x').clr).toBe(true);
  });
});

/** Appends `extra` file-backed bytes to the last section; returns the patch and the RVA where they start. */
function growLastSection(bytes: Uint8Array, extra: number): { p: Patch; at: number } {
  const image = PeImage.open(bytes);
  const last = image.sections.length - 1;
  const s = image.sections[last]!;
  const start = s.VirtualAddress + 0x1000; // after the section's first page
  const size = 0x1000 + extra;
  const grown = new Uint8Array(s.PointerToRawData + size);
  grown.set(bytes.subarray(0, Math.min(bytes.length, grown.length)));
  const p = new Patch(grown);
  p.u32(p.section(last) + 8, size).u32(p.section(last) + 16, size);
  p.u32(p.optionalHeader + 56, s.VirtualAddress + size);
  return { p, at: start };
}

describe('amplification: shared tables cannot multiply into a hang', () => {
  it('16000 import descriptors naming one 65535-entry thunk table fail fast', () => {
    const n = 16000;
    const thunks = 0xffff;
    const { p, at } = growLastSection(base, thunks * 8 + 8 + (n + 1) * 20);
    const nameRva = readImports(PeImage.open(base))[0]!.Name;
    for (let i = 0; i < thunks; i++) p.u64(p.offsetOf(at) + 8 * i, 0x8000000000000001n);
    const descAt = at + thunks * 8 + 8;
    const off = p.offsetOf(descAt);
    for (let i = 0; i < n; i++)
      p.u32(off + 20 * i, at)
        .u32(off + 20 * i + 12, nameRva)
        .u32(off + 20 * i + 16, at);
    p.u32(p.dataDirectory(DIR.IMPORT), descAt).u32(p.dataDirectory(DIR.IMPORT) + 4, (n + 1) * 20);
    expect(failure(readImports, p.bytes).message).toMatch(/more than 262144 imported functions in one image/);
  });
  it('a resource tree whose 65535 type entries share one 65535-entry directory fails fast', () => {
    const n = 0xffff;
    const dirSize = 16 + 8 * n;
    const { p, at } = growLastSection(base, 2 * dirSize + 16);
    const root = at;
    const mid = at + dirSize;
    const leaf = at + 2 * dirSize; // an empty directory
    const write = (dirRva: number, target: number): void => {
      const o = p.offsetOf(dirRva);
      p.u16(o + 14, n); // NumberOfIdEntries
      for (let i = 0; i < n; i++)
        p.u32(o + 16 + 8 * i, i + 1).u32(o + 16 + 8 * i + 4, 0x80000000 | (target - root));
    };
    write(root, mid);
    write(mid, leaf);
    p.u32(p.dataDirectory(DIR.RESOURCE), root).u32(p.dataDirectory(DIR.RESOURCE) + 4, 2 * dirSize + 16);
    expect(failure(readResources, p.bytes).message).toMatch(
      /more than 262144 resource directory entries in one image/,
    );
  });
});

describe('load config', () => {
  it('reads the fields its Size covers (PE32+ offsets: DependentLoadFlags 78, GuardFlags 144) and shows them as the CLI contract does', () => {
    const p = new Patch(writePe({ kind: 'dll', exports: ['x'] }));
    const image = PeImage.open(p.bytes);
    const rva = image.sections[1]!.VirtualAddress + 0x100;
    const at = p.offsetOf(rva);
    p.u32(at, 0x94)
      .u16(at + 78, 0x800)
      .u64(at + 88, 0x180003000n)
      .u32(at + 144, 0x10500);
    p.u32(p.dataDirectory(DIR.LOAD_CONFIG), rva).u32(p.dataDirectory(DIR.LOAD_CONFIG) + 4, 0x94);
    const lc = readLoadConfig(PeImage.open(p.bytes))!;
    expect([lc.Size, lc.DependentLoadFlags, lc.SecurityCookie, lc.GuardFlags]).toEqual([
      0x94,
      0x800,
      0x180003000n,
      0x10500,
    ]);
    // Fields past Size are absent, not read from whatever follows.
    expect(lc.GuardEHContinuationTable).toBeUndefined();
    expect(describePe(PeImage.open(p.bytes), 'x').loadConfig).toEqual({
      guardFlags: '0x10500',
      dependentLoadFlags: '0x800',
    });
    p.u32(at, 2);
    expect(() => readLoadConfig(PeImage.open(p.bytes))).toThrow(
      /IMAGE_LOAD_CONFIG_DIRECTORY.Size: 2 is not a plausible size/,
    );
  });
});
