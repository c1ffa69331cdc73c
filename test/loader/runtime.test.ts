// Run-time loading through kernelbase (LoadLibraryExW, GetProcAddress, FreeLibrary, …) and ntdll's
// Ldr* APIs, as the process's own thread calls them after it has started. Windows behaviour is
// Microsoft Learn's; each test names the pages it checks.
import { describe, expect, it } from 'vitest';
import { ERROR, LAYOUT_19045_X64, STATUS } from '../../src/base/index.js';
import {
  AddDllDirectory,
  FreeLibrary,
  GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS,
  GET_MODULE_HANDLE_EX_FLAG_PIN,
  GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
  GetModuleFileNameW,
  GetModuleHandleExW,
  GetModuleHandleW,
  GetProcAddress,
  LoadLibraryExW,
  LoadLibraryW,
  RemoveDllDirectory,
  SetDefaultDllDirectories,
  SetDllDirectoryW,
} from '../../src/kernelbase/index.js';
import {
  DELAYLOAD_EXCEPTION_MOD_NOT_FOUND,
  DELAYLOAD_EXCEPTION_PROC_NOT_FOUND,
  LdrRegisterDllNotification,
  LdrResolveDelayLoadedAPI,
  LdrUnregisterDllNotification,
  LOAD_LIBRARY,
  readPebLdr,
  type UserThreadContext,
} from '../../src/ntdll/index.js';
import { findExportIndexByName, readDelayImports, readExports, type PeImage } from '../../src/pe/index.js';
import { dll, loaderLab } from './support.js';

const APP = 'C:\\App\\app.exe';
const exe = { kind: 'exe' as const, imports: {} };

const DLL_PROCESS_DETACH = 0;
const DLL_PROCESS_ATTACH = 1;
const LoadReasonDelayloadDependency = 3;
const LoadReasonDynamicLoad = 4;
const LDR_DLL_NOTIFICATION_REASON_LOADED = 1;
const LDR_DLL_NOTIFICATION_REASON_UNLOADED = 2;

/** The RVA `name` has in `image`'s export address table. */
function exportRva(image: PeImage, name: string): number {
  const dir = readExports(image)!;
  const index = findExportIndexByName(dir, name);
  return dir.functions.find((f) => f.ordinal === index + dir.Base)!.rva!;
}

/** Starts `APP` in a lab made of `files`; the started process, its loader globals and a caller. */
function started(files: Parameters<typeof loaderLab>[0], o: { currentDirectory?: string } = {}) {
  const lab = loaderLab({ [APP]: exe, ...files });
  const s = lab.start(APP, o.currentDirectory ? { currentDirectory: o.currentDirectory } : {});
  expect(s.status).toBe(STATUS.SUCCESS);
  const pid = s.process!.UniqueProcessId;
  const peb = () => readPebLdr(s.process!.addressSpace!, LAYOUT_19045_X64, s.process!.Peb)!;
  /** DllMain / TLS calls after the process started (what the test's own calls caused). */
  const startCount = lab.executed(pid).length;
  const calls = () => lab.executed(pid).slice(startCount);
  return { lab, s, ctx: s.ctx, g: s.g, pid, peb, calls };
}

/** Base names on each of PEB.Ldr's three lists, read from process memory. */
function lists(peb: ReturnType<typeof readPebLdr>) {
  return {
    load: peb!.inLoadOrder.map((e) => e.baseDllName),
    memory: peb!.inMemoryOrder.map((e) => e.baseDllName),
    init: peb!.inInitializationOrder.map((e) => e.baseDllName),
  };
}

const fileName = (ctx: UserThreadContext, h: number) => GetModuleFileNameW(ctx, h).returnValue;

// Microsoft Learn: "LoadLibraryW function (libloaderapi.h)", "FreeLibrary function",
// "DllMain entry point", "GetModuleHandleW function"; LDR_DATA_TABLE_ENTRY.LoadReason is
// _LDR_DLL_LOAD_REASON (phnt ntldr.h).
describe('LoadLibraryW / FreeLibrary: reference counts and PEB.Ldr', () => {
  it('loads from the application folder, counts references, and unloads on the last FreeLibrary', () => {
    const { ctx, g, peb, calls } = started({ 'C:\\App\\x.dll': dll(['X']) });
    const before = lists(peb());
    const r = LoadLibraryW(ctx, 'x.dll');
    const x = g.byName.get('x.dll')!;
    expect(r).toEqual({ returnValue: x.base, lastError: ERROR.SUCCESS, status: STATUS.SUCCESS });
    expect(x.fullName).toBe('C:\\App\\x.dll');
    expect(calls()).toEqual([`x.dll:DllMain:${DLL_PROCESS_ATTACH}`]);
    const entry = () => peb().inLoadOrder.find((e) => e.baseDllName === 'x.dll');
    expect(entry()).toMatchObject({
      base: x.base,
      fullDllName: 'C:\\App\\x.dll',
      loadReason: LoadReasonDynamicLoad,
      loadCount: 1,
      ddagState: 9, // LdrModulesReadyToRun
    });
    expect(lists(peb())).toEqual({
      load: [...before.load, 'x.dll'],
      memory: [...before.memory, 'x.dll'],
      init: [...before.init, 'x.dll'],
    });

    // "The system maintains a per-process reference count on all loaded modules. Calling
    // LoadLibrary increments the reference count."
    expect(LoadLibraryW(ctx, 'x.dll').returnValue).toBe(x.base);
    expect(entry()!.loadCount).toBe(2);
    expect(calls()).toEqual([`x.dll:DllMain:${DLL_PROCESS_ATTACH}`]);

    // FreeLibrary: "When the reference count reaches zero, the module is unloaded from the address
    // space of the calling process" — DllMain gets DLL_PROCESS_DETACH.
    expect(FreeLibrary(ctx, x.base).returnValue).toBe(1);
    expect(entry()!.loadCount).toBe(1);
    expect(calls()).toEqual([`x.dll:DllMain:${DLL_PROCESS_ATTACH}`]);
    expect(FreeLibrary(ctx, x.base)).toEqual({ returnValue: 1, lastError: 0, status: STATUS.SUCCESS });
    expect(calls()).toEqual([`x.dll:DllMain:${DLL_PROCESS_ATTACH}`, `x.dll:DllMain:${DLL_PROCESS_DETACH}`]);
    expect(lists(peb())).toEqual(before);
    expect(g.byName.has('x.dll')).toBe(false);
    expect(GetModuleHandleW(ctx, 'x.dll')).toEqual({
      returnValue: 0,
      lastError: ERROR.MOD_NOT_FOUND,
      status: STATUS.DLL_NOT_FOUND,
    });
    // The view is gone from the address space.
    expect(() => ctx.memory.u16(x.base)).toThrow();
  });
});

