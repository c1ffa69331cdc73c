import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { IMAGE_DIRECTORY_ENTRY, PeImage, writePe } from '../../pe/index.js';
import { AddressSpace } from './address-space.js';
import { applyRelocations } from './apply-relocations.js';
import { MEM, PAGE } from './constants.js';
import { imageSectionProtection, MiCreateImageFileMap } from './image-section.js';
import { MmMapViewOfSection, MmUnmapViewOfSection } from './map-view.js';
import { MmInitializeProcessAddressSpace } from './process-address-space.js';
import { MmCreateDataSection } from './section.js';
import { bootMm } from './test-support.js';

/** An EXE with TLS callbacks: its TLS directory holds VAs, so the image has DIR64 fixups. */
const EXE = writePe({ kind: 'exe', tlsCallbacks: 2 });
const PE = PeImage.open(EXE);
const TLS_RVA = PE.directory(IMAGE_DIRECTORY_ENTRY.TLS).VirtualAddress;
/** IMAGE_TLS_DIRECTORY64.StartAddressOfRawData as the file stores it (preferred base + RVA). */
const TLS_START_VA = new DataView(PE.read(TLS_RVA, 8, 'tls').slice().buffer).getBigUint64(0, true);
const TLS_START_RVA = Number(TLS_START_VA - PE.imageBase);

function rva(name: string): number {
  return PE.sections.find((s) => s.Name === name)!.VirtualAddress;
}

describe('MiCreateImageFileMap: an image section laid out as the loader maps it', () => {
  it('gives each page the protection of its IMAGE_SCN_* characteristics', () => {
    const sys = bootMm();
    const section = sys.imageSection('\\app.exe', () => EXE).value!;
    const as = new AddressSpace();
    const base = MmMapViewOfSection(sys, section, as).view!.baseAddress;
    const at = (off: number): [number, number, number, number] => {
      const i = as.queryVirtualMemory(base + off).info!;
      return [i.AllocationBase, i.AllocationProtect, i.Protect, i.Type];
    };
    expect(at(0)).toEqual([base, PAGE.EXECUTE_WRITECOPY, PAGE.READONLY, MEM.IMAGE]);
    expect(at(rva('.text'))[2]).toBe(PAGE.EXECUTE_READ);
    expect(at(rva('.rdata'))[2]).toBe(PAGE.READONLY);
    expect(at(rva('.data'))[2]).toBe(PAGE.WRITECOPY);
    expect(at(rva('.reloc'))[2]).toBe(PAGE.READONLY);
    expect(as.queryVirtualMemory(base).info!.RegionSize).toBe(0x1000);
    expect(as.read(base, 2)).toEqual(Uint8Array.of(0x4d, 0x5a));
  });

  it('answers SectionImageInformation from the header, at the section’s base', () => {
    const sys = bootMm();
    const section = sys.imageSection('\\app.exe', () => EXE).value!;
    const base = MmMapViewOfSection(sys, section, new AddressSpace()).view!.baseAddress;
    expect(section.image!.information()).toEqual({
      TransferAddress: base + PE.optionalHeader.AddressOfEntryPoint,
      MaximumStackSize: 0x100000,
      CommittedStackSize: 0x1000,
      SubSystemType: 3,
      SubSystemMajorVersion: 6,
      SubSystemMinorVersion: 0,
      MajorOperatingSystemVersion: 6,
      MinorOperatingSystemVersion: 0,
      ImageCharacteristics: PE.fileHeader.Characteristics,
      DllCharacteristics: 0x8160,
      Machine: 0x8664,
      ImageContainsCode: true,
      LoaderFlags: 0,
      ImageFileSize: EXE.length,
      CheckSum: PE.optionalHeader.CheckSum,
    });
  });

  it('maps IMAGE_SCN_MEM_* to PAGE_* as the memory manager does', () => {
    expect(imageSectionProtection(0x60000020)).toBe(PAGE.EXECUTE_READ);
    expect(imageSectionProtection(0xc0000040)).toBe(PAGE.WRITECOPY);
    expect(imageSectionProtection(0xe0000020)).toBe(PAGE.EXECUTE_WRITECOPY);
    expect(imageSectionProtection(0xd0000040)).toBe(PAGE.READWRITE);
    expect(imageSectionProtection(0xf0000040)).toBe(PAGE.EXECUTE_READWRITE);
    expect(imageSectionProtection(0x00000040)).toBe(PAGE.NOACCESS);
    expect(imageSectionProtection(0x20000020)).toBe(PAGE.EXECUTE);
  });

  it('fails with the image format statuses of the PE reader', () => {
    expect(MiCreateImageFileMap(new Uint8Array(64)).status).toBe(STATUS.INVALID_IMAGE_NOT_MZ);
    const truncated = EXE.slice(0, 0x300);
    expect(MiCreateImageFileMap(truncated).status).toBe(STATUS.INVALID_IMAGE_FORMAT);
    const sys = bootMm();
    const data = MmCreateDataSection({ bytes: EXE }).value!;
    expect(MmInitializeProcessAddressSpace(sys, new AddressSpace(), { imageSection: data }).status).toBe(
      STATUS.SECTION_NOT_IMAGE,
    );
  });
});

