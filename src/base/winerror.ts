import { STATUS, type NTSTATUS } from './ntstatus.js';

/** Win32 error codes (winerror.h) the model reports as GetLastError() values. */
export const ERROR = {
  SUCCESS: 0,
  FILE_NOT_FOUND: 2,
  PATH_NOT_FOUND: 3,
  ACCESS_DENIED: 5,
  INVALID_HANDLE: 6,
  NOT_ENOUGH_MEMORY: 8,
  BAD_FORMAT: 11,
  INVALID_PARAMETER: 87,
  INSUFFICIENT_BUFFER: 122,
  MOD_NOT_FOUND: 126,
  PROC_NOT_FOUND: 127,
  INVALID_ORDINAL: 182,
  BAD_EXE_FORMAT: 193,
  INVALID_ADDRESS: 487,
  DLL_INIT_FAILED: 1114,
  MR_MID_NOT_FOUND: 317,
} as const;

const NAMES = new Map<number, string>(Object.entries(ERROR).map(([k, v]) => [v, `ERROR_${k}`]));

/** `ERROR_MOD_NOT_FOUND` for 126; the number as text for codes the table does not name. */
export function win32ErrorName(code: number): string {
  return NAMES.get(code) ?? String(code);
}

/**
 * RtlNtStatusToDosError for the statuses the model produces (the mapping table of ntdll, as
 * Microsoft's "INFO: Mapping NT Status Error Codes to Win32 Error Codes" and Wine's
 * dlls/ntdll/error.c list it). A status the table lacks maps to ERROR_MR_MID_NOT_FOUND (317), as
 * RtlNtStatusToDosError does for unknown codes.
 */
const TABLE = new Map<NTSTATUS, number>([
  [STATUS.SUCCESS, ERROR.SUCCESS],
  [STATUS.OBJECT_NAME_NOT_FOUND, ERROR.FILE_NOT_FOUND],
  [STATUS.OBJECT_PATH_NOT_FOUND, ERROR.PATH_NOT_FOUND],
  [STATUS.ACCESS_DENIED, ERROR.ACCESS_DENIED],
  [STATUS.INVALID_HANDLE, ERROR.INVALID_HANDLE],
  [STATUS.NO_MEMORY, ERROR.NOT_ENOUGH_MEMORY],
  [STATUS.INVALID_PARAMETER, ERROR.INVALID_PARAMETER],
  [STATUS.INVALID_CID, ERROR.INVALID_PARAMETER],
  [STATUS.BUFFER_TOO_SMALL, ERROR.INSUFFICIENT_BUFFER],
  [STATUS.DLL_NOT_FOUND, ERROR.MOD_NOT_FOUND],
  [STATUS.PROCEDURE_NOT_FOUND, ERROR.PROC_NOT_FOUND],
  [STATUS.ENTRYPOINT_NOT_FOUND, ERROR.PROC_NOT_FOUND],
  [STATUS.ORDINAL_NOT_FOUND, ERROR.INVALID_ORDINAL],
  [STATUS.INVALID_IMAGE_FORMAT, ERROR.BAD_EXE_FORMAT],
  [STATUS.INVALID_IMAGE_NOT_MZ, ERROR.BAD_EXE_FORMAT],
  [STATUS.INVALID_IMAGE_PROTECT, ERROR.BAD_EXE_FORMAT],
  [STATUS.INVALID_IMAGE_WIN_16, ERROR.BAD_EXE_FORMAT],
  [STATUS.DLL_INIT_FAILED, ERROR.DLL_INIT_FAILED],
  [STATUS.INVALID_ADDRESS, ERROR.INVALID_ADDRESS],
]);

export function RtlNtStatusToDosError(status: NTSTATUS): number {
  return TABLE.get(status >>> 0) ?? ERROR.MR_MID_NOT_FOUND;
}
