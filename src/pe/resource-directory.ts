import { utf16le, viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY, RT } from './constants.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/** A resource leaf: type / name / language path and its IMAGE_RESOURCE_DATA_ENTRY. */
export interface ResourceEntry {
  type: number | string;
  name: number | string;
  language: number;
  /** RVA of the data. */
  OffsetToData: number;
  Size: number;
  CodePage: number;
}

const MAX_ENTRIES = 0x10000;
/** Directory entries visited in all: bounds trees whose directories share subdirectories. */
const MAX_VISITS = 0x40000;

/**
 * The resource tree: three levels (type, name, language) of IMAGE_RESOURCE_DIRECTORY with their
 * entries, offsets relative to the directory's start; the high bit of an entry's OffsetToData
 * marks a subdirectory and of its Name a UTF-16 name string (IMAGE_RESOURCE_DIR_STRING_U).
 * The resource APIs (LdrFindResource_U) descend exactly three levels, so deeper trees and loops
 * cannot arise here: a subdirectory at the leaf level is malformed.
 */
export function readResources(image: PeImage): ResourceEntry[] {
  return image.cached('resources', parseResources);
}

function parseResources(image: PeImage): ResourceEntry[] {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.RESOURCE);
  const out: ResourceEntry[] = [];
  if (dir.VirtualAddress !== 0 && dir.Size !== 0) {
    const base = dir.VirtualAddress;
    const where = 'IMAGE_RESOURCE_DIRECTORY';
    const name = (field: number): number | string => {
      if ((field & 0x80000000) === 0) return field & 0xffff;
      const at = base + (field & 0x7fffffff);
      const len = viewOf(image.read(at, 2, `${where} name`)).getUint16(0, true);
      return utf16le(image.read(at + 2, 2 * len, `${where} name`), 0, 2 * len);
    };
    const walk = (off: number, level: number, path: (number | string)[]): void => {
      const at = base + off;
      const hdr = viewOf(image.read(at, 16, `${where} at ${hexOff(at)}`));
      const count = hdr.getUint16(12, true) + hdr.getUint16(14, true);
      image.spend('resource directory entries', count, MAX_VISITS, where);
      const entries = viewOf(image.read(at + 16, 8 * count, `${where} entries at ${hexOff(at)}`));
      for (let i = 0; i < count; i++) {
        if (out.length > MAX_ENTRIES) throw malformed(where, 'too many resources');
        const id = name(entries.getUint32(8 * i, true));
        const target = entries.getUint32(8 * i + 4, true);
        const isDir = (target & 0x80000000) !== 0;
        if (isDir !== level < 2)
          throw malformed(
            where,
            `entry ${i} at level ${level} ${isDir ? 'is a directory' : 'is not a directory'}`,
          );
        if (isDir) walk(target & 0x7fffffff, level + 1, [...path, id]);
        else {
          const d = viewOf(image.read(base + target, 16, 'IMAGE_RESOURCE_DATA_ENTRY'));
          out.push({
            type: path[0]!,
            name: path[1]!,
            language: typeof id === 'number' ? id : 0,
            OffsetToData: d.getUint32(0, true),
            Size: d.getUint32(4, true),
            CodePage: d.getUint32(8, true),
          });
        }
      }
    };
    walk(0, 0, []);
  }
  return out;
}

/** The application manifest (RT_MANIFEST, id 1 for an exe, 2 for a DLL's isolation manifest…), as text. */
export function readManifest(image: PeImage): { id: number | string; text: string } | null {
  const entry = readResources(image).find((r) => r.type === RT.MANIFEST);
  if (!entry) return null;
  const bytes = image.read(entry.OffsetToData, Math.min(entry.Size, 1 << 20), 'RT_MANIFEST');
  let text = '';
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
  // Manifests are UTF-8; keep it simple and exact for ASCII, decode fully when needed.
  if (/[\x80-\xff]/.test(text)) text = new TextDecoder('utf-8').decode(bytes);
  return { id: entry.name, text: text.replace(/^\ufeff/, '') };
}
