// The memory manager (ntoskrnl mm): address spaces, sections, views, ASLR, PEB/TEB creation.
export * from './constants.js';
export type { MmResult } from './result.js';
export type { PageRun, PageRuns } from './page-runs.js';
export { Vad, type VadType } from './vad.js';
export {
  AddressSpace,
  MiCheckAllocateParameters,
  MiCheckFreeParameters,
  MiCheckProtectParameters,
  viewAllows,
  type FreeRangeOptions,
  type MemoryBasicInformation,
  type RegionResult,
} from './address-space.js';
export { SEC, Section, MmCreateDataSection, type ControlArea, type DataSectionOptions } from './section.js';
export {
  ImageControlArea,
  MiCreateImageFileMap,
  imageSectionProtection,
  type SectionImageInformation,
} from './image-section.js';
export { collectFixups, fixupSize, relocatedValue, type Fixup } from './relocation.js';
export { applyRelocations } from './apply-relocations.js';
export {
  DLL_32BIT_RANGE,
  DLL_HIGH_ENTROPY_RANGE,
  EXE_HIGH_ENTROPY_RANGE,
  ImageBitmap,
  MiSectionState,
  MiSelectImageBase,
  type ImageBaseChoice,
} from './aslr.js';
export {
  MmMapViewOfSection,
  MmUnmapViewOfSection,
  type MapViewOptions,
  type MapViewResult,
  type MappedView,
} from './map-view.js';
export { MmSystem, type MmSystemOptions } from './system.js';
export { MiCreateSharedUserData, type SharedUserDataInputs } from './shared-user-data.js';
export { MmInitializeProcessAddressSpace, type ProcessAddressSpaceOptions } from './process-address-space.js';
export { MmCreatePeb, type CreatedPeb, type PebInputs } from './peb.js';
export {
  MmCreateTeb,
  createUserStack,
  type ClientId,
  type CreatedTeb,
  type TebInputs,
  type UserStack,
} from './teb.js';
export {
  RTL_USER_PROC_PARAMS_NORMALIZED,
  environmentBlock,
  writeProcessParameters,
  type ProcessParametersInput,
  type WrittenProcessParameters,
} from './process-parameters.js';
export { MmMakeFileAccess, MmMakeSectionAccess } from './protection-access.js';
