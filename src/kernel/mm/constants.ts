/**
 * Memory-manager constants for x64 Windows 10. Values are the SDK's (winnt.h PAGE_* and MEM_*, as
 * listed on Microsoft Learn "Memory Protection Constants" and "MEMORY_BASIC_INFORMATION"); the
 * address-space limits are the x64 ones of Windows Internals 7 ch. 5 ("x64 virtual address
 * limitations": 128 TB of user space since Windows 8.1) and ReactOS mm.h (MM_HIGHEST_VAD_ADDRESS).
 *
 * Addresses are JavaScript numbers: user space ends below 2^47, well inside the 2^53 that numbers
 * hold exactly.
 */

export const PAGE_SIZE = 0x1000;
export const PAGE_SHIFT = 12;
/** Reservations and views start on 64 KB boundaries (SYSTEM_INFO.dwAllocationGranularity). */
export const MM_ALLOCATION_GRANULARITY = 0x10000;

/** The first 64 KB are never mapped (NULL-pointer protection). */
export const MM_LOWEST_USER_ADDRESS = 0x10000;
/** The last byte of user space on x64 Windows 8.1 and later (128 TB minus the 64 KB no-access guard). */
export const MM_HIGHEST_USER_ADDRESS = 0x7ffffffeffff;
/** MmUserProbeAddress: the first address a user-mode range may not reach. */
export const MM_USER_PROBE_ADDRESS = 0x7fffffff0000;
/** ReactOS mm.h: MM_HIGHEST_VAD_ADDRESS = MM_HIGHEST_USER_ADDRESS - 16 pages. */
export const MM_HIGHEST_VAD_ADDRESS = MM_HIGHEST_USER_ADDRESS - 16 * PAGE_SIZE;
/** KUSER_SHARED_DATA's user-mode address (ntddk.h MM_SHARED_USER_DATA_VA / ntdef USER_SHARED_DATA). */
export const MM_SHARED_USER_DATA_VA = 0x7ffe0000;

/** PAGE_* protections (winnt.h). */
export const PAGE = {
  NOACCESS: 0x01,
  READONLY: 0x02,
  READWRITE: 0x04,
  WRITECOPY: 0x08,
  EXECUTE: 0x10,
  EXECUTE_READ: 0x20,
  EXECUTE_READWRITE: 0x40,
  EXECUTE_WRITECOPY: 0x80,
  GUARD: 0x100,
  NOCACHE: 0x200,
  WRITECOMBINE: 0x400,
} as const;

/** MEM_* allocation types, free types, states and region types (winnt.h). */
export const MEM = {
  COMMIT: 0x1000,
  RESERVE: 0x2000,
  DECOMMIT: 0x4000,
  RELEASE: 0x8000,
  FREE: 0x10000,
  PRIVATE: 0x20000,
  MAPPED: 0x40000,
  RESET: 0x80000,
  TOP_DOWN: 0x100000,
  WRITE_WATCH: 0x200000,
  PHYSICAL: 0x400000,
  IMAGE: 0x1000000,
  LARGE_PAGES: 0x20000000,
} as const;

const BASE_PROTECTIONS = 0xff;
const MODIFIERS = PAGE.GUARD | PAGE.NOCACHE | PAGE.WRITECOMBINE;

/**
 * MiMakeProtectionMask's verdict: exactly one base protection, optionally with PAGE_GUARD,
 * PAGE_NOCACHE or PAGE_WRITECOMBINE; no modifier on PAGE_NOACCESS; NOCACHE and WRITECOMBINE
 * exclusive, and neither with GUARD (ReactOS ntoskrnl/mm/ARM3/section.c MiMakeProtectionMask).
 */
export function isValidProtection(protect: number): boolean {
  if (!Number.isInteger(protect) || protect < 0 || protect & ~(BASE_PROTECTIONS | MODIFIERS)) return false;
  const base = protect & BASE_PROTECTIONS;
  if (base === 0 || (base & (base - 1)) !== 0) return false;
  const mods = protect & MODIFIERS;
  if (mods && base === PAGE.NOACCESS) return false;
  if ((mods & PAGE.NOCACHE && mods & PAGE.WRITECOMBINE) || (mods & PAGE.GUARD && mods & ~PAGE.GUARD))
    return false;
  return true;
}

const READABLE =
  PAGE.READONLY |
  PAGE.READWRITE |
  PAGE.WRITECOPY |
  PAGE.EXECUTE |
  PAGE.EXECUTE_READ |
  PAGE.EXECUTE_READWRITE |
  PAGE.EXECUTE_WRITECOPY;
const WRITABLE = PAGE.READWRITE | PAGE.WRITECOPY | PAGE.EXECUTE_READWRITE | PAGE.EXECUTE_WRITECOPY;
const COPY_ON_WRITE = PAGE.WRITECOPY | PAGE.EXECUTE_WRITECOPY;
const EXECUTABLE = PAGE.EXECUTE | PAGE.EXECUTE_READ | PAGE.EXECUTE_READWRITE | PAGE.EXECUTE_WRITECOPY;

/**
 * Readable by user mode. x64 page tables have no execute-only pages, so PAGE_EXECUTE reads;
 * a PAGE_GUARD page faults (STATUS_GUARD_PAGE_VIOLATION) and so does not.
 */
export function protectionAllowsRead(protect: number): boolean {
  return (protect & PAGE.GUARD) === 0 && (protect & READABLE) !== 0;
}
export function protectionAllowsWrite(protect: number): boolean {
  return (protect & PAGE.GUARD) === 0 && (protect & WRITABLE) !== 0;
}
export function isCopyOnWrite(protect: number): boolean {
  return (protect & COPY_ON_WRITE) !== 0;
}
export function isExecutable(protect: number): boolean {
  return (protect & EXECUTABLE) !== 0;
}
/**
 * The protection a copy-on-write page takes once written: "the private page is marked as
 * PAGE_READWRITE" (Microsoft Learn, Memory Protection Constants, PAGE_WRITECOPY).
 */
export function afterCopyOnWrite(protect: number): number {
  const mods = protect & MODIFIERS;
  if (protect & PAGE.WRITECOPY) return PAGE.READWRITE | mods;
  if (protect & PAGE.EXECUTE_WRITECOPY) return PAGE.EXECUTE_READWRITE | mods;
  return protect;
}
/** Views of images and copy-on-write views keep writes private: READWRITE becomes WRITECOPY. */
export function asCopyOnWrite(protect: number): number {
  const mods = protect & MODIFIERS;
  if (protect & PAGE.READWRITE) return PAGE.WRITECOPY | mods;
  if (protect & PAGE.EXECUTE_READWRITE) return PAGE.EXECUTE_WRITECOPY | mods;
  return protect;
}

export function pageAlignDown(va: number): number {
  return va - (va % PAGE_SIZE);
}
export function pageAlignUp(va: number): number {
  return Math.ceil(va / PAGE_SIZE) * PAGE_SIZE;
}
export function granularityAlignDown(va: number): number {
  return va - (va % MM_ALLOCATION_GRANULARITY);
}
export function granularityAlignUp(va: number): number {
  return Math.ceil(va / MM_ALLOCATION_GRANULARITY) * MM_ALLOCATION_GRANULARITY;
}
