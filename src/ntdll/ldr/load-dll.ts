import { NtStatusError, STATUS, type NTSTATUS } from '../../base/index.js';
import { IMAGE_FILE, readDelayImports, type ImportedFunction } from '../../pe/index.js';
import { ApiSetResolveToHost, isApiSetName } from './apiset.js';
import { DLL_PROCESS_DETACH, NtCurrentProcess, type UserThreadContext } from './context.js';
import {
  LdrDdagState,
  LoadReason,
  type LdrDllNotification,
  type LdrGlobals,
  type LdrModule,
} from './globals.js';
import { LdrpLoadDependencies } from './graph.js';
import { LdrpInitializeGraphRecurse } from './init.js';
import { RemoveEntryList } from './lists.js';
import { dirOf, LdrpFindOrMapDll, LdrpPreprocessDllName } from './map-dll.js';
import { LdrpSetModuleState } from './module-entry.js';
import { LdrpResolveProcedureAddress, type LdrpForwarderLoader } from './snap.js';
import { LOAD_LIBRARY, LOAD_LIBRARY_SEARCH_MASK } from './search-path.js';
import { LdrpHandleTlsData } from './tls.js';
import { LdrpUnprotect } from './protect.js';

function globals(ctx: UserThreadContext): LdrGlobals {
  const g = ctx.processData.ldr;
  if (!g) throw new NtStatusError(STATUS.INVALID_PARAMETER, 'the loader has not initialised this process');
  return g;
}

function notify(g: LdrGlobals, reason: 1 | 2, m: LdrModule): void {
  const data = { FullDllName: m.fullName, BaseDllName: m.baseName, DllBase: m.base, SizeOfImage: m.size };
  for (const cb of g.notifications.values()) cb(reason, data);
}

/** A module by handle (its base; the low bits a data-file load adds are ignored). */
function byHandle(g: LdrGlobals, handle: number): LdrModule | undefined {
  const base = handle - (handle % 4);
  return g.modules.find((m) => m.base === base);
}

/** A reference on a module already loaded (LoadLibrary of a loaded DLL): DDAG LoadCount + 1. */
function LdrpReferenceModule(ctx: UserThreadContext, g: LdrGlobals, m: LdrModule): void {
  if (m.pinned) return;
  const at = m.ddag + g.offsets.ddag.LoadCount;
  ctx.memory.writeU32(at, ctx.memory.u32(at) + 1);
}

/**
 * Takes a module out of the loader's indexes. The base-name index keeps answering for the name:
 * when another module with the same base name is loaded (a second copy loaded by full path), the
 * first loaded of them — Microsoft Learn, LoadLibraryExW: "If the string specifies a module name
 * without a path and more than one loaded module has the same base name and extension, the
 * function returns a handle to the module that was loaded first."
 */
function LdrpRemoveFromIndexes(g: LdrGlobals, m: LdrModule): void {
  g.modules.splice(g.modules.indexOf(m), 1);
  g.byDdag.delete(m.ddag);
  const key = m.baseName.toLowerCase();
  if (g.byName.get(key) === m) {
    const other = g.modules.find((x) => x.baseName.toLowerCase() === key);
    if (other) g.byName.set(key, other);
    else g.byName.delete(key);
  }
}

/** After a new mapping: the base-name index goes back to the first loaded module of that name. */
function LdrpKeepFirstByName(g: LdrGlobals, m: LdrModule): void {
  const key = m.baseName.toLowerCase();
  const first = g.modules.find((x) => x.baseName.toLowerCase() === key);
  if (first && first !== m) g.byName.set(key, first);
}

/**
 * LdrpUnloadNode for one module: DllMain(DLL_PROCESS_DETACH) if it was attached, the
 * LDR_DLL_NOTIFICATION_REASON_UNLOADED callbacks (when its LOADED ones were sent), then off the
 * three lists, the hash table and the indexes, and the view unmapped.
 */
