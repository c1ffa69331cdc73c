import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { AddressSpace } from './address-space.js';
import { MEM, PAGE } from './constants.js';
import { MmMapViewOfSection } from './map-view.js';
import { MmCreateDataSection } from './section.js';
import { bootMm } from './test-support.js';

const bytes = Uint8Array.from({ length: 0x1800 }, (_, i) => i & 0xff);

describe('data sections', () => {
  it('a PAGE_READWRITE view is shared: one process writes, the other sees it', () => {
    const sys = bootMm();
    const section = MmCreateDataSection({ bytes, size: 0x20000 }).value!;
    expect(section.size).toBe(0x20000);
    const a = new AddressSpace();
    const b = new AddressSpace();
    const va = MmMapViewOfSection(sys, section, a).view!;
    const vb = MmMapViewOfSection(sys, section, b, { baseAddress: 0x500000 }).view!;
    expect([va.baseAddress, va.viewSize, vb.baseAddress]).toEqual([0x10000, 0x20000, 0x500000]);
    expect(a.read(0x10000 + 0x17fe, 4)).toEqual(Uint8Array.of(0xfe, 0xff, 0, 0));
    a.writeU32(0x10000 + 0x1000, 0x12345678);
    expect(b.u32(0x500000 + 0x1000)).toBe(0x12345678);
    expect(a.stats().privateBytes).toBe(0);
    expect(a.queryVirtualMemory(0x10000).info).toMatchObject({ Type: MEM.MAPPED, Protect: PAGE.READWRITE });
  });

  it('a PAGE_WRITECOPY view keeps its writes; the others and the section do not see them', () => {
    const sys = bootMm();
    const section = MmCreateDataSection({ bytes }).value!;
    const a = new AddressSpace();
    const b = new AddressSpace();
    MmMapViewOfSection(sys, section, a, { protect: PAGE.WRITECOPY });
    MmMapViewOfSection(sys, section, b);
    b.writeU8(0x10000, 0xaa);
    a.writeU8(0x10001, 0xbb);
    expect([...a.read(0x10000, 3)]).toEqual([0xaa, 0xbb, 2]);
    expect([...b.read(0x10000, 3)]).toEqual([0xaa, 1, 2]);
    // Taken after b's shared write, a's copy keeps the page as it was then.
    b.writeU8(0x10002, 0xcc);
    expect([...a.read(0x10000, 3)]).toEqual([0xaa, 0xbb, 2]);
    b.writeU8(0x10801, 0xdd);
    expect(a.u8(0x10801)).toBe(1);
    expect(a.queryVirtualMemory(0x10000).info!.Protect).toBe(PAGE.READWRITE);
    expect(a.queryVirtualMemory(0x11000).info!.Protect).toBe(PAGE.WRITECOPY);
    expect(a.protectVirtualMemory(0x11000, 1, PAGE.READWRITE).status).toBe(STATUS.SUCCESS);
    expect(a.queryVirtualMemory(0x11000).info!.Protect).toBe(PAGE.WRITECOPY);
  });

  it('checks sizes, alignment and protection as NtCreateSection and NtMapViewOfSection do', () => {
    const sys = bootMm();
    expect(MmCreateDataSection({}).status).toBe(STATUS.INVALID_PARAMETER_4);
    expect(MmCreateDataSection({ size: 1, protect: PAGE.NOACCESS }).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    const ro = MmCreateDataSection({ bytes, protect: PAGE.READONLY }).value!;
    const as = new AddressSpace();
    expect(MmMapViewOfSection(sys, ro, as, { protect: PAGE.READWRITE }).status).toBe(
      STATUS.SECTION_PROTECTION,
    );
    expect(MmMapViewOfSection(sys, ro, as, { protect: PAGE.EXECUTE_READ }).status).toBe(
      STATUS.SECTION_PROTECTION,
    );
    expect(MmMapViewOfSection(sys, ro, as, { sectionOffset: 0x1000 }).status).toBe(STATUS.MAPPED_ALIGNMENT);
    expect(MmMapViewOfSection(sys, ro, as, { baseAddress: 0x18000 }).status).toBe(STATUS.MAPPED_ALIGNMENT);
    expect(MmMapViewOfSection(sys, ro, as, { viewSize: 0x3000 }).status).toBe(STATUS.INVALID_VIEW_SIZE);
    expect(MmMapViewOfSection(sys, ro, as, { protect: 0x3 }).status).toBe(STATUS.INVALID_PAGE_PROTECTION);
    const v = MmMapViewOfSection(sys, ro, as, { protect: PAGE.WRITECOPY });
    expect(v.status).toBe(STATUS.SUCCESS);
    expect(MmMapViewOfSection(sys, ro, as, { baseAddress: v.view!.baseAddress }).status).toBe(
      STATUS.CONFLICTING_ADDRESSES,
    );
    expect(as.protectVirtualMemory(v.view!.baseAddress, 1, PAGE.EXECUTE_READ).status).toBe(
      STATUS.SECTION_PROTECTION,
    );
    expect(as.protectVirtualMemory(v.view!.baseAddress, 1, PAGE.READWRITE).status).toBe(STATUS.SUCCESS);
  });
});