describe('image sections are shared and copy-on-write', () => {
  it('two processes map the same pages at the same base; a write makes a private copy', () => {
    const sys = bootMm();
    const section = sys.imageSection('\\app.exe', () => EXE).value!;
    expect(sys.imageSection('\\APP.EXE', () => new Uint8Array(0)).value).toBe(section);
    const a = new AddressSpace();
    const b = new AddressSpace();
    const va = MmMapViewOfSection(sys, section, a).view!;
    const vb = MmMapViewOfSection(sys, section, b).view!;
    expect(vb.baseAddress).toBe(va.baseAddress);
    const data = va.baseAddress + rva('.data');
    // Mapping does not copy: both views read the section's one page.
    expect(section.image!.page(1)).toBe(section.image!.page(1));
    expect(a.stats().privateBytes).toBe(0);

    a.writeU32(data + 0x10, 0x41414141);
    expect(a.u32(data + 0x10)).toBe(0x41414141);
    expect(b.u32(data + 0x10)).toBe(0);
    expect(a.queryVirtualMemory(data).info!.Protect).toBe(PAGE.READWRITE);
    expect(b.queryVirtualMemory(data).info!.Protect).toBe(PAGE.WRITECOPY);
    expect(a.stats()).toEqual({ vads: 1, privatePages: 1, privateBytes: 0x100 });
    expect(b.stats().privateBytes).toBe(0);
    expect(section.image!.page(rva('.data') / 0x1000)![0x10]).toBe(0);
    // The rest of the copied page still reads the image's bytes.
    expect(a.read(data + 0x100, 8)).toEqual(b.read(data + 0x100, 8));
  });

  it('a page the file backs entirely and no fixup touches is the file’s own bytes (zero-copy)', () => {
    const big = writePe({ kind: 'dll', exports: Array.from({ length: 400 }, (_, i) => `Function${i}`) });
    const image = MiCreateImageFileMap(big).value!.image!;
    const rdata = PeImage.open(big).sections.find((s) => s.Name === '.rdata')!;
    expect(rdata.SizeOfRawData).toBeGreaterThan(0x1000);
    expect(image.page(rdata.VirtualAddress / 0x1000)!.buffer).toBe(big.buffer);
  });

  it('code is not writable from user mode, and NtProtectVirtualMemory keeps image writes copy-on-write', () => {
    const sys = bootMm();
    const section = sys.imageSection('\\app.exe', () => EXE).value!;
    const a = new AddressSpace();
    const base = MmMapViewOfSection(sys, section, a).view!.baseAddress;
    const text = base + rva('.text');
    expect(() => a.writeU8(text, 0x90)).toThrow('access violation: write at');
    expect(a.writeVirtualMemory(text, Uint8Array.of(0x90)).status).toBe(STATUS.PARTIAL_COPY);
    const r = a.protectVirtualMemory(text, 1, PAGE.EXECUTE_READWRITE);
    expect(r).toMatchObject({ status: STATUS.SUCCESS, oldProtect: PAGE.EXECUTE_READ });
    expect(a.queryVirtualMemory(text).info!.Protect).toBe(PAGE.EXECUTE_WRITECOPY);
    const original = a.u8(text);
    a.writeU8(text, 0xcc);
    expect(a.u8(text)).toBe(0xcc);
    expect(a.queryVirtualMemory(text).info!.Protect).toBe(PAGE.EXECUTE_READWRITE);
    expect(section.image!.page(rva('.text') / 0x1000)![0]).toBe(original);
    expect(a.freeVirtualMemory(base, 0, MEM.RELEASE).status).toBe(STATUS.UNABLE_TO_DELETE_SECTION);
    expect(MmUnmapViewOfSection(a, base + 0x1234)).toBe(STATUS.SUCCESS);
    expect(a.stats()).toEqual({ vads: 0, privatePages: 0, privateBytes: 0 });
    expect(MmUnmapViewOfSection(a, base)).toBe(STATUS.NOT_MAPPED_VIEW);
  });
});

