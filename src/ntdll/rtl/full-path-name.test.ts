import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { RtlGetFullPathName_U, type RtlPathContext } from './index.js';

const WINE = 'Wine dlls/ntdll/tests/path.c test_RtlGetFullPathName_U';
// GetFullPathNameW results recorded on Windows by Jeremy Kuhne (.NET's path owner).
const WINTEROP = 'JeremyKuhne/WInterop FileManagementBehaviors.ValidateKnownFixedBehaviors';
const NET = 'Microsoft Learn, ".NET: File path formats on Windows systems"';

/** Wine's test runs with SetCurrentDirectoryA("C:\\windows\\"). */
const wineCtx: RtlPathContext = { currentDirectory: 'C:\\windows\\' };

// [input, full path, file part, source]
const wineRows: [string, string, string | null, string][] = [
  ['c:/test', 'c:\\test', 'test', WINE],
  ['c:/test/', 'c:\\test\\', null, WINE],
  ['c:/test     ', 'c:\\test', 'test', WINE],
  ['c:/test.', 'c:\\test', 'test', WINE],
  ['c:/test  ....   ..   ', 'c:\\test', 'test', WINE],
  ['c:/test/  ....   ..   ', 'c:\\test\\', null, WINE],
  ['c:/test/..', 'c:\\', null, WINE],
  ['c:/test/.. ', 'c:\\test\\', null, WINE],
  ['c:/TEST', 'c:\\TEST', 'TEST', WINE],
  ['c:/test/file', 'c:\\test\\file', 'file', WINE],
  ['c:/test./file', 'c:\\test\\file', 'file', WINE],
  ['c:/test.. /file', 'c:\\test.. \\file', 'file', WINE],
  ['c:/test/././file', 'c:\\test\\file', 'file', WINE],
  ['c:/test\\.\\.\\file', 'c:\\test\\file', 'file', WINE],
  ['c:/test/\\.\\.\\file', 'c:\\test\\file', 'file', WINE],
  ['c:/test\\\\.\\.\\file', 'c:\\test\\file', 'file', WINE],
  ['c:/test\\test1\\..\\.\\file', 'c:\\test\\file', 'file', WINE],
  ['c:///test\\.\\.\\file//', 'c:\\test\\file\\', null, WINE],
  ['c:///test\\..\\file\\..\\//', 'c:\\', null, WINE],
  // Wine accepts c:\test.\file (XP) or c:\test..\file ("vista"); Windows 10 keeps a double period
  // (NET "Trim characters": only a segment ending in a single period loses it; WInterop `C:\ ..\`).
  ['c:/test../file', 'c:\\test..\\file', 'file', `${WINE} (alt_rname) + ${NET}`],
  ['c:\\test', 'c:\\test', 'test', WINE],
  ['C:\\test', 'C:\\test', 'test', WINE],
  ['c:/', 'c:\\', null, WINE],
  ['c:.', 'C:\\windows', 'windows', WINE],
  ['c:foo', 'C:\\windows\\foo', 'foo', WINE],
  ['c:foo/bar', 'C:\\windows\\foo\\bar', 'bar', WINE],
  ['c:./foo', 'C:\\windows\\foo', 'foo', WINE],
  ['\\foo', 'C:\\foo', 'foo', WINE],
  ['foo', 'C:\\windows\\foo', 'foo', WINE],
  ['.', 'C:\\windows', 'windows', WINE],
  ['..', 'C:\\', null, WINE],
  ['...', 'C:\\windows\\', null, WINE],
  ['./foo', 'C:\\windows\\foo', 'foo', WINE],
  ['foo/..', 'C:\\windows', 'windows', WINE],
  ['\\windows\\nul', '\\\\.\\nul', null, WINE],
  ['C:\\nonexistent\\nul', '\\\\.\\nul', null, WINE],
  ['C:\\con\\con', '\\\\.\\con', null, WINE],
  ['C:NUL.', '\\\\.\\NUL', null, WINE],
  ['C:NUL', '\\\\.\\NUL', null, WINE],
  ['AUX', '\\\\.\\AUX', null, WINE],
  ['COM1', '\\\\.\\COM1', null, WINE],
  ['?<>*"|:', 'C:\\windows\\?<>*"|:', '?<>*"|:', WINE],
  ['\\\\foo', '\\\\foo', null, WINE],
  ['//foo', '\\\\foo', null, WINE],
  ['\\/foo', '\\\\foo', null, WINE],
  ['//', '\\\\', null, WINE],
  ['//foo/', '\\\\foo\\', null, WINE],
  ['//.', '\\\\.\\', null, WINE],
  ['//./', '\\\\.\\', null, WINE],
  ['//.//', '\\\\.\\', null, WINE],
  ['//./foo', '\\\\.\\foo', 'foo', WINE],
  ['//./foo/', '\\\\.\\foo\\', null, WINE],
  ['//./foo/bar', '\\\\.\\foo\\bar', 'bar', WINE],
  ['//./foo/.', '\\\\.\\foo', 'foo', WINE],
  ['//./foo/..', '\\\\.\\', null, WINE],
  ['//?/', '\\\\?\\', null, WINE],
  ['//?//', '\\\\?\\', null, WINE],
  ['//?/foo', '\\\\?\\foo', 'foo', WINE],
  ['//?/foo/', '\\\\?\\foo\\', null, WINE],
  ['//?/foo/bar', '\\\\?\\foo\\bar', 'bar', WINE],
  ['//?/foo/.', '\\\\?\\foo', 'foo', WINE],
  ['//?/foo/..', '\\\\?\\', null, WINE],
  ['CONIN$', '\\\\.\\CONIN$', null, `${WINE} (Windows 8+)`],
  ['CONOUT$', '\\\\.\\CONOUT$', null, `${WINE} (Windows 8+)`],
  ['\\??\\foo', 'C:\\??\\foo', 'foo', `${WINE} ("can't understand the global namespace prefix")`],
];

