import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MM_HIGHEST_USER_ADDRESS, pageAlignDown, type MemoryBasicInformation } from '../mm/index.js';
import { PROCESS_QUERY_INFORMATION } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspWithProcessAddressSpace } from './process-memory.js';
import type { PsSystem } from './ps-system.js';
import type { UNICODE_STRING } from './query-process.js';

/** MEMORY_INFORMATION_CLASS (phnt ntmmapi.h): the classes the model answers. */
export const MEMORY_INFORMATION_CLASS = {
  MemoryBasicInformation: 0,
  MemoryMappedFilenameInformation: 2,
  MemoryImageInformation: 6,
} as const;

/** MEMORY_IMAGE_INFORMATION (phnt): the image view holding an address. */
export interface MEMORY_IMAGE_INFORMATION {
  ImageBase: number;
  SizeOfImage: number;
  /** ImagePartialMap:1, ImageNotExecutable:1, ImageSigningLevel:4 — all 0 in the model. */
  ImageFlags: number;
}

export type MemoryInformation = MemoryBasicInformation | UNICODE_STRING | MEMORY_IMAGE_INFORMATION;

export interface NtQueryVirtualMemoryParameters {
  ProcessHandle: number;
  BaseAddress: number;
  MemoryInformationClass: number;
  /** The buffer's size in bytes; absent: large enough. */
  MemoryInformationLength?: number;
}

// x64 sizes: MEMORY_BASIC_INFORMATION 0x30, UNICODE_STRING (MEMORY_SECTION_NAME) 0x10,
// MEMORY_IMAGE_INFORMATION 0x18.
const SIZEOF_MEMORY_BASIC_INFORMATION = 0x30;
const SIZEOF_UNICODE_STRING = 0x10;
const SIZEOF_MEMORY_IMAGE_INFORMATION = 0x18;

/**
 * NtQueryVirtualMemory (Microsoft Learn ZwQueryVirtualMemory / VirtualQueryEx; ReactOS
 * ntoskrnl/mm/ARM3/virtual.c; Wine dlls/ntdll/unix/virtual.c and its tests, which record Windows'
 * answers). A class other than these is STATUS_INVALID_INFO_CLASS; a buffer smaller than the
 * class's structure STATUS_INFO_LENGTH_MISMATCH (checked before the address); the handle needs
 * PROCESS_QUERY_INFORMATION (Microsoft Learn VirtualQueryEx; Wine psapi tests: a handle without it
 * is ERROR_ACCESS_DENIED). Then, by class:
 * - MemoryBasicInformation (0): the region of pages alike holding the address
 *   (AddressSpace.queryVirtualMemory; above MM_HIGHEST_USER_ADDRESS STATUS_INVALID_PARAMETER).
 * - MemoryMappedFilenameInformation (2): the device path of the file behind a view
 *   (`\Device\HarddiskVolume3\Windows\System32\kernel32.dll`) as a UNICODE_STRING; free memory is
 *   STATUS_INVALID_ADDRESS, private memory or a page-file-backed view STATUS_FILE_INVALID (Wine
 *   psapi test_GetMappedFileName: ERROR_UNEXP_NET_ERR and ERROR_FILE_INVALID on Windows); a buffer
 *   too small for the name STATUS_BUFFER_OVERFLOW with ReturnLength the size needed.
 * - MemoryImageInformation (6): the image view's base, SizeOfImage (the optional header's) and flags
 *   (0); memory that is not an image is success with all fields 0; free memory, or an address past
 *   user space, STATUS_INVALID_ADDRESS (Wine test_query_image_information).
 */
export function NtQueryVirtualMemory(
  ps: PsSystem,
  caller: PsCaller,
  p: NtQueryVirtualMemoryParameters,
): { status: NTSTATUS; MemoryInformation?: MemoryInformation; ReturnLength?: number } {
  type Out = { MemoryInformation?: MemoryInformation; ReturnLength?: number };
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQueryVirtualMemory',
      channel: 'mm',
      args: {
        ProcessHandle: p.ProcessHandle,
        BaseAddress: p.BaseAddress,
        MemoryInformationClass: p.MemoryInformationClass,
      },
    },
    (): { status: NTSTATUS; value?: Out } => {
      const C = MEMORY_INFORMATION_CLASS;
      const cls = p.MemoryInformationClass;
      const minimum =
        cls === C.MemoryBasicInformation
          ? SIZEOF_MEMORY_BASIC_INFORMATION
          : cls === C.MemoryMappedFilenameInformation
            ? SIZEOF_UNICODE_STRING
            : cls === C.MemoryImageInformation
              ? SIZEOF_MEMORY_IMAGE_INFORMATION
              : 0;
      if (!minimum) return { status: STATUS.INVALID_INFO_CLASS };
      const length = p.MemoryInformationLength;
      if (length !== undefined && length < minimum) return { status: STATUS.INFO_LENGTH_MISMATCH };
      const va = p.BaseAddress;
      return PspWithProcessAddressSpace(
        ps,
        caller,
        p.ProcessHandle,
        PROCESS_QUERY_INFORMATION,
        (_process, space): { status: NTSTATUS; value?: Out } => {
          if (cls === C.MemoryBasicInformation) {
            const r = space.queryVirtualMemory(va);
            if (!r.info) return { status: r.status };
            return { status: r.status, value: { MemoryInformation: r.info, ReturnLength: minimum } };
          }
          const inUserSpace = Number.isSafeInteger(va) && va >= 0 && va <= MM_HIGHEST_USER_ADDRESS;
          const vad = inUserSpace ? space.findVad(pageAlignDown(va)) : null;
          if (cls === C.MemoryImageInformation) {
            if (!vad) return { status: STATUS.INVALID_ADDRESS };
            const image = vad.type === 'image' ? vad.section?.image : null;
            const info: MEMORY_IMAGE_INFORMATION = image
              ? { ImageBase: vad.start, SizeOfImage: image.image.optionalHeader.SizeOfImage, ImageFlags: 0 }
              : { ImageBase: 0, SizeOfImage: 0, ImageFlags: 0 };
            return { status: STATUS.SUCCESS, value: { MemoryInformation: info, ReturnLength: minimum } };
          }
          if (!vad) return { status: STATUS.INVALID_ADDRESS };
          const opened =
            vad.type !== 'private' && vad.section ? ps.sectionFileNames.get(vad.section) : undefined;
          if (!opened) return { status: STATUS.FILE_INVALID };
          const name = deviceName(ps, opened);
          const text: UNICODE_STRING = {
            Length: name.length * 2,
            MaximumLength: name.length * 2 + 2,
            Buffer: name,
          };
          const needed = SIZEOF_UNICODE_STRING + text.MaximumLength;
          if (length !== undefined && length < needed)
            return { status: STATUS.BUFFER_OVERFLOW, value: { ReturnLength: needed } };
          return { status: STATUS.SUCCESS, value: { MemoryInformation: text, ReturnLength: needed } };
        },
        { readOnly: true },
      );
    },
  );
  return { status: out.status, ...(out.value ?? {}) };
}

/** The file's name with the device (`\Device\HarddiskVolume3\…`), as the object manager resolves it. */
function deviceName(ps: PsSystem, ntPath: string): string {
  const r = ps.deps.ob.namespace.lookup(ntPath);
  return r.status === STATUS.SUCCESS ? r.resolvedPath : ntPath;
}
