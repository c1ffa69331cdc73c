import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { AddressSpace } from './address-space.js';
import { viewAllows } from './address-space.js';
import { MiSelectImageBase, type ImageBaseChoice } from './aslr.js';
import {
  isValidProtection,
  MEM,
  MM_ALLOCATION_GRANULARITY,
  MM_HIGHEST_VAD_ADDRESS,
  MM_LOWEST_USER_ADDRESS,
  PAGE,
  PAGE_SIZE,
  pageAlignUp,
} from './constants.js';
import { SEC, type Section } from './section.js';
import type { MmSystem } from './system.js';
import { Vad } from './vad.js';

export interface MapViewOptions {
  /** Where to map; 0 or absent lets the memory manager choose. Must be 64 KB-aligned. */
  baseAddress?: number;
  /** Bytes to map; 0 or absent maps to the end of the section (data sections). */
  viewSize?: number;
  /** Offset in a data section (64 KB-aligned). */
  sectionOffset?: number;
  /** Win32Protect of a data view (the section's protection by default). Image views ignore it. */
  protect?: number;
  /** MEM_TOP_DOWN to search for room from the top. */
  allocationType?: number;
  /**
   * CommitSize: of a view of a SEC_RESERVE section, the bytes from the view's start that are
   * committed at once (the rest stays reserved until NtAllocateVirtualMemory commits it).
   */
  commitSize?: number;
}

export interface MappedView {
  baseAddress: number;
  viewSize: number;
  vad: Vad;
  /**
   * An image view not at the base its section was given: the loader must apply the fixups itself
   * (STATUS_IMAGE_NOT_AT_BASE), moving the image by `delta` bytes.
   */
  relocated: boolean;
  delta: number;
  /** Image views: the section's base for this boot, and how it was chosen. */
  imageBase?: number;
  choice?: ImageBaseChoice;
}

export type MapViewResult = { status: NTSTATUS; view?: MappedView };

/**
 * MmMapViewOfSection into `as`. Views do not copy: they read the section's pages (copy-on-write
 * for images and WRITECOPY views).
 *
 * Image sections go at the base MiSelectImageBase gave the section for this boot (the preferred
 * base when the image does not opt into ASLR). When that range is taken in this process, the view
 * goes to the first free place instead and the status is STATUS_IMAGE_NOT_AT_BASE — the loader then
 * relocates the process's copy; an image that cannot be relocated gets STATUS_CONFLICTING_ADDRESSES
 * (ReactOS MmMapViewOfSection; Windows Internals 7 ch. 5).
 *
 * Data sections: the offset and base must be multiples of 64 KB (STATUS_MAPPED_ALIGNMENT), the view
 * must lie inside the section (STATUS_INVALID_VIEW_SIZE), and the protection must be one the
 * section allows (STATUS_SECTION_PROTECTION).
 */
export function MmMapViewOfSection(
  system: MmSystem,
  section: Section,
  as: AddressSpace,
  o: MapViewOptions = {},
): MapViewResult {
  const wanted = o.baseAddress ?? 0;
  if (!Number.isSafeInteger(wanted) || wanted < 0 || wanted > MM_HIGHEST_VAD_ADDRESS)
    return { status: STATUS.INVALID_PARAMETER_3 };
  if (wanted % MM_ALLOCATION_GRANULARITY !== 0) return { status: STATUS.MAPPED_ALIGNMENT };
  const topDown = ((o.allocationType ?? 0) & MEM.TOP_DOWN) !== 0;
  const ca = section.image;
  if (ca) {
    if (ca.imageBase === null) {
      const pick = MiSelectImageBase(system.sectionState, ca);
      const status = ca.setImageBase(pick.base);
      if (status !== STATUS.SUCCESS) return { status };
      ca.choice = pick.choice;
    }
    const choice = ca.choice ?? undefined;
    const imageBase = ca.imageBase!;
    const size = ca.size;
    let base = wanted || imageBase;
    const fits = (b: number): boolean =>
      b >= MM_LOWEST_USER_ADDRESS && b + size <= MM_HIGHEST_VAD_ADDRESS + 1 && as.isFree(b, b + size);
    if (!fits(base)) {
      if (wanted) return { status: STATUS.CONFLICTING_ADDRESSES };
      if (!ca.relocatable) return { status: STATUS.CONFLICTING_ADDRESSES };
      const at = as.findFree(size, { topDown });
      if (at === null) return { status: STATUS.NO_MEMORY };
      base = at;
    }
    const vad = new Vad(base, base + size, 'image', PAGE.EXECUTE_WRITECOPY, ca.runs, section);
    as.insertVad(vad);
    const relocated = base !== imageBase;
    return {
      status: relocated ? STATUS.IMAGE_NOT_AT_BASE : STATUS.SUCCESS,
      view: { baseAddress: base, viewSize: size, vad, relocated, delta: base - imageBase, imageBase, choice },
    };
  }

  const offset = o.sectionOffset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0 || offset % MM_ALLOCATION_GRANULARITY !== 0)
    return { status: STATUS.MAPPED_ALIGNMENT };
  if (offset >= section.size) return { status: STATUS.INVALID_VIEW_SIZE };
  const size = pageAlignUp(o.viewSize || section.size - offset);
  if (offset + size > section.size) return { status: STATUS.INVALID_VIEW_SIZE };
  const protect = o.protect ?? section.protect;
  if (!isValidProtection(protect)) return { status: STATUS.INVALID_PAGE_PROTECTION };
  if (!viewAllows(section.protect, protect)) return { status: STATUS.SECTION_PROTECTION };
  let base = wanted;
  if (base) {
    if (!as.isFree(base, base + size) || base < MM_LOWEST_USER_ADDRESS)
      return { status: STATUS.CONFLICTING_ADDRESSES };
  } else {
    const at = as.findFree(size, { topDown });
    if (at === null) return { status: STATUS.NO_MEMORY };
    base = at;
  }
  const pages = size / PAGE_SIZE;
  // A SEC_RESERVE section's view is reserved but for CommitSize bytes (ReactOS apitest
  // NtMapViewOfSection Test_PageFileSection, run on Windows: "Map 2 pages, but commit 1").
  const committed =
    section.allocationAttributes & SEC.RESERVE ? pageAlignUp(o.commitSize ?? 0) / PAGE_SIZE : pages;
  const runs = [
    { start: 0, end: Math.min(committed, pages), state: MEM.COMMIT, protect },
    { start: Math.min(committed, pages), end: pages, state: MEM.RESERVE, protect: 0 },
  ].filter((r) => r.start < r.end);
  const vad = new Vad(base, base + size, 'mapped', protect, runs, section, offset);
  as.insertVad(vad);
  return {
    status: STATUS.SUCCESS,
    view: { baseAddress: base, viewSize: size, vad, relocated: false, delta: 0 },
  };
}

/** MmUnmapViewOfSection: the view holding `va`; STATUS_NOT_MAPPED_VIEW when there is none. */
export function MmUnmapViewOfSection(as: AddressSpace, va: number): NTSTATUS {
  const vad = as.findVad(va);
  if (!vad || vad.type === 'private') return STATUS.NOT_MAPPED_VIEW;
  as.removeVad(vad);
  return STATUS.SUCCESS;
}