// Absolute inputs: the current directory does not matter.
const winteropRows: [string, string, string][] = [
  ['C:\\ ', 'C:\\', WINTEROP],
  ['C:\\.', 'C:\\', WINTEROP],
  ['C:\\...', 'C:\\', WINTEROP],
  ['C:\\ ...', 'C:\\', WINTEROP],
  ['C:\\.. ', 'C:\\', WINTEROP],
  ['C:\\...\\', 'C:\\...\\', WINTEROP],
  ['C:\\ \\', 'C:\\ \\', WINTEROP],
  ['C:\\ .\\', 'C:\\ \\', WINTEROP],
  ['C:\\ ..\\', 'C:\\ ..\\', WINTEROP],
  ['C:\\. \\', 'C:\\. \\', WINTEROP],
  ['C:\\A \\B', 'C:\\A \\B', WINTEROP],
  // `\\?\` is normalized by GetFullPathName, with `\\?\` as the root.
  ['\\\\?\\C:\\.', '\\\\?\\C:', WINTEROP],
  ['\\\\?\\C:\\..', '\\\\?\\', WINTEROP],
  ['\\\\?\\C:\\...', '\\\\?\\C:\\', WINTEROP],
  ['\\\\?\\C:\\..\\..\\..', '\\\\?\\', WINTEROP],
  ['\\\\?\\UNC\\Server\\Share\\..', '\\\\?\\UNC\\Server', WINTEROP],
  ['\\\\?\\UNC\\Server\\Share\\..\\..', '\\\\?\\UNC', WINTEROP],
  ['\\\\.\\pipe\\', '\\\\.\\pipe\\', WINTEROP],
  // UNC: the share root is never climbed above, and a final `.`/`..` eats the separator.
  ['\\\\Server\\Share\\', '\\\\Server\\Share\\', WINTEROP],
  ['\\\\Server\\Share\\ ', '\\\\Server\\Share\\', WINTEROP],
  ['\\\\Server\\Share\\.', '\\\\Server\\Share', WINTEROP],
  ['\\\\Server\\Share\\..', '\\\\Server\\Share', WINTEROP],
  ['\\\\Server\\Share\\..\\foo', '\\\\Server\\Share\\foo', WINTEROP],
  [
    '\\\\Server\\Share\\..\\..\\..\\foo',
    '\\\\Server\\Share\\foo',
    `${WINTEROP} (the \`..\\foo\` row, repeated) + ${NET}`,
  ],
  ['\\\\Server\\Share\\...', '\\\\Server\\Share\\', WINTEROP],
  ['\\\\Server\\Share\\..\\', '\\\\Server\\Share\\', WINTEROP],
  ['//Server\\Share\\.', '\\\\Server\\Share', WINTEROP],
  ['\\\\\\Server\\Share\\..', '\\\\\\Server', WINTEROP],
  ['\\\\\\\\Server\\Share\\', '\\\\\\Server\\Share\\', WINTEROP],
  ['//Server//Share/..', '\\\\Server\\', WINTEROP],
  ['//Server/Share/..', '\\\\Server\\Share', WINTEROP],
  ['C:/..', 'C:\\', WINTEROP],
  ['CON:Alt', '\\\\.\\CON', WINTEROP],
  ['prn.json', '\\\\.\\prn', WINTEROP],
  ['C:\\foo\\prn.json', '\\\\.\\prn', WINTEROP],
  ['\\\\.\\C:\\CON', '\\\\.\\C:\\CON', WINTEROP],
  ['C:\\A\\B\\.\\..\\C', 'C:\\A\\C', WINTEROP],
];

