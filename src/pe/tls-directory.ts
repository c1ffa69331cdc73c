import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/** IMAGE_TLS_DIRECTORY32/64 (VAs as bigints), with the callback array resolved. */
export interface TlsDirectory {
  StartAddressOfRawData: bigint;
  EndAddressOfRawData: bigint;
  AddressOfIndex: bigint;
  AddressOfCallBacks: bigint;
  SizeOfZeroFill: number;
  Characteristics: number;
  /** Each callback: its VA as stored, its RVA (VA − ImageBase) and the file offset backing it. */
  callbacks: { va: bigint; rva: number; fileOffset: number | null }[];
}

const MAX_CALLBACKS = 0x1000;

/**
 * The TLS directory. LdrpCallTlsInitializers walks AddressOfCallBacks until a NULL entry, so the
 * array must be terminated inside the image; a callback VA outside the image is malformed.
 */
export function readTls(image: PeImage): TlsDirectory | null {
  return image.cached('tls', parseTls);
}

function parseTls(image: PeImage): TlsDirectory | null {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.TLS);
  let out: TlsDirectory | null = null;
  if (dir.VirtualAddress !== 0) {
    const w = image.is64 ? 8 : 4;
    const where = image.is64 ? 'IMAGE_TLS_DIRECTORY64' : 'IMAGE_TLS_DIRECTORY32';
    const dv = viewOf(image.read(dir.VirtualAddress, 4 * w + 8, where));
    const ptr = (o: number): bigint => (w === 8 ? dv.getBigUint64(o, true) : BigInt(dv.getUint32(o, true)));
    out = {
      StartAddressOfRawData: ptr(0),
      EndAddressOfRawData: ptr(w),
      AddressOfIndex: ptr(2 * w),
      AddressOfCallBacks: ptr(3 * w),
      SizeOfZeroFill: dv.getUint32(4 * w, true),
      Characteristics: dv.getUint32(4 * w + 4, true),
      callbacks: [],
    };
    if (out.AddressOfCallBacks !== 0n) {
      const arrayRva = image.vaToRva(out.AddressOfCallBacks);
      if (arrayRva < 0)
        throw malformed(
          `${where}.AddressOfCallBacks`,
          `VA 0x${out.AddressOfCallBacks.toString(16)} is outside the image`,
        );
      for (let i = 0; ; i++) {
        if (i >= MAX_CALLBACKS)
          throw malformed(`${where}.AddressOfCallBacks`, `more than ${MAX_CALLBACKS} callbacks`);
        const at = arrayRva + i * w;
        if (image.extent(at) < w)
          throw malformed(
            `${where}.AddressOfCallBacks`,
            `the callback array at RVA ${hexOff(arrayRva)} has no NULL terminator`,
          );
        const e = viewOf(image.read(at, w, `${where} callback[${i}]`));
        const va = w === 8 ? e.getBigUint64(0, true) : BigInt(e.getUint32(0, true));
        if (va === 0n) break;
        const rva = image.vaToRva(va);
        if (rva < 0)
          throw malformed(`${where} callback[${i}]`, `VA 0x${va.toString(16)} is outside the image`);
        out.callbacks.push({ va, rva, fileOffset: image.rvaToOffset(rva) });
      }
    }
  }
  return out;
}
