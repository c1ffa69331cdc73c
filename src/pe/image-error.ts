import { NtStatusError, STATUS, type NTSTATUS } from '../base/index.js';

/**
 * The one place that says which NTSTATUS a malformed or foreign image gives. The kernel returns these
 * from NtCreateSection(SEC_IMAGE) and CreateProcessInternalW branches on them (Windows Internals 7th
 * ed., ch. 3, "Stage 2: Opening the image to be executed", the table of image types):
 * - not 'MZ' at offset 0 → STATUS_INVALID_IMAGE_NOT_MZ (then CreateProcess tries .bat/.cmd);
 * - 'MZ' but no PE/NE/LE header at e_lfanew: an MS-DOS program → STATUS_INVALID_IMAGE_PROTECT;
 * - an NE header of a Windows 3.x program (ne_exetyp 2) → STATUS_INVALID_IMAGE_WIN_16, other NE
 *   (OS/2) → STATUS_INVALID_IMAGE_NE_FORMAT; an LE/LX header → STATUS_INVALID_IMAGE_LE_FORMAT;
 * - a PE image that breaks a rule of the image header, the section table or a directory the loader
 *   walks → STATUS_INVALID_IMAGE_FORMAT (ReactOS ntoskrnl/mm/section.c PeFmtCreateSection, and
 *   ntdll's loader for directories);
 * - a 64-bit image where only 32-bit ones can run → STATUS_INVALID_IMAGE_WIN_64, the reverse →
 *   STATUS_INVALID_IMAGE_WIN_32 (Wine server/mapping.c and ntdll's checks agree).
 */
export const IMAGE_FAILURE_STATUS = {
  notMz: STATUS.INVALID_IMAGE_NOT_MZ,
  dosProgram: STATUS.INVALID_IMAGE_PROTECT,
  win16: STATUS.INVALID_IMAGE_WIN_16,
  neFormat: STATUS.INVALID_IMAGE_NE_FORMAT,
  leFormat: STATUS.INVALID_IMAGE_LE_FORMAT,
  malformed: STATUS.INVALID_IMAGE_FORMAT,
  win64: STATUS.INVALID_IMAGE_WIN_64,
  win32: STATUS.INVALID_IMAGE_WIN_32,
} as const satisfies Record<string, NTSTATUS>;

export type ImageFailure = keyof typeof IMAGE_FAILURE_STATUS;

/** A typed error for a bad image; `where` names the structure and offset so users can find it. */
export class ImageFormatError extends NtStatusError {
  readonly failure: ImageFailure;
  constructor(failure: ImageFailure, where: string, detail: string) {
    super(IMAGE_FAILURE_STATUS[failure], `${where}: ${detail}`);
    this.name = 'ImageFormatError';
    this.failure = failure;
  }
}

export function malformed(where: string, detail: string): ImageFormatError {
  return new ImageFormatError('malformed', where, detail);
}

export function hexOff(n: number): string {
  return '0x' + n.toString(16);
}
