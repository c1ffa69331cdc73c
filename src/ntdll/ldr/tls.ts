import { readTls } from '../../pe/index.js';
import type { UserThreadContext } from './context.js';
import type { LdrGlobals, LdrModule } from './globals.js';
import { LdrpUnprotect } from './protect.js';

/** A VA stored in the image (relative to its preferred base) as an address in this process. */
function liveVa(module: LdrModule, va: bigint): number {
  return module.base + Number(va - module.image.optionalHeader.ImageBase);
}

/**
 * LdrpHandleTlsData for a module with a TLS directory: the next static TLS index goes into the
 * module's `_tls_index` (AddressOfIndex) and LDR_DATA_TABLE_ENTRY.TlsIndex, and the current
 * thread's ThreadLocalStoragePointer array gets a block for it — the template
 * [StartAddressOfRawData, EndAddressOfRawData) followed by SizeOfZeroFill zero bytes (Microsoft
 * Learn, PE format ".tls section"; Windows Vista and later also do this for DLLs loaded later).
 * Modules without TLS are left alone. Only the current thread's array is grown: the model's
 * processes run their loader on one thread.
 */
export function LdrpHandleTlsData(ctx: UserThreadContext, g: LdrGlobals, module: LdrModule): void {
  let tls;
  try {
    tls = readTls(module.image);
  } catch {
    return;
  }
  if (!tls) return;
  const m = ctx.memory;
  const index = g.nextTlsIndex++;
  module.tlsIndex = index;
  g.tlsModules[index] = module;
  m.writeU16(module.entry + g.offsets.entry.TlsIndex, index);
  if (tls.AddressOfIndex !== 0n) {
    const at = liveVa(module, tls.AddressOfIndex);
    const restore = LdrpUnprotect(ctx, at, 4);
    m.writeU32(at, index);
    restore();
  }
  const start = tls.StartAddressOfRawData ? liveVa(module, tls.StartAddressOfRawData) : 0;
  const end = tls.EndAddressOfRawData ? liveVa(module, tls.EndAddressOfRawData) : start;
  const rawSize = Math.max(0, end - start);
  const block = g.heap.allocate(ctx, rawSize + tls.SizeOfZeroFill);
  if (rawSize) m.write(block, m.read(start, rawSize));
  // The thread's ThreadLocalStoragePointer: a new, larger vector holding the old entries.
  const teb = ctx.teb;
  const slot = teb + g.offsets.teb.ThreadLocalStoragePointer;
  const old = m.ptr(slot);
  const vector = g.heap.allocate(ctx, 8 * (index + 1));
  if (old && index > 0) m.write(vector, m.read(old, 8 * index));
  m.writeU64(vector + 8 * index, block);
  m.writeU64(slot, vector);
}

/** The TLS callbacks' addresses in this process (AddressOfCallBacks, relocated to the view). */
export function tlsCallbacks(module: LdrModule): number[] {
  try {
    return (readTls(module.image)?.callbacks ?? []).map((c) => module.base + c.rva);
  } catch {
    return [];
  }
}
