import { STATUS, type NTSTATUS } from '../../base/index.js';
import { readRelocations, type PeImage } from '../../pe/index.js';
import type { UserThreadContext } from './context.js';
import { LdrpUnprotect } from './protect.js';

const IMAGE_REL_BASED_ABSOLUTE = 0;
const IMAGE_REL_BASED_HIGH = 1;
const IMAGE_REL_BASED_LOW = 2;
const IMAGE_REL_BASED_HIGHLOW = 3;
const IMAGE_REL_BASED_DIR64 = 10;

/**
 * LdrRelocateImageWithBias: applies the image's base relocations to this process's view, which
 * the memory manager put `delta` bytes away from the base its section was prepared for
 * (STATUS_IMAGE_NOT_AT_BASE), then records the new base in the mapped OptionalHeader.ImageBase.
 * Each block's page is made writable around its fixups (LdrpSetProtection). An unknown fixup type
 * STATUS_INVALID_IMAGE_FORMAT (ReactOS sdk/lib/rtl/image.c LdrProcessRelocationBlockLongLong).
 */
export function LdrRelocateImageWithBias(
  ctx: UserThreadContext,
  image: PeImage,
  base: number,
  delta: number,
): NTSTATUS {
  if (delta === 0) return STATUS.SUCCESS;
  let blocks;
  try {
    blocks = readRelocations(image);
  } catch {
    return STATUS.INVALID_IMAGE_FORMAT;
  }
  // No .reloc directory: nothing to fix (ReactOS LdrRelocateImageWithBias returns its success
  // status); an image that must not move says so with IMAGE_FILE_RELOCS_STRIPPED, and the memory
  // manager then refuses to map it elsewhere.
  if (!blocks) return STATUS.SUCCESS;
  const m = ctx.memory;
  const d = BigInt(delta);
  for (const block of blocks) {
    const page = base + block.VirtualAddress;
    const restore = LdrpUnprotect(ctx, page, 0x1000);
    try {
      for (const word of block.entries) {
        const type = word >>> 12;
        const at = page + (word & 0xfff);
        switch (type) {
          case IMAGE_REL_BASED_ABSOLUTE:
            break;
          case IMAGE_REL_BASED_DIR64:
            m.writeU64(at, BigInt.asUintN(64, m.u64(at) + d));
            break;
          case IMAGE_REL_BASED_HIGHLOW:
            m.writeU32(at, (m.u32(at) + Number(BigInt.asIntN(32, d))) >>> 0);
            break;
          case IMAGE_REL_BASED_HIGH:
            m.writeU16(at, (m.u16(at) + Number((d >> 16n) & 0xffffn)) & 0xffff);
            break;
          case IMAGE_REL_BASED_LOW:
            m.writeU16(at, (m.u16(at) + Number(d & 0xffffn)) & 0xffff);
            break;
          default:
            return STATUS.INVALID_IMAGE_FORMAT;
        }
      }
    } finally {
      restore();
    }
  }
  // OptionalHeader.ImageBase of the mapped headers: the loader records where the image now is.
  const at = base + image.ntHeadersOffset + 24 + (image.is64 ? 24 : 28);
  const restore = LdrpUnprotect(ctx, at, 8);
  if (image.is64) m.writeU64(at, base);
  else m.writeU32(at, base >>> 0);
  restore();
  return STATUS.SUCCESS;
}