// Microsoft Learn, "LoadLibraryExW function", lpLibFileName: "If the specified module is an
// executable module, static imports are not loaded; instead, the module is loaded as if
// DONT_RESOLVE_DLL_REFERENCES was specified"; "If the string specifies a fully qualified path, the
// function searches only that path for the module"; "If the string specifies a module name without
// a path and more than one loaded module has the same base name and extension, the function returns
// a handle to the module that was loaded first."
describe('LoadLibraryW: executables and two copies of one name', () => {
  it('an .exe is mapped as with DONT_RESOLVE_DLL_REFERENCES: no imports, no TLS callbacks, not initialised', () => {
    const { ctx, g, peb, calls } = started({
      'C:\\App\\tool.exe': { kind: 'exe', imports: { 'dep.dll': ['D'] }, tlsCallbacks: 1 },
      'C:\\App\\dep.dll': dll(['D']),
    });
    const before = lists(peb());
    const h = LoadLibraryW(ctx, 'C:\\App\\tool.exe');
    expect(h.lastError).toBe(0);
    expect(h.returnValue).toBe(g.byName.get('tool.exe')!.base);
    expect(lists(peb()).load).toEqual([...before.load, 'tool.exe']);
    expect(lists(peb()).init).toEqual(before.init);
    expect(g.byName.has('dep.dll')).toBe(false);
    expect(calls()).toEqual([]);
    expect(FreeLibrary(ctx, h.returnValue).returnValue).toBe(1);
    expect(lists(peb())).toEqual(before);
  });

  it('a second copy loaded by full path is a second module; the name alone keeps meaning the first', () => {
    const { ctx, g, peb, calls } = started({
      'C:\\App\\a.dll': dll(['A']),
      'C:\\Other\\a.dll': dll(['A']),
    });
    const first = LoadLibraryW(ctx, 'a.dll').returnValue;
    const second = LoadLibraryW(ctx, 'C:\\Other\\a.dll').returnValue;
    expect(second).not.toBe(first);
    expect([fileName(ctx, first), fileName(ctx, second)]).toEqual(['C:\\App\\a.dll', 'C:\\Other\\a.dll']);
    expect(calls()).toEqual(['a.dll:DllMain:1', 'a.dll:DllMain:1']);
    expect(LoadLibraryW(ctx, 'a.dll').returnValue).toBe(first);
    expect(peb().inLoadOrder.find((e) => e.base === first)!.loadCount).toBe(2);
    expect(peb().inLoadOrder.find((e) => e.base === second)!.loadCount).toBe(1);
    // Unloading the second copy leaves the first one findable by name.
    expect(FreeLibrary(ctx, second).returnValue).toBe(1);
    expect(GetModuleHandleW(ctx, 'a.dll').returnValue).toBe(first);
    expect(g.byName.get('a.dll')!.fullName).toBe('C:\\App\\a.dll');
  });
});

