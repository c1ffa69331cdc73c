import { ERROR, NtStatusError, STATUS, type NTSTATUS } from '../base/index.js';
import { failed, ok } from './process/result.js';
import {
  LdrAddDllDirectory,
  LdrGetDllHandle,
  LdrGetProcedureAddress,
  LdrLoadDll,
  LdrRemoveDllDirectory,
  LdrSetDefaultDllDirectories,
  LdrSetDllDirectory,
  LdrUnloadDll,
  LOAD_LIBRARY,
  NtCurrentProcess,
  type LdrModule,
  type UserThreadContext,
} from '../ntdll/index.js';

/**
 * A Win32 call's outcome: its return value, what GetLastError() gives right after it, and the
 * NTSTATUS the failure came from (BaseSetLastNTError: the last error is RtlNtStatusToDosError of it).
 */
export interface Win32Result<T = number> {
  returnValue: T;
  lastError: number;
  status: NTSTATUS;
}

const SEARCH_FLAGS = 0x100 | 0x200 | 0x400 | 0x800 | 0x1000 | 0x4000;
const VALID_FLAGS = 0x1 | 0x2 | 0x8 | 0x10 | 0x20 | 0x40 | 0x80 | 0x2000 | SEARCH_FLAGS;

function isFullPath(name: string): boolean {
  return /^([A-Za-z]:\\|\\\\)/.test(name);
}

/**
 * LoadLibraryExW (Microsoft Learn): hFile must be NULL; unknown flags, LOAD_WITH_ALTERED_SEARCH_PATH
 * with any LOAD_LIBRARY_SEARCH_* flag, and LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR without a fully
 * qualified path are ERROR_INVALID_PARAMETER; otherwise LdrLoadDll, whose status becomes the last
 * error (STATUS_DLL_NOT_FOUND → ERROR_MOD_NOT_FOUND, STATUS_INVALID_IMAGE_FORMAT →
 * ERROR_BAD_EXE_FORMAT, STATUS_DLL_INIT_FAILED → ERROR_DLL_INIT_FAILED, …).
 */
export function LoadLibraryExW(ctx: UserThreadContext, fileName: string, file = 0, flags = 0): Win32Result {
  if (file !== 0 || !fileName || flags & ~VALID_FLAGS) return failed(0, STATUS.INVALID_PARAMETER);
  if (flags & LOAD_LIBRARY.LOAD_WITH_ALTERED_SEARCH_PATH && flags & SEARCH_FLAGS)
    return failed(0, STATUS.INVALID_PARAMETER);
  if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR && !isFullPath(fileName))
    return failed(0, STATUS.INVALID_PARAMETER);
  const r = guarded(() => LdrLoadDll(ctx, fileName, flags));
  return r.status === STATUS.SUCCESS ? ok(r.handle!) : failed(0, r.status);
}

export function LoadLibraryW(ctx: UserThreadContext, fileName: string): Win32Result {
  return LoadLibraryExW(ctx, fileName, 0, 0);
}

/** GetModuleHandleW: NULL is the exe (PEB.ImageBaseAddress); otherwise LdrGetDllHandle. */
export function GetModuleHandleW(ctx: UserThreadContext, moduleName: string | null): Win32Result {
  if (moduleName === null) {
    const exe = ctx.processData.ldr?.modules.find((m) => m.isExe);
    return exe ? ok(exe.base) : failed(0, STATUS.DLL_NOT_FOUND);
  }
  const r = LdrGetDllHandle(ctx, moduleName);
  return r.handle !== undefined ? ok(r.handle) : failed(0, r.status);
}

export const GET_MODULE_HANDLE_EX_FLAG_PIN = 0x1;
export const GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT = 0x2;
export const GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS = 0x4;

/**
 * GetModuleHandleExW: by name, or (FROM_ADDRESS) the module containing an address; takes a
 * reference unless UNCHANGED_REFCOUNT; PIN keeps the module loaded for good. PIN with
 * UNCHANGED_REFCOUNT is ERROR_INVALID_PARAMETER (Microsoft Learn).
 */
export function GetModuleHandleExW(
  ctx: UserThreadContext,
  flags: number,
  moduleName: string | number | null,
): Win32Result {
  if (
    flags & ~7 ||
    (flags & GET_MODULE_HANDLE_EX_FLAG_PIN && flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)
  )
    return failed(0, STATUS.INVALID_PARAMETER);
  const g = ctx.processData.ldr;
  if (!g) return failed(0, STATUS.DLL_NOT_FOUND);
  let module;
  if (flags & GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS) {
    const va = Number(moduleName);
    module = g.modules.find((m) => va >= m.base && va < m.base + m.size);
  } else {
    const r = GetModuleHandleW(ctx, moduleName === null ? null : String(moduleName));
    module = r.returnValue ? g.modules.find((m) => m.base === r.returnValue) : undefined;
  }
  if (!module) return failed(0, STATUS.DLL_NOT_FOUND);
  const o = g.offsets;
  if (flags & GET_MODULE_HANDLE_EX_FLAG_PIN) pin(ctx, module);
  else if (!(flags & GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT) && !module.pinned)
    ctx.memory.writeU32(module.ddag + o.ddag.LoadCount, ctx.memory.u32(module.ddag + o.ddag.LoadCount) + 1);
  return ok(module.base);
}

