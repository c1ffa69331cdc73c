import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { malformed } from './image-error.js';

/**
 * IMAGE_LOAD_CONFIG_DIRECTORY32/64 (winnt.h). The structure grew over the years; its first field,
 * Size, says how much of it the image has, and fields past Size read as absent (undefined).
 */
export interface LoadConfigDirectory {
  Size: number;
  TimeDateStamp: number;
  MajorVersion: number;
  MinorVersion: number;
  GlobalFlagsClear: number;
  GlobalFlagsSet: number;
  CriticalSectionDefaultTimeout: number;
  ProcessHeapFlags: number | undefined;
  CSDVersion: number | undefined;
  /** LOAD_LIBRARY_SEARCH_* flags the loader applies to this image's static imports. */
  DependentLoadFlags: number | undefined;
  SecurityCookie: bigint | undefined;
  SEHandlerTable: bigint | undefined;
  SEHandlerCount: bigint | undefined;
  GuardCFCheckFunctionPointer: bigint | undefined;
  GuardCFDispatchFunctionPointer: bigint | undefined;
  GuardCFFunctionTable: bigint | undefined;
  GuardCFFunctionCount: bigint | undefined;
  /** IMAGE_GUARD_* flags. */
  GuardFlags: number | undefined;
  CHPEMetadataPointer: bigint | undefined;
  VolatileMetadataPointer: bigint | undefined;
  GuardEHContinuationTable: bigint | undefined;
  GuardEHContinuationCount: bigint | undefined;
}

/** Field offsets: [PE32, PE32+] (winnt.h layouts; x64 swaps ProcessAffinityMask/ProcessHeapFlags). */
const OFF = {
  ProcessHeapFlags: [44, 72],
  CSDVersion: [52, 76],
  DependentLoadFlags: [54, 78],
  SecurityCookie: [60, 88],
  SEHandlerTable: [64, 96],
  SEHandlerCount: [68, 104],
  GuardCFCheckFunctionPointer: [72, 112],
  GuardCFDispatchFunctionPointer: [76, 120],
  GuardCFFunctionTable: [80, 128],
  GuardCFFunctionCount: [84, 136],
  GuardFlags: [88, 144],
  CHPEMetadataPointer: [124, 200],
  VolatileMetadataPointer: [160, 256],
  GuardEHContinuationTable: [164, 264],
  GuardEHContinuationCount: [168, 272],
} as const;

export function readLoadConfig(image: PeImage): LoadConfigDirectory | null {
  return image.cached('loadConfig', parseLoadConfig);
}

function parseLoadConfig(image: PeImage): LoadConfigDirectory | null {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.LOAD_CONFIG);
  let out: LoadConfigDirectory | null = null;
  if (dir.VirtualAddress !== 0) {
    const where = 'IMAGE_LOAD_CONFIG_DIRECTORY';
    const size = viewOf(image.read(dir.VirtualAddress, 4, where)).getUint32(0, true);
    if (size < 24 || size > 0x10000) throw malformed(`${where}.Size`, `${size} is not a plausible size`);
    const dv = viewOf(image.read(dir.VirtualAddress, size, where));
    const k = image.is64 ? 1 : 0;
    const has = (o: number, w: number): boolean => o + w <= size;
    const u16 = (f: keyof typeof OFF): number | undefined =>
      has(OFF[f][k], 2) ? dv.getUint16(OFF[f][k], true) : undefined;
    const u32 = (f: keyof typeof OFF): number | undefined =>
      has(OFF[f][k], 4) ? dv.getUint32(OFF[f][k], true) : undefined;
    const ptr = (f: keyof typeof OFF): bigint | undefined => {
      const o = OFF[f][k];
      if (!has(o, k ? 8 : 4)) return undefined;
      return k ? dv.getBigUint64(o, true) : BigInt(dv.getUint32(o, true));
    };
    out = {
      Size: size,
      TimeDateStamp: dv.getUint32(4, true),
      MajorVersion: dv.getUint16(8, true),
      MinorVersion: dv.getUint16(10, true),
      GlobalFlagsClear: dv.getUint32(12, true),
      GlobalFlagsSet: dv.getUint32(16, true),
      CriticalSectionDefaultTimeout: dv.getUint32(20, true),
      ProcessHeapFlags: u32('ProcessHeapFlags'),
      CSDVersion: u16('CSDVersion'),
      DependentLoadFlags: u16('DependentLoadFlags'),
      SecurityCookie: ptr('SecurityCookie'),
      SEHandlerTable: ptr('SEHandlerTable'),
      SEHandlerCount: ptr('SEHandlerCount'),
      GuardCFCheckFunctionPointer: ptr('GuardCFCheckFunctionPointer'),
      GuardCFDispatchFunctionPointer: ptr('GuardCFDispatchFunctionPointer'),
      GuardCFFunctionTable: ptr('GuardCFFunctionTable'),
      GuardCFFunctionCount: ptr('GuardCFFunctionCount'),
      GuardFlags: u32('GuardFlags'),
      CHPEMetadataPointer: ptr('CHPEMetadataPointer'),
      VolatileMetadataPointer: ptr('VolatileMetadataPointer'),
      GuardEHContinuationTable: ptr('GuardEHContinuationTable'),
      GuardEHContinuationCount: ptr('GuardEHContinuationCount'),
    };
  }
  return out;
}