// Microsoft Learn: "LoadLibraryExW function" (Return value, Remarks: invalid flag combinations),
// "DllMain entry point" (Return value: "If the return value is FALSE when DllMain is called because
// the process uses the LoadLibrary function, LoadLibrary returns NULL. (The system immediately calls
// your entry-point function with DLL_PROCESS_DETACH and unloads the DLL.)"), "System Error Codes".
describe('LoadLibraryW / LoadLibraryExW failures leave nothing behind', () => {
  const files = {
    'C:\\App\\needs-gone.dll': dll(['N'], { 'gone.dll': ['G'] }),
    'C:\\App\\needs-proc.dll': dll(['P'], { 'have.dll': ['H', 'Missing'] }),
    'C:\\App\\have.dll': dll(['H']),
    'C:\\App\\refuses.dll': dll(['R'], { 'helper.dll': ['H'] }, { dllMainReturns: false }),
    'C:\\App\\helper.dll': dll(['H']),
    'C:\\App\\x86.dll': dll(['X'], {}, { machine: 'I386' }),
    'C:\\App\\x.dll': dll(['X']),
  };

  it('a DLL that is nowhere: NULL, ERROR_MOD_NOT_FOUND (STATUS_DLL_NOT_FOUND)', () => {
    const { ctx, peb } = started(files);
    const before = lists(peb());
    expect(LoadLibraryW(ctx, 'nothere.dll')).toEqual({
      returnValue: 0,
      lastError: ERROR.MOD_NOT_FOUND,
      status: STATUS.DLL_NOT_FOUND,
    });
    expect(LoadLibraryW(ctx, 'C:\\App\\nothere.dll').lastError).toBe(ERROR.MOD_NOT_FOUND);
    expect(lists(peb())).toEqual(before);
  });

  it('a missing dependency (126) or import (127): the DLL and what it brought are unloaded, no DllMain', () => {
    const { ctx, g, peb, calls } = started(files);
    const before = lists(peb());
    const modules = g.modules.map((m) => m.baseName);
    expect(LoadLibraryW(ctx, 'needs-gone.dll')).toEqual({
      returnValue: 0,
      lastError: ERROR.MOD_NOT_FOUND,
      status: STATUS.DLL_NOT_FOUND,
    });
    expect(LoadLibraryW(ctx, 'needs-proc.dll')).toEqual({
      returnValue: 0,
      lastError: ERROR.PROC_NOT_FOUND,
      status: STATUS.ENTRYPOINT_NOT_FOUND,
    });
    expect(lists(peb())).toEqual(before);
    expect(g.modules.map((m) => m.baseName)).toEqual(modules);
    expect(['needs-gone.dll', 'needs-proc.dll', 'have.dll'].map((n) => g.byName.has(n))).toEqual([
      false,
      false,
      false,
    ]);
    expect(calls()).toEqual([]);
    // Nothing stale: the same DLL's dependency loads normally afterwards, with a count of 1 …
    const h = LoadLibraryW(ctx, 'have.dll').returnValue;
    const count = () => peb().inLoadOrder.find((e) => e.base === h)!.loadCount;
    expect(count()).toBe(1);
    // … and a failed load that found it already loaded gives back the reference its edge took.
    expect(LoadLibraryW(ctx, 'needs-proc.dll').lastError).toBe(ERROR.PROC_NOT_FOUND);
    expect(count()).toBe(1);
    FreeLibrary(ctx, h);
    expect(g.byName.has('have.dll')).toBe(false);
  });

  it('DllMain returning FALSE: ERROR_DLL_INIT_FAILED, DLL_PROCESS_DETACH follows, the DLL and its dependency are gone', () => {
    const { ctx, g, peb, calls } = started(files);
    const before = lists(peb());
    expect(LoadLibraryW(ctx, 'refuses.dll')).toEqual({
      returnValue: 0,
      lastError: ERROR.DLL_INIT_FAILED,
      status: STATUS.DLL_INIT_FAILED,
    });
    expect(calls()).toEqual([
      `helper.dll:DllMain:${DLL_PROCESS_ATTACH}`,
      `refuses.dll:DllMain:${DLL_PROCESS_ATTACH}`,
      `refuses.dll:DllMain:${DLL_PROCESS_DETACH}`,
      `helper.dll:DllMain:${DLL_PROCESS_DETACH}`,
    ]);
    expect(lists(peb())).toEqual(before);
    expect(g.byName.has('refuses.dll') || g.byName.has('helper.dll')).toBe(false);
  });

  it('a 32-bit DLL and no other copy: ERROR_BAD_EXE_FORMAT', () => {
    const { ctx, peb } = started(files);
    const before = lists(peb());
    expect(LoadLibraryW(ctx, 'x86.dll')).toEqual({
      returnValue: 0,
      lastError: ERROR.BAD_EXE_FORMAT,
      status: STATUS.INVALID_IMAGE_FORMAT,
    });
    expect(LoadLibraryW(ctx, 'C:\\App\\x86.dll').lastError).toBe(ERROR.BAD_EXE_FORMAT);
    expect(lists(peb())).toEqual(before);
  });

  it('invalid parameters: ERROR_INVALID_PARAMETER before any search', () => {
    const { ctx, g, peb } = started(files);
    const before = lists(peb());
    const invalid = { returnValue: 0, lastError: ERROR.INVALID_PARAMETER, status: STATUS.INVALID_PARAMETER };
    // LOAD_WITH_ALTERED_SEARCH_PATH: "This value cannot be combined with any LOAD_LIBRARY_SEARCH
    // flag."
    expect(
      LoadLibraryExW(
        ctx,
        'C:\\App\\x.dll',
        0,
        LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH | LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32,
      ),
    ).toEqual(invalid);
    // LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR: "the lpFileName parameter must specify a fully qualified path".
    expect(LoadLibraryExW(ctx, 'x.dll', 0, LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR)).toEqual(invalid);
    // hFile: "This parameter is reserved for future use. It must be NULL."
    expect(LoadLibraryExW(ctx, 'x.dll', 4, 0)).toEqual(invalid);
    expect(lists(peb())).toEqual(before);
    expect(g.byName.has('x.dll')).toBe(false);
  });
});

// Microsoft Learn, "LoadLibraryW": "If the specified module is a DLL that is not already loaded for
// the calling process, the system calls the DLL's DllMain function with the DLL_PROCESS_ATTACH
// value"; "Dynamic-Link Library Entry-Point Function" / "DllMain": dependencies are initialised
// before the DLL that needs them and detached after it; FreeLibrary unloads a module when its
// reference count reaches zero, and with it what only it kept loaded.
describe('a dynamically loaded DLL brings its dependencies, and takes them away again', () => {
  const files = {
    'C:\\App\\top.dll': dll(['T'], { 'mid.dll': ['M'], 'own.dll': ['O'] }),
    'C:\\App\\mid.dll': dll(['M'], { 'leaf.dll': ['L'] }),
    'C:\\App\\leaf.dll': dll(['L']),
    'C:\\App\\own.dll': dll(['O']),
  };

  it('dependencies first; FreeLibrary detaches the DLL, then its chain, keeping one loaded on its own', () => {
    const { ctx, g, peb, calls } = started(files);
    const before = lists(peb());
    const top = LoadLibraryW(ctx, 'top.dll');
    expect(top.lastError).toBe(0);
    expect(calls()).toEqual([
      'leaf.dll:DllMain:1',
      'mid.dll:DllMain:1',
      'own.dll:DllMain:1',
      'top.dll:DllMain:1',
    ]);
    expect(lists(peb()).load.slice(before.load.length)).toEqual([
      'top.dll',
      'mid.dll',
      'own.dll',
      'leaf.dll',
    ]);
    expect(lists(peb()).init.slice(before.init.length)).toEqual([
      'leaf.dll',
      'mid.dll',
      'own.dll',
      'top.dll',
    ]);
    // own.dll is loaded on its own as well: a second reference.
    const own = LoadLibraryW(ctx, 'own.dll').returnValue;
    expect(own).toBe(g.byName.get('own.dll')!.base);
    expect(peb().inLoadOrder.find((e) => e.baseDllName === 'own.dll')!.loadCount).toBe(2);

    expect(FreeLibrary(ctx, top.returnValue).returnValue).toBe(1);
    expect(calls().slice(4)).toEqual(['top.dll:DllMain:0', 'mid.dll:DllMain:0', 'leaf.dll:DllMain:0']);
    expect(lists(peb()).load).toEqual([...before.load, 'own.dll']);
    expect(peb().inLoadOrder.find((e) => e.baseDllName === 'own.dll')!.loadCount).toBe(1);

    expect(FreeLibrary(ctx, own).returnValue).toBe(1);
    expect(calls().slice(7)).toEqual(['own.dll:DllMain:0']);
    expect(lists(peb())).toEqual(before);
  });

  it('a dependency that was already loaded is only referenced, and stays when the DLL goes', () => {
    const { ctx, peb, calls } = started(files);
    const leaf = LoadLibraryW(ctx, 'leaf.dll').returnValue;
    const mid = LoadLibraryW(ctx, 'mid.dll').returnValue;
    expect(calls()).toEqual(['leaf.dll:DllMain:1', 'mid.dll:DllMain:1']);
    expect(peb().inLoadOrder.find((e) => e.base === leaf)!.loadCount).toBe(2);
    expect(FreeLibrary(ctx, mid).returnValue).toBe(1);
    expect(calls()).toEqual(['leaf.dll:DllMain:1', 'mid.dll:DllMain:1', 'mid.dll:DllMain:0']);
    expect(peb().inLoadOrder.find((e) => e.base === leaf)!.loadCount).toBe(1);
  });

  it('FreeLibrary of a handle that names no module: ERROR_MOD_NOT_FOUND', () => {
    const { ctx } = started(files);
    expect(FreeLibrary(ctx, 0x12340000)).toEqual({
      returnValue: 0,
      lastError: ERROR.MOD_NOT_FOUND,
      status: STATUS.DLL_NOT_FOUND,
    });
  });
});

