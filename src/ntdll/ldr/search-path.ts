/**
 * Where a DLL was found (or looked for): the steps of Microsoft Learn's "Dynamic-link library
 * search order" (unpackaged apps), named as `ntsim deps` reports them. `local` is DLL redirection
 * (`app.exe.local`), `dllLoadDir` LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR or LOAD_WITH_ALTERED_SEARCH_PATH,
 * `userDir` AddDllDirectory, `fullPath` a name that was already a path.
 */
export type LdrSearchStep =
  | 'apiSet'
  | 'knownDll'
  | 'alreadyLoaded'
  | 'local'
  | 'sxs'
  | 'dllLoadDir'
  | 'appDir'
  | 'dllDirectory'
  | 'userDir'
  | 'system32'
  | 'system'
  | 'windows'
  | 'cwd'
  | 'path'
  | 'fullPath';

/** One place searched: a directory step and the file path that was probed there. */
export interface LdrProbe {
  step: LdrSearchStep;
  path: string;
}

/** LoadLibraryExW flags (libloaderapi.h). */
export const LOAD_LIBRARY = {
  DONT_RESOLVE_DLL_REFERENCES: 0x1,
  LOAD_LIBRARY_AS_DATAFILE: 0x2,
  LOAD_WITH_ALTERED_SEARCH_PATH: 0x8,
  LOAD_IGNORE_CODE_AUTHZ_LEVEL: 0x10,
  LOAD_LIBRARY_AS_IMAGE_RESOURCE: 0x20,
  LOAD_LIBRARY_AS_DATAFILE_EXCLUSIVE: 0x40,
  LOAD_LIBRARY_REQUIRE_SIGNED_TARGET: 0x80,
  LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR: 0x100,
  LOAD_LIBRARY_SEARCH_APPLICATION_DIR: 0x200,
  LOAD_LIBRARY_SEARCH_USER_DIRS: 0x400,
  LOAD_LIBRARY_SEARCH_SYSTEM32: 0x800,
  LOAD_LIBRARY_SEARCH_DEFAULT_DIRS: 0x1000,
  LOAD_LIBRARY_SAFE_CURRENT_DIRS: 0x2000,
  LOAD_LIBRARY_SEARCH_SYSTEM32_NO_FORWARDER: 0x4000,
} as const;

/** All LOAD_LIBRARY_SEARCH_* bits. */
export const LOAD_LIBRARY_SEARCH_MASK = 0x100 | 0x200 | 0x400 | 0x800 | 0x1000 | 0x4000;

/** What the search order depends on: the process's folders and the caller's choices. */
export interface SearchPathInputs {
  appDir: string;
  systemRoot: string;
  /** The system directory (LdrpKnownDllPath: `C:\Windows\System32`). */
  system32: string;
  currentDirectory: string;
  pathDirs: readonly string[];
  safeDllSearchMode: boolean;
  /** SetDllDirectoryW's directory: null when not set, '' when set to the empty string. */
  dllDirectory: string | null;
  /** AddDllDirectory's directories, in the order they were added. */
  userDirectories: readonly string[];
  /** LOAD_LIBRARY_SEARCH_* flags in effect (the call's, the importer's DependentLoadFlags or SetDefaultDllDirectories'); 0 = the standard order. */
  searchFlags: number;
  /** The folder of the DLL named by a full path (LOAD_WITH_ALTERED_SEARCH_PATH / SEARCH_DLL_LOAD_DIR). */
  dllLoadDir: string | null;
  /** LOAD_WITH_ALTERED_SEARCH_PATH with a full path: that folder replaces the application folder. */
  alteredSearchPath: boolean;
}

const trimSlash = (d: string): string => (d.length > 3 && d.endsWith('\\') ? d.slice(0, -1) : d);

/**
 * The directories searched for a DLL name without a path, after API sets, loaded modules and
 * KnownDLLs (Microsoft Learn, "Dynamic-link library search order"):
 * - LOAD_LIBRARY_SEARCH_* flags: the DLL's folder (DLL_LOAD_DIR), the application folder, the
 *   AddDllDirectory/SetDllDirectory folders (USER_DIRS), System32 — in that order, and nothing else;
 *   DEFAULT_DIRS is APPLICATION_DIR | USER_DIRS | SYSTEM32 ("LoadLibraryExW", Remarks).
 * - Standard order, SafeDllSearchMode on: application folder, System32, the 16-bit System folder,
 *   the Windows folder, the current folder, PATH. Off: the current folder comes second.
 * - SetDllDirectoryW(path): the application folder, that folder, System32, System, Windows, PATH —
 *   the current folder is no longer searched; SetDllDirectoryW("") only removes the current folder.
 * - LOAD_WITH_ALTERED_SEARCH_PATH with a full path: the DLL's folder takes the application
 *   folder's place.
 */
export function LdrpComputeSearchPath(i: SearchPathInputs): { step: LdrSearchStep; dir: string }[] {
  const out: { step: LdrSearchStep; dir: string }[] = [];
  const add = (step: LdrSearchStep, dir: string | null): void => {
    if (dir) out.push({ step, dir: trimSlash(dir) });
  };
  let flags = i.searchFlags;
  if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DEFAULT_DIRS)
    flags |=
      LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_APPLICATION_DIR |
      LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_USER_DIRS |
      LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32;
  if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32_NO_FORWARDER)
    flags |= LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32;
  if (flags & LOAD_LIBRARY_SEARCH_MASK) {
    if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR) add('dllLoadDir', i.dllLoadDir);
    if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_APPLICATION_DIR) add('appDir', i.appDir);
    if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_USER_DIRS) {
      for (const d of i.userDirectories) add('userDir', d);
      add('dllDirectory', i.dllDirectory);
    }
    if (flags & LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32) add('system32', i.system32);
    return out;
  }
  const windows = i.systemRoot;
  if (i.alteredSearchPath && i.dllLoadDir) add('dllLoadDir', i.dllLoadDir);
  else add('appDir', i.appDir);
  const cwdSearched = i.dllDirectory === null;
  if (i.dllDirectory) add('dllDirectory', i.dllDirectory);
  else if (cwdSearched && !i.safeDllSearchMode) add('cwd', i.currentDirectory);
  add('system32', i.system32);
  add('system', `${windows}\\System`);
  add('windows', windows);
  if (cwdSearched && i.safeDllSearchMode) add('cwd', i.currentDirectory);
  for (const d of i.pathDirs) add('path', d);
  return out;
}
