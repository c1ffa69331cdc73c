/**
 * The Windows SDK names a scenario may use for flags and constants (scenario.md: "Flag and
 * constant names are the Windows SDK names"), with their values (winbase.h, winnt.h,
 * libloaderapi.h, processthreadsapi.h).
 */
import { PROCESS_ACCESS_NAMES, THREAD_ACCESS_NAMES } from '../../kernel/se/index.js';
import {
  CREATE_FLAGS,
  GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
  GET_MODULE_HANDLE_EX_FLAG_PIN,
  GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
  PROTECTION_LEVEL,
} from '../../kernelbase/index.js';
import { LOAD_LIBRARY } from '../../ntdll/index.js';

/** A table's names with the SDK prefix the model's own table leaves off (`PROTECTION_LEVEL_` + `WINTCB`). */
export const prefixed = <T extends number | bigint>(
  prefix: string,
  table: Readonly<Record<string, T>>,
): Record<string, T> => Object.fromEntries(Object.entries(table).map(([k, v]) => [`${prefix}${k}`, v]));

// Each table is the model's own (one source per fact), under the names the SDK gives.

/** dwCreationFlags (kernelbase's CREATE_FLAGS). */
export const CREATION_FLAGS: Readonly<Record<string, number>> = CREATE_FLAGS;

/** Process access rights (winnt.h; kernel/se's PROCESS_ACCESS_NAMES, standard and generic rights included). */
export const PROCESS_ACCESS: Readonly<Record<string, number>> = Object.fromEntries(PROCESS_ACCESS_NAMES);

/** Thread access rights (winnt.h; kernel/se's THREAD_ACCESS_NAMES, standard and generic rights included). */
export const THREAD_ACCESS: Readonly<Record<string, number>> = Object.fromEntries(THREAD_ACCESS_NAMES);

/** LoadLibraryExW's dwFlags (libloaderapi.h). */
export const LOAD_LIBRARY_FLAGS: Readonly<Record<string, number>> = LOAD_LIBRARY;

/** GetModuleHandleExW's dwFlags. */
export const GET_MODULE_HANDLE_EX_FLAGS: Readonly<Record<string, number>> = {
  GET_MODULE_HANDLE_EX_FLAG_PIN,
  GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
  GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
};

/** PROTECTION_LEVEL_* for PROC_THREAD_ATTRIBUTE_PROTECTION_LEVEL (winbase.h). */
export const PROTECTION_LEVELS: Readonly<Record<string, number>> = prefixed(
  'PROTECTION_LEVEL_',
  PROTECTION_LEVEL,
);

/**
 * PROCESS_CREATION_MITIGATION_POLICY_* (winbase.h): each policy is a 4-bit field of the first
 * 64-bit map, ALWAYS_ON = 1 and ALWAYS_OFF = 2 in it; the scenario names drop the common prefix.
 */
export const MITIGATION_POLICIES: Readonly<Record<string, bigint>> = (() => {
  const fields: [string, number][] = [
    ['FORCE_RELOCATE_IMAGES', 8],
    ['HEAP_TERMINATE', 12],
    ['BOTTOM_UP_ASLR', 16],
    ['HIGH_ENTROPY_ASLR', 20],
    ['STRICT_HANDLE_CHECKS', 24],
    ['WIN32K_SYSTEM_CALL_DISABLE', 28],
    ['EXTENSION_POINT_DISABLE', 32],
    ['PROHIBIT_DYNAMIC_CODE', 36],
    ['CONTROL_FLOW_GUARD', 40],
    ['BLOCK_NON_MICROSOFT_BINARIES', 44],
    ['FONT_DISABLE', 48],
    ['IMAGE_LOAD_NO_REMOTE', 52],
    ['IMAGE_LOAD_NO_LOW_LABEL', 56],
    ['IMAGE_LOAD_PREFER_SYSTEM32', 60],
  ];
  const out: Record<string, bigint> = { DEP_ENABLE: 0x1n, DEP_ATL_THUNK_ENABLE: 0x2n, SEHOP_ENABLE: 0x4n };
  for (const [name, shift] of fields) {
    out[`${name}_ALWAYS_ON`] = 1n << BigInt(shift);
    out[`${name}_ALWAYS_OFF`] = 2n << BigInt(shift);
  }
  return out;
})();