function LdrpUnloadModule(ctx: UserThreadContext, g: LdrGlobals, m: LdrModule, notifyUnload: boolean): void {
  const o = g.offsets;
  const mem = ctx.memory;
  if (m.initialized && !m.isExe) {
    const ep = m.image.optionalHeader.AddressOfEntryPoint;
    // Attached modules get DLL_PROCESS_DETACH; so does one whose DllMain refused the attach
    // (Microsoft Learn, DllMain: "the system immediately calls your entry-point function with
    // DLL_PROCESS_DETACH and unloads the DLL"). DONT_RESOLVE_DLL_REFERENCES modules were never
    // attached and get nothing.
    if (ep && mem.u32(m.entry + o.entry.Flags) & (o.flag.ProcessAttachCalled | o.flag.ProcessAttachFailed))
      ctx.cpu.callInitRoutine({
        kind: 'DllMain',
        routine: m.base + ep,
        dllBase: m.base,
        module: m.baseName,
        reason: DLL_PROCESS_DETACH,
      });
  }
  if (notifyUnload) notify(g, 2, m);
  LdrpSetModuleState(ctx, g, m, LdrDdagState.LdrModulesUnloaded);
  RemoveEntryList(mem, m.entry + o.entry.InLoadOrderLinks);
  RemoveEntryList(mem, m.entry + o.entry.InMemoryOrderLinks);
  RemoveEntryList(mem, m.entry + o.entry.InInitializationOrderLinks);
  RemoveEntryList(mem, m.entry + o.entry.HashLinks);
  LdrpRemoveFromIndexes(g, m);
  const i = g.initOrder.indexOf(m.baseName);
  if (i >= 0) g.initOrder.splice(i, 1);
  for (const other of g.modules) {
    const d = other.dependencies.indexOf(m);
    if (d >= 0) other.dependencies.splice(d, 1);
  }
  ctx.nt.NtUnmapViewOfSection({ ProcessHandle: NtCurrentProcess, BaseAddress: m.base });
  g.heap.free();
}

/**
 * LdrpDecrementModuleLoadCountEx and LdrpUnloadNode: one reference less; at zero the module is
 * unloaded (DllMain(DLL_PROCESS_DETACH) first), then each of its dependencies loses the reference
 * its edge held, depth first in the order of its Dependencies list — so a DLL is detached before
 * the DLLs it needs, and a dependency another module (or a LoadLibrary of its own) still holds
 * stays. Pinned modules (process start, GET_MODULE_HANDLE_EX_FLAG_PIN) are never unloaded.
 */
function LdrpDereferenceModule(
  ctx: UserThreadContext,
  g: LdrGlobals,
  m: LdrModule,
  notifyUnload: boolean,
): void {
  if (m.pinned || !g.modules.includes(m)) return;
  const at = m.ddag + g.offsets.ddag.LoadCount;
  const count = Math.max(0, ctx.memory.u32(at) - 1);
  ctx.memory.writeU32(at, count);
  if (count === 0) LdrpUnloadNode(ctx, g, m, notifyUnload);
}

function LdrpUnloadNode(ctx: UserThreadContext, g: LdrGlobals, m: LdrModule, notifyUnload: boolean): void {
  const deps = [...m.dependencies];
  LdrpUnloadModule(ctx, g, m, notifyUnload);
  for (const d of deps) LdrpDereferenceModule(ctx, g, d, notifyUnload);
}

/**
 * A load that failed leaves nothing behind: the new root loses the reference the load gave it,
 * which unloads it and, through its edges, what it alone brought (pre-existing dependencies get
 * their counts back); whatever this load mapped and is still there (a cycle) goes too.
 * `notified`: the LOADED notifications were sent (the failure was in initialisation), so each
 * module unloaded gets its UNLOADED one.
 */
function LdrpAbortLoad(
  ctx: UserThreadContext,
  g: LdrGlobals,
  root: LdrModule,
  fresh: readonly LdrModule[],
  notified: boolean,
): void {
  LdrpDereferenceModule(ctx, g, root, notified);
  for (const m of [...fresh].reverse()) if (g.modules.includes(m)) LdrpUnloadNode(ctx, g, m, notified);
}

/**
 * LdrpNotifyLoadOfGraph: the LDR_DLL_NOTIFICATION_REASON_LOADED callbacks for the modules this
 * load mapped, each after the new modules it depends on (post-order over the Dependencies lists,
 * as ntdll walks the graph before initialising it), each once.
 */
function LdrpNotifyLoadOfGraph(g: LdrGlobals, root: LdrModule, fresh: readonly LdrModule[]): void {
  const pending = new Set(fresh);
  const visit = (m: LdrModule): void => {
    if (!pending.delete(m)) return;
    for (const d of m.dependencies) visit(d);
    notify(g, 1, m);
  };
  visit(root);
  for (const m of fresh) visit(m);
}

/**
 * The rest of a load once `root` is mapped (LdrpLoadDllInternal → LdrpPrepareModuleForExecution):
 * its imports mapped and snapped, the LOADED notifications, static TLS for the new modules, and
 * the new part of the graph initialised. On failure everything this load mapped is unloaded
 * (LdrpAbortLoad) and the status returned.
 */
