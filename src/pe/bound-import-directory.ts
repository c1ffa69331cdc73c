import { latin1, viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/** IMAGE_BOUND_IMPORT_DESCRIPTOR with its IMAGE_BOUND_FORWARDER_REFs. */
export interface BoundImport {
  dll: string;
  TimeDateStamp: number;
  forwarderRefs: { dll: string; TimeDateStamp: number }[];
}

/**
 * The bound import directory lives in the headers and is addressed by file offset relative to its
 * own start: each descriptor {DWORD TimeDateStamp; WORD OffsetModuleName; WORD NumberOfModuleForwarderRefs}
 * is followed by its forwarder refs; the list ends with an all-zero descriptor.
 */
export function readBoundImports(image: PeImage): BoundImport[] {
  return image.cached('boundImports', parseBoundImports);
}

function parseBoundImports(image: PeImage): BoundImport[] {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.BOUND_IMPORT);
  const out: BoundImport[] = [];
  if (dir.VirtualAddress !== 0 && dir.Size !== 0) {
    const base = dir.VirtualAddress;
    if (base + dir.Size > image.source.size)
      throw malformed('IMAGE_BOUND_IMPORT_DESCRIPTOR[]', `directory at ${hexOff(base)} runs past the file`);
    const bytes = image.source.bytes(base, dir.Size);
    const dv = viewOf(bytes);
    const name = (off: number): string => {
      if (off >= bytes.length)
        throw malformed(
          'IMAGE_BOUND_IMPORT_DESCRIPTOR',
          `name offset ${hexOff(off)} is outside the directory`,
        );
      return latin1(bytes, off);
    };
    let o = 0;
    while (o + 8 <= bytes.length) {
      const ts = dv.getUint32(o, true);
      const nameOff = dv.getUint16(o + 4, true);
      const refs = dv.getUint16(o + 6, true);
      if (ts === 0 && nameOff === 0 && refs === 0) break;
      const entry: BoundImport = { dll: name(nameOff), TimeDateStamp: ts, forwarderRefs: [] };
      o += 8;
      for (let r = 0; r < refs; r++, o += 8) {
        if (o + 8 > bytes.length) throw malformed('IMAGE_BOUND_FORWARDER_REF', 'runs past the directory');
        entry.forwarderRefs.push({
          dll: name(dv.getUint16(o + 4, true)),
          TimeDateStamp: dv.getUint32(o, true),
        });
      }
      out.push(entry);
    }
  }
  return out;
}
