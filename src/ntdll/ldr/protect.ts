import { NtStatusError, STATUS } from '../../base/index.js';
import { NtCurrentProcess, type UserThreadContext } from './context.js';

export const PAGE_READWRITE = 0x04;

/**
 * Makes [va, va + size) writable for the loader's own writes (IAT snapping, relocation) and
 * returns the function that puts the old protection back — NtProtectVirtualMemory twice, as
 * LdrpSnapModule / LdrpSetProtection do around their writes.
 */
export function LdrpUnprotect(ctx: UserThreadContext, va: number, size: number): () => void {
  const r = ctx.nt.NtProtectVirtualMemory({
    ProcessHandle: NtCurrentProcess,
    BaseAddress: va,
    RegionSize: size,
    NewProtect: PAGE_READWRITE,
  });
  if (r.status !== STATUS.SUCCESS) throw new NtStatusError(r.status, 'LdrpUnprotect: NtProtectVirtualMemory');
  const old = Number(r.out!.OldProtect);
  return () => {
    if (old === PAGE_READWRITE) return;
    ctx.nt.NtProtectVirtualMemory({
      ProcessHandle: NtCurrentProcess,
      BaseAddress: va,
      RegionSize: size,
      NewProtect: old,
    });
  };
}
