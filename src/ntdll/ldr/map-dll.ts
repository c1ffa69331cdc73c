import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IMAGE_FILE_MACHINE, readLoadConfig, type PeImage } from '../../pe/index.js';
import { RtlDosPathNameToNtPathName_U } from '../rtl/index.js';
import { ApiSetResolveToHost, isApiSetName } from './apiset.js';
import { NtCurrentProcess, type UserThreadContext } from './context.js';
import type { LdrGlobals, LdrModule, LdrResolvedBy } from './globals.js';
import { LdrpUseKnownDlls } from './known-dlls-ppl.js';
import { LdrpAllocateModuleEntry } from './module-entry.js';
import { LdrRelocateImageWithBias } from './relocate.js';
import { LdrpCreateFileSection, LdrpMapWholeView } from './section-io.js';
import {
  LdrpComputeSearchPath,
  LOAD_LIBRARY,
  LOAD_LIBRARY_SEARCH_MASK,
  type LdrProbe,
} from './search-path.js';

const FILE_READ_DATA = 0x1;
const FILE_EXECUTE = 0x20;
const FILE_ATTRIBUTE_DIRECTORY = 0x10;
const SECTION_QUERY = 0x1;
const SECTION_MAP_WRITE = 0x2;
const SECTION_MAP_READ = 0x4;
const SECTION_MAP_EXECUTE = 0x8;
const SEC_IMAGE = 0x1000000;
const PAGE_EXECUTE = 0x10;
const PAGE_READWRITE = 0x04;

/** How a DLL is asked for: by an import, a forwarder, a delay-load or LoadLibrary. */
export interface LdrLoadRequest {
  /** The name as given (`a.dll`, `api-ms-win-core-synch-l1-2-0.dll`, `C:\x\y.dll`). */
  name: string;
  importer: LdrModule | null;
  loadReason: number;
  /** LOAD_LIBRARY_* flags of the call (LoadLibraryExW) or the importer's DependentLoadFlags. */
  flags: number;
  /** Modules loaded at process start are pinned. */
  pinned: boolean;
  /** The load's DLL folder (GraphOptions.loadDir); absent: the importer's folder. */
  loadDir?: string;
}

export interface LdrFindResult {
  status: NTSTATUS;
  module?: LdrModule;
  /** True when this call mapped the module (its imports still need processing). */
  mapped?: boolean;
}

/**
 * LdrpPreprocessDllName: a name whose last component has no '.' gets `.dll` (a trailing '.' means
 * "no extension" and is dropped) — Microsoft Learn, LoadLibraryW: "If the string specifies a module
 * name without a path and the file name extension is omitted, the function appends the default
 * library extension .DLL".
 */
export function LdrpPreprocessDllName(name: string): string {
  const last = name.slice(name.lastIndexOf('\\') + 1);
  if (last.endsWith('.')) return name.slice(0, -1);
  return last.includes('.') ? name : `${name}.dll`;
}

function hasPath(name: string): boolean {
  return name.includes('\\') || name.includes('/');
}

function baseNameOf(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1);
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 2 ? path.slice(0, i + 1) : path.slice(0, i);
}

/** The NT form of a Win32 path, as the loader converts it (RtlDosPathNameToNtPathName_U). */
export function ntPathOf(g: LdrGlobals, dosPath: string): string | null {
  const r = RtlDosPathNameToNtPathName_U(dosPath, { currentDirectory: g.currentDirectory });
  return r.ok ? r.ntPath : null;
}

/** RtlDoesFileExists_U for the search: NtQueryAttributesFile, a file (not a directory) that exists. */
function fileExists(ctx: UserThreadContext, g: LdrGlobals, dosPath: string): boolean {
  const nt = ntPathOf(g, dosPath);
  if (!nt) return false;
  const r = ctx.nt.NtQueryAttributesFile({ ObjectAttributes: { ObjectName: nt } });
  if (r.status !== STATUS.SUCCESS) return false;
  const info = r.out?.FileInformation as { FileAttributes?: number } | undefined;
  return ((info?.FileAttributes ?? 0) & FILE_ATTRIBUTE_DIRECTORY) === 0;
}

interface MappedView {
  base: number;
  size: number;
  delta: number;
  image: PeImage;
}