function LdrpLoadGraph(
  ctx: UserThreadContext,
  g: LdrGlobals,
  root: LdrModule,
  before: number,
  flags: number,
): NTSTATUS {
  const fresh = (): LdrModule[] => g.modules.slice(before);
  const s = LdrpLoadDependencies(ctx, g, [root], {
    pinned: false,
    flags: flags & (LOAD_LIBRARY_SEARCH_MASK | LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH),
    loadDir: dirOf(root.fullName),
  });
  if (s !== STATUS.SUCCESS) {
    LdrpAbortLoad(ctx, g, root, fresh(), false);
    return s;
  }
  LdrpNotifyLoadOfGraph(g, root, fresh());
  for (const m of fresh()) if (m.tlsIndex < 0) LdrpHandleTlsData(ctx, g, m);
  const i = LdrpInitializeGraphRecurse(ctx, g, root);
  if (i !== STATUS.SUCCESS) {
    LdrpAbortLoad(ctx, g, root, fresh(), true);
    return i;
  }
  return STATUS.SUCCESS;
}

/**
 * What a forwarder met at run time (GetProcAddress, a delay-load thunk) loads: the DLL it names,
 * as a dynamic forwarder dependency of `importer`, with its own imports and initialisation.
 */
function forwarderLoader(ctx: UserThreadContext, g: LdrGlobals): LdrpForwarderLoader {
  return (name, importer) => {
    const before = g.modules.length;
    const f = LdrpFindOrMapDll(ctx, g, {
      name,
      importer,
      loadReason: LoadReason.DynamicForwarderDependency,
      flags: 0,
      pinned: false,
    });
    if (!f.module) return { status: f.status };
    if (f.mapped) {
      const s = LdrpLoadGraph(ctx, g, f.module, before, 0);
      if (s !== STATUS.SUCCESS) return { status: s };
    }
    return { status: STATUS.SUCCESS, module: f.module };
  };
}

export interface LdrLoadDllResult {
  status: NTSTATUS;
  /** The module handle (its base; +1/+2 for data-file and image-resource loads). */
  handle?: number;
}

/**
 * LdrLoadDll (LoadLibraryExW's core): an already loaded module gains a reference; otherwise the
 * DLL is found and mapped (LdrpFindOrMapDll with the call's flags), its imports mapped and
 * snapped (its static dependencies searched with the same flags), its static TLS set up and the new
 * part of the graph initialised. DONT_RESOLVE_DLL_REFERENCES — and an executable, which Microsoft
 * Learn (LoadLibraryExW, lpLibFileName) says "is loaded as if DONT_RESOLVE_DLL_REFERENCES was
 * specified" — maps without imports or DllMain. LOAD_LIBRARY_AS_DATAFILE / AS_IMAGE_RESOURCE map
 * the file without an LDR entry (handle + 1 / + 2; the model maps it as an image in both cases),
 * unless the module is already loaded, whose own handle is then returned with a reference (Wine
 * dlls/kernelbase/loader.c and ReactOS kernel32 LoadLibraryExW look the name up first). On
 * failure everything this call mapped is unloaded.
 */
export function LdrLoadDll(ctx: UserThreadContext, name: string, flags = 0): LdrLoadDllResult {
  return ctx.trace.call(
    { layer: 'ntdll', module: 'ntdll', fn: 'LdrLoadDll', channel: 'ldr', args: { name, flags } },
    () => {
      const r = loadDll(ctx, globals(ctx), name, flags);
      return { status: r.status, value: r };
    },
  ).value!;
}

