import type { PeImage } from '../../pe/index.js';
import type { RtlHeap } from './heap.js';
import type { LdrOffsets } from './offsets.js';
import type { LdrSearchStep, LdrProbe } from './search-path.js';

/** _LDR_DLL_LOAD_REASON (phnt ntldr.h). */
export const LoadReason = {
  StaticDependency: 0,
  StaticForwarderDependency: 1,
  DynamicForwarderDependency: 2,
  DelayloadDependency: 3,
  DynamicLoad: 4,
  AsImageLoad: 5,
  AsDataLoad: 6,
} as const;

/** _LDR_DDAG_STATE (ntdiff 19H1 symbols). */
export const LdrDdagState = {
  LdrModulesSnapError: -3,
  LdrModulesUnloaded: -2,
  LdrModulesPlaceHolder: 0,
  LdrModulesMapping: 1,
  LdrModulesMapped: 2,
  LdrModulesSnapping: 4,
  LdrModulesSnapped: 5,
  LdrModulesReadyToInit: 7,
  LdrModulesInitializing: 8,
  LdrModulesReadyToRun: 9,
} as const;

/** How the loader came to pick a module's file: the `resolvedBy` of `ntsim deps`. */
export type LdrResolvedBy = 'process' | 'ntdll' | LdrSearchStep;

/**
 * One loaded module as ntdll's own indexes know it (LdrpHashTable, LdrpModuleBaseAddressIndex):
 * the address of its LDR_DATA_TABLE_ENTRY and DDAG node in process memory — which hold the
 * authoritative fields (lists, counts, flags, state) — plus what the loader keeps beside them:
 * the image's parsed headers (the shared pages) and how the file was found.
 */
export interface LdrModule {
  readonly entry: number;
  readonly ddag: number;
  readonly base: number;
  readonly size: number;
  /** The relocation delta from the section's base (0 when the view is where its section is). */
  readonly delta: number;
  readonly baseName: string;
  /** The Win32 full path (FullDllName), e.g. `C:\Windows\System32\kernel32.dll`. */
  readonly fullName: string;
  readonly image: PeImage;
  readonly isExe: boolean;
  readonly loadReason: number;
  /** The modules this one's imports (and forwarders) resolved to, in the order they were found. */
  readonly dependencies: LdrModule[];
  /** Module names that imported this one (first import first). */
  readonly importedBy: string[];
  readonly resolvedBy: LdrResolvedBy;
  /** For `apiSet`: `api-ms-win-core-synch-l1-2-0.dll → kernelbase.dll`. */
  apiSet: string | null;
  /** The places searched before the one that held the file (a planted DLL there would win). */
  readonly probed: LdrProbe[];
  delayLoad: boolean;
  /** Static TLS index, or -1. */
  tlsIndex: number;
  initialized: boolean;
  /** Dynamic references (LoadLibrary); pinned modules (process start) ignore them. */
  pinned: boolean;
}

/** A DLL the loader could not find, and who asked for it. */
export interface LdrMissing {
  name: string;
  importedBy: string;
  status: number;
}

/** An import that did not resolve. */
export interface LdrUnresolved {
  dll: string;
  function: string | null;
  ordinal: number | null;
  importedBy: string;
  status: number;
}

/** A LdrRegisterDllNotification callback (LDR_DLL_NOTIFICATION_REASON_LOADED 1 / UNLOADED 2). */
export type LdrDllNotification = (
  reason: 1 | 2,
  data: { FullDllName: string; BaseDllName: string; DllBase: number; SizeOfImage: number },
) => void;

/**
 * ntdll's data in one process: the loader's globals (LdrpHeap, PebLdr, LdrpHashTable,
 * LdrpDefaultPath, LdrpKnownDllPath, the DLL directories, TLS bookkeeping, notification callbacks)
 * and, as a model extension, the record of every decision (`missing`, `unresolved`, the probe
 * lists) that `ntsim deps` reports.
 */
export interface LdrGlobals {
  readonly offsets: LdrOffsets;
  readonly heap: RtlHeap;
  readonly peb: number;
  /** PEB_LDR_DATA (PebLdr). */
  readonly ldrData: number;
  readonly apiSetMap: number;
  /** `\KnownDlls\KnownDllPath`'s target (LdrpKnownDllPath), e.g. `C:\Windows\System32`. */
  readonly knownDllPath: string;
  readonly systemRoot: string;
  readonly imagePath: string;
  readonly appDir: string;
  readonly currentDirectory: string;
  readonly pathDirs: string[];
  readonly safeDllSearchMode: boolean;
  /** `<exe>.local` redirection directory (DLL redirection), or null. */
  readonly localRedirect: string | null;
  /** SxS: DLL names (lower case) a private assembly named in the manifest redirects to a folder. */
  readonly sxsRedirect: Map<string, string>;
  /** SetDllDirectoryW: null = not set; '' removes the current directory from the search. */
  dllDirectory: string | null;
  /** AddDllDirectory cookies → directories. */
  readonly userDirectories: Map<number, string>;
  nextCookie: number;
  /** SetDefaultDllDirectories: LOAD_LIBRARY_SEARCH_* flags, 0 when not set. */
  defaultDirectoryFlags: number;
  /** LdrpHashTable's 32 LIST_ENTRY buckets in process memory. */
  readonly hashTable: number;
  /** The loader's index by lower-case base name; modules in load order; nodes by address. */
  readonly byName: Map<string, LdrModule>;
  readonly byDdag: Map<number, LdrModule>;
  readonly modules: LdrModule[];
  /** InInitializationOrder, by base name (the exe and ntdll excluded). */
  readonly initOrder: string[];
  readonly missing: LdrMissing[];
  readonly unresolved: LdrUnresolved[];
  readonly notifications: Map<number, LdrDllNotification>;
  nextTlsIndex: number;
  /** Modules with static TLS, by TLS index. */
  readonly tlsModules: LdrModule[];
  processInitialized: boolean;
  /** The exe's entry point, once LdrpInitializeProcess has finished. */
  entryPoint: number;
}
