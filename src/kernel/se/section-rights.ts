import { STANDARD_RIGHT_NAMES, type GENERIC_MAPPING } from './access-mask.js';
import type { FlagTable } from './flag-names.js';

/**
 * Section-specific access rights (winnt.h; Microsoft Learn "File Mapping Security and Access
 * Rights"). SECTION_ALL_ACCESS = STANDARD_RIGHTS_REQUIRED | QUERY | MAP_WRITE | MAP_READ |
 * MAP_EXECUTE | EXTEND_SIZE = 0xF001F.
 */
export const SECTION_QUERY = 0x0001;
export const SECTION_MAP_WRITE = 0x0002;
export const SECTION_MAP_READ = 0x0004;
export const SECTION_MAP_EXECUTE = 0x0008;
export const SECTION_EXTEND_SIZE = 0x0010;
export const SECTION_MAP_EXECUTE_EXPLICIT = 0x0020;
export const SECTION_ALL_ACCESS = 0x000f001f;

/**
 * MmpSectionMapping (ReactOS ntoskrnl/mm/section.c; the same values in mtth-bfft/nt-object-types
 * results/10.0.19361_2004.txt for the Section type): read = READ_CONTROL | MAP_READ | QUERY
 * (0x20005), write = READ_CONTROL | MAP_WRITE (0x20002), execute = READ_CONTROL | MAP_EXECUTE
 * (0x20008), all = SECTION_ALL_ACCESS.
 */
export const MmpSectionMapping: GENERIC_MAPPING = Object.freeze({
  GenericRead: 0x00020005,
  GenericWrite: 0x00020002,
  GenericExecute: 0x00020008,
  GenericAll: SECTION_ALL_ACCESS,
});

export const SECTION_ACCESS_NAMES: FlagTable = [
  ['SECTION_QUERY', SECTION_QUERY],
  ['SECTION_MAP_WRITE', SECTION_MAP_WRITE],
  ['SECTION_MAP_READ', SECTION_MAP_READ],
  ['SECTION_MAP_EXECUTE', SECTION_MAP_EXECUTE],
  ['SECTION_EXTEND_SIZE', SECTION_EXTEND_SIZE],
  ['SECTION_MAP_EXECUTE_EXPLICIT', SECTION_MAP_EXECUTE_EXPLICIT],
  ['SECTION_ALL_ACCESS', SECTION_ALL_ACCESS],
  ...STANDARD_RIGHT_NAMES,
];
