import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';
import { readThunks, type ImportedFunction } from './thunks.js';

/** IMAGE_DELAYLOAD_DESCRIPTOR (delayimp.h), with addresses as RVAs. */
export interface DelayImportDescriptor {
  dll: string;
  Attributes: number;
  DllNameRVA: number;
  ModuleHandleRVA: number;
  ImportAddressTableRVA: number;
  ImportNameTableRVA: number;
  BoundImportAddressTableRVA: number;
  UnloadInformationTableRVA: number;
  TimeDateStamp: number;
  functions: ImportedFunction[];
}

const DESCRIPTOR_SIZE = 32;
const MAX_DESCRIPTORS = 0x4000;

/**
 * The delay-load directory. Attributes bit 0 (dlattrRva) says the fields are RVAs; old (VC6-era)
 * images store VAs instead, which are turned into RVAs here. The array ends with a descriptor whose
 * DllNameRVA is 0, as __delayLoadHelper2's callers and pefile treat it.
 */
export function readDelayImports(image: PeImage): DelayImportDescriptor[] {
  return image.cached('delayImports', parseDelayImports);
}

function parseDelayImports(image: PeImage): DelayImportDescriptor[] {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.DELAY_IMPORT);
  const out: DelayImportDescriptor[] = [];
  if (dir.VirtualAddress !== 0) {
    for (let i = 0; ; i++) {
      const where = `IMAGE_DELAYLOAD_DESCRIPTOR[${i}]`;
      if (i >= MAX_DESCRIPTORS) throw malformed(where, 'too many delay-load descriptors (no terminator)');
      const at = dir.VirtualAddress + i * DESCRIPTOR_SIZE;
      if (image.extent(at) < DESCRIPTOR_SIZE)
        throw malformed(where, `the descriptor array at ${hexOff(dir.VirtualAddress)} has no terminator`);
      const dv = viewOf(image.read(at, DESCRIPTOR_SIZE, where));
      const attributes = dv.getUint32(0, true);
      const rvaBased = (attributes & 1) !== 0;
      const toRva = (v: number): number => {
        if (rvaBased || v === 0) return v;
        const rva = image.vaToRva(BigInt(v));
        if (rva < 0) throw malformed(where, `VA ${hexOff(v)} is outside the image`);
        return rva;
      };
      const nameField = dv.getUint32(4, true);
      if (nameField === 0) break;
      const d = {
        Attributes: attributes,
        DllNameRVA: toRva(nameField),
        ModuleHandleRVA: toRva(dv.getUint32(8, true)),
        ImportAddressTableRVA: toRva(dv.getUint32(12, true)),
        ImportNameTableRVA: toRva(dv.getUint32(16, true)),
        BoundImportAddressTableRVA: toRva(dv.getUint32(20, true)),
        UnloadInformationTableRVA: toRva(dv.getUint32(24, true)),
        TimeDateStamp: dv.getUint32(28, true),
      };
      const dll = image.cstring(d.DllNameRVA, `${where}.DllNameRVA`, 260);
      const functions =
        d.ImportNameTableRVA === 0
          ? []
          : readThunks(image, d.ImportNameTableRVA, `${where} (${dll}) name table`);
      out.push({ dll, ...d, functions });
    }
  }
  return out;
}
