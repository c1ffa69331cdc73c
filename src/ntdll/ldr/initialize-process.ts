import { DbgBreakPoint } from '../dbg/dbgui.js';
import { NtStatusError, STATUS, type NTSTATUS } from '../../base/index.js';
import { IMAGE_SUBSYSTEM } from '../../pe/index.js';
import { NtCurrentProcess, DLL_THREAD_ATTACH, type UserThreadContext } from './context.js';
import { LdrDdagState, LoadReason, type LdrGlobals, type LdrModule } from './globals.js';
import { LdrpLoadDependencies } from './graph.js';
import { RtlHeap } from './heap.js';
import { LdrpInitializeGraphRecurse } from './init.js';
import { InitializeListHead, InsertTailList } from './lists.js';
import { LdrpFindOrMapDll } from './map-dll.js';
import { LDRP_HASH_TABLE_SIZE, LdrpAllocateModuleEntry, LdrpSetModuleState } from './module-entry.js';
import { ldrOffsets, RtlGetCurrentPeb } from './offsets.js';
import { LdrpQueryDword } from './registry.js';
import { LdrRelocateImageWithBias } from './relocate.js';
import { LdrpSxsRedirection } from './sxs.js';
import { LdrpHandleTlsData } from './tls.js';

/** KUSER_SHARED_DATA.NtSystemRoot (WCHAR[260] at 0x7FFE0030): `C:\Windows`. */
const KUSER_SHARED_DATA_NT_SYSTEM_ROOT = 0x7ffe0030;
const RTL_USER_PROC_PARAMS_NORMALIZED = 0x1;
const RTL_USER_PROC_DLL_REDIRECTION_LOCAL = 0x1000;
const SESSION_MANAGER = '\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Session Manager';
const IFEO =
  '\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options';

export interface LdrInitializeResult {
  status: NTSTATUS;
  /** Where the thread goes next: the exe's entry point (process start) or its start routine. */
  entryPoint: number;
}

