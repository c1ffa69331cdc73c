import { IMAGE_FILE, type PeImage } from '../../pe/index.js';
import type { UserThreadContext } from './context.js';
import { LdrDdagState, type LdrGlobals, type LdrModule, type LdrResolvedBy } from './globals.js';
import { CsListAppend, InitializeListHead, InsertTailList } from './lists.js';
import type { LdrProbe } from './search-path.js';
import { RtlHashUnicodeString, writeUnicodeString } from './unicode.js';

/** LdrpHashTable: 32 buckets of LIST_ENTRY, indexed by BaseNameHashValue & 31. */
export const LDRP_HASH_TABLE_SIZE = 32;

export interface NewModule {
  base: number;
  size: number;
  delta: number;
  image: PeImage;
  fullName: string;
  baseName: string;
  isExe: boolean;
  loadReason: number;
  resolvedBy: LdrResolvedBy;
  probed: LdrProbe[];
  apiSet: string | null;
  /** Process-start modules and their static closure are pinned (DDAG LoadCount = -1). */
  pinned: boolean;
  dependentLoadFlags?: number;
}

/**
 * LdrpAllocateModuleEntry + LdrpInsertDataTableEntry + LdrpInsertModuleToIndex: a new
 * LDR_DATA_TABLE_ENTRY and its LDR_DDAG_NODE on the process heap, filled in as the Windows 10
 * loader does, and linked at the tail of InLoadOrder and InMemoryOrder (InInitializationOrder
 * comes when DllMain runs), into its LdrpHashTable bucket and its node's Modules list.
 */
export function LdrpAllocateModuleEntry(ctx: UserThreadContext, g: LdrGlobals, n: NewModule): LdrModule {
  const m = ctx.memory;
  const o = g.offsets;
  const entry = g.heap.allocate(ctx, o.entry.size);
  const ddag = g.heap.allocate(ctx, o.ddag.size);
  const e = o.entry;
  const oh = n.image.optionalHeader;
  const isDll = (n.image.fileHeader.Characteristics & IMAGE_FILE.DLL!) !== 0;
  m.writeU64(entry + e.DllBase, n.base);
  m.writeU64(entry + e.EntryPoint, oh.AddressOfEntryPoint ? n.base + oh.AddressOfEntryPoint : 0);
  m.writeU32(entry + e.SizeOfImage, n.size);
  writeUnicodeString(ctx, g.heap, entry + e.FullDllName, n.fullName);
  writeUnicodeString(ctx, g.heap, entry + e.BaseDllName, n.baseName);
  let flags = o.flag.InLegacyLists | o.flag.InIndexes | o.flag.LoadNotificationsSent;
  if (isDll && !n.isExe) flags |= o.flag.ImageDll;
  if (n.loadReason === 0 || n.loadReason === 1) flags |= o.flag.ProcessStaticImport;
  m.writeU32(entry + e.Flags, flags);
  // ObsoleteLoadCount: 0xFFFF ("static") for pinned modules, 1 for a dynamic load, as the
  // pre-Windows 8 LoadCount that it replaced read (Geoff Chappell, LDR_DATA_TABLE_ENTRY).
  m.writeU16(entry + e.ObsoleteLoadCount, n.pinned ? 0xffff : 1);
  m.writeU16(entry + e.TlsIndex, 0);
  m.writeU32(entry + e.TimeDateStamp, n.image.fileHeader.TimeDateStamp);
  m.writeU64(entry + e.DdagNode, ddag);
  m.writeU64(entry + e.OriginalBase, Number(oh.ImageBase));
  const hash = RtlHashUnicodeString(n.baseName);
  m.writeU32(entry + e.BaseNameHashValue, hash);
  m.writeU32(entry + e.LoadReason, n.loadReason);
  m.writeU32(entry + e.ReferenceCount, 1);
  m.writeU32(entry + e.DependentLoadFlags, n.dependentLoadFlags ?? 0);

  const d = o.ddag;
  InitializeListHead(m, ddag + d.Modules);
  InsertTailList(m, ddag + d.Modules, entry + e.NodeModuleLink);
  // Pinned modules keep -1; a module loaded as another's dependency is counted by the edges to it
  // (LdrpAddDependency), one loaded on its own (LoadLibrary, GetProcAddress's forwarder target, a
  // delay load) starts at 1.
  const own = n.loadReason !== 0 && n.loadReason !== 1;
  m.writeU32(ddag + d.LoadCount, n.pinned ? 0xffffffff : own ? 1 : 0);
  m.writeU32(ddag + d.State, LdrDdagState.LdrModulesMapped);

  InsertTailList(m, g.ldrData + o.ldrData.InLoadOrderModuleList, entry + e.InLoadOrderLinks);
  InsertTailList(m, g.ldrData + o.ldrData.InMemoryOrderModuleList, entry + e.InMemoryOrderLinks);
  InitializeListHead(m, entry + e.InInitializationOrderLinks);
  InsertTailList(m, g.hashTable + 16 * (hash & (LDRP_HASH_TABLE_SIZE - 1)), entry + e.HashLinks);

  const module: LdrModule = {
    entry,
    ddag,
    base: n.base,
    size: n.size,
    delta: n.delta,
    baseName: n.baseName,
    fullName: n.fullName,
    image: n.image,
    isExe: n.isExe,
    loadReason: n.loadReason,
    dependencies: [],
    importedBy: [],
    resolvedBy: n.resolvedBy,
    apiSet: n.apiSet,
    probed: n.probed,
    delayLoad: n.loadReason === 3,
    tlsIndex: -1,
    initialized: false,
    pinned: n.pinned,
  };
  g.modules.push(module);
  g.byName.set(n.baseName.toLowerCase(), module);
  g.byDdag.set(ddag, module);
  return module;
}

/**
 * LdrpAddDependency: an edge from `from`'s node to `to`'s, on from's Dependencies and to's
 * IncomingDependencies lists (one edge per pair), and `to` gains a load count unless pinned.
 */
export function LdrpAddDependency(
  ctx: UserThreadContext,
  g: LdrGlobals,
  from: LdrModule,
  to: LdrModule,
): void {
  if (from === to || from.dependencies.includes(to)) return;
  from.dependencies.push(to);
  if (!to.importedBy.includes(from.baseName)) to.importedBy.push(from.baseName);
  const m = ctx.memory;
  const o = g.offsets;
  const edge = g.heap.allocate(ctx, o.edge.size);
  m.writeU64(edge + o.edge.DependencyNode, to.ddag);
  m.writeU64(edge + o.edge.ParentNode, from.ddag);
  CsListAppend(m, from.ddag + o.ddag.Dependencies, edge + o.edge.DependenciesLink);
  CsListAppend(m, to.ddag + o.ddag.IncomingDependencies, edge + o.edge.IncomingDependenciesLink);
  if (!to.pinned) m.writeU32(to.ddag + o.ddag.LoadCount, m.u32(to.ddag + o.ddag.LoadCount) + 1);
}

/** Sets the DDAG node's State. */
export function LdrpSetModuleState(
  ctx: UserThreadContext,
  g: LdrGlobals,
  mod: LdrModule,
  state: number,
): void {
  ctx.memory.writeU32(mod.ddag + g.offsets.ddag.State, state >>> 0);
}

/** ORs bits into LDR_DATA_TABLE_ENTRY.Flags. */
export function LdrpSetEntryFlags(ctx: UserThreadContext, g: LdrGlobals, mod: LdrModule, bits: number): void {
  const at = mod.entry + g.offsets.entry.Flags;
  ctx.memory.writeU32(at, (ctx.memory.u32(at) | bits) >>> 0);
}
