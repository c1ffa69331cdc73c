import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { AddressSpace } from './address-space.js';
import type { ImageControlArea } from './image-section.js';
import { fixupSize, relocatedValue } from './relocation.js';

/**
 * Applies an image's base relocations to the process's copy of a view moved by `delta` bytes from
 * the base its section was given — what the loader does after STATUS_IMAGE_NOT_AT_BASE
 * (LdrRelocateImageWithBias: for each fixup, read, add the delta, write back). The writes are the
 * loader's own (it makes the pages writable around them): each page touched becomes a private
 * copy-on-write copy in this process, and other processes keep the shared page.
 */
export function applyRelocations(
  as: AddressSpace,
  base: number,
  ca: ImageControlArea,
  delta: number,
): NTSTATUS {
  if (delta === 0) return STATUS.SUCCESS;
  const { status, fixups } = ca.fixups();
  if (status !== STATUS.SUCCESS) return status;
  const d = BigInt(delta);
  for (const f of fixups) {
    const size = fixupSize(f.type);
    const r = as.readVirtualMemory(base + f.rva, size);
    if (r.status !== STATUS.SUCCESS) return STATUS.INVALID_IMAGE_FORMAT;
    let original = 0n;
    for (let b = size - 1; b >= 0; b--) original = (original << 8n) | BigInt(r.bytes[b]!);
    const value = relocatedValue(f, original, d);
    const out = new Uint8Array(size);
    for (let b = 0; b < size; b++) out[b] = Number((value >> BigInt(8 * b)) & 0xffn);
    as.kernelWrite(base + f.rva, out);
  }
  return STATUS.SUCCESS;
}