describe('RtlGetFullPathName_U', () => {
  it.each(wineRows)('%j → %j, file part %j (%s)', (input, fullPath, filePart) => {
    expect(RtlGetFullPathName_U(input, wineCtx)).toEqual({ status: STATUS.SUCCESS, fullPath, filePart });
  });
  it.each(winteropRows)('%j → %j (%s)', (input, fullPath) => {
    const r = RtlGetFullPathName_U(input, wineCtx);
    expect([r.status, r.fullPath]).toEqual([STATUS.SUCCESS, fullPath]);
  });

  describe('drive-relative paths (NET "Apply the current directory": the "=X:" variable, else the drive root)', () => {
    const ctx: RtlPathContext = {
      currentDirectory: 'C:\\Users\\user\\',
      driveCurrentDirectory: (letter) => (letter === 'D' ? 'D:\\work' : undefined),
    };
    it.each([
      ['D:sources', 'D:\\work\\sources', 'sources'],
      ['d:..\\x.txt', 'D:\\x.txt', 'x.txt'],
      ['D:', 'D:\\work', 'work'],
      ['E:tmp.txt', 'E:\\tmp.txt', 'tmp.txt'],
      ['e:', 'E:\\', null],
      ['c:docs', 'C:\\Users\\user\\docs', 'docs'],
      // No trailing '\\' from the current directory when the path had none (ReactOS path.c
      // RtlpCollapsePath, SkipTrailingPathSeparators).
      ['c:', 'C:\\Users\\user', 'user'],
      ['C:..\\..\\..\\x', 'C:\\x', 'x'],
    ])('%j → %j', (input, fullPath, filePart) => {
      expect(RtlGetFullPathName_U(input, ctx)).toEqual({ status: STATUS.SUCCESS, fullPath, filePart });
    });
    it('asks for the upper-case drive letter, and only for another drive (ReactOS RtlGetFullPathName_Ustr)', () => {
      const asked: string[] = [];
      const spy: RtlPathContext = {
        currentDirectory: 'C:\\Users\\user\\',
        driveCurrentDirectory: (l) => (asked.push(l), undefined),
      };
      RtlGetFullPathName_U('d:x', spy);
      RtlGetFullPathName_U('c:x', spy);
      expect(asked).toEqual(['D']);
    });
  });

  describe('a current directory on a share (NET: the root of a UNC path is \\\\server\\share)', () => {
    const ctx: RtlPathContext = { currentDirectory: '\\\\srv\\share\\dir\\' };
    it.each([
      ['..\\..\\..\\x', '\\\\srv\\share\\x', 'x'],
      ['\\top.txt', '\\\\srv\\share\\top.txt', 'top.txt'],
      ['\\', '\\\\srv\\share\\', null],
      ['a/b/../c', '\\\\srv\\share\\dir\\a\\c', 'c'],
    ])('%j → %j', (input, fullPath, filePart) => {
      expect(RtlGetFullPathName_U(input, ctx)).toEqual({ status: STATUS.SUCCESS, fullPath, filePart });
    });
  });

  describe('bad input', () => {
    it.each<[string, number, string]>([
      ['', STATUS.OBJECT_NAME_INVALID, `${WINE} (empty string: returns 0)`],
      [
        '   ',
        STATUS.OBJECT_NAME_INVALID,
        'Wine dlls/ntdll/path.c get_full_path_helper ("name only consists of spaces")',
      ],
      ['\0C:\\x', STATUS.OBJECT_NAME_INVALID, 'a PCWSTR that starts with NUL is empty'],
      [
        'C:\\' + 'a'.repeat(32764),
        STATUS.NAME_TOO_LONG,
        'RtlInitUnicodeStringEx: 32,767 characters do not fit',
      ],
    ])('%j → 0x%s', (input, status) => {
      expect(RtlGetFullPathName_U(input, wineCtx)).toEqual({ status, fullPath: '', filePart: null });
    });
    it('stops at an embedded NUL, as a PCWSTR does', () => {
      expect(RtlGetFullPathName_U('C:\\x\0\\..\\y', wineCtx).fullPath).toBe('C:\\x');
    });
    it('is not limited to MAX_PATH, up to 32,766 characters (NET "Skip normalization")', () => {
      const long = 'C:\\' + 'a'.repeat(32763);
      expect(RtlGetFullPathName_U(long, wineCtx)).toEqual({
        status: STATUS.SUCCESS,
        fullPath: long,
        filePart: 'a'.repeat(32763),
      });
    });
    it('fails when the current directory makes the result too long (WInterop GetFullPathNameLongPathBehaviors: ERROR_INVALID_NAME)', () => {
      const ctx: RtlPathContext = { currentDirectory: 'C:\\' + 'd'.repeat(30000) + '\\' };
      expect(RtlGetFullPathName_U('f'.repeat(3000), ctx).status).toBe(STATUS.OBJECT_NAME_INVALID);
    });
    it('throws a ModelError for a current directory without its trailing separator (a broken invariant)', () => {
      expect(() => RtlGetFullPathName_U('x', { currentDirectory: 'C:\\windows' })).toThrow(/does not end in/);
    });
  });
});