// Microsoft Learn: "GetProcAddress function" (by name or ordinal; forwarders; "If the function
// fails, the return value is NULL"), "GetModuleHandleW function" ("If this parameter is NULL,
// GetModuleHandle returns a handle to the file used to create the calling process"), "API sets"
// ("GetModuleHandle … with an API set name"), "GetModuleHandleExW function",
// "GetModuleFileNameW function".
describe('GetProcAddress / GetModuleHandleW / GetModuleHandleExW / GetModuleFileNameW', () => {
  const files = {
    'C:\\App\\lib.dll': dll(
      [],
      {},
      { exports: ['Named', { name: 'ByOrd', ordinal: 7 }, { name: 'F', forward: 'other.G' }] },
    ),
    'C:\\App\\other.dll': dll(['G', 'H']),
  };

  it('by name, by ordinal, through a forwarder (which loads its DLL); missing name and ordinal → 127', () => {
    const { ctx, g, calls } = started(files);
    const h = LoadLibraryW(ctx, 'lib.dll').returnValue;
    const lib = g.byName.get('lib.dll')!;
    expect(GetProcAddress(ctx, h, 'Named')).toEqual({
      returnValue: lib.base + exportRva(lib.image, 'Named'),
      lastError: 0,
      status: STATUS.SUCCESS,
    });
    const byOrd = lib.base + exportRva(lib.image, 'ByOrd');
    expect(GetProcAddress(ctx, h, 7).returnValue).toBe(byOrd);
    expect(GetProcAddress(ctx, h, 'ByOrd').returnValue).toBe(byOrd);

    expect(g.byName.has('other.dll')).toBe(false);
    const f = GetProcAddress(ctx, h, 'F');
    const other = g.byName.get('other.dll')!;
    expect(other.fullName).toBe('C:\\App\\other.dll');
    expect(f.returnValue).toBe(other.base + exportRva(other.image, 'G'));
    expect(calls()).toEqual(['lib.dll:DllMain:1', 'other.dll:DllMain:1']);

    const notFound = { returnValue: 0, lastError: ERROR.PROC_NOT_FOUND, status: STATUS.PROCEDURE_NOT_FOUND };
    expect(GetProcAddress(ctx, h, 'Nope')).toEqual(notFound);
    expect(GetProcAddress(ctx, h, 'named')).toEqual(notFound); // names are case-sensitive
    expect(GetProcAddress(ctx, h, 99)).toEqual(notFound);
  });

  it('a forwarder whose DLL cannot load fails the call with that status, and leaves nothing behind', () => {
    const { ctx, g, calls } = started({
      'C:\\App\\lib.dll': dll(
        [],
        {},
        {
          exports: [
            { name: 'ToRefuser', forward: 'refuses.G' },
            { name: 'ToNowhere', forward: 'gone.G' },
          ],
        },
      ),
      'C:\\App\\refuses.dll': dll(['G'], { 'helper.dll': ['H'] }, { dllMainReturns: false }),
      'C:\\App\\helper.dll': dll(['H']),
    });
    const seen: string[] = [];
    LdrRegisterDllNotification(ctx, (reason, d) => seen.push(`${reason}:${d.BaseDllName}`));
    const h = LoadLibraryW(ctx, 'lib.dll').returnValue;
    expect(GetProcAddress(ctx, h, 'ToNowhere')).toEqual({
      returnValue: 0,
      lastError: ERROR.MOD_NOT_FOUND,
      status: STATUS.DLL_NOT_FOUND,
    });
    expect(GetProcAddress(ctx, h, 'ToRefuser')).toEqual({
      returnValue: 0,
      lastError: ERROR.DLL_INIT_FAILED,
      status: STATUS.DLL_INIT_FAILED,
    });
    expect(calls()).toEqual([
      'lib.dll:DllMain:1',
      'helper.dll:DllMain:1',
      'refuses.dll:DllMain:1',
      'refuses.dll:DllMain:0',
      'helper.dll:DllMain:0',
    ]);
    expect(seen).toEqual(['1:lib.dll', '1:helper.dll', '1:refuses.dll', '2:refuses.dll', '2:helper.dll']);
    expect(g.byName.has('refuses.dll') || g.byName.has('helper.dll')).toBe(false);
  });

  it('GetModuleHandleW: NULL is the exe; an API set contract is its host; no reference is taken', () => {
    const { ctx, g, peb } = started(files);
    expect(GetModuleHandleW(ctx, null).returnValue).toBe(g.byName.get('app.exe')!.base);
    expect(GetModuleHandleW(ctx, null).returnValue).toBe(
      ctx.memory.ptr(peb().inLoadOrder[0]!.entry + 0x30), // DllBase of the first entry
    );
    const kb = g.byName.get('kernelbase.dll')!.base;
    expect(GetModuleHandleW(ctx, 'api-ms-win-core-synch-l1-2-0')).toEqual({
      returnValue: kb,
      lastError: 0,
      status: STATUS.SUCCESS,
    });
    expect(GetModuleHandleW(ctx, 'KERNELBASE').returnValue).toBe(kb);
    const h = LoadLibraryW(ctx, 'lib.dll').returnValue;
    expect(GetModuleHandleW(ctx, 'C:\\App\\lib.dll').returnValue).toBe(h);
    expect(peb().inLoadOrder.find((e) => e.base === h)!.loadCount).toBe(1);
  });

  it('GetModuleHandleExW: FROM_ADDRESS finds the module holding an address; PIN with UNCHANGED_REFCOUNT is 87', () => {
    const { ctx, g, peb } = started(files);
    const h = LoadLibraryW(ctx, 'lib.dll').returnValue;
    const lib = g.byName.get('lib.dll')!;
    const inside = GetProcAddress(ctx, h, 'Named').returnValue;
    expect(inside).toBeGreaterThan(h);
    expect(
      GetModuleHandleExW(
        ctx,
        GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
        inside,
      ).returnValue,
    ).toBe(h);
    expect(
      GetModuleHandleExW(ctx, GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, lib.base + lib.size - 1).returnValue,
    ).toBe(h);
    // Without UNCHANGED_REFCOUNT the handle is a reference "as though LoadLibrary was called".
    expect(peb().inLoadOrder.find((e) => e.base === h)!.loadCount).toBe(2);
    expect(
      GetModuleHandleExW(ctx, GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, lib.base + lib.size).returnValue,
    ).not.toBe(h);
    expect(
      GetModuleHandleExW(
        ctx,
        GET_MODULE_HANDLE_EX_FLAG_PIN | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
        'lib.dll',
      ),
    ).toEqual({ returnValue: 0, lastError: ERROR.INVALID_PARAMETER, status: STATUS.INVALID_PARAMETER });
    expect(GetModuleHandleExW(ctx, 0, 'nothere.dll').lastError).toBe(ERROR.MOD_NOT_FOUND);
  });

  it('GetModuleHandleExW PIN: the module and what it needs stay loaded, whatever FreeLibrary does', () => {
    const { ctx, g, peb, calls } = started({
      'C:\\App\\top.dll': dll(['T'], { 'mid.dll': ['M'] }),
      'C:\\App\\mid.dll': dll(['M']),
    });
    const top = LoadLibraryW(ctx, 'top.dll').returnValue;
    const mid = LoadLibraryW(ctx, 'mid.dll').returnValue;
    expect(GetModuleHandleExW(ctx, GET_MODULE_HANDLE_EX_FLAG_PIN, 'top.dll').returnValue).toBe(top);
    // LDR_LOADCOUNT_MAX, as for modules loaded at process start (LdrpPinNodeRecurse pins the
    // node's dependencies too).
    const count = (h: number) => peb().inLoadOrder.find((e) => e.base === h)!.loadCount;
    expect([count(top), count(mid)]).toEqual([0xffffffff, 0xffffffff]);
    for (let i = 0; i < 3; i++) {
      expect(FreeLibrary(ctx, top).returnValue).toBe(1);
      expect(FreeLibrary(ctx, mid).returnValue).toBe(1);
    }
    expect(calls()).toEqual(['mid.dll:DllMain:1', 'top.dll:DllMain:1']);
    expect(g.byName.has('top.dll') && g.byName.has('mid.dll')).toBe(true);
  });

  it('GetModuleFileNameW: the full path; NULL is the exe; a buffer too small is ERROR_INSUFFICIENT_BUFFER', () => {
    const { ctx } = started(files);
    const h = LoadLibraryW(ctx, 'lib.dll').returnValue;
    expect(GetModuleFileNameW(ctx, h)).toEqual({
      returnValue: 'C:\\App\\lib.dll',
      lastError: 0,
      status: STATUS.SUCCESS,
    });
    expect(GetModuleFileNameW(ctx, null).returnValue).toBe(APP);
    // 'C:\App\lib.dll' is 14 characters: 15 with its null fits, 14 does not.
    expect(GetModuleFileNameW(ctx, h, 15).lastError).toBe(0);
    expect(GetModuleFileNameW(ctx, h, 14)).toEqual({
      returnValue: 'C:\\App\\lib.dl',
      lastError: 122, // ERROR_INSUFFICIENT_BUFFER
      status: STATUS.BUFFER_TOO_SMALL,
    });
    expect(GetModuleFileNameW(ctx, 0x12340000).lastError).toBe(ERROR.MOD_NOT_FOUND);
  });
});

