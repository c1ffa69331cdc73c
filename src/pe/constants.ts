/**
 * IMAGE_* constants of the Windows SDK winnt.h and the PE/COFF specification (Microsoft Learn,
 * "PE Format"). Names are the SDK names without their prefix, as the CLI contract prints them.
 */

export const IMAGE_DOS_SIGNATURE = 0x5a4d; // 'MZ'
export const IMAGE_NT_SIGNATURE = 0x00004550; // 'PE\0\0'
export const IMAGE_OS2_SIGNATURE = 0x454e; // 'NE'
export const IMAGE_OS2_SIGNATURE_LE = 0x454c; // 'LE'
export const IMAGE_NT_OPTIONAL_HDR32_MAGIC = 0x10b;
export const IMAGE_NT_OPTIONAL_HDR64_MAGIC = 0x20b;
export const IMAGE_NUMBEROF_DIRECTORY_ENTRIES = 16;
export const IMAGE_SIZEOF_FILE_HEADER = 20;
export const IMAGE_SIZEOF_SECTION_HEADER = 40;
export const IMAGE_ORDINAL_FLAG64 = 0x8000000000000000n;
export const IMAGE_ORDINAL_FLAG32 = 0x80000000;

/** IMAGE_FILE_MACHINE_* */
export const IMAGE_FILE_MACHINE: Readonly<Record<string, number>> = {
  UNKNOWN: 0x0,
  I386: 0x14c,
  R4000: 0x166,
  WCEMIPSV2: 0x169,
  SH3: 0x1a2,
  SH4: 0x1a6,
  ARM: 0x1c0,
  THUMB: 0x1c2,
  ARMNT: 0x1c4,
  POWERPC: 0x1f0,
  IA64: 0x200,
  EBC: 0xebc,
  CHPE_X86: 0x3a64,
  AMD64: 0x8664,
  ARM64: 0xaa64,
  ARM64EC: 0xa641,
  ARM64X: 0xa64e,
  RISCV64: 0x5064,
};

/** IMAGE_FILE_* characteristics bits. */
export const IMAGE_FILE: Readonly<Record<string, number>> = {
  RELOCS_STRIPPED: 0x0001,
  EXECUTABLE_IMAGE: 0x0002,
  LINE_NUMS_STRIPPED: 0x0004,
  LOCAL_SYMS_STRIPPED: 0x0008,
  AGGRESIVE_WS_TRIM: 0x0010,
  LARGE_ADDRESS_AWARE: 0x0020,
  BYTES_REVERSED_LO: 0x0080,
  '32BIT_MACHINE': 0x0100,
  DEBUG_STRIPPED: 0x0200,
  REMOVABLE_RUN_FROM_SWAP: 0x0400,
  NET_RUN_FROM_SWAP: 0x0800,
  SYSTEM: 0x1000,
  DLL: 0x2000,
  UP_SYSTEM_ONLY: 0x4000,
  BYTES_REVERSED_HI: 0x8000,
};

/** IMAGE_SUBSYSTEM_* */
export const IMAGE_SUBSYSTEM: Readonly<Record<string, number>> = {
  UNKNOWN: 0,
  NATIVE: 1,
  WINDOWS_GUI: 2,
  WINDOWS_CUI: 3,
  OS2_CUI: 5,
  POSIX_CUI: 7,
  NATIVE_WINDOWS: 8,
  WINDOWS_CE_GUI: 9,
  EFI_APPLICATION: 10,
  EFI_BOOT_SERVICE_DRIVER: 11,
  EFI_RUNTIME_DRIVER: 12,
  EFI_ROM: 13,
  XBOX: 14,
  WINDOWS_BOOT_APPLICATION: 16,
};

/** IMAGE_DLLCHARACTERISTICS_* */
export const IMAGE_DLLCHARACTERISTICS: Readonly<Record<string, number>> = {
  HIGH_ENTROPY_VA: 0x0020,
  DYNAMIC_BASE: 0x0040,
  FORCE_INTEGRITY: 0x0080,
  NX_COMPAT: 0x0100,
  NO_ISOLATION: 0x0200,
  NO_SEH: 0x0400,
  NO_BIND: 0x0800,
  APPCONTAINER: 0x1000,
  WDM_DRIVER: 0x2000,
  GUARD_CF: 0x4000,
  TERMINAL_SERVER_AWARE: 0x8000,
};

