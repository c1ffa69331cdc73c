import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IMAGE_FILE } from '../../pe/index.js';
import type { AddressSpace } from './address-space.js';
import { MEM, MM_ALLOCATION_GRANULARITY, PAGE, PAGE_SIZE } from './constants.js';
import type { ImageControlArea } from './image-section.js';
import { MmMapViewOfSection, MmUnmapViewOfSection } from './map-view.js';
import type { Section } from './section.js';
import { structBytes } from './struct-bytes.js';
import type { MmSystem } from './system.js';
import { Vad } from './vad.js';

/** VER_PLATFORM_WIN32_NT. */
const VER_PLATFORM_WIN32_NT = 2;

export interface PebInputs {
  /** Where the image view is (PEB.ImageBaseAddress). */
  imageBase: number;
  /** The image section: subsystem and versions come from its header. */
  image: Section | ImageControlArea;
  /** The API set schema (v6 bytes of apisetschema.dll's .apiset), mapped read-only; PEB.ApiSetMap. */
  apiSetSchema?: Uint8Array | Section | null;
  /** PEB.ProcessParameters, when they are already in the process (see writeProcessParameters). */
  processParameters?: number;
  beingDebugged?: boolean;
  /** The IFEO key exists (PEB.ReadImageFileExecOptions). */
  readImageFileExecOptions?: boolean;
  imageUsesLargePages?: boolean;
  isProtectedProcess?: boolean;
  isProtectedProcessLight?: boolean;
  /** Defaults to whether the image is not at its preferred base. */
  isImageDynamicallyRelocated?: boolean;
  isPackagedProcess?: boolean;
  isAppContainer?: boolean;
  isLongPathAwareProcess?: boolean;
  sessionId?: number;
  /** IFEO GlobalFlag (or the system's), PEB.NtGlobalFlag. */
  ntGlobalFlag?: number;
  /** Session Manager's CriticalSectionTimeout, in seconds (2,592,000 = 30 days by default). */
  criticalSectionTimeoutSeconds?: number;
  /** Session Manager HeapSegmentReserve/…; ReactOS's MmHeap* defaults otherwise. */
  heapSegmentReserve?: number;
  heapSegmentCommit?: number;
  heapDeCommitTotalFreeThreshold?: number;
  heapDeCommitFreeBlockThreshold?: number;
  minimumStackCommit?: number;
}

export interface CreatedPeb {
  peb: number;
  /** Where the API set schema view is (0 without a schema). */
  apiSetMap: number;
}

/**
 * MmCreatePeb: allocates the PEB and writes it as the kernel does (ReactOS ntoskrnl/mm/ARM3/procsup.c
 * MmCreatePeb: Mutant, image base, processor count, NtGlobalFlag, critical-section timeout, the
 * heap defaults, OS version, the image's subsystem and versions, affinity, session), plus what
 * Windows 10 adds: the BitField flags and ApiSetMap, the API set schema mapped read-only into the
 * process (Quarkslab, "Runtime DLL name resolution: ApiSetSchema"; internals.md §8). Ldr,
 * ProcessHeap and the heap list are the loader's (NULL here); the NLS tables are not modelled.
 *
 * The schema is mapped first (as Windows maps the NLS tables before the PEB). Placement of the PEB: a random page of a 64 KB unit found bottom-up (so under bottom-up randomization, as
 * the `Peb: 253d4dc000` of a public dump looks); the TEBs go in the pages above it (MmCreateTeb).
 */