// Microsoft Learn: "Dynamic-link library search order" (standard order, SafeDllSearchMode, the
// effect of SetDllDirectory and of LOAD_LIBRARY_SEARCH flags), "LoadLibraryExW function"
// (LOAD_LIBRARY_SEARCH_*, LOAD_WITH_ALTERED_SEARCH_PATH), "SetDllDirectoryW function",
// "AddDllDirectory function", "SetDefaultDllDirectories function".
describe('which copy of a DLL loads: SetDllDirectoryW, AddDllDirectory, the search flags', () => {
  const SYS = 'C:\\Windows\\System32';

  it('SetDllDirectoryW(path) puts the folder before System32; NULL restores the standard order', () => {
    const { ctx } = started({ 'C:\\Lib\\x.dll': dll(['X']), [`${SYS}\\x.dll`]: dll(['X']) });
    const load = () => {
      const h = LoadLibraryW(ctx, 'x.dll').returnValue;
      const path = fileName(ctx, h);
      FreeLibrary(ctx, h);
      return path;
    };
    expect(load()).toBe(`${SYS}\\x.dll`);
    expect(SetDllDirectoryW(ctx, 'C:\\Lib').returnValue).toBe(1);
    expect(load()).toBe('C:\\Lib\\x.dll');
    expect(SetDllDirectoryW(ctx, null).returnValue).toBe(1);
    expect(load()).toBe(`${SYS}\\x.dll`);
  });

  it('SetDllDirectoryW("") takes the current folder out of the search', () => {
    const { ctx } = started({ 'C:\\Work\\x.dll': dll(['X']) }, { currentDirectory: 'C:\\Work' });
    const h = LoadLibraryW(ctx, 'x.dll').returnValue;
    expect(fileName(ctx, h)).toBe('C:\\Work\\x.dll');
    FreeLibrary(ctx, h);
    SetDllDirectoryW(ctx, '');
    expect(LoadLibraryW(ctx, 'x.dll').lastError).toBe(ERROR.MOD_NOT_FOUND);
  });

  it('AddDllDirectory is searched only with LOAD_LIBRARY_SEARCH_USER_DIRS (the call or the default); RemoveDllDirectory ends it', () => {
    const { ctx } = started(
      { 'C:\\Extra\\x.dll': dll(['X']), 'C:\\Work\\x.dll': dll(['X']) },
      { currentDirectory: 'C:\\Work' },
    );
    const load = (flags = 0) => {
      const r = LoadLibraryExW(ctx, 'x.dll', 0, flags);
      const path = r.returnValue ? fileName(ctx, r.returnValue) : r.lastError;
      if (r.returnValue) FreeLibrary(ctx, r.returnValue);
      return path;
    };
    const cookie = AddDllDirectory(ctx, 'C:\\Extra');
    expect(cookie.returnValue).not.toBe(0);
    expect(AddDllDirectory(ctx, 'Extra')).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_PARAMETER,
      status: STATUS.INVALID_PARAMETER,
    });
    expect(load()).toBe('C:\\Work\\x.dll'); // the standard order: the current folder
    expect(load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_USER_DIRS)).toBe('C:\\Extra\\x.dll');
    expect(load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32)).toBe(ERROR.MOD_NOT_FOUND);
    expect(SetDefaultDllDirectories(ctx, LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DEFAULT_DIRS).returnValue).toBe(1);
    expect(load()).toBe('C:\\Extra\\x.dll'); // no current folder in the default directories
    expect(RemoveDllDirectory(ctx, cookie.returnValue).returnValue).toBe(1);
    expect(load()).toBe(ERROR.MOD_NOT_FOUND);
    expect(RemoveDllDirectory(ctx, cookie.returnValue).lastError).toBe(ERROR.INVALID_PARAMETER);
  });

  it('LOAD_LIBRARY_SEARCH_SYSTEM32 / APPLICATION_DIR choose between the application folder and System32', () => {
    const { ctx } = started({ 'C:\\App\\x.dll': dll(['X']), [`${SYS}\\x.dll`]: dll(['X']) });
    const load = (flags: number) => {
      const h = LoadLibraryExW(ctx, 'x.dll', 0, flags).returnValue;
      const path = fileName(ctx, h);
      FreeLibrary(ctx, h);
      return path;
    };
    expect(load(0)).toBe('C:\\App\\x.dll');
    expect(load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32)).toBe(`${SYS}\\x.dll`);
    expect(load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_APPLICATION_DIR)).toBe('C:\\App\\x.dll');
    expect(SetDefaultDllDirectories(ctx, LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32).returnValue).toBe(1);
    expect(load(0)).toBe(`${SYS}\\x.dll`);
    // The call's own flags win over the process default.
    expect(load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_APPLICATION_DIR)).toBe('C:\\App\\x.dll');
  });

  it("LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR and LOAD_WITH_ALTERED_SEARCH_PATH: the DLL's folder for its dependencies", () => {
    const { ctx, g } = started({
      'C:\\Plugins\\p.dll': dll(['P'], { 'dep.dll': ['D'] }),
      'C:\\Plugins\\dep.dll': dll(['D']),
      'C:\\App\\dep.dll': dll(['D']),
      [`${SYS}\\dep.dll`]: dll(['D']),
    });
    const load = (flags: number) => {
      const h = LoadLibraryExW(ctx, 'C:\\Plugins\\p.dll', 0, flags).returnValue;
      expect(fileName(ctx, h)).toBe('C:\\Plugins\\p.dll');
      const dep = g.byName.get('dep.dll')!.fullName;
      FreeLibrary(ctx, h);
      expect(g.byName.has('dep.dll')).toBe(false);
      return dep;
    };
    // Standard order: the application folder, not the DLL's.
    expect(load(0)).toBe('C:\\App\\dep.dll');
    // "the directory that contains the DLL is temporarily added to the beginning of the list of
    // directories that are searched for the DLL's dependencies".
    expect(
      load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32),
    ).toBe('C:\\Plugins\\dep.dll');
    expect(load(LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32)).toBe(`${SYS}\\dep.dll`);
    // LOAD_WITH_ALTERED_SEARCH_PATH: the DLL's folder takes the application folder's place.
    expect(load(LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH)).toBe('C:\\Plugins\\dep.dll');
  });

  it('SetDefaultDllDirectories: 0 or a flag it does not take is ERROR_INVALID_PARAMETER', () => {
    const { ctx, g } = started({});
    const invalid = { returnValue: 0, lastError: ERROR.INVALID_PARAMETER, status: STATUS.INVALID_PARAMETER };
    expect(SetDefaultDllDirectories(ctx, 0)).toEqual(invalid);
    expect(SetDefaultDllDirectories(ctx, LOAD_LIBRARY.LOAD_LIBRARY_AS_DATAFILE)).toEqual(invalid);
    expect(
      SetDefaultDllDirectories(
        ctx,
        LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_APPLICATION_DIR | LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR,
      ),
    ).toEqual(invalid);
    expect(g.defaultDirectoryFlags).toBe(0);
    expect(SetDefaultDllDirectories(ctx, LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_USER_DIRS).returnValue).toBe(1);
  });
});