/** NtMapViewOfSection of an image section into this process, then the relocation it may need. */
function mapImageSection(ctx: UserThreadContext, section: number): { status: NTSTATUS; view?: MappedView } {
  const r = LdrpMapWholeView(ctx, section, PAGE_READWRITE);
  if (r.status !== STATUS.SUCCESS && r.status !== STATUS.IMAGE_NOT_AT_BASE) return { status: r.status };
  const base = Number(r.out!.BaseAddress);
  const size = Number(r.out!.ViewSize);
  const image = (r.out!.SectionImage as PeImage | undefined) ?? ctx.sectionImage(base);
  if (!image) {
    ctx.nt.NtUnmapViewOfSection({ ProcessHandle: NtCurrentProcess, BaseAddress: base });
    return { status: STATUS.INVALID_IMAGE_FORMAT };
  }
  const unmap = (): void => {
    ctx.nt.NtUnmapViewOfSection({ ProcessHandle: NtCurrentProcess, BaseAddress: base });
  };
  if (image.fileHeader.Machine !== IMAGE_FILE_MACHINE.AMD64) {
    // A 32-bit (or other-machine) image in a 64-bit process: NtMapViewOfSection's
    // STATUS_IMAGE_MACHINE_TYPE_MISMATCH, which the loader turns into STATUS_INVALID_IMAGE_FORMAT.
    unmap();
    return { status: STATUS.IMAGE_MACHINE_TYPE_MISMATCH };
  }
  let delta = 0;
  if (r.status === STATUS.IMAGE_NOT_AT_BASE) {
    const headerBase = Number(ctx.memory.u64(base + image.ntHeadersOffset + 24 + 24));
    delta = base - headerBase;
    const s = LdrRelocateImageWithBias(ctx, image, base, delta);
    if (s !== STATUS.SUCCESS) {
      unmap();
      return { status: s };
    }
  }
  return { status: STATUS.SUCCESS, view: { base, size, delta, image } };
}

/** LdrpMapDllNtFileName: NtOpenFile, NtCreateSection(SEC_IMAGE), NtMapViewOfSection. */
function mapFile(
  ctx: UserThreadContext,
  g: LdrGlobals,
  dosPath: string,
): { status: NTSTATUS; view?: MappedView } {
  const nt = ntPathOf(g, dosPath);
  if (!nt) return { status: STATUS.OBJECT_NAME_INVALID };
  const s = LdrpCreateFileSection(ctx, nt, {
    fileAccess: FILE_EXECUTE | FILE_READ_DATA,
    sectionAccess: SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_MAP_WRITE,
    pageProtection: PAGE_EXECUTE,
    allocationAttributes: SEC_IMAGE,
  });
  if (s.section === undefined) return { status: s.status };
  const section = s.section;
  const mapped = mapImageSection(ctx, section);
  ctx.nt.NtClose({ Handle: section });
  return mapped;
}

/** LdrpFindKnownDll: NtOpenSection(`\KnownDlls\name`), then the view. */
function mapKnownDll(ctx: UserThreadContext, name: string): { status: NTSTATUS; view?: MappedView } {
  const s = ctx.nt.NtOpenSection({
    DesiredAccess: SECTION_QUERY | SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_MAP_WRITE,
    ObjectAttributes: { ObjectName: `\\KnownDlls\\${name}` },
  });
  if (s.status !== STATUS.SUCCESS) return { status: s.status };
  const section = Number(s.out!.SectionHandle);
  const mapped = mapImageSection(ctx, section);
  ctx.nt.NtClose({ Handle: section });
  return mapped;
}

/**
 * The search flags in effect for a request: the call's LOAD_LIBRARY_SEARCH_* flags, else the
 * importer's DependentLoadFlags (from its load config; Microsoft Learn, "/DEPENDENTLOADFLAG"), else
 * SetDefaultDllDirectories' flags.
 */
function effectiveSearchFlags(g: LdrGlobals, req: LdrLoadRequest): number {
  const own = req.flags & LOAD_LIBRARY_SEARCH_MASK;
  if (own) return own;
  if (req.importer && req.loadReason !== 4) {
    let dlf = 0;
    try {
      dlf = readLoadConfig(req.importer.image)?.DependentLoadFlags ?? 0;
    } catch {
      dlf = 0;
    }
    if (dlf & LOAD_LIBRARY_SEARCH_MASK) return dlf & LOAD_LIBRARY_SEARCH_MASK;
  }
  return g.defaultDirectoryFlags;
}

/**
 * LdrpFindOrMapDll — the search, in Microsoft Learn's "Dynamic-link library search order":
 * DLL redirection (`.local`), API sets (the schema at PEB.ApiSetMap; the host is then looked for
 * as itself), SxS redirection (a private assembly the manifest names), the loaded-module list,
 * KnownDLLs (`\KnownDlls` sections), then the directories of LdrpComputeSearchPath, each probed
 * with NtQueryAttributesFile. A file whose machine is not this process's is skipped and the search
 * goes on; if nothing else is found the result is STATUS_INVALID_IMAGE_FORMAT, and with no file
 * at all STATUS_DLL_NOT_FOUND. Every place probed before the hit is kept (the hijack view).
 */
