import { describe, expect, it } from 'vitest';
import { writePe, type PeSpec } from '../../pe/index.js';
import { AddressSpace } from './address-space.js';
import { DLL_32BIT_RANGE, EXE_HIGH_ENTROPY_RANGE, ImageBitmap } from './aslr.js';
import { MmMapViewOfSection } from './map-view.js';
import type { MmSystem } from './system.js';
import { bootMm } from './test-support.js';

const SPECS: [string, PeSpec][] = [
  ['app.exe', { kind: 'exe' }],
  ['ntdll.dll', { kind: 'dll', exports: Array.from({ length: 400 }, (_, i) => `F${i}`) }],
  ['kernel32.dll', { kind: 'dll' }],
  ['kernelbase.dll', { kind: 'dll' }],
  ['old.exe', { kind: 'exe', dynamicBase: false }],
  ['x86.dll', { kind: 'dll', machine: 'I386' }],
  ['app32.exe', { kind: 'exe', machine: 'I386' }],
];
const FILES = new Map(SPECS.map(([name, spec]) => [name, writePe(spec)]));

function bases(sys: MmSystem): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name] of SPECS) {
    const section = sys.imageSection(name, () => FILES.get(name)!).value!;
    out[name] = MmMapViewOfSection(sys, section, new AddressSpace()).view!.baseAddress.toString(16);
  }
  return out;
}

describe('MiSelectImageBase: ASLR once per boot, deterministic per seed', () => {
  it('places a boot’s images as Windows 10 x64 does, the same for the same seed', () => {
    expect(bases(bootMm(1))).toEqual({
      'app.exe': '7ff6e0a60000',
      'ntdll.dll': '7ffe985f0000',
      'kernel32.dll': '7ffe985e0000',
      'kernelbase.dll': '7ffe985d0000',
      'old.exe': '140000000',
      'x86.dll': '77de0000',
      'app32.exe': 'a80000',
    });
    expect(bases(bootMm(1))).toEqual(bases(bootMm(1)));
  });

  it('another seed, another layout; the non-ASLR image stays at its preferred base', () => {
    const one = bases(bootMm(1));
    const two = bases(bootMm(2));
    expect(two['app.exe']).not.toBe(one['app.exe']);
    expect(two['ntdll.dll']).not.toBe(one['ntdll.dll']);
    expect(two['old.exe']).toBe('140000000');
  });

  it('keeps the rules: EXEs in the 8 GB below the DLLs, DLLs packed top-down, 32-bit DLLs below 2 GB', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const b = Object.fromEntries(Object.entries(bases(bootMm(seed))).map(([k, v]) => [k, parseInt(v, 16)]));
      expect(b['app.exe']! % 0x10000).toBe(0);
      expect(b['app.exe']).toBeGreaterThanOrEqual(EXE_HIGH_ENTROPY_RANGE.low);
      expect(b['app.exe']! + 0x2000).toBeLessThanOrEqual(EXE_HIGH_ENTROPY_RANGE.high);
      expect(b['ntdll.dll']).toBeGreaterThanOrEqual(0x7ff800000000);
      // Packed: each DLL right below the one before (unless the bias wrapped at the bottom).
      if (b['ntdll.dll']! > 0x7ff800100000) {
        expect(b['kernel32.dll']).toBe(b['ntdll.dll']! - 0x10000);
        expect(b['kernelbase.dll']).toBe(b['kernel32.dll']! - 0x10000);
      }
      expect(b['x86.dll']).toBeGreaterThanOrEqual(DLL_32BIT_RANGE.low);
      expect(b['x86.dll']).toBeLessThan(DLL_32BIT_RANGE.high);
      // A 32-bit EXE: 1 to 254 units of 64 KB above its preferred 0x400000.
      expect(b['app32.exe']! - 0x400000).toBeGreaterThanOrEqual(0x10000);
      expect(b['app32.exe']! - 0x400000).toBeLessThanOrEqual(254 * 0x10000);
    }
  });

  it('every process of the boot gets the section’s base', () => {
    const sys = bootMm(7);
    const section = sys.imageSection('ntdll.dll', () => FILES.get('ntdll.dll')!).value!;
    const first = MmMapViewOfSection(sys, section, new AddressSpace()).view!.baseAddress;
    for (let i = 0; i < 5; i++)
      expect(MmMapViewOfSection(sys, section, new AddressSpace()).view!.baseAddress).toBe(first);
  });
});

describe('ImageBitmap', () => {
  it('allocates top-down from the bias, wraps to the top, and runs out', () => {
    const bm = new ImageBitmap(0x50000000, 0x50000000 + 8 * 0x10000, 2);
    expect(bm.allocate(2)).toBe(0x50000000 + 4 * 0x10000);
    expect(bm.allocate(3)).toBe(0x50000000 + 1 * 0x10000);
    expect(bm.allocate(2)).toBe(0x50000000 + 6 * 0x10000);
    expect(bm.allocate(2)).toBeNull();
    expect(bm.allocate(1)).toBe(0x50000000);
    bm.release(0x50000000 + 4 * 0x10000, 2);
    expect(bm.allocate(2)).toBe(0x50000000 + 4 * 0x10000);
  });
});