function readSystemRoot(ctx: UserThreadContext): string {
  let s = '';
  try {
    for (let i = 0; i < 260; i++) {
      const c = ctx.memory.u16(KUSER_SHARED_DATA_NT_SYSTEM_ROOT + 2 * i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
  } catch {
    s = '';
  }
  return s || 'C:\\Windows';
}

/** LdrpKnownDllPath: the target of `\KnownDlls\KnownDllPath`, which smss set to System32. */
function readKnownDllPath(ctx: UserThreadContext, systemRoot: string): string {
  const fallback = `${systemRoot}\\System32`;
  const l = ctx.nt.NtOpenSymbolicLinkObject({
    DesiredAccess: 0x1,
    ObjectAttributes: { ObjectName: '\\KnownDlls\\KnownDllPath' },
  });
  if (l.status !== STATUS.SUCCESS) return fallback;
  const handle = Number(l.out!.LinkHandle);
  const q = ctx.nt.NtQuerySymbolicLinkObject({ LinkHandle: handle });
  ctx.nt.NtClose({ Handle: handle });
  // LinkTarget is a UNICODE_STRING ({Length, MaximumLength, Buffer}).
  const target = (q.out?.LinkTarget as { Buffer?: unknown } | undefined)?.Buffer;
  return q.status === STATUS.SUCCESS && typeof target === 'string' && target ? target : fallback;
}

/** The environment block's variables (UTF-16 `NAME=value` strings ending with an empty one). */
function readEnvironment(ctx: UserThreadContext, at: number, size: number): Map<string, string> {
  const out = new Map<string, string>();
  if (!at) return out;
  const text = ctx.memory.readUtf16(at, Math.min(size || 0x10000, 0x100000));
  for (const line of text.split('\0')) {
    if (!line) break;
    const eq = line.indexOf('=', 1);
    if (eq > 0) out.set(line.slice(0, eq).toUpperCase(), line.slice(eq + 1));
  }
  return out;
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 2 ? path.slice(0, i + 1) : path.slice(0, i);
}

/**
 * LdrpInitializeProcess, on the first thread of a new process (Windows Internals 7 ch. 3, "Image
 * loader"; ReactOS ldrinit.c): the process heap (PEB.ProcessHeap), PEB_LDR_DATA (PEB.Ldr) with its
 * three lists, the exe's and ntdll's LDR_DATA_TABLE_ENTRYs, the search inputs (KnownDllPath,
 * SafeDllSearchMode, `.local`, the process parameters' folders and PATH), kernel32 (and so
 * kernelbase) for a Win32 image, loaded and initialised first, then the exe's import graph mapped,
 * snapped and its static TLS set up, and the graph initialised in dependency order. Returns the
 * exe's entry point.
 */
export function LdrpInitializeProcess(ctx: UserThreadContext): LdrInitializeResult {
  const m = ctx.memory;
  const o = ldrOffsets(ctx.layout);
  const peb = RtlGetCurrentPeb(ctx);
  const params = m.ptr(peb + o.peb.ProcessParameters);
  const imageBase = m.ptr(peb + o.peb.ImageBaseAddress);
  const normalized = (m.u32(params + o.params.Flags) & RTL_USER_PROC_PARAMS_NORMALIZED) !== 0;
  const paramString = (field: number): string => {
    const length = m.u16(params + field);
    const buffer = m.ptr(params + field + 8);
    if (!length || !buffer) return '';
    return m.readUtf16(normalized ? buffer : params + buffer, length);
  };
  const imagePath = paramString(o.params.ImagePathName);
  let cwd = paramString(o.params.CurrentDirectory);
  if (cwd.length > 3 && cwd.endsWith('\\')) cwd = cwd.slice(0, -1);
  const envPtr = m.ptr(params + o.params.Environment);
  const env = readEnvironment(
    ctx,
    normalized || !envPtr ? envPtr : params + envPtr,
    Number(m.u64(params + o.params.EnvironmentSize)),
  );
  const processFlags = m.u32(params + o.params.Flags);

  // A process started under a debugger gets the debug heap: PEB.NtGlobalFlag gains
  // FLG_HEAP_ENABLE_TAIL_CHECK | FLG_HEAP_ENABLE_FREE_CHECK | FLG_HEAP_VALIDATE_PARAMETERS (0x70)
  // before the process heap is made, unless the environment has _NO_DEBUG_HEAP=1 (Microsoft Learn,
  // "The debug heap": WinDbg's -hd sets _NO_DEBUG_HEAP; the anti-debugging literature's
  // "NtGlobalFlag == 0x70" check, e.g. Check Point Research's anti-debug encyclopedia).
  const beingDebugged = m.u8(peb + o.peb.BeingDebugged) !== 0;
  if (beingDebugged && env.get('_NO_DEBUG_HEAP') !== '1')
    m.writeU32(peb + o.peb.NtGlobalFlag, m.u32(peb + o.peb.NtGlobalFlag) | FLG_HEAP_DEBUG_FLAGS);

  const heap = RtlHeap.create(
    ctx,
    m.ptr(peb + o.peb.HeapSegmentReserve) || 0x100000,
    m.ptr(peb + o.peb.HeapSegmentCommit) || 0x2000,
  );
  m.writeU64(peb + o.peb.ProcessHeap, heap.base);
  const heaps = heap.allocate(ctx, 16 * 8);
  m.writeU64(heaps, heap.base);
  m.writeU64(peb + o.peb.ProcessHeaps, heaps);
  m.writeU32(peb + o.peb.NumberOfHeaps, 1);
  m.writeU32(peb + o.peb.MaximumNumberOfHeaps, 16);

  const ldrData = heap.allocate(ctx, o.ldrData.size);
  m.writeU32(ldrData + o.ldrData.Length, o.ldrData.size);
  InitializeListHead(m, ldrData + o.ldrData.InLoadOrderModuleList);
  InitializeListHead(m, ldrData + o.ldrData.InMemoryOrderModuleList);
  InitializeListHead(m, ldrData + o.ldrData.InInitializationOrderModuleList);
  m.writeU64(peb + o.peb.Ldr, ldrData);
  const hashTable = heap.allocate(ctx, 16 * LDRP_HASH_TABLE_SIZE);
  for (let i = 0; i < LDRP_HASH_TABLE_SIZE; i++) InitializeListHead(m, hashTable + 16 * i);

  const systemRoot = readSystemRoot(ctx);
  const knownDllPath = readKnownDllPath(ctx, systemRoot);
  const safeDllSearchMode = LdrpQueryDword(ctx, SESSION_MANAGER, 'SafeDllSearchMode', 1) !== 0;
  // DLL redirection: `<exe>.local` next to the exe, honoured when DevOverrideEnable is set
  // (Microsoft Learn, "Dynamic-link library redirection") or CreateProcess said so in the parameters.
  const appDir = dirOf(imagePath);
  let localRedirect: string | null = null;
  if (
    (processFlags & RTL_USER_PROC_DLL_REDIRECTION_LOCAL) !== 0 ||
    LdrpQueryDword(ctx, IFEO, 'DevOverrideEnable', 0) !== 0
  ) {
    const local = `${imagePath}.local`;
    const nt = `\\??\\${local}`;
    const a = ctx.nt.NtQueryAttributesFile({ ObjectAttributes: { ObjectName: nt } });
    if (a.status === STATUS.SUCCESS) {
      const attrs = (a.out?.FileInformation as { FileAttributes?: number } | undefined)?.FileAttributes ?? 0;
      localRedirect = attrs & 0x10 ? local : appDir;
    }
  }

  const g: LdrGlobals = {
    offsets: o,
    heap,
    peb,
    ldrData,
    hashTable,
    apiSetMap: m.ptr(peb + o.peb.ApiSetMap),
    knownDllPath,
    systemRoot,
    imagePath,
    appDir,
    currentDirectory: cwd,
    pathDirs: (env.get('PATH') ?? '').split(';').filter((d) => d.length > 0),
    safeDllSearchMode,
    localRedirect,
    sxsRedirect: new Map(),
    dllDirectory: null,
    userDirectories: new Map(),
    nextCookie: 1,
    defaultDirectoryFlags: 0,
    byName: new Map(),
    byDdag: new Map(),
    modules: [],
    initOrder: [],
    missing: [],
    unresolved: [],
    notifications: new Map(),
    nextTlsIndex: 0,
    tlsModules: [],
    processInitialized: false,
    entryPoint: 0,
  };
  ctx.processData.ldr = g;

  const exeImage = ctx.sectionImage(imageBase);
  const ntdllImage = ctx.sectionImage(ctx.ntdllBase);
  if (!exeImage || !ntdllImage) return { status: STATUS.INVALID_IMAGE_FORMAT, entryPoint: 0 };
  for (const [dll, folder] of LdrpSxsRedirection(ctx, exeImage, imagePath, appDir))
    g.sxsRedirect.set(dll, folder);
  // The exe: relocated here when its view is not where its section was prepared for.
  const headerBase = Number(m.u64(imageBase + exeImage.ntHeadersOffset + 24 + 24));
  if (headerBase !== imageBase) {
    const s = LdrRelocateImageWithBias(ctx, exeImage, imageBase, imageBase - headerBase);
    if (s !== STATUS.SUCCESS) return { status: s, entryPoint: 0 };
  }
  const exeName = imagePath.slice(imagePath.lastIndexOf('\\') + 1);
  const exe = LdrpAllocateModuleEntry(ctx, g, {
    base: imageBase,
    size: exeImage.optionalHeader.SizeOfImage,
    delta: imageBase - headerBase,
    image: exeImage,
    fullName: imagePath,
    baseName: exeName,
    isExe: true,
    loadReason: LoadReason.StaticDependency,
    resolvedBy: 'process',
    probed: [],
    apiSet: null,
    pinned: true,
  });
  const ntdll = LdrpAllocateModuleEntry(ctx, g, {
    base: ctx.ntdllBase,
    size: ntdllImage.optionalHeader.SizeOfImage,
    delta: 0,
    image: ntdllImage,
    fullName: `${knownDllPath}\\ntdll.dll`,
    baseName: 'ntdll.dll',
    isExe: false,
    loadReason: LoadReason.StaticDependency,
    resolvedBy: 'ntdll',
    probed: [],
    apiSet: null,
    pinned: true,
  });
  // ntdll is initialised by being here: first on InInitializationOrder, no DllMain call.
  InsertTailList(
    m,
    ldrData + o.ldrData.InInitializationOrderModuleList,
    ntdll.entry + o.entry.InInitializationOrderLinks,
  );
  ntdll.initialized = true;
  LdrpSetModuleState(ctx, g, ntdll, LdrDdagState.LdrModulesReadyToRun);

  const fail = (status: NTSTATUS): LdrInitializeResult => ({ status, entryPoint: 0 });
  // A Win32 image gets kernel32 (and with it kernelbase) before its own imports: they are the
  // first DLLs after ntdll on every list (public module-list walks: exe, ntdll, kernel32,
  // kernelbase in load order; ntdll, kernelbase, kernel32 in initialization order).
  if (exeImage.optionalHeader.Subsystem !== IMAGE_SUBSYSTEM.NATIVE) {
    const k32 = ctx.trace.call(
      { layer: 'ntdll', module: 'ntdll', fn: 'LdrpLoadDll', channel: 'ldr', args: { name: 'kernel32.dll' } },
      () => {
        const r = LdrpFindOrMapDll(ctx, g, {
          name: 'kernel32.dll',
          importer: null,
          loadReason: LoadReason.StaticDependency,
          flags: 0,
          pinned: true,
        });
        return { status: r.status, value: r.module };
      },
    );
    if (!k32.value) {
      g.missing.push({ name: 'kernel32.dll', importedBy: 'ntdll.dll', status: k32.status });
      return fail(k32.status);
    }
    const s = LdrpLoadDependencies(ctx, g, [k32.value], { pinned: true, flags: 0 });
    if (s !== STATUS.SUCCESS) return fail(s);
    for (const mod of g.modules) LdrpHandleTlsData(ctx, g, mod);
    const i = LdrpInitializeGraphRecurse(ctx, g, k32.value);
    if (i !== STATUS.SUCCESS) return fail(i);
  }
  const before = g.modules.length;
  const s = LdrpLoadDependencies(ctx, g, [exe], { pinned: true, flags: 0 });
  if (s !== STATUS.SUCCESS) return fail(s);
  for (const mod of [exe, ...g.modules.slice(before)]) if (mod.tlsIndex < 0) LdrpHandleTlsData(ctx, g, mod);
  // LdrpDoDebuggerBreak: the initial breakpoint of a process started under a debugger, once the
  // static imports are mapped and snapped and before any of their DllMains run — so a debugger can
  // set breakpoints on them (ReactOS ldrinit.c LdrpInitializeProcess breaks right before
  // LdrpRunInitializeRoutines; WinDbg stops at ntdll!LdrpDoDebuggerBreak with `lm` listing them).
  // PEB.BeingDebugged is read again: a debugger may have attached since the process started.
  if (m.u8(peb + o.peb.BeingDebugged) !== 0) LdrpDoDebuggerBreak(ctx);
  const i = LdrpInitializeGraphRecurse(ctx, g, exe);
  if (i !== STATUS.SUCCESS) return fail(i);
  m.writeU8(ldrData + o.ldrData.Initialized, 1);
  g.processInitialized = true;
  const ep = exeImage.optionalHeader.AddressOfEntryPoint;
  g.entryPoint = ep ? imageBase + ep : 0;
  return { status: STATUS.SUCCESS, entryPoint: g.entryPoint };
}

/** FLG_HEAP_ENABLE_TAIL_CHECK (0x10) | FLG_HEAP_ENABLE_FREE_CHECK (0x20) | FLG_HEAP_VALIDATE_PARAMETERS (0x40). */
const FLG_HEAP_DEBUG_FLAGS = 0x70;

/**
 * LdrpDoDebuggerBreak: DbgBreakPoint inside a handler, so a breakpoint nobody takes (BeingDebugged
 * set without a debug port) does not end the process; a thread hidden from the debugger does not
 * break (its exception never reaches the debugger).
 */
function LdrpDoDebuggerBreak(ctx: UserThreadContext): void {
  ctx.trace.call(
    { layer: 'ntdll', module: 'ntdll', fn: 'LdrpDoDebuggerBreak', channel: 'ldr', args: {} },
    () => {
      const who = DbgBreakPoint(ctx);
      return { status: who === 'debugger' ? STATUS.SUCCESS : STATUS.BREAKPOINT };
    },
  );
}

/**
 * LdrpInitializeThread: a later thread gets its static TLS blocks and the DLLs' DllMain with
 * DLL_THREAD_ATTACH, in initialization order, except those marked DontCallForThreads
 * (DisableThreadLibraryCalls).
 */
function LdrpInitializeThread(
  ctx: UserThreadContext,
  g: LdrGlobals,
  startAddress: number,
): LdrInitializeResult {
  const m = ctx.memory;
  const o = g.offsets;
  if (g.tlsModules.length) {
    const vector = g.heap.allocate(ctx, 8 * g.tlsModules.length);
    m.writeU64(ctx.teb + o.teb.ThreadLocalStoragePointer, vector);
  }
  for (const name of g.initOrder) {
    const mod: LdrModule | undefined = g.byName.get(name.toLowerCase());
    if (!mod) continue;
    const flags = m.u32(mod.entry + o.entry.Flags);
    const ep = mod.image.optionalHeader.AddressOfEntryPoint;
    if (flags & o.flag.DontCallForThreads || !ep) continue;
    ctx.cpu.callInitRoutine({
      kind: 'DllMain',
      routine: mod.base + ep,
      dllBase: mod.base,
      module: mod.baseName,
      reason: DLL_THREAD_ATTACH,
    });
  }
  return { status: STATUS.SUCCESS, entryPoint: startAddress };
}

/**
 * LdrInitializeThunk: where every new thread of a process starts in user mode (the kernel set its
 * context there; Windows Internals 7 ch. 3, "Stage 7"). The first thread runs
 * LdrpInitializeProcess; a failure is fatal to the process, which ends with the loader's status
 * (NtTerminateProcess(NtCurrentProcess(), status) after the hard error LdrpInitializationFailure
 * raises). Later threads run LdrpInitializeThread. The result says where the thread continues.
 */
export function LdrInitializeThunk(ctx: UserThreadContext, startAddress = 0): LdrInitializeResult {
  return ctx.trace.call(
    { layer: 'ntdll', module: 'ntdll', fn: 'LdrInitializeThunk', channel: 'ldr', args: {} },
    () => {
      const g = ctx.processData.ldr;
      let r: LdrInitializeResult;
      if (g?.processInitialized) r = LdrpInitializeThread(ctx, g, startAddress);
      else {
        try {
          r = ctx.trace.call(
            { layer: 'ntdll', module: 'ntdll', fn: 'LdrpInitializeProcess', channel: 'ldr', args: {} },
            () => {
              const x = LdrpInitializeProcess(ctx);
              return { status: x.status, value: x };
            },
          ).value!;
        } catch (e) {
          if (!(e instanceof NtStatusError)) throw e;
          r = { status: e.status, entryPoint: 0 };
        }
        if (r.status !== STATUS.SUCCESS) {
          ctx.trace.note(`LdrpInitializationFailure: the process ends with its status`);
          ctx.nt.NtTerminateProcess({ ProcessHandle: NtCurrentProcess, ExitStatus: r.status });
        }
      }
      return { status: r.status, value: r };
    },
  ).value!;
}
