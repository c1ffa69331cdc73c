import type { LayoutTable } from '../../base/index.js';
import type { UserMemory } from './context.js';
import { walkList } from './lists.js';
import { ldrOffsets } from './offsets.js';

/** One LDR_DATA_TABLE_ENTRY as read back from process memory. */
export interface LdrEntryView {
  entry: number;
  base: number;
  size: number;
  entryPoint: number;
  fullDllName: string;
  baseDllName: string;
  flags: number;
  loadReason: number;
  tlsIndex: number;
  referenceCount: number;
  ddagNode: number;
  loadCount: number;
  ddagState: number;
}

export interface PebLdrView {
  ldr: number;
  initialized: boolean;
  inLoadOrder: LdrEntryView[];
  inMemoryOrder: LdrEntryView[];
  inInitializationOrder: LdrEntryView[];
}

function str(m: UserMemory, at: number): string {
  const length = m.u16(at);
  const buffer = m.ptr(at + 8);
  return length && buffer ? m.readUtf16(buffer, length) : '';
}

/**
 * PEB.Ldr's three module lists read from process memory, as a debugger (`!peb`, `lm`, `!dlls`) or
 * a user-mode module walker reads them: each list's links lead to the LDR_DATA_TABLE_ENTRY at the
 * list field's offset back. Null when the process has no PEB_LDR_DATA yet.
 */
export function readPebLdr(m: UserMemory, layout: LayoutTable, peb: number): PebLdrView | null {
  const o = ldrOffsets(layout);
  const ldr = m.ptr(peb + o.peb.Ldr);
  if (!ldr) return null;
  const entry = (at: number): LdrEntryView => {
    const e = o.entry;
    const ddag = m.ptr(at + e.DdagNode);
    return {
      entry: at,
      base: m.ptr(at + e.DllBase),
      size: m.u32(at + e.SizeOfImage),
      entryPoint: m.ptr(at + e.EntryPoint),
      fullDllName: str(m, at + e.FullDllName),
      baseDllName: str(m, at + e.BaseDllName),
      flags: m.u32(at + e.Flags),
      loadReason: m.u32(at + e.LoadReason),
      tlsIndex: m.u16(at + e.TlsIndex),
      referenceCount: m.u32(at + e.ReferenceCount),
      ddagNode: ddag,
      loadCount: ddag ? m.u32(ddag + o.ddag.LoadCount) : 0,
      ddagState: ddag ? m.u32(ddag + o.ddag.State) | 0 : 0,
    };
  };
  const list = (head: number, linkOffset: number): LdrEntryView[] =>
    walkList(m, ldr + head).map((link) => entry(link - linkOffset));
  return {
    ldr,
    initialized: m.u8(ldr + o.ldrData.Initialized) !== 0,
    inLoadOrder: list(o.ldrData.InLoadOrderModuleList, o.entry.InLoadOrderLinks),
    inMemoryOrder: list(o.ldrData.InMemoryOrderModuleList, o.entry.InMemoryOrderLinks),
    inInitializationOrder: list(
      o.ldrData.InInitializationOrderModuleList,
      o.entry.InInitializationOrderLinks,
    ),
  };
}