describe('relocation', () => {
  it('the memory manager relocates the shared pages to the section’s ASLR base', () => {
    const sys = bootMm();
    const section = sys.imageSection('\\app.exe', () => EXE).value!;
    const as = new AddressSpace();
    const r = MmMapViewOfSection(sys, section, as);
    const base = r.view!.baseAddress;
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.view).toMatchObject({ relocated: false, delta: 0, imageBase: base, choice: 'exe-high-entropy' });
    expect(base).not.toBe(0x140000000);
    expect(as.u64(base + TLS_RVA)).toBe(BigInt(base + TLS_START_RVA));
    // The in-memory OptionalHeader.ImageBase names the base the image runs at.
    expect(as.u64(base + PE.ntHeadersOffset + 24 + 24)).toBe(BigInt(base));
  });

  it('a view that cannot sit at the section’s base goes elsewhere: STATUS_IMAGE_NOT_AT_BASE, fixed up privately', () => {
    const sys = bootMm();
    const section = sys.imageSection('\\app.exe', () => EXE).value!;
    const first = new AddressSpace();
    const base = MmMapViewOfSection(sys, section, first).view!.baseAddress;
    const as = new AddressSpace();
    as.allocateVirtualMemory(base, 0x10000, MEM.RESERVE, PAGE.READWRITE);
    const r = MmMapViewOfSection(sys, section, as);
    expect(r.status).toBe(STATUS.IMAGE_NOT_AT_BASE);
    const moved = r.view!.baseAddress;
    expect(moved).toBe(0x10000);
    expect(r.view).toMatchObject({ relocated: true, delta: moved - base, imageBase: base });
    expect(as.u64(moved + TLS_RVA)).toBe(BigInt(base + TLS_START_RVA));
    expect(applyRelocations(as, moved, section.image!, r.view!.delta)).toBe(STATUS.SUCCESS);
    expect(as.u64(moved + TLS_RVA)).toBe(BigInt(moved + TLS_START_RVA));
    expect(as.u64(moved + TLS_RVA + 8)).toBe(BigInt(moved + TLS_START_RVA + 8));
    expect(first.u64(base + TLS_RVA)).toBe(BigInt(base + TLS_START_RVA));
    expect(as.stats().privatePages).toBe(1);
    expect(as.queryVirtualMemory(moved + TLS_RVA).info!.Protect).toBe(PAGE.READONLY);
  });

  it('an image without relocations keeps its preferred base; taken, it is STATUS_CONFLICTING_ADDRESSES', () => {
    const fixed = writePe({ kind: 'exe', dynamicBase: false });
    const sys = bootMm();
    const section = sys.imageSection('\\fixed.exe', () => fixed).value!;
    const a = new AddressSpace();
    expect(MmMapViewOfSection(sys, section, a).view).toMatchObject({
      baseAddress: 0x140000000,
      choice: 'preferred',
    });
    const b = new AddressSpace();
    b.allocateVirtualMemory(0x140000000, 0x1000, MEM.RESERVE, PAGE.READWRITE);
    expect(MmMapViewOfSection(sys, section, b).status).toBe(STATUS.CONFLICTING_ADDRESSES);
    expect(MmMapViewOfSection(sys, section, b, { baseAddress: 0x140001000 }).status).toBe(
      STATUS.MAPPED_ALIGNMENT,
    );
  });
});