// Microsoft Learn: "LdrDllNotification callback function", "LDR_DLL_NOTIFICATION_DATA",
// "LdrRegisterDllNotification", "LdrUnregisterDllNotification". The order is ntdll's: LOADED for
// each new module after those it depends on (LdrpNotifyLoadOfGraph walks the graph before
// LdrpInitializeGraphRecurse), UNLOADED as each node is unloaded (LdrpUnloadNode), the DLL first.
describe('LdrRegisterDllNotification', () => {
  it('LOADED for every DLL a LoadLibrary maps, UNLOADED when each goes; nothing after unregistering', () => {
    const { ctx, g } = started({
      'C:\\App\\top.dll': dll(['T'], { 'mid.dll': ['M'] }),
      'C:\\App\\mid.dll': dll(['M'], { 'kernel32.dll': ['Sleep'] }),
    });
    const seen: unknown[] = [];
    const cookie = LdrRegisterDllNotification(ctx, (reason, d) => seen.push({ reason, ...d }));
    const h = LoadLibraryW(ctx, 'top.dll').returnValue;
    const top = g.byName.get('top.dll')!;
    const mid = g.byName.get('mid.dll')!;
    const data = (m: typeof top) => ({
      FullDllName: m.fullName,
      BaseDllName: m.baseName,
      DllBase: m.base,
      SizeOfImage: m.size,
    });
    expect(top.size).toBe(peSize(top.image));
    // kernel32 was already loaded: no notification for it.
    expect(seen).toEqual([
      { reason: LDR_DLL_NOTIFICATION_REASON_LOADED, ...data(mid) },
      { reason: LDR_DLL_NOTIFICATION_REASON_LOADED, ...data(top) },
    ]);
    // A second reference maps nothing.
    LoadLibraryW(ctx, 'top.dll');
    FreeLibrary(ctx, h);
    expect(seen).toHaveLength(2);
    FreeLibrary(ctx, h);
    expect(seen.slice(2)).toEqual([
      { reason: LDR_DLL_NOTIFICATION_REASON_UNLOADED, ...data(top) },
      { reason: LDR_DLL_NOTIFICATION_REASON_UNLOADED, ...data(mid) },
    ]);
    expect(LdrUnregisterDllNotification(ctx, cookie)).toBe(STATUS.SUCCESS);
    expect(LdrUnregisterDllNotification(ctx, cookie)).toBe(STATUS.INVALID_PARAMETER);
    FreeLibrary(ctx, LoadLibraryW(ctx, 'top.dll').returnValue);
    expect(seen).toHaveLength(4);
  });

  it('a load that fails before DllMain notifies nothing', () => {
    const { ctx } = started({ 'C:\\App\\a.dll': dll(['A'], { 'gone.dll': ['G'] }) });
    const seen: number[] = [];
    LdrRegisterDllNotification(ctx, (reason) => seen.push(reason));
    expect(LoadLibraryW(ctx, 'a.dll').lastError).toBe(ERROR.MOD_NOT_FOUND);
    expect(seen).toEqual([]);
  });
});