function loadDll(ctx: UserThreadContext, g: LdrGlobals, name: string, flags: number): LdrLoadDllResult {
  const o = g.offsets;
  const asData =
    flags &
    (LOAD_LIBRARY.LOAD_LIBRARY_AS_DATAFILE |
      LOAD_LIBRARY.LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE |
      LOAD_LIBRARY.LOAD_LIBRARY_AS_IMAGE_RESOURCE);
  const existing = LdrGetDllHandle(ctx, name);
  if (existing.handle !== undefined) {
    const m = byHandle(g, existing.handle)!;
    LdrpReferenceModule(ctx, g, m);
    return { status: STATUS.SUCCESS, handle: m.base };
  }
  const before = g.modules.length;
  const r = LdrpFindOrMapDll(ctx, g, {
    name,
    importer: null,
    loadReason: asData ? LoadReason.AsDataLoad : LoadReason.DynamicLoad,
    flags,
    pinned: false,
  });
  // A data-file load opens the file it names (CreateFileW in kernelbase's LoadLibraryExW), so a
  // full path that is not there is the file's own error, ERROR_FILE_NOT_FOUND (Wine's
  // dlls/kernel32/tests/module.c testLoadLibraryEx, run on Windows), not STATUS_DLL_NOT_FOUND.
  if (!r.module)
    return {
      status:
        asData && r.status === STATUS.DLL_NOT_FOUND && /^([A-Za-z]:\\|\\\\)/.test(name)
          ? STATUS.OBJECT_NAME_NOT_FOUND
          : r.status,
    };
  const module = r.module;
  if (!r.mapped) {
    // Found loaded under another name (an API set's host, a redirected copy): a reference.
    LdrpReferenceModule(ctx, g, module);
    return { status: STATUS.SUCCESS, handle: module.base };
  }
  LdrpKeepFirstByName(g, module);
  if (asData) {
    // No LDR entry stays for a data-file load: the view is the caller's, tagged in its low bits.
    LdrpRemoveFromIndexes(g, module);
    RemoveEntryList(ctx.memory, module.entry + o.entry.InLoadOrderLinks);
    RemoveEntryList(ctx.memory, module.entry + o.entry.InMemoryOrderLinks);
    RemoveEntryList(ctx.memory, module.entry + o.entry.HashLinks);
    const tag = flags & LOAD_LIBRARY.LOAD_LIBRARY_AS_IMAGE_RESOURCE ? 2 : 1;
    return { status: STATUS.SUCCESS, handle: module.base + tag };
  }
  const isDll = (module.image.fileHeader.Characteristics & IMAGE_FILE.DLL!) !== 0;
  if (flags & LOAD_LIBRARY.DONT_RESOLVE_DLL_REFERENCES || !isDll) {
    module.initialized = true;
    notify(g, 1, module);
    return { status: STATUS.SUCCESS, handle: module.base };
  }
  const s = LdrpLoadGraph(ctx, g, module, before, flags);
  return s === STATUS.SUCCESS ? { status: s, handle: module.base } : { status: s };
}

/**
 * LdrGetDllHandle (GetModuleHandleW): a loaded module by base name (`.dll` added when the name has
 * no extension), by full path, or by API set contract (resolved to its host); STATUS_DLL_NOT_FOUND
 * otherwise. No reference is taken.
 */
export function LdrGetDllHandle(ctx: UserThreadContext, name: string): { status: NTSTATUS; handle?: number } {
  const g = globals(ctx);
  let n = LdrpPreprocessDllName(name);
  if (isApiSetName(n)) {
    const r = ApiSetResolveToHost(ctx.memory, g.apiSetMap, n, null);
    if (r.host) n = r.host;
  }
  const lower = n.toLowerCase();
  const m = lower.includes('\\')
    ? g.modules.find((x) => x.fullName.toLowerCase() === lower)
    : g.byName.get(lower);
  return m ? { status: STATUS.SUCCESS, handle: m.base } : { status: STATUS.DLL_NOT_FOUND };
}

/**
 * LdrGetProcedureAddress (GetProcAddress): by name or ordinal, following forwarders — a forwarder
 * target not yet loaded is loaded now (LoadReasonDynamicForwarderDependency) with its imports,
 * notified and initialised; if that load fails, so does the call, with its status. Not found is
 * STATUS_PROCEDURE_NOT_FOUND for names and ordinals alike, which GetProcAddress reports as
 * ERROR_PROC_NOT_FOUND (Wine dlls/kernel32/tests/loader.c checks the same for ordinals); an
 * unknown handle is STATUS_DLL_NOT_FOUND.
 */
export function LdrGetProcedureAddress(
  ctx: UserThreadContext,
  handle: number,
  want: { name: string } | { ordinal: number },
): { status: NTSTATUS; address?: number } {
  const g = globals(ctx);
  const module = byHandle(g, handle);
  if (!module) return { status: STATUS.DLL_NOT_FOUND };
  const fn: ImportedFunction = 'name' in want ? { name: want.name, hint: -1 } : { ordinal: want.ordinal };
  const r = LdrpResolveProcedureAddress(module, fn, module, forwarderLoader(ctx, g));
  if (r.address === undefined)
    return {
      status:
        r.status === STATUS.ENTRYPOINT_NOT_FOUND || r.status === STATUS.ORDINAL_NOT_FOUND
          ? STATUS.PROCEDURE_NOT_FOUND
          : r.status,
    };
  return { status: STATUS.SUCCESS, address: r.address };
}

