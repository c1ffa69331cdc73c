import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';

/** IMAGE_COR20_HEADER: present in .NET assemblies (the COM descriptor directory). */
export interface ClrHeader {
  cb: number;
  MajorRuntimeVersion: number;
  MinorRuntimeVersion: number;
  MetaData: { VirtualAddress: number; Size: number };
  /** COMIMAGE_FLAGS_* (ILONLY 0x1, 32BITREQUIRED 0x2, STRONGNAMESIGNED 0x8, …). */
  Flags: number;
  EntryPointToken: number;
}

export function readClrHeader(image: PeImage): ClrHeader | null {
  return image.cached('clr', parseClrHeader);
}

function parseClrHeader(image: PeImage): ClrHeader | null {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.COM_DESCRIPTOR);
  let out: ClrHeader | null = null;
  if (dir.VirtualAddress !== 0) {
    const dv = viewOf(image.read(dir.VirtualAddress, 24, 'IMAGE_COR20_HEADER'));
    out = {
      cb: dv.getUint32(0, true),
      MajorRuntimeVersion: dv.getUint16(4, true),
      MinorRuntimeVersion: dv.getUint16(6, true),
      MetaData: { VirtualAddress: dv.getUint32(8, true), Size: dv.getUint32(12, true) },
      Flags: dv.getUint32(16, true),
      EntryPointToken: dv.getUint32(20, true),
    };
  }
  return out;
}