function peSize(image: PeImage): number {
  return image.optionalHeader.SizeOfImage;
}

// Microsoft Learn: "Linker support for delay-loaded DLLs", "Understand the delay load helper
// function" (the helper loads the DLL, stores its handle, resolves the function and writes the
// delay IAT slot), "Error handling and notification" (VcppException(ERROR_SEVERITY_ERROR,
// ERROR_MOD_NOT_FOUND / ERROR_PROC_NOT_FOUND)); LDR_DLL_LOAD_REASON LoadReasonDelayloadDependency.
describe('delay-loaded imports: LdrResolveDelayLoadedAPI', () => {
  const files = {
    'C:\\App\\d.exe': {
      kind: 'exe' as const,
      imports: {},
      delayImports: { 'lazy.dll': ['F', 'Absent'], 'gone.dll': ['G'] },
    },
    'C:\\App\\lazy.dll': dll(['E', 'F']),
  };

  it('the process starts without the DLL; the first call loads it, initialises it and snaps the slot', () => {
    const lab = loaderLab(files);
    const s = lab.start('C:\\App\\d.exe');
    expect(s.status).toBe(STATUS.SUCCESS);
    const pid = s.process!.UniqueProcessId;
    expect(s.g.byName.has('lazy.dll')).toBe(false);
    const exeModule = s.g.byName.get('d.exe')!;
    const d = readDelayImports(exeModule.image).find((x) => x.dll === 'lazy.dll')!;
    const slot = exeModule.base + d.ImportAddressTableRVA;
    const before = s.ctx.memory.ptr(slot);

    const r = LdrResolveDelayLoadedAPI(s.ctx, exeModule.base, 'lazy.dll', 'F');
    const lazy = s.g.byName.get('lazy.dll')!;
    const f = lazy.base + exportRva(lazy.image, 'F');
    expect([r.status, r.address]).toEqual([STATUS.SUCCESS, f]);
    expect(before).not.toBe(f);
    expect(s.ctx.memory.ptr(slot)).toBe(f);
    expect(s.ctx.memory.ptr(exeModule.base + d.ModuleHandleRVA)).toBe(lazy.base);
    expect(lab.executed(pid).filter((x) => x.startsWith('lazy'))).toEqual(['lazy.dll:DllMain:1']);
    const entry = readPebLdr(s.process!.addressSpace!, LAYOUT_19045_X64, s.process!.Peb)!.inLoadOrder.find(
      (e) => e.baseDllName === 'lazy.dll',
    )!;
    expect([entry.loadReason, entry.fullDllName]).toEqual([
      LoadReasonDelayloadDependency,
      'C:\\App\\lazy.dll',
    ]);
    // A second resolution reuses the module: no new DllMain.
    expect(LdrResolveDelayLoadedAPI(s.ctx, exeModule.base, 'lazy.dll', 'F').address).toBe(f);
    expect(lab.executed(pid).filter((x) => x.startsWith('lazy'))).toEqual(['lazy.dll:DllMain:1']);
  });

  it('a missing DLL raises 0xC06D007E (STATUS_DLL_NOT_FOUND); a missing function 0xC06D007F', () => {
    const s = loaderLab(files).start('C:\\App\\d.exe');
    const base = s.g.byName.get('d.exe')!.base;
    const modules = s.g.modules.length;
    const gone = LdrResolveDelayLoadedAPI(s.ctx, base, 'gone.dll', 'G');
    expect([gone.status, gone.exception, gone.address]).toEqual([
      STATUS.DLL_NOT_FOUND,
      DELAYLOAD_EXCEPTION_MOD_NOT_FOUND,
      undefined,
    ]);
    expect(DELAYLOAD_EXCEPTION_MOD_NOT_FOUND).toBe(0xc06d007e);
    expect(s.g.modules.length).toBe(modules);
    const absent = LdrResolveDelayLoadedAPI(s.ctx, base, 'lazy.dll', 'Absent');
    expect([absent.status, absent.exception, absent.address]).toEqual([
      STATUS.ENTRYPOINT_NOT_FOUND,
      DELAYLOAD_EXCEPTION_PROC_NOT_FOUND,
      undefined,
    ]);
    expect(DELAYLOAD_EXCEPTION_PROC_NOT_FOUND).toBe(0xc06d007f);
  });

  it('a delay-loaded DLL whose DllMain fails: 0xC06D007E with STATUS_DLL_INIT_FAILED, detached and unloaded', () => {
    const lab = loaderLab({
      'C:\\App\\d.exe': { kind: 'exe', imports: {}, delayImports: { 'refuses.dll': ['R'] } },
      'C:\\App\\refuses.dll': dll(['R'], {}, { dllMainReturns: false }),
    });
    const s = lab.start('C:\\App\\d.exe');
    const exeModule = s.g.byName.get('d.exe')!;
    const seen: string[] = [];
    LdrRegisterDllNotification(s.ctx, (reason, d) => seen.push(`${reason}:${d.BaseDllName}`));
    const r = LdrResolveDelayLoadedAPI(s.ctx, exeModule.base, 'refuses.dll', 'R');
    expect([r.status, r.exception]).toEqual([STATUS.DLL_INIT_FAILED, DELAYLOAD_EXCEPTION_MOD_NOT_FOUND]);
    expect(lab.executed(s.process!.UniqueProcessId).filter((x) => x.startsWith('refuses'))).toEqual([
      'refuses.dll:DllMain:1',
      'refuses.dll:DllMain:0',
    ]);
    expect(seen).toEqual(['1:refuses.dll', '2:refuses.dll']);
    expect(s.g.byName.has('refuses.dll')).toBe(false);
    const d = readDelayImports(exeModule.image)[0]!;
    expect(s.ctx.memory.ptr(exeModule.base + d.ModuleHandleRVA)).toBe(0);
  });

  it('a DLL already loaded by LoadLibrary: the first resolution takes one reference, later ones none', () => {
    const s = loaderLab(files).start('C:\\App\\d.exe');
    const exeModule = s.g.byName.get('d.exe')!;
    const h = LoadLibraryW(s.ctx, 'lazy.dll').returnValue;
    const count = () =>
      readPebLdr(s.process!.addressSpace!, LAYOUT_19045_X64, s.process!.Peb)!.inLoadOrder.find(
        (e) => e.base === h,
      )!.loadCount;
    expect(count()).toBe(1);
    expect(LdrResolveDelayLoadedAPI(s.ctx, exeModule.base, 'lazy.dll', 'F').status).toBe(STATUS.SUCCESS);
    expect(count()).toBe(2);
    expect(LdrResolveDelayLoadedAPI(s.ctx, exeModule.base, 'lazy.dll', 'F').status).toBe(STATUS.SUCCESS);
    expect(count()).toBe(2);
    // The LoadLibrary reference goes; the delay-load's keeps the DLL the IAT slot points into.
    FreeLibrary(s.ctx, h);
    expect(s.g.byName.get('lazy.dll')?.base).toBe(h);
  });
});