/**
 * LdrUnloadDll (FreeLibrary): drops a reference; at zero the DLL gets DllMain(DLL_PROCESS_DETACH)
 * and is unmapped, then each module it alone kept loaded goes the same way (LdrpDereferenceModule).
 * Modules loaded at process start (pinned) stay. An unknown handle is STATUS_DLL_NOT_FOUND.
 */
export function LdrUnloadDll(ctx: UserThreadContext, handle: number): NTSTATUS {
  const g = globals(ctx);
  const module = byHandle(g, handle);
  if (!module) return STATUS.DLL_NOT_FOUND;
  ctx.trace.call(
    {
      layer: 'ntdll',
      module: 'ntdll',
      fn: 'LdrUnloadDll',
      channel: 'ldr',
      args: { module: module.baseName },
    },
    () => {
      LdrpDereferenceModule(ctx, g, module, true);
      return { status: STATUS.SUCCESS };
    },
  );
  return STATUS.SUCCESS;
}

/** LdrRegisterDllNotification: the cookie for LdrUnregisterDllNotification. */
export function LdrRegisterDllNotification(ctx: UserThreadContext, callback: LdrDllNotification): number {
  const g = globals(ctx);
  const cookie = g.nextCookie++;
  g.notifications.set(cookie, callback);
  return cookie;
}

export function LdrUnregisterDllNotification(ctx: UserThreadContext, cookie: number): NTSTATUS {
  return globals(ctx).notifications.delete(cookie) ? STATUS.SUCCESS : STATUS.INVALID_PARAMETER;
}

/** SetDllDirectoryW: null restores the default; '' takes the current folder out of the search. */
export function LdrSetDllDirectory(ctx: UserThreadContext, path: string | null): NTSTATUS {
  globals(ctx).dllDirectory = path === null ? null : path.replace(/\\+$/, '');
  return STATUS.SUCCESS;
}

/** LdrAddDllDirectory (AddDllDirectory): a full path only; returns the cookie. */
export function LdrAddDllDirectory(
  ctx: UserThreadContext,
  path: string,
): { status: NTSTATUS; cookie?: number } {
  if (!/^([A-Za-z]:\\|\\\\)/.test(path)) return { status: STATUS.INVALID_PARAMETER };
  // The folder must exist (Wine's test_AddDllDirectory, run on Windows: ERROR_FILE_NOT_FOUND).
  const a = ctx.nt.NtQueryAttributesFile({ ObjectAttributes: { ObjectName: `\\??\\${path}` } });
  if (a.status !== STATUS.SUCCESS) return { status: a.status };
  const g = globals(ctx);
  const cookie = g.nextCookie++;
  g.userDirectories.set(cookie, path.replace(/\\+$/, ''));
  return { status: STATUS.SUCCESS, cookie };
}

export function LdrRemoveDllDirectory(ctx: UserThreadContext, cookie: number): NTSTATUS {
  return globals(ctx).userDirectories.delete(cookie) ? STATUS.SUCCESS : STATUS.INVALID_PARAMETER;
}

/**
 * LdrSetDefaultDllDirectories (SetDefaultDllDirectories): only LOAD_LIBRARY_SEARCH_APPLICATION_DIR,
 * USER_DIRS, SYSTEM32 and DEFAULT_DIRS are accepted (Microsoft Learn); anything else is
 * STATUS_INVALID_PARAMETER.
 */
export function LdrSetDefaultDllDirectories(ctx: UserThreadContext, flags: number): NTSTATUS {
  const allowed = 0x200 | 0x400 | 0x800 | 0x1000;
  if (!flags || flags & ~allowed) return STATUS.INVALID_PARAMETER;
  globals(ctx).defaultDirectoryFlags = flags;
  return STATUS.SUCCESS;
}

/** VcppException(ERROR_SEVERITY_ERROR, ERROR_MOD_NOT_FOUND / ERROR_PROC_NOT_FOUND) (delayimp.h). */
export const DELAYLOAD_EXCEPTION_MOD_NOT_FOUND = 0xc06d007e;
export const DELAYLOAD_EXCEPTION_PROC_NOT_FOUND = 0xc06d007f;

