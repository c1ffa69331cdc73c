/**
 * Where objects live in kernel space. Ob asks an injected allocator for an address per allocation
 * (object with its headers, handle table, handle page) so that the console can show WinDbg-style
 * `ffffa50f…` addresses that are the same on every run. The memory manager may supply its own.
 */
export interface PoolAllocator {
  /** ExAllocatePoolWithTag: the address of `size` bytes (after the allocation's POOL_HEADER). */
  allocate(size: number, tag: string): bigint;
}

/** The x64 POOL_HEADER in front of every pool allocation (16 bytes). */
const POOL_HEADER_SIZE = 0x10n;

/**
 * A bump allocator: each allocation follows the previous one, 16-byte aligned, after a
 * POOL_HEADER. Deterministic by construction; nothing is ever reused (addresses stay unique in a
 * trace, which a real pool does not promise).
 */
export class SequentialPool implements PoolAllocator {
  private next: bigint;
  constructor(readonly base: bigint = 0xffffa50f00000000n) {
    this.next = base;
  }
  allocate(size: number, _tag: string): bigint {
    const address = this.next + POOL_HEADER_SIZE;
    this.next = (address + BigInt(size) + 0xfn) & ~0xfn;
    return address;
  }
}