export function LdrpFindOrMapDll(ctx: UserThreadContext, g: LdrGlobals, req: LdrLoadRequest): LdrFindResult {
  let name = LdrpPreprocessDllName(req.name);
  let apiSet: string | null = null;
  let resolvedVia: LdrResolvedBy | null = null;
  const probed: LdrProbe[] = [];
  const trace = ctx.trace;

  if (!hasPath(name) && isApiSetName(name)) {
    const r = ApiSetResolveToHost(ctx.memory, g.apiSetMap, name, req.importer?.baseName ?? null);
    if (r.status === STATUS.SUCCESS) {
      apiSet = `${name} → ${r.host!}`;
      trace.note(`API set ${r.contract!} → ${r.host!}`);
      name = r.host!;
      resolvedVia = 'apiSet';
    } else if (r.status === STATUS.APISET_NOT_HOSTED) {
      trace.note(`API set ${r.contract!} has no host`);
      return { status: STATUS.DLL_NOT_FOUND };
    }
  }

  const found = (step: LdrResolvedBy, view: MappedView, fullName: string): LdrFindResult => {
    const module = LdrpAllocateModuleEntry(ctx, g, {
      base: view.base,
      size: view.size,
      delta: view.delta,
      image: view.image,
      fullName,
      baseName: baseNameOf(fullName),
      isExe: false,
      loadReason: req.loadReason,
      resolvedBy: resolvedVia ?? step,
      probed,
      apiSet,
      pinned: req.pinned,
    });
    trace.note(`${module.baseName} at 0x${view.base.toString(16)} (${resolvedVia ?? step})`);
    return { status: STATUS.SUCCESS, module, mapped: true };
  };

  // A name that is already a path: that file, nothing else (a relative one against the search path).
  if (hasPath(name) && /^([A-Za-z]:\\|\\\\)/.test(name)) {
    const loaded = g.modules.find((x) => x.fullName.toLowerCase() === name.toLowerCase());
    if (loaded) return { status: STATUS.SUCCESS, module: loaded };
    if (!fileExists(ctx, g, name)) return { status: STATUS.DLL_NOT_FOUND };
    const r = mapFile(ctx, g, name);
    if (!r.view)
      return {
        status: r.status === STATUS.IMAGE_MACHINE_TYPE_MISMATCH ? STATUS.INVALID_IMAGE_FORMAT : r.status,
      };
    return found('fullPath', r.view, name);
  }

  const key = name.toLowerCase();
  if (g.localRedirect) {
    const p = `${g.localRedirect}\\${name}`;
    if (fileExists(ctx, g, p)) {
      const r = mapFile(ctx, g, p);
      if (r.view) return found('local', r.view, p);
    } else probed.push({ step: 'local', path: p });
  }
  const sxs = g.sxsRedirect.get(key);
  if (sxs) {
    const p = `${sxs}\\${name}`;
    if (fileExists(ctx, g, p)) {
      const r = mapFile(ctx, g, p);
      if (r.view) return found('sxs', r.view, p);
    } else probed.push({ step: 'sxs', path: p });
  }

  const loaded = g.byName.get(key);
  if (loaded) return { status: STATUS.SUCCESS, module: loaded };

  // A PPL does not use \KnownDlls (known-dlls-ppl.ts).
  if (!hasPath(name) && LdrpUseKnownDlls(ctx)) {
    const r = mapKnownDll(ctx, name);
    if (r.view) return found('knownDll', r.view, `${g.knownDllPath}\\${name}`);
    if (r.status !== STATUS.OBJECT_NAME_NOT_FOUND) return { status: r.status };
  }

  const dirs = LdrpComputeSearchPath({
    appDir: g.appDir,
    systemRoot: g.systemRoot,
    system32: g.knownDllPath,
    currentDirectory: g.currentDirectory,
    pathDirs: g.pathDirs,
    safeDllSearchMode: g.safeDllSearchMode,
    dllDirectory: g.dllDirectory,
    // The most recently added first (Wine's test_LoadLibraryEx_search_flags table, run on Windows;
    // Learn leaves the order unspecified).
    userDirectories: [...g.userDirectories.values()].reverse(),
    searchFlags: effectiveSearchFlags(g, req),
    dllLoadDir: req.loadDir ?? (req.importer ? dirOf(req.importer.fullName) : null),
    alteredSearchPath: (req.flags & LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH) !== 0,
  });
  let mismatch = false;
  for (const { step, dir } of dirs) {
    const p = `${dir}\\${name}`;
    if (!fileExists(ctx, g, p)) {
      probed.push({ step, path: p });
      continue;
    }
    const r = mapFile(ctx, g, p);
    if (r.view) return found(step, r.view, p);
    if (r.status === STATUS.IMAGE_MACHINE_TYPE_MISMATCH) {
      trace.note(`${p}: not an x64 image, skipped`);
      mismatch = true;
      probed.push({ step, path: p });
      continue;
    }
    return { status: r.status };
  }
  return { status: mismatch ? STATUS.INVALID_IMAGE_FORMAT : STATUS.DLL_NOT_FOUND };
}
