import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  isValidProtection,
  MEM,
  MM_ALLOCATION_GRANULARITY,
  MM_HIGHEST_USER_ADDRESS,
  MM_HIGHEST_VAD_ADDRESS,
  MmMakeSectionAccess,
  MmMapViewOfSection,
  MmUnmapViewOfSection,
  SEC,
  type Section,
} from '../mm/index.js';
import { KernelMode, ObDereferenceObject } from '../ob/index.js';
import type { PeImage } from '../../pe/index.js';
import { PROCESS_VM_OPERATION } from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import { PspWithProcessAddressSpace } from './process-memory.js';
import type { PsSystem } from './ps-system.js';
import { PspCheckSecureImageMapping } from './secure-process.js';
import { MiValidateSectionSigningLevel } from './protected-image.js';
import { DbgkMapViewOfSection, DbgkUnMapViewOfSection } from './dbgk.js';

/** SECTION_INHERIT (wdm.h). */
export const ViewShare = 1;
export const ViewUnmap = 2;
/** NtMapViewOfSection AllocationType bits besides MEM_* (winnt.h). */
export const MEM_DOS_LIM = 0x40000000;
/** ReactOS MI_MAX_ZERO_BITS: the most ZeroBits a view may ask for. */
const MI_MAX_ZERO_BITS = 21;
const VALID_ALLOCATION_TYPE = MEM.TOP_DOWN | MEM.LARGE_PAGES | MEM_DOS_LIM | SEC.NO_CHANGE | MEM.RESERVE;

export interface NtMapViewOfSectionParameters {
  SectionHandle: number;
  ProcessHandle: number;
  /** In: where to map (0: the memory manager chooses); 64 KB-aligned. */
  BaseAddress?: number;
  ZeroBits?: number;
  /** Of a SEC_RESERVE section's view: the bytes committed at once. */
  CommitSize?: number;
  /** LARGE_INTEGER: the offset in a data section (64 KB-aligned). Image views ignore it. */
  SectionOffset?: number | bigint | null;
  /** In: bytes to map, 0 for the rest of the section. Image views map the whole image. */
  ViewSize?: number;
  /** ViewShare (1) or ViewUnmap (2). */
  InheritDisposition: number;
  AllocationType?: number;
  /** PAGE_* of a data view; for an image view only checked and turned into the rights asked. */
  Win32Protect: number;
}

export interface NtMapViewOfSectionOut {
  status: NTSTATUS;
  BaseAddress?: number;
  ViewSize?: number;
  SectionOffset?: number;
  /**
   * Model extension, for image views: the image control area's parsed PeImage — the shared,
   * unmodified image pages, parsed once; the loader reads headers and tables from it instead of
   * copying them out of the view page by page. (The view's own bytes, relocated or not, are still
   * the truth for anything the process may have written.)
   */
  SectionImage?: PeImage;
}

/** `value << bits` is still `value` in 64 bits: the ZeroBits test of ReactOS NtMapViewOfSection. */
function fitsZeroBits(value: number, bits: number): boolean {
  const v = BigInt(value);
  return BigInt.asUintN(64, v << BigInt(bits)) >> BigInt(bits) === v;
}

