import { MM_ALLOCATION_GRANULARITY as GRAIN, MM_HIGHEST_VAD_ADDRESS } from './constants.js';
import type { ImageControlArea } from './image-section.js';

/**
 * Image randomization, once per boot (Windows Internals 7 ch. 5, "Address Space Layout
 * Randomization" → "Image randomization"):
 * - DLLs: a per-boot *image bias* (MiInitializeRelocations) picks where, from the top of a bitmap of
 *   64 KB units, the first DLL goes; each new image section takes the next free units below (the
 *   bitmap is scanned top-down), and keeps that base in every process until the section goes. The
 *   19041 MI_SECTION_STATE holds ImageBitMapNative/ImageBiasNative (64-bit), ImageBitMap64Low/
 *   ImageBias64Low and the WOW bitmap (public PDB dumps of _MI_SECTION_STATE).
 * - EXEs: a random delta per image section, ((TSC >> 4) % 254 + 1) × 64 KB above the preferred base
 *   — or, for a 64-bit high-entropy EXE, a random 64 KB-aligned base in the 8 GB below the DLLs.
 *
 * Ranges: the 32-bit DLL bitmap covers 0x50000000–0x78000000 (Windows Internals). For 64-bit
 * high-entropy images, "Exploit Mitigation Improvements in Windows 8" (Johnson & Miller, Black Hat
 * 2012) gives 19 bits of entropy for DLLs and 17 for EXEs, i.e. 32 GB and 8 GB of 64 KB units; where
 * real Windows 10 puts them (cmd.exe at 0x7ff7`b6da0000, ntdll at 0x7ffa`e7b50000 in public `!peb`
 * transcripts, ../shared/reference/internals.md §11) places them at 0x7FF8'0000'0000–top of user
 * space and 0x7FF6'0000'0000–0x7FF8'0000'0000. 64-bit DLLs without HIGH_ENTROPY_VA stay below 4 GB:
 * here they share the 32-bit range, in a bitmap of their own (ImageBitMap64Low). The randomness is
 * the injected `nextU32` (the TSC in Windows), so a seed gives the same layout every run.
 */
export const DLL_HIGH_ENTROPY_RANGE = { low: 0x7ff800000000, high: MM_HIGHEST_VAD_ADDRESS + 1 - GRAIN };
export const EXE_HIGH_ENTROPY_RANGE = { low: 0x7ff600000000, high: 0x7ff800000000 };
export const DLL_32BIT_RANGE = { low: 0x50000000, high: 0x78000000 };

/** RTL_BITMAP of 64 KB units over [low, high), allocated top-down from `high − bias`. */
export class ImageBitmap {
  private readonly bits: Uint8Array;
  readonly units: number;
  /** The next search starts just below this unit. */
  private cursor: number;
  constructor(
    readonly low: number,
    readonly high: number,
    /** The image bias, in units below the top. */
    readonly bias: number,
  ) {
    this.units = Math.floor((high - low) / GRAIN);
    this.bits = new Uint8Array(Math.ceil(this.units / 8));
    this.cursor = this.units - (bias % this.units);
  }
  private used(i: number): boolean {
    return (this.bits[i >> 3]! & (1 << (i & 7))) !== 0;
  }
  private mark(i: number, n: number, on: boolean): void {
    for (let k = i; k < i + n; k++)
      if (on) this.bits[k >> 3]! |= 1 << (k & 7);
      else this.bits[k >> 3]! &= ~(1 << (k & 7));
  }
  /** The highest free run of `n` units below the cursor (wrapping to the top): its address. */
  allocate(n: number): number | null {
    const scan = (top: number, bottom: number): number => {
      let run = 0;
      for (let j = top - 1; j >= bottom; j--) {
        run = this.used(j) ? 0 : run + 1;
        if (run === n) return j;
      }
      return -1;
    };
    let at = scan(this.cursor, 0);
    if (at < 0) at = scan(this.units, Math.max(0, this.cursor - n + 1));
    if (at < 0) return null;
    this.mark(at, n, true);
    this.cursor = at;
    return this.low + at * GRAIN;
  }
  release(base: number, n: number): void {
    const i = Math.floor((base - this.low) / GRAIN);
    if (i >= 0 && i + n <= this.units) this.mark(i, n, false);
  }
}

/** The ASLR part of MI_SECTION_STATE: the bitmaps and their biases, made at boot. */
export class MiSectionState {
  readonly native: ImageBitmap;
  readonly low64: ImageBitmap;
  readonly wow: ImageBitmap;
  constructor(readonly nextU32: () => number) {
    const nativeUnits = (DLL_HIGH_ENTROPY_RANGE.high - DLL_HIGH_ENTROPY_RANGE.low) / GRAIN;
    // MiInitializeRelocations: 8 bits of bias for the 32-bit bitmaps, the whole bitmap for 64-bit.
    this.native = new ImageBitmap(
      DLL_HIGH_ENTROPY_RANGE.low,
      DLL_HIGH_ENTROPY_RANGE.high,
      nextU32() % nativeUnits,
    );
    this.low64 = new ImageBitmap(DLL_32BIT_RANGE.low, DLL_32BIT_RANGE.high, nextU32() % 256);
    this.wow = new ImageBitmap(DLL_32BIT_RANGE.low, DLL_32BIT_RANGE.high, nextU32() % 256);
  }
}

/** How an image section's base was chosen, for traces and the console. */
export type ImageBaseChoice = 'preferred' | 'exe-high-entropy' | 'exe-delta' | 'dll-bitmap';

/**
 * MiSelectImageBase: the base an image section gets for this boot. Images without DYNAMIC_BASE, or
 * that cannot be relocated (IMAGE_FILE_RELOCS_STRIPPED), keep their preferred base ("Any image file
 * that has specified ASLR support in its PE header … and contains a relocation section will be
 * processed by ASLR", Windows Internals).
 */
export function MiSelectImageBase(
  state: MiSectionState,
  ca: ImageControlArea,
): { base: number; choice: ImageBaseChoice } {
  if (!ca.dynamicBase || !ca.relocatable) return { base: ca.preferredBase, choice: 'preferred' };
  const units = Math.ceil(ca.size / GRAIN);
  const exeDelta = (): number => {
    const delta = ((state.nextU32() % 254) + 1) * GRAIN;
    const limit = ca.is64 ? MM_HIGHEST_VAD_ADDRESS + 1 : 0x80000000;
    return ca.preferredBase + delta + ca.size <= limit ? ca.preferredBase + delta : ca.preferredBase - delta;
  };
  if (!ca.isDll) {
    if (ca.is64 && ca.highEntropy) {
      const r = EXE_HIGH_ENTROPY_RANGE;
      const slots = (r.high - r.low) / GRAIN - units + 1;
      return { base: r.low + (state.nextU32() % slots) * GRAIN, choice: 'exe-high-entropy' };
    }
    return { base: exeDelta(), choice: 'exe-delta' };
  }
  const bitmap = ca.is64 ? (ca.highEntropy ? state.native : state.low64) : state.wow;
  const base = bitmap.allocate(units);
  // "If no free space is available in the bitmap … the DLL relocation code defaults back to the
  // executable case" (Windows Internals).
  return base === null ? { base: exeDelta(), choice: 'exe-delta' } : { base, choice: 'dll-bitmap' };
}
