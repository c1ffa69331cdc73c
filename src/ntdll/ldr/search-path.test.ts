import { describe, expect, it } from 'vitest';
import { LdrpComputeSearchPath, LOAD_LIBRARY, type SearchPathInputs } from './search-path.js';

const base: SearchPathInputs = {
  appDir: 'C:\\App',
  systemRoot: 'C:\\Windows',
  system32: 'C:\\Windows\\System32',
  currentDirectory: 'C:\\Cwd',
  pathDirs: ['C:\\P1', 'C:\\P2'],
  safeDllSearchMode: true,
  dllDirectory: null,
  userDirectories: [],
  searchFlags: 0,
  dllLoadDir: null,
  alteredSearchPath: false,
};
const order = (i: Partial<SearchPathInputs>): string[] =>
  LdrpComputeSearchPath({ ...base, ...i }).map((x) => `${x.step}:${x.dir}`);

// Microsoft Learn, "Dynamic-link library search order" (unpackaged apps), and "LoadLibraryExW".
describe('LdrpComputeSearchPath (Microsoft Learn, Dynamic-link library search order)', () => {
  it('SafeDllSearchMode on: app, System32, System, Windows, current folder, PATH', () => {
    expect(order({})).toEqual([
      'appDir:C:\\App',
      'system32:C:\\Windows\\System32',
      'system:C:\\Windows\\System',
      'windows:C:\\Windows',
      'cwd:C:\\Cwd',
      'path:C:\\P1',
      'path:C:\\P2',
    ]);
  });
  it('SafeDllSearchMode off: the current folder comes second', () => {
    expect(order({ safeDllSearchMode: false }).slice(0, 3)).toEqual([
      'appDir:C:\\App',
      'cwd:C:\\Cwd',
      'system32:C:\\Windows\\System32',
    ]);
  });
  it('SetDllDirectoryW(path): that folder after the app folder, and no current folder', () => {
    expect(order({ dllDirectory: 'C:\\Dd' })).toEqual([
      'appDir:C:\\App',
      'dllDirectory:C:\\Dd',
      'system32:C:\\Windows\\System32',
      'system:C:\\Windows\\System',
      'windows:C:\\Windows',
      'path:C:\\P1',
      'path:C:\\P2',
    ]);
  });
  it('SetDllDirectoryW(""): only the current folder goes', () => {
    expect(order({ dllDirectory: '' })).not.toContain('cwd:C:\\Cwd');
    expect(order({ dllDirectory: '', safeDllSearchMode: false })).not.toContain('cwd:C:\\Cwd');
  });
  it('LOAD_LIBRARY_SEARCH_DEFAULT_DIRS: app, user dirs, System32 and nothing else', () => {
    expect(
      order({
        searchFlags: LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DEFAULT_DIRS,
        userDirectories: ['C:\\U1', 'C:\\U2'],
      }),
    ).toEqual(['appDir:C:\\App', 'userDir:C:\\U1', 'userDir:C:\\U2', 'system32:C:\\Windows\\System32']);
  });
  it('LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR comes first, then the other asked-for folders', () => {
    expect(
      order({
        searchFlags:
          LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR | LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_SYSTEM32,
        dllLoadDir: 'C:\\Lib',
      }),
    ).toEqual(['dllLoadDir:C:\\Lib', 'system32:C:\\Windows\\System32']);
  });
  it('LOAD_LIBRARY_SEARCH_USER_DIRS includes the SetDllDirectory folder', () => {
    expect(
      order({ searchFlags: LOAD_LIBRARY.LOAD_LIBRARY_SEARCH_USER_DIRS, dllDirectory: 'C:\\Dd' }),
    ).toEqual(['dllDirectory:C:\\Dd']);
  });
  it('LOAD_WITH_ALTERED_SEARCH_PATH: the DLL folder replaces the application folder', () => {
    expect(order({ alteredSearchPath: true, dllLoadDir: 'C:\\Lib' })[0]).toBe('dllLoadDir:C:\\Lib');
    expect(order({ alteredSearchPath: true, dllLoadDir: 'C:\\Lib' })).not.toContain('appDir:C:\\App');
  });
});
