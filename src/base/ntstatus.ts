/**
 * NTSTATUS values the model returns, with their names. One table: the name lookup, the JSON views
 * and the Win32 mapping (later, kernelbase) all read it. Values are from the Windows SDK ntstatus.h.
 */
export const STATUS = {
  SUCCESS: 0x00000000,
  IMAGE_MACHINE_TYPE_MISMATCH: 0x4000000e,
  ACCESS_VIOLATION: 0xc0000005,
  INVALID_PARAMETER: 0xc000000d,
  END_OF_FILE: 0xc0000011,
  ACCESS_DENIED: 0xc0000022,
  OBJECT_NAME_NOT_FOUND: 0xc0000034,
  OBJECT_PATH_NOT_FOUND: 0xc000003a,
  INVALID_IMAGE_FORMAT: 0xc000007b,
  INVALID_IMAGE_NE_FORMAT: 0xc000011b,
  INVALID_IMAGE_LE_FORMAT: 0xc000012e,
  INVALID_IMAGE_NOT_MZ: 0xc000012f,
  INVALID_IMAGE_PROTECT: 0xc0000130,
  INVALID_IMAGE_WIN_16: 0xc0000131,
  DLL_NOT_FOUND: 0xc0000135,
  ORDINAL_NOT_FOUND: 0xc0000138,
  ENTRYPOINT_NOT_FOUND: 0xc0000139,
  DLL_INIT_FAILED: 0xc0000142,
  IMAGE_CHECKSUM_MISMATCH: 0xc0000221,
  INVALID_IMAGE_WIN_32: 0xc0000359,
  INVALID_IMAGE_WIN_64: 0xc000035a,
  INVALID_IMAGE_HASH: 0xc0000428,
  APISET_NOT_HOSTED: 0xc0000481,
  APISET_NOT_PRESENT: 0xc0000482,
} as const;

export type NtStatusName = keyof typeof STATUS;
export type NTSTATUS = number;

const NAMES = new Map<number, string>(Object.entries(STATUS).map(([k, v]) => [v, `STATUS_${k}`]));

/** `STATUS_INVALID_IMAGE_FORMAT` for 0xC000007B; a hex string for values the table does not name. */
export function ntStatusName(status: NTSTATUS): string {
  return NAMES.get(status >>> 0) ?? hexStatus(status);
}

/** `0xC000007B`: eight upper-case hex digits, as WinDbg and the CLI contract print statuses. */
export function hexStatus(status: NTSTATUS): string {
  return '0x' + (status >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** NT_SUCCESS: severity success or informational (0x00000000–0x7FFFFFFF). */
export function NT_SUCCESS(status: NTSTATUS): boolean {
  return (status | 0) >= 0;
}