/** IMAGE_SCN_* section characteristics used by the writer and the text view. */
export const IMAGE_SCN = {
  CNT_CODE: 0x00000020,
  CNT_INITIALIZED_DATA: 0x00000040,
  CNT_UNINITIALIZED_DATA: 0x00000080,
  MEM_DISCARDABLE: 0x02000000,
  MEM_SHARED: 0x10000000,
  MEM_EXECUTE: 0x20000000,
  MEM_READ: 0x40000000,
  MEM_WRITE: 0x80000000,
} as const;

/** IMAGE_DIRECTORY_ENTRY_* indexes into the optional header's data directories. */
export const IMAGE_DIRECTORY_ENTRY = {
  EXPORT: 0,
  IMPORT: 1,
  RESOURCE: 2,
  EXCEPTION: 3,
  SECURITY: 4,
  BASERELOC: 5,
  DEBUG: 6,
  ARCHITECTURE: 7,
  GLOBALPTR: 8,
  TLS: 9,
  LOAD_CONFIG: 10,
  BOUND_IMPORT: 11,
  IAT: 12,
  DELAY_IMPORT: 13,
  COM_DESCRIPTOR: 14,
} as const;

/** IMAGE_DEBUG_TYPE_* */
export const IMAGE_DEBUG_TYPE: Readonly<Record<string, number>> = {
  UNKNOWN: 0,
  COFF: 1,
  CODEVIEW: 2,
  FPO: 3,
  MISC: 4,
  EXCEPTION: 5,
  FIXUP: 6,
  OMAP_TO_SRC: 7,
  OMAP_FROM_SRC: 8,
  BORLAND: 9,
  RESERVED10: 10,
  CLSID: 11,
  VC_FEATURE: 12,
  POGO: 13,
  ILTCG: 14,
  MPX: 15,
  REPRO: 16,
  EMBEDDED_PORTABLE_PDB: 17,
  PDBCHECKSUM: 19,
  EX_DLLCHARACTERISTICS: 20,
};

/** IMAGE_REL_BASED_* base relocation types. */
export const IMAGE_REL_BASED = {
  ABSOLUTE: 0,
  HIGH: 1,
  LOW: 2,
  HIGHLOW: 3,
  HIGHADJ: 4,
  DIR64: 10,
} as const;

/** RT_* resource types. */
export const RT = { ICON: 3, VERSION: 16, MANIFEST: 24 } as const;

const invert = (t: Readonly<Record<string, number>>): Map<number, string> =>
  new Map(Object.entries(t).map(([k, v]) => [v, k]));
const MACHINE_NAMES = invert(IMAGE_FILE_MACHINE);
const SUBSYSTEM_NAMES = invert(IMAGE_SUBSYSTEM);
const DEBUG_TYPE_NAMES = invert(IMAGE_DEBUG_TYPE);

/** `AMD64` for 0x8664; `0x…` for machines the SDK does not name. */
export function machineName(machine: number): string {
  return MACHINE_NAMES.get(machine) ?? '0x' + machine.toString(16);
}
export function subsystemName(subsystem: number): string {
  return SUBSYSTEM_NAMES.get(subsystem) ?? String(subsystem);
}
export function debugTypeName(type: number): string {
  return DEBUG_TYPE_NAMES.get(type) ?? String(type);
}
/** The names of the set bits of `value`, in bit order; unnamed bits as hex. */
export function flagNames(value: number, table: Readonly<Record<string, number>>): string[] {
  const out: string[] = [];
  for (let bit = 1; bit !== 0 && bit <= 0x80000000; bit = bit * 2) {
    if ((value & bit) === 0) continue;
    const name = Object.keys(table).find((k) => table[k] === bit);
    out.push(name ?? '0x' + bit.toString(16));
    if (bit === 0x80000000) break;
  }
  return out;
}