/**
 * NtMapViewOfSection (ReactOS ntoskrnl/mm/ARM3/section.c NtMapViewOfSection and
 * MmMapViewOfArm3Section; ReactOS apitest NtMapViewOfSection, run on Windows), in Windows' order:
 * InheritDisposition other than ViewShare/ViewUnmap → STATUS_INVALID_PARAMETER_8; AllocationType
 * outside MEM_TOP_DOWN | MEM_LARGE_PAGES | MEM_DOS_LIM | SEC_NO_CHANGE | MEM_RESERVE (MEM_COMMIT
 * included) → _9; Win32Protect not one protection → STATUS_INVALID_PAGE_PROTECTION; BaseAddress past
 * the VAD area, or a ViewSize reaching it → _3; ZeroBits above 21, or a base that does not fit them
 * → _4. Then the process handle needs PROCESS_VM_OPERATION and the section handle the rights the
 * protection implies (MmMakeSectionAccess: PAGE_READWRITE needs SECTION_MAP_WRITE, PAGE_EXECUTE_*
 * SECTION_MAP_EXECUTE, …). A base or section offset not on 64 KB is STATUS_MAPPED_ALIGNMENT (unless
 * MEM_DOS_LIM). MEM_RESERVE views are not modelled (STATUS_INVALID_PARAMETER_9, as Windows answers
 * for page-file-backed sections). Data views: CommitSize past ViewSize → _5; the view must lie in the
 * section (STATUS_INVALID_VIEW_SIZE) and ask no more than the section allows
 * (STATUS_SECTION_PROTECTION). Image views go at the section's base for this boot, or elsewhere
 * with STATUS_IMAGE_NOT_AT_BASE (an informational success: the out values are written), and the
 * load-image notify routines are told (PsCallImageNotifyRoutines: the section's file name, the
 * target process id, the view). ZeroBits is checked, not used for placement; SEC_NO_CHANGE and
 * MEM_LARGE_PAGES are accepted and ignored; MEM_DOS_LIM passes this check, but the model's memory
 * manager still places views on 64 KB (STATUS_MAPPED_ALIGNMENT).
 */
export function NtMapViewOfSection(
  ps: PsSystem,
  caller: PsCaller,
  p: NtMapViewOfSectionParameters,
): NtMapViewOfSectionOut {
  const { ob, mm, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtMapViewOfSection',
      channel: 'mm',
      args: {
        SectionHandle: p.SectionHandle,
        ProcessHandle: p.ProcessHandle,
        BaseAddress: p.BaseAddress ?? 0,
        ViewSize: p.ViewSize ?? 0,
        Win32Protect: p.Win32Protect,
      },
    },
    (): { status: NTSTATUS; value?: NtMapViewOfSectionOut; result?: number } => {
      const base = p.BaseAddress ?? 0;
      const viewSize = p.ViewSize ?? 0;
      const offset = p.SectionOffset === undefined || p.SectionOffset === null ? 0 : Number(p.SectionOffset);
      const zeroBits = p.ZeroBits ?? 0;
      const allocationType = (p.AllocationType ?? 0) >>> 0;
      const protect = p.Win32Protect >>> 0;
      if (p.InheritDisposition !== ViewShare && p.InheritDisposition !== ViewUnmap)
        return { status: STATUS.INVALID_PARAMETER_8 };
      if (allocationType & ~VALID_ALLOCATION_TYPE) return { status: STATUS.INVALID_PARAMETER_9 };
      if (!isValidProtection(protect)) return { status: STATUS.INVALID_PAGE_PROTECTION };
      if (!Number.isSafeInteger(base) || base < 0 || base > MM_HIGHEST_VAD_ADDRESS)
        return { status: STATUS.INVALID_PARAMETER_3 };
      if (!Number.isSafeInteger(viewSize) || viewSize < 0 || MM_HIGHEST_VAD_ADDRESS - base < viewSize)
        return { status: STATUS.INVALID_PARAMETER_3 };
      if (zeroBits) {
        if (!Number.isInteger(zeroBits) || zeroBits < 0 || zeroBits > MI_MAX_ZERO_BITS)
          return { status: STATUS.INVALID_PARAMETER_4 };
        if (!fitsZeroBits(base, zeroBits) || !fitsZeroBits(base + viewSize, zeroBits))
          return { status: STATUS.INVALID_PARAMETER_4 };
      }
      return PspWithProcessAddressSpace(
        ps,
        caller,
        p.ProcessHandle,
        PROCESS_VM_OPERATION,
        (process, space) => {
          const ref = PspReferenceObjectByHandle<Section>(
            ps,
            caller,
            p.SectionHandle,
            MmMakeSectionAccess(protect),
            ps.sectionType.typeInfo,
          );
          if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
          const section = ref.object!;
          try {
            if (!(allocationType & MEM_DOS_LIM)) {
              if (base % MM_ALLOCATION_GRANULARITY !== 0) return { status: STATUS.MAPPED_ALIGNMENT };
              if (
                !Number.isSafeInteger(offset) ||
                offset < 0 ||
                (offset >>> 0) % MM_ALLOCATION_GRANULARITY !== 0
              )
                return { status: STATUS.MAPPED_ALIGNMENT };
            }
            if (allocationType & MEM.RESERVE) return { status: STATUS.INVALID_PARAMETER_9 };
            const image = section.image;
            if (!image && (p.CommitSize ?? 0) > (viewSize || section.size - offset))
              return { status: STATUS.INVALID_PARAMETER_5 };
            // A trustlet maps IUM-approved DLLs only (secure-process.ts).
            const secure = image
              ? PspCheckSecureImageMapping(process, ps.sectionFileNames.get(section) ?? '', false)
              : STATUS.SUCCESS;
            if (secure !== STATUS.SUCCESS) return { status: secure };
            // The DLL-load gate of a protected process (protected-image.ts).
            const signed = image
              ? MiValidateSectionSigningLevel(ps, process, section, ps.sectionFileNames.get(section) ?? '')
              : STATUS.SUCCESS;
            if (signed !== STATUS.SUCCESS) return { status: signed };
            const r = MmMapViewOfSection(mm, section, space, {
              baseAddress: base,
              viewSize,
              sectionOffset: image ? 0 : offset,
              protect,
              allocationType,
              commitSize: p.CommitSize ?? 0,
            });
            if (!r.view) return { status: r.status };
            const view = r.view;
            const value: NtMapViewOfSectionOut = {
              status: r.status,
              BaseAddress: view.baseAddress,
              ViewSize: view.viewSize,
            };
            if (!image) value.SectionOffset = offset;
            else {
              value.SectionImage = image.image;
              // PsCallImageNotifyRoutines (Microsoft Learn PsSetLoadImageNotifyRoutine: called when an
              // image is mapped, with the process's id), as create-process.ts does for the exe and ntdll.
              const name = ps.sectionFileNames.get(section) ?? '';
              for (const routine of ps.notify.loadImage.routines)
                routine(name, process.UniqueProcessId, {
                  ImageBase: view.baseAddress,
                  ImageSize: view.viewSize,
                  SystemModeImage: false,
                });
              // DbgkMapViewOfSection: a debugged process's own image mappings are load-DLL messages.
              DbgkMapViewOfSection(ps, process, caller, section, view.baseAddress);
            }
            return { status: r.status, value, result: view.baseAddress };
          } finally {
            ObDereferenceObject(ob, ref.header!);
          }
        },
      );
    },
  );
  return out.value ?? { status: out.status };
}

