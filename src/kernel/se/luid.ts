/**
 * LUIDs (locally unique identifiers): token ids, authentication ids (logon sessions), privilege
 * values. Windows' LUID is a 64-bit { LowPart, HighPart } pair (winnt.h); the model keeps it as a
 * non-negative integer, which is exact up to 2^53 — far more than a machine's life allocates.
 */
export type LUID = number;

/**
 * The logon sessions Windows reserves (winnt.h: SYSTEM_LUID { 0x3e7, 0 }, ANONYMOUS_LOGON_LUID
 * 0x3e6, LOCALSERVICE_LUID 0x3e5, NETWORKSERVICE_LUID 0x3e4, IUSER_LUID 0x3e3). mimikatz
 * `sekurlsa::logonpasswords` output shows the same ids: SYSTEM 999, LOCAL SERVICE 997,
 * NETWORK SERVICE 996, IUSR 995.
 */
export const SYSTEM_LUID: LUID = 0x3e7;
export const ANONYMOUS_LOGON_LUID: LUID = 0x3e6;
export const LOCALSERVICE_LUID: LUID = 0x3e5;
export const NETWORKSERVICE_LUID: LUID = 0x3e4;
export const IUSER_LUID: LUID = 0x3e3;

/**
 * ExAllocateLocallyUniqueId, injected: every token id, modified id and logon session the model
 * creates comes from one allocator, so a run is deterministic (ARCHITECTURE.md: no hidden state).
 */
export interface LuidAllocator {
  ExAllocateLocallyUniqueId(): LUID;
}

/**
 * A counter starting after the reserved LUIDs. The start (0x3e8) is the model's choice; a
 * WinDbg `!token` of the System process on Windows 10 shows Token ID 0x3eb and Modified ID 0x3ec,
 * i.e. the first allocations after SYSTEM_LUID, which this start reproduces in order of use.
 */
export function createLuidAllocator(first: LUID = SYSTEM_LUID + 1): LuidAllocator {
  let next = first;
  return {
    ExAllocateLocallyUniqueId(): LUID {
      return next++;
    },
  };
}

/** `(0,3e7)`: HighPart and LowPart in hex, as WinDbg's `!token` prints an Authentication ID. */
export function formatLuid(luid: LUID): string {
  const high = Math.floor(luid / 0x1_0000_0000);
  const low = luid % 0x1_0000_0000;
  return `(${high.toString(16)},${low.toString(16)})`;
}