/**
 * LdrResolveDelayLoadedAPI — what `__delayLoadHelper2` does on the first call through a
 * delay-load thunk: load the DLL the descriptor names (LoadReasonDelayloadDependency, searched as
 * the importing module's dependency), store its handle in the descriptor's module-handle slot,
 * resolve the function and write it into the delay IAT slot, so later calls go straight there.
 * As the helper calls LoadLibraryExA only while that slot is empty (Microsoft Learn, "Understand
 * the delay load helper function", delayhlp.cpp), the first resolution for a descriptor takes one
 * reference — a new load, or one more on a DLL already loaded — and later ones reuse the stored
 * handle. The new DLL is notified and initialised as a LoadLibrary would; if that fails, it is
 * unloaded again. A failure gives the status and the exception the helper raises (0xC06D007E:
 * module, 0xC06D007F: procedure).
 */
export function LdrResolveDelayLoadedAPI(
  ctx: UserThreadContext,
  importerHandle: number,
  dll: string,
  fn: string | number,
): { status: NTSTATUS; address?: number; exception?: number; module?: LdrModule } {
  const g = globals(ctx);
  const importer = byHandle(g, importerHandle);
  if (!importer) return { status: STATUS.DLL_NOT_FOUND, exception: DELAYLOAD_EXCEPTION_MOD_NOT_FOUND };
  let descriptors;
  try {
    descriptors = readDelayImports(importer.image);
  } catch (e) {
    return { status: e instanceof NtStatusError ? e.status : STATUS.INVALID_IMAGE_FORMAT };
  }
  const d = descriptors.find((x) => x.dll.toLowerCase() === dll.toLowerCase());
  if (!d) return { status: STATUS.INVALID_PARAMETER };
  const index = d.functions.findIndex((f) =>
    typeof fn === 'string' ? 'name' in f && f.name === fn : 'ordinal' in f && f.ordinal === fn,
  );
  if (index < 0) return { status: STATUS.INVALID_PARAMETER };
  type Resolved = { status: NTSTATUS; address?: number; exception?: number; module?: LdrModule };
  return ctx.trace.call<Resolved>(
    {
      layer: 'ntdll',
      module: 'ntdll',
      fn: 'LdrResolveDelayLoadedAPI',
      channel: 'ldr',
      args: { importer: importer.baseName, dll, function: String(fn) },
    },
    () => {
      // The descriptor's module-handle slot: set by an earlier resolution, the module is reused
      // without a new reference (delayhlp.cpp reads *idd.phmod first).
      const stored = d.ModuleHandleRVA ? ctx.memory.ptr(importer.base + d.ModuleHandleRVA) : 0;
      let target = stored ? byHandle(g, stored) : undefined;
      if (!target) {
        const before = g.modules.length;
        const r = LdrpFindOrMapDll(ctx, g, {
          name: d.dll,
          importer,
          loadReason: LoadReason.DelayloadDependency,
          flags: 0,
          pinned: false,
        });
        if (!r.module)
          return {
            status: r.status,
            value: { status: r.status, exception: DELAYLOAD_EXCEPTION_MOD_NOT_FOUND },
          };
        target = r.module;
        if (r.mapped) {
          target.delayLoad = true;
          LdrpKeepFirstByName(g, target);
          const s = LdrpLoadGraph(ctx, g, target, before, 0);
          if (s !== STATUS.SUCCESS)
            return { status: s, value: { status: s, exception: DELAYLOAD_EXCEPTION_MOD_NOT_FOUND } };
        } else {
          // Already loaded: the helper's LoadLibrary takes a reference, which the stored handle holds.
          LdrpReferenceModule(ctx, g, target);
        }
        if (d.ModuleHandleRVA) {
          const restore = LdrpUnprotect(ctx, importer.base + d.ModuleHandleRVA, 8);
          ctx.memory.writeU64(importer.base + d.ModuleHandleRVA, target.base);
          restore();
        }
      }
      if (!target.importedBy.includes(importer.baseName)) target.importedBy.push(importer.baseName);
      const f = d.functions[index]!;
      const p = LdrpResolveProcedureAddress(target, f, importer, forwarderLoader(ctx, g));
      if (p.address === undefined)
        return {
          status: p.status,
          value: { status: p.status, exception: DELAYLOAD_EXCEPTION_PROC_NOT_FOUND, module: target },
        };
      const slot = importer.base + d.ImportAddressTableRVA + 8 * index;
      const restore = LdrpUnprotect(ctx, slot, 8);
      ctx.memory.writeU64(slot, p.address);
      restore();
      return {
        status: STATUS.SUCCESS,
        value: { status: STATUS.SUCCESS, address: p.address, module: target },
      };
    },
  ).value!;
}
