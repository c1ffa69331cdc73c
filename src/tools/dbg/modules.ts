import { LAYOUT_19045_X64 } from '../../base/index.js';
import { readExports, type PeImage } from '../../pe/index.js';
import type { EPROCESS, PsSystem } from '../../kernel/ps/index.js';
import { readPebLdr } from '../../ntdll/index.js';

/** A module of a process as `lm` shows it: from the loader's list, else from the image views. */
export interface DbgModule {
  base: number;
  size: number;
  /** WinDbg's module name: the file name without its extension (`ntdll`, `KERNEL32`). */
  name: string;
  fileName: string;
  path: string;
  image: PeImage | null;
  /** The LDR_DATA_TABLE_ENTRY, 0 for a module the loader has not listed yet. */
  entry: number;
}

export interface DbgSymbol {
  address: number;
  name: string;
}

const moduleName = (fileName: string): string => fileName.replace(/\.[^.]*$/, '');

/**
 * The process's modules: PEB.Ldr's InLoadOrderModuleList when the loader has listed any (what
 * `lm` shows in a user-mode context), else the image views the kernel mapped (the executable and
 * ntdll of a process created suspended, before LdrpInitializeProcess ran).
 */
export function processModules(ps: PsSystem, p: EPROCESS): DbgModule[] {
  const as = p.addressSpace;
  if (!as || p.exited) return [];
  const imageAt = (base: number): PeImage | null => as.findVad(base)?.section?.image?.image ?? null;
  if (p.Peb) {
    try {
      const ldr = readPebLdr(as, LAYOUT_19045_X64, p.Peb);
      if (ldr && ldr.inLoadOrder.length > 0)
        return ldr.inLoadOrder.map((e) => ({
          base: e.base,
          size: e.size,
          name: moduleName(e.baseDllName),
          fileName: e.baseDllName,
          path: e.fullDllName,
          image: imageAt(e.base),
          entry: e.entry,
        }));
    } catch {
      // An unreadable list: fall back to the views.
    }
  }
  const out: DbgModule[] = [];
  for (const v of as.vadList) {
    const image = v.section?.image?.image;
    if (!image || !v.section) continue;
    // The opener's file name where the kernel kept it, else the export directory's DLL name
    // (ntdll's view comes from PspMapSystemDll's own section).
    const path = ps.sectionFileNames.get(v.section) ?? '';
    let exportName = '';
    try {
      exportName = readExports(image)?.dllName ?? '';
    } catch {
      exportName = '';
    }
    const fileName = path.slice(path.lastIndexOf('\\') + 1) || exportName || p.ImageFileName;
    out.push({
      base: v.start,
      size: v.end - v.start,
      name: moduleName(fileName),
      fileName,
      path,
      image,
      entry: 0,
    });
  }
  return out;
}

const symbolCache = new WeakMap<PeImage, DbgSymbol[]>();

/** A module's export symbols (RVA order; forwarders have no address and are left out). */
export function exportSymbols(m: DbgModule): DbgSymbol[] {
  if (!m.image) return [];
  let rvas = symbolCache.get(m.image);
  if (!rvas) {
    rvas = [];
    try {
      for (const f of readExports(m.image)?.functions ?? [])
        if (f.rva !== null && f.name !== null) rvas.push({ address: f.rva, name: f.name });
    } catch {
      // A malformed export directory: no symbols, as WinDbg would find none.
    }
    rvas.sort((a, b) => a.address - b.address || (a.name < b.name ? -1 : 1));
    symbolCache.set(m.image, rvas);
  }
  return rvas.map((s) => ({ address: m.base + s.address, name: s.name }));
}

export function findModule(mods: readonly DbgModule[], name: string): DbgModule | undefined {
  const n = name.toLowerCase();
  return mods.find((m) => m.name.toLowerCase() === n || m.fileName.toLowerCase() === n);
}

/** `ntdll!NtCreateUserProcess+0x15`, `ntdll+0x1000`, or null outside every module. */
export function symbolize(mods: readonly DbgModule[], address: number): string | null {
  const m = mods.find((x) => address >= x.base && address < x.base + x.size);
  if (!m) return null;
  let best: DbgSymbol | null = null;
  for (const s of exportSymbols(m)) {
    if (s.address > address) break;
    best = s;
  }
  const off = (n: number) => (n === 0 ? '' : `+0x${n.toString(16)}`);
  return best ? `${m.name}!${best.name}${off(address - best.address)}` : `${m.name}${off(address - m.base)}`;
}
