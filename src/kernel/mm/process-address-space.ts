import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { AddressSpace } from './address-space.js';
import { MEM, MM_ALLOCATION_GRANULARITY, MM_SHARED_USER_DATA_VA, PAGE, PAGE_SIZE } from './constants.js';
import { MmMapViewOfSection, type MappedView } from './map-view.js';
import type { Section } from './section.js';
import type { MmSystem } from './system.js';
import { Vad } from './vad.js';

export interface ProcessAddressSpaceOptions {
  /** The process's image section; absent for a process created without one. */
  imageSection?: Section | null;
  /** PROCESS_CREATE_FLAGS_MINIMAL_PROCESS: nothing is mapped (no KUSER_SHARED_DATA, no image). */
  minimal?: boolean;
}

/**
 * Bottom-up randomization (Windows 8 and later): bottom-up allocations of a process whose EXE opts
 * into ASLR start at a random 64 KB unit — 8 bits of entropy, or 24 bits (a 1 TB range) for a
 * 64-bit high-entropy EXE (Johnson & Miller, "Exploit Mitigation Improvements in Windows 8", Black
 * Hat USA 2012; Windows Internals 7 ch. 5, "ASLR"). Public `!peb` dumps of 64-bit processes show PEBs
 * and stacks at such addresses (`Peb: 253d4dc000`, ../shared/reference/internals.md §11).
 */
function bottomUpStart(system: MmSystem, section: Section | null | undefined): number {
  const ca = section?.image;
  if (!ca || !ca.dynamicBase) return 0;
  const bits = ca.is64 && ca.highEntropy ? 24 : 8;
  return (system.nextU32() % 2 ** bits) * MM_ALLOCATION_GRANULARITY;
}

/**
 * MmInitializeProcessAddressSpace (Windows Internals 7 ch. 3, stage 3B, "Creating the initial
 * process address space"): maps KUSER_SHARED_DATA read-only at 0x7FFE0000 (one shared page, a
 * secured VAD), sets the process's bottom-up randomization, and maps the image section. ntdll is
 * mapped by the caller (PspMapSystemDll) with MmMapViewOfSection. On failure nothing stays mapped.
 */
export function MmInitializeProcessAddressSpace(
  system: MmSystem,
  as: AddressSpace,
  o: ProcessAddressSpaceOptions = {},
): { status: NTSTATUS; imageView?: MappedView } {
  if (o.minimal) return { status: STATUS.SUCCESS };
  const section = o.imageSection ?? null;
  if (section && !section.isImage) return { status: STATUS.SECTION_NOT_IMAGE };
  const kuser = new Vad(
    MM_SHARED_USER_DATA_VA,
    MM_SHARED_USER_DATA_VA + PAGE_SIZE,
    'private',
    PAGE.READONLY,
    [{ start: 0, end: 1, state: MEM.COMMIT, protect: PAGE.READONLY }],
    system.sharedUserData,
  );
  kuser.noChange = true;
  if (!as.isFree(kuser.start, kuser.end)) return { status: STATUS.CONFLICTING_ADDRESSES };
  as.insertVad(kuser);
  as.bottomUpStart = bottomUpStart(system, section);
  if (!section) return { status: STATUS.SUCCESS };
  const r = MmMapViewOfSection(system, section, as);
  if (!r.view) {
    as.removeVad(kuser);
    return { status: r.status };
  }
  return { status: r.status, imageView: r.view };
}
