import {
  FILE_EXECUTE,
  FILE_READ_DATA,
  FILE_WRITE_DATA,
  SECTION_MAP_EXECUTE,
  SECTION_MAP_READ,
  SECTION_MAP_WRITE,
} from '../se/index.js';
import { PAGE } from './constants.js';

/**
 * The rights a page protection needs, indexed by MiMakeProtectionMask's base value (MM_ZERO_ACCESS
 * and MM_NOACCESS 0, MM_READONLY 1, MM_EXECUTE 2, MM_EXECUTE_READ 3, MM_READWRITE 4, MM_WRITECOPY 5,
 * MM_EXECUTE_READWRITE 6, MM_EXECUTE_WRITECOPY 7): MmMakeSectionAccess is what NtMapViewOfSection
 * asks of the section handle, MmMakeFileAccess what NtCreateSection asks of the file handle
 * (ReactOS ntoskrnl/mm/ARM3/section.c, the two tables; MiArm3GetCorrectFileAccessMask).
 */
const SECTION_ACCESS = [
  SECTION_MAP_READ,
  SECTION_MAP_READ,
  SECTION_MAP_EXECUTE,
  SECTION_MAP_EXECUTE | SECTION_MAP_READ,
  SECTION_MAP_WRITE,
  SECTION_MAP_READ,
  SECTION_MAP_EXECUTE | SECTION_MAP_WRITE,
  SECTION_MAP_EXECUTE | SECTION_MAP_READ,
] as const;

const FILE_ACCESS = [
  FILE_READ_DATA,
  FILE_READ_DATA,
  FILE_EXECUTE,
  FILE_EXECUTE | FILE_READ_DATA,
  FILE_WRITE_DATA | FILE_READ_DATA,
  FILE_READ_DATA,
  FILE_EXECUTE | FILE_WRITE_DATA | FILE_READ_DATA,
  FILE_EXECUTE | FILE_READ_DATA,
] as const;

/** MiMakeProtectionMask's base value (& 7) of a valid protection (callers check validity first). */
function MiProtectionIndex(protect: number): number {
  switch (protect & 0xff) {
    case PAGE.READONLY:
      return 1;
    case PAGE.EXECUTE:
      return 2;
    case PAGE.EXECUTE_READ:
      return 3;
    case PAGE.READWRITE:
      return 4;
    case PAGE.WRITECOPY:
      return 5;
    case PAGE.EXECUTE_READWRITE:
      return 6;
    case PAGE.EXECUTE_WRITECOPY:
      return 7;
    default:
      return 0; // PAGE_NOACCESS
  }
}

/** SECTION_MAP_* rights a view with this Win32Protect needs on the section handle. */
export function MmMakeSectionAccess(protect: number): number {
  return SECTION_ACCESS[MiProtectionIndex(protect)]!;
}

/** FILE_* rights a section with this SectionPageProtection needs on the file handle. */
export function MmMakeFileAccess(protect: number): number {
  return FILE_ACCESS[MiProtectionIndex(protect)]!;
}