// Microsoft Learn, "LoadLibraryExW function": LOAD_LIBRARY_AS_DATAFILE ("the system maps the file
// into the calling process's virtual address space as if it were a data file. Nothing is done to
// execute or prepare to execute the mapped file"), LOAD_LIBRARY_AS_IMAGE_RESOURCE;
// DONT_RESOLVE_DLL_REFERENCES ("the system does not call DllMain for process and thread
// initialization and termination. Also, the system does not load additional executable modules
// that are referenced by the specified module"). The handle's low bits mark such a mapping
// (LDR_IS_DATAFILE / LDR_IS_IMAGEMAPPING, phnt ntldr.h); a module already loaded as an image is
// returned as itself (Wine dlls/kernelbase/loader.c, ReactOS kernel32 LoadLibraryExW).
describe('LoadLibraryExW: data files, image resources and DONT_RESOLVE_DLL_REFERENCES', () => {
  const files = {
    'C:\\App\\res.dll': dll(['R'], { 'dep.dll': ['D'] }),
    'C:\\App\\dep.dll': dll(['D']),
  };

  it('AS_DATAFILE → base + 1, AS_IMAGE_RESOURCE → base + 2: no DllMain, not on the module lists', () => {
    const { ctx, g, peb, calls } = started(files);
    const before = lists(peb());
    const data = LoadLibraryExW(ctx, 'res.dll', 0, LOAD_LIBRARY.LOAD_LIBRARY_AS_DATAFILE).returnValue;
    const image = LoadLibraryExW(ctx, 'res.dll', 0, LOAD_LIBRARY.LOAD_LIBRARY_AS_IMAGE_RESOURCE).returnValue;
    expect(data % 4).toBe(1);
    expect(image % 4).toBe(2);
    // The mapping is there, MZ at the base.
    expect(ctx.memory.u16(data - 1)).toBe(0x5a4d);
    expect(ctx.memory.u16(image - 2)).toBe(0x5a4d);
    expect(calls()).toEqual([]);
    expect(lists(peb())).toEqual(before);
    expect(g.byName.has('res.dll') || g.byName.has('dep.dll')).toBe(false);
    expect(GetModuleHandleW(ctx, 'res.dll').lastError).toBe(ERROR.MOD_NOT_FOUND);
    // FreeLibrary of such a handle unmaps the view (LDR_IS_DATAFILE / LDR_IS_IMAGEMAPPING).
    expect(FreeLibrary(ctx, data)).toEqual({ returnValue: 1, lastError: 0, status: STATUS.SUCCESS });
    expect(FreeLibrary(ctx, image).returnValue).toBe(1);
    expect(() => ctx.memory.u16(data - 1)).toThrow();
    expect(() => ctx.memory.u16(image - 2)).toThrow();
  });

  it('a module already loaded as an image is returned as itself, and stays on the lists', () => {
    const { ctx, g, peb, calls } = started(files);
    const h = LoadLibraryW(ctx, 'res.dll').returnValue;
    const before = lists(peb());
    const data = LoadLibraryExW(ctx, 'res.dll', 0, LOAD_LIBRARY.LOAD_LIBRARY_AS_DATAFILE).returnValue;
    expect(data).toBe(h);
    expect(lists(peb())).toEqual(before);
    expect(GetModuleHandleW(ctx, 'res.dll').returnValue).toBe(h);
    expect(calls()).toEqual(['dep.dll:DllMain:1', 'res.dll:DllMain:1']);
    expect(g.byName.get('res.dll')!.base).toBe(h);
  });

  it('DONT_RESOLVE_DLL_REFERENCES: on the module list, its imports not loaded, no DllMain', () => {
    const { ctx, g, peb, calls } = started(files);
    const before = lists(peb());
    const h = LoadLibraryExW(ctx, 'res.dll', 0, LOAD_LIBRARY.DONT_RESOLVE_DLL_REFERENCES).returnValue;
    expect(h).toBe(g.byName.get('res.dll')!.base);
    expect(lists(peb()).load).toEqual([...before.load, 'res.dll']);
    expect(lists(peb()).init).toEqual(before.init);
    expect(g.byName.has('dep.dll')).toBe(false);
    expect(calls()).toEqual([]);
    expect(FreeLibrary(ctx, h).returnValue).toBe(1);
    expect(calls()).toEqual([]);
    expect(lists(peb())).toEqual(before);
  });
});