/**
 * LdrAddRefDll(LDR_ADDREF_DLL_PIN) → LdrpPinNodeRecurse: the module's DDAG LoadCount becomes
 * LDR_LOADCOUNT_MAX (0xFFFFFFFF, as for modules loaded at process start) and so, recursively, do
 * its dependencies' — a pinned DLL never loses a DLL it needs.
 */
function pin(ctx: UserThreadContext, module: LdrModule): void {
  const g = ctx.processData.ldr!;
  const seen = new Set<LdrModule>();
  const visit = (m: LdrModule): void => {
    if (seen.has(m)) return;
    seen.add(m);
    if (!m.pinned) {
      m.pinned = true;
      ctx.memory.writeU32(m.ddag + g.offsets.ddag.LoadCount, 0xffffffff);
    }
    for (const d of m.dependencies) visit(d);
  };
  visit(module);
}

/** GetProcAddress: a name, or an ordinal (a value below 0x10000, MAKEINTRESOURCE). */
export function GetProcAddress(
  ctx: UserThreadContext,
  module: number,
  procName: string | number,
): Win32Result {
  const want = typeof procName === 'number' ? { ordinal: procName } : { name: procName };
  if (typeof procName === 'number' && (procName <= 0 || procName > 0xffff))
    return failed(0, STATUS.PROCEDURE_NOT_FOUND);
  const r = guarded(() => LdrGetProcedureAddress(ctx, module, want));
  return r.address !== undefined ? ok(r.address) : failed(0, r.status);
}

/**
 * FreeLibrary: LdrUnloadDll; a data-file or image-resource handle (low bits set, LDR_IS_DATAFILE /
 * LDR_IS_IMAGEMAPPING) names no module and is just unmapped (NtUnmapViewOfSection of the view at
 * the handle without its low bits, as Wine's and ReactOS's FreeLibrary do).
 */
export function FreeLibrary(ctx: UserThreadContext, module: number): Win32Result {
  if (module % 4 !== 0) {
    const base = module - (module % 4);
    const r = guarded(() =>
      ctx.nt.NtUnmapViewOfSection({ ProcessHandle: NtCurrentProcess, BaseAddress: base }),
    );
    return r.status === STATUS.SUCCESS ? ok(1) : failed(0, r.status);
  }
  const s = guarded(() => ({ status: LdrUnloadDll(ctx, module) })).status;
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

export function SetDllDirectoryW(ctx: UserThreadContext, pathName: string | null): Win32Result {
  const s = LdrSetDllDirectory(ctx, pathName);
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** AddDllDirectory: the cookie, or NULL with ERROR_INVALID_PARAMETER for a path that is not absolute. */
export function AddDllDirectory(ctx: UserThreadContext, newDirectory: string): Win32Result {
  const r = LdrAddDllDirectory(ctx, newDirectory);
  return r.cookie !== undefined ? ok(r.cookie) : failed(0, r.status);
}

export function RemoveDllDirectory(ctx: UserThreadContext, cookie: number): Win32Result {
  const s = LdrRemoveDllDirectory(ctx, cookie);
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

export function SetDefaultDllDirectories(ctx: UserThreadContext, directoryFlags: number): Win32Result {
  const s = LdrSetDefaultDllDirectories(ctx, directoryFlags);
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** An access violation inside the loader is the status the caller sees (the exception is caught). */
function guarded<T extends { status: NTSTATUS }>(
  body: () => T,
): T | { status: NTSTATUS; handle?: undefined; address?: undefined } {
  try {
    return body();
  } catch (e) {
    if (e instanceof NtStatusError) return { status: e.status };
    throw e;
  }
}

/**
 * GetModuleFileNameW: the module's FullDllName (NULL: the exe). A handle that names no module is
 * ERROR_MOD_NOT_FOUND (STATUS_DLL_NOT_FOUND). Microsoft Learn: "If the buffer is too small to hold
 * the module name, the string is truncated to nSize characters including the terminating null
 * character, the function returns nSize, and the function sets the last error to
 * ERROR_INSUFFICIENT_BUFFER" — the string here is what the buffer holds before its null.
 */
export function GetModuleFileNameW(
  ctx: UserThreadContext,
  module: number | null,
  size = 260,
): Win32Result<string> {
  const g = ctx.processData.ldr;
  const m = g?.modules.find((x) => (module === null || module === 0 ? x.isExe : x.base === module));
  if (!m) return failed('', STATUS.DLL_NOT_FOUND);
  if (m.fullName.length < size) return ok(m.fullName);
  return {
    returnValue: m.fullName.slice(0, Math.max(0, size - 1)),
    lastError: ERROR.INSUFFICIENT_BUFFER,
    status: STATUS.BUFFER_TOO_SMALL,
  };
}
