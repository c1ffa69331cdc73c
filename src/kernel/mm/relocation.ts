import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IMAGE_REL_BASED, type RelocationBlock } from '../../pe/index.js';

/** One base-relocation fixup of an image. */
export interface Fixup {
  rva: number;
  type: number;
  /** IMAGE_REL_BASED_HIGHADJ: the low 16 bits the following entry carries (signed). */
  adjust: number;
}

/** Bytes a fixup of `type` rewrites. */
export function fixupSize(type: number): number {
  switch (type) {
    case IMAGE_REL_BASED.DIR64:
      return 8;
    case IMAGE_REL_BASED.HIGHLOW:
      return 4;
    default:
      return 2;
  }
}

/**
 * The fixups of the .reloc blocks, as LdrProcessRelocationBlockLongLong walks them (Wine
 * dlls/ntdll/loader.c and ReactOS sdk/lib/rtl/image.c agree): ABSOLUTE entries pad, HIGHADJ takes
 * the next entry as its low half, and any other type than ABSOLUTE, HIGH, LOW, HIGHLOW, HIGHADJ and
 * DIR64 makes the image unrelocatable: STATUS_INVALID_IMAGE_FORMAT.
 */
export function collectFixups(blocks: readonly RelocationBlock[]): { status: NTSTATUS; fixups: Fixup[] } {
  const fixups: Fixup[] = [];
  for (const b of blocks) {
    const e = b.entries;
    for (let i = 0; i < e.length; i++) {
      const type = e[i]! >> 12;
      const rva = b.VirtualAddress + (e[i]! & 0xfff);
      switch (type) {
        case IMAGE_REL_BASED.ABSOLUTE:
          break;
        case IMAGE_REL_BASED.HIGH:
        case IMAGE_REL_BASED.LOW:
        case IMAGE_REL_BASED.HIGHLOW:
        case IMAGE_REL_BASED.DIR64:
          fixups.push({ rva, type, adjust: 0 });
          break;
        case IMAGE_REL_BASED.HIGHADJ: {
          if (i + 1 >= e.length) return { status: STATUS.INVALID_IMAGE_FORMAT, fixups: [] };
          const next = e[++i]!;
          fixups.push({ rva, type, adjust: next >= 0x8000 ? next - 0x10000 : next });
          break;
        }
        default:
          return { status: STATUS.INVALID_IMAGE_FORMAT, fixups: [] };
      }
    }
  }
  return { status: STATUS.SUCCESS, fixups };
}

const M16 = 0xffffn;
const M32 = 0xffffffffn;
const M64 = 0xffffffffffffffffn;

/** The value a fixup stores once the image moves by `delta` (`original` as read, unsigned). */
export function relocatedValue(f: Fixup, original: bigint, delta: bigint): bigint {
  switch (f.type) {
    case IMAGE_REL_BASED.DIR64:
      return (original + delta) & M64;
    case IMAGE_REL_BASED.HIGHLOW:
      return (original + delta) & M32;
    case IMAGE_REL_BASED.HIGH:
      return (original + ((delta >> 16n) & M16)) & M16;
    case IMAGE_REL_BASED.LOW:
      return (original + (delta & M16)) & M16;
    default: {
      // HIGHADJ: ((high << 16) + (SHORT)low + (LONG)delta + 0x8000) >> 16.
      const d32 = BigInt.asIntN(32, delta);
      const full = (original << 16n) + BigInt(f.adjust) + d32 + 0x8000n;
      return (full >> 16n) & M16;
    }
  }
}