/**
 * NtUnmapViewOfSection (ReactOS NtUnmapViewOfSection, MiUnmapViewOfSection): from user mode an
 * address above MM_HIGHEST_USER_ADDRESS is STATUS_NOT_MAPPED_VIEW before the handle is looked at;
 * the process handle needs PROCESS_VM_OPERATION; the view holding BaseAddress (any address in it)
 * goes — none there, or private memory, is STATUS_NOT_MAPPED_VIEW.
 */
export function NtUnmapViewOfSection(
  ps: PsSystem,
  caller: PsCaller,
  p: { ProcessHandle: number; BaseAddress: number },
): { status: NTSTATUS } {
  return ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtUnmapViewOfSection',
      channel: 'mm',
      args: { ProcessHandle: p.ProcessHandle, BaseAddress: p.BaseAddress },
    },
    () => {
      const va = p.BaseAddress;
      if (
        caller.previousMode !== KernelMode &&
        (!Number.isSafeInteger(va) || va < 0 || va > MM_HIGHEST_USER_ADDRESS)
      )
        return { status: STATUS.NOT_MAPPED_VIEW };
      return PspWithProcessAddressSpace(
        ps,
        caller,
        p.ProcessHandle,
        PROCESS_VM_OPERATION,
        (process, space) => {
          const vad = space.findVad(va);
          const imageBase = vad?.section?.isImage === true ? vad.start : 0;
          const status = MmUnmapViewOfSection(space, va);
          // DbgkUnMapViewOfSection: the debugged process's own image unmappings (FreeLibrary).
          if (status === STATUS.SUCCESS && imageBase) DbgkUnMapViewOfSection(ps, process, caller, imageBase);
          return { status };
        },
      );
    },
  );
}