export function MmCreatePeb(
  system: MmSystem,
  as: AddressSpace,
  inputs: PebInputs,
): { status: NTSTATUS; value?: CreatedPeb } {
  const ca = 'controlArea' in inputs.image ? inputs.image.image : inputs.image;
  if (!ca) return { status: STATUS.SECTION_NOT_IMAGE };
  let apiSetMap = 0;
  const schema = inputs.apiSetSchema;
  if (schema) {
    const section = schema instanceof Uint8Array ? system.apiSetSection(schema) : schema;
    const r = MmMapViewOfSection(system, section, as, { protect: PAGE.READONLY });
    if (!r.view) return { status: r.status };
    apiSetMap = r.view.baseAddress;
  }

  const unit = as.findFree(MM_ALLOCATION_GRANULARITY);
  if (unit === null) {
    if (apiSetMap) MmUnmapViewOfSection(as, apiSetMap);
    return { status: STATUS.NO_MEMORY };
  }
  const peb = unit + (system.nextU32() % (MM_ALLOCATION_GRANULARITY / PAGE_SIZE)) * PAGE_SIZE;
  const vad = new Vad(peb, peb + PAGE_SIZE, 'private', PAGE.READWRITE, [
    { start: 0, end: 1, state: MEM.COMMIT, protect: PAGE.READWRITE },
  ]);
  as.insertVad(vad);

  const oh = ca.image.optionalHeader;
  const pebBytes = structBytes(system.layout, '_PEB');
  const set = pebBytes.set;
  set('ReadImageFileExecOptions', inputs.readImageFileExecOptions ? 1 : 0);
  set('BeingDebugged', inputs.beingDebugged ? 1 : 0);
  set('BitField.ImageUsesLargePages', inputs.imageUsesLargePages ? 1 : 0);
  set('BitField.IsProtectedProcess', inputs.isProtectedProcess ? 1 : 0);
  const relocated = inputs.isImageDynamicallyRelocated ?? inputs.imageBase !== ca.preferredBase;
  set('BitField.IsImageDynamicallyRelocated', relocated ? 1 : 0);
  set('BitField.IsPackagedProcess', inputs.isPackagedProcess ? 1 : 0);
  set('BitField.IsAppContainer', inputs.isAppContainer ? 1 : 0);
  set('BitField.IsProtectedProcessLight', inputs.isProtectedProcessLight ? 1 : 0);
  set('BitField.IsLongPathAwareProcess', inputs.isLongPathAwareProcess ? 1 : 0);
  // "Mutant (HANDLE, normally -1)" (internals.md §2.1).
  set('Mutant', -1);
  set('ImageBaseAddress', inputs.imageBase);
  if (inputs.processParameters) set('ProcessParameters', inputs.processParameters);
  set('ApiSetMap', apiSetMap);
  set('NumberOfProcessors', system.numberOfProcessors);
  set('NtGlobalFlag', inputs.ntGlobalFlag ?? 0);
  // LARGE_INTEGER in 100 ns units, negative: a relative time.
  set(
    'CriticalSectionTimeout.QuadPart',
    -BigInt(inputs.criticalSectionTimeoutSeconds ?? 2592000) * 10_000_000n,
  );
  // ReactOS mminit.c: MmHeapSegmentReserve 1 MB, MmHeapSegmentCommit 2 pages, thresholds 64 KB, 1 page.
  set('HeapSegmentReserve', inputs.heapSegmentReserve ?? 0x100000);
  set('HeapSegmentCommit', inputs.heapSegmentCommit ?? 2 * PAGE_SIZE);
  set('HeapDeCommitTotalFreeThreshold', inputs.heapDeCommitTotalFreeThreshold ?? 0x10000);
  set('HeapDeCommitFreeBlockThreshold', inputs.heapDeCommitFreeBlockThreshold ?? PAGE_SIZE);
  set('OSMajorVersion', system.majorVersion);
  set('OSMinorVersion', system.minorVersion);
  set('OSBuildNumber', system.buildNumber & 0xffff);
  set('OSPlatformId', VER_PLATFORM_WIN32_NT);
  set('ImageSubsystem', oh.Subsystem);
  set('ImageSubsystemMajorVersion', oh.MajorSubsystemVersion);
  set('ImageSubsystemMinorVersion', oh.MinorSubsystemVersion);
  // IMAGE_FILE_UP_SYSTEM_ONLY images run on one processor (ReactOS MmCreatePeb).
  const up = (ca.image.fileHeader.Characteristics & IMAGE_FILE.UP_SYSTEM_ONLY!) !== 0;
  const n = Math.min(64, system.numberOfProcessors);
  set('ActiveProcessAffinityMask', up ? 1n : (1n << BigInt(n)) - 1n);
  set('SessionId', inputs.sessionId ?? 0);
  set('MinimumStackCommit', inputs.minimumStackCommit ?? 0);
  pebBytes.flush(as, peb);
  return { status: STATUS.SUCCESS, value: { peb, apiSetMap } };
}
