import { IMAGE_FILE, type PeImage } from '../../pe/index.js';
import type { UserThreadContext } from './context.js';
import { LdrDdagState, type LdrGlobals, type LdrModule, type LdrResolvedBy } from './globals.js';
import type { LdrProbe } from './search-path.js';
import { RtlHashUnicodeString, utf16 } from './unicode.js';

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
  const e = o.entry;
  const d = o.ddag;
  const entry = g.heap.allocate(ctx, e.size);
  const ddag = g.heap.allocate(ctx, d.size);
  // The entry and the node are filled in locally and written once each; only the neighbours on the
  // lists are touched in place (as InsertTailList would).
  const eb = new Uint8Array(e.size);
  const ev = new DataView(eb.buffer);
  const db = new Uint8Array(d.size);
  const dv = new DataView(db.buffer);
  const u64 = (v: DataView, at: number, x: number): void => {
    v.setUint32(at, x % 0x100000000, true);
    v.setUint32(at + 4, Math.floor(x / 0x100000000), true);
  };
  const oh = n.image.optionalHeader;
  const isDll = (n.image.fileHeader.Characteristics & IMAGE_FILE.DLL!) !== 0;
  u64(ev, e.DllBase, n.base);
  u64(ev, e.EntryPoint, oh.AddressOfEntryPoint ? n.base + oh.AddressOfEntryPoint : 0);
  ev.setUint32(e.SizeOfImage, n.size, true);
  const unicode = (at: number, text: string): void => {
    const bytes = utf16(text, true);
    const buffer = g.heap.allocate(ctx, bytes.length);
    m.write(buffer, bytes);
    ev.setUint16(at, bytes.length - 2, true);
    ev.setUint16(at + 2, bytes.length, true);
    u64(ev, at + 8, buffer);
  };
  unicode(e.FullDllName, n.fullName);
  unicode(e.BaseDllName, n.baseName);
  let flags = o.flag.InLegacyLists | o.flag.InIndexes | o.flag.LoadNotificationsSent;
  if (isDll && !n.isExe) flags |= o.flag.ImageDll;
  if (n.loadReason === 0 || n.loadReason === 1) flags |= o.flag.ProcessStaticImport;
  ev.setUint32(e.Flags, flags >>> 0, true);
  // ObsoleteLoadCount: 0xFFFF ("static") for pinned modules, 1 for a dynamic load, as the
  // pre-Windows 8 LoadCount that it replaced read (Geoff Chappell, LDR_DATA_TABLE_ENTRY).
  ev.setUint16(e.ObsoleteLoadCount, n.pinned ? 0xffff : 1, true);
  ev.setUint32(e.TimeDateStamp, n.image.fileHeader.TimeDateStamp >>> 0, true);
  u64(ev, e.DdagNode, ddag);
  ev.setBigUint64(e.OriginalBase, BigInt.asUintN(64, BigInt(oh.ImageBase)), true);
  const hash = RtlHashUnicodeString(n.baseName);
  ev.setUint32(e.BaseNameHashValue, hash, true);
  ev.setUint32(e.LoadReason, n.loadReason >>> 0, true);
  ev.setUint32(e.ReferenceCount, 1, true);
  ev.setUint32(e.DependentLoadFlags, n.dependentLoadFlags ?? 0, true);

  // The node's Modules list holds the entry's NodeModuleLink.
  u64(dv, d.Modules, entry + e.NodeModuleLink);
  u64(dv, d.Modules + 8, entry + e.NodeModuleLink);
  u64(ev, e.NodeModuleLink, ddag + d.Modules);
  u64(ev, e.NodeModuleLink + 8, ddag + d.Modules);
  // Pinned modules keep -1; a module loaded as another's dependency is counted by the edges to it
  // (LdrpAddDependency), one loaded on its own (LoadLibrary, GetProcAddress's forwarder target, a
  // delay load) starts at 1.
  const own = n.loadReason !== 0 && n.loadReason !== 1;
  dv.setUint32(d.LoadCount, n.pinned ? 0xffffffff : own ? 1 : 0, true);
  dv.setInt32(d.State, LdrDdagState.LdrModulesMapped, true);

  // InsertTailList on each list whose head is elsewhere; InInitializationOrderLinks points at itself.
  const tail = (head: number, field: number): void => {
    const blink = m.ptr(head + 8);
    u64(ev, field, head);
    u64(ev, field + 8, blink);
    m.writeU64(blink, entry + field);
    m.writeU64(head + 8, entry + field);
  };
  tail(g.ldrData + o.ldrData.InLoadOrderModuleList, e.InLoadOrderLinks);
  tail(g.ldrData + o.ldrData.InMemoryOrderModuleList, e.InMemoryOrderLinks);
  u64(ev, e.InInitializationOrderLinks, entry + e.InInitializationOrderLinks);
  u64(ev, e.InInitializationOrderLinks + 8, entry + e.InInitializationOrderLinks);
  tail(g.hashTable + 16 * (hash & (LDRP_HASH_TABLE_SIZE - 1)), e.HashLinks);
  m.write(entry, eb);
  m.write(ddag, db);

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
  // The index keeps the first module of a base name (a second copy loaded by full path does not
  // replace it: LoadLibraryExW, "If a DLL with the same module name is already loaded in memory…").
  if (!g.byName.has(n.baseName.toLowerCase())) g.byName.set(n.baseName.toLowerCase(), module);
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
  // The edge is written once; each list's tail (and the old tail's link) in place, as CsListAppend.
  const b = new Uint8Array(o.edge.size);
  const v = new DataView(b.buffer);
  const u64 = (at: number, x: number): void => {
    v.setUint32(at, x % 0x100000000, true);
    v.setUint32(at + 4, Math.floor(x / 0x100000000), true);
  };
  u64(o.edge.DependencyNode, to.ddag);
  u64(o.edge.ParentNode, from.ddag);
  const append = (list: number, linkField: number): void => {
    const link = edge + linkField;
    const tailLink = m.ptr(list);
    if (tailLink === 0) u64(linkField, link);
    else {
      u64(linkField, m.ptr(tailLink));
      m.writeU64(tailLink, link);
    }
    m.writeU64(list, link);
  };
  append(from.ddag + o.ddag.Dependencies, o.edge.DependenciesLink);
  append(to.ddag + o.ddag.IncomingDependencies, o.edge.IncomingDependenciesLink);
  m.write(edge, b);
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
