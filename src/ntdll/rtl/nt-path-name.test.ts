import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  RtlDosPathNameToNtPathName_U,
  RtlDosPathNameToNtPathName_U_WithStatus,
  RtlGetFullPathName_U,
  type RtlPathContext,
} from './index.js';

const WINE = 'Wine dlls/ntdll/tests/path.c test_RtlDosPathNameToNtPathName_U';
const NET = 'Microsoft Learn, ".NET: File path formats on Windows systems"';
const LEARN = 'Microsoft Learn, "Naming Files, Paths, and Namespaces"';

/** The directories that exist on the test machine (Wine's test relies on C:\windows existing). */
const DIRECTORIES = new Set(['c:\\', 'c:\\windows', 'c:\\windows\\system32']);

/** Wine's test runs with SetCurrentDirectoryA("C:\\windows\\"). */
const ctx: RtlPathContext = {
  currentDirectory: 'C:\\windows\\',
  doesFileExist: (dosPath) => DIRECTORIES.has(RtlGetFullPathName_U(dosPath, ctx).fullPath.toLowerCase()),
};

/** Wine gives the file part as an offset into the NT path, -1 for none. */
function filePartAt(ntPath: string, offset: number): string | null {
  return offset < 0 ? null : ntPath.slice(offset);
}

// [DOS path, NT path, file part offset, source]
const rows: [string, string, number, string][] = [
  ['c:\\', '\\??\\c:\\', -1, WINE],
  ['c:/', '\\??\\c:\\', -1, WINE],
  ['c:/foo', '\\??\\c:\\foo', 7, WINE],
  ['c:/foo.', '\\??\\c:\\foo', 7, WINE],
  ['c:/foo ', '\\??\\c:\\foo', 7, WINE],
  ['c:/foo . .', '\\??\\c:\\foo', 7, WINE],
  ['c:/foo.a', '\\??\\c:\\foo.a', 7, WINE],
  ['c:/foo a', '\\??\\c:\\foo a', 7, WINE],
  ['c:/foo*', '\\??\\c:\\foo*', 7, WINE],
  ['c:/foo*a', '\\??\\c:\\foo*a', 7, WINE],
  ['c:/foo?', '\\??\\c:\\foo?', 7, WINE],
  ['c:/foo?a', '\\??\\c:\\foo?a', 7, WINE],
  ['c:/foo<', '\\??\\c:\\foo<', 7, WINE],
  ['c:/foo<a', '\\??\\c:\\foo<a', 7, WINE],
  ['c:/foo>', '\\??\\c:\\foo>', 7, WINE],
  ['c:/foo>a', '\\??\\c:\\foo>a', 7, WINE],
  ['c:/foo/', '\\??\\c:\\foo\\', -1, WINE],
  ['c:/foo//', '\\??\\c:\\foo\\', -1, WINE],
  ['C:/foo', '\\??\\C:\\foo', 7, WINE],
  ['C:/foo/bar', '\\??\\C:\\foo\\bar', 11, WINE],
  ['c:.', '\\??\\C:\\windows', 7, WINE],
  ['c:foo', '\\??\\C:\\windows\\foo', 15, WINE],
  ['c:foo/bar', '\\??\\C:\\windows\\foo\\bar', 19, WINE],
  ['c:./foo', '\\??\\C:\\windows\\foo', 15, WINE],
  ['c:/./foo', '\\??\\c:\\foo', 7, WINE],
  ['c:/..', '\\??\\c:\\', -1, WINE],
  ['c:/foo/.', '\\??\\c:\\foo', 7, WINE],
  ['c:/foo/./bar', '\\??\\c:\\foo\\bar', 11, WINE],
  ['c:/foo/../bar', '\\??\\c:\\bar', 7, WINE],
  ['\\foo', '\\??\\C:\\foo', 7, WINE],
  ['foo', '\\??\\C:\\windows\\foo', 15, WINE],
  ['.', '\\??\\C:\\windows', 7, WINE],
  ['./', '\\??\\C:\\windows\\', -1, WINE],
  ['..', '\\??\\C:\\', -1, WINE],
  ['...', '\\??\\C:\\windows\\', -1, WINE],
  ['./foo', '\\??\\C:\\windows\\foo', 15, WINE],
  ['foo/..', '\\??\\C:\\windows', 7, WINE],
  ['\\windows\\nul', '\\??\\nul', -1, WINE],
  ['C:NUL.', '\\??\\NUL', -1, WINE],
  ['C:NUL', '\\??\\NUL', -1, WINE],
  ['AUX', '\\??\\AUX', -1, WINE],
  ['COM1', '\\??\\COM1', -1, WINE],
  ['?<>*"|:', '\\??\\C:\\windows\\?<>*"|:', 15, WINE],
  ['?:', '\\??\\?:\\', -1, WINE],
  ['\\\\foo', '\\??\\UNC\\foo', -1, WINE],
  ['//foo', '\\??\\UNC\\foo', -1, WINE],
  ['\\/foo', '\\??\\UNC\\foo', -1, WINE],
  ['//', '\\??\\UNC\\', -1, WINE],
  ['//foo/', '\\??\\UNC\\foo\\', -1, WINE],
  ['//.', '\\??\\', -1, WINE],
  ['//./', '\\??\\', -1, WINE],
  ['//.//', '\\??\\', -1, WINE],
  ['//./foo', '\\??\\foo', 4, WINE],
  ['//./foo/', '\\??\\foo\\', -1, WINE],
  ['//./foo/bar', '\\??\\foo\\bar', 8, WINE],
  ['//./foo/.', '\\??\\foo', 4, WINE],
  ['//./foo/..', '\\??\\', -1, WINE],
  ['//./foo. . ', '\\??\\foo', 4, WINE],
  ['//?', '\\??\\', -1, WINE],
  ['//?/', '\\??\\', -1, WINE],
  ['//?//', '\\??\\', -1, WINE],
  ['//?/foo', '\\??\\foo', 4, WINE],
  ['//?/foo/', '\\??\\foo\\', -1, WINE],
  ['//?/foo/bar', '\\??\\foo\\bar', 8, WINE],
  ['//?/foo/.', '\\??\\foo', 4, WINE],
  ['//?/foo/..', '\\??\\', -1, WINE],
  ['//?/foo. . ', '\\??\\foo', 4, WINE],
  ['\\\\.', '\\??\\', -1, WINE],
  ['\\\\.\\', '\\??\\', -1, WINE],
  ['\\\\.\\/', '\\??\\', -1, WINE],
  ['\\\\.\\foo', '\\??\\foo', 4, WINE],
  ['\\\\.\\foo/', '\\??\\foo\\', -1, WINE],
  ['\\\\.\\foo/bar', '\\??\\foo\\bar', 8, WINE],
  ['\\\\.\\foo/.', '\\??\\foo', 4, WINE],
  ['\\\\.\\foo/..', '\\??\\', -1, WINE],
  ['\\\\.\\foo. . ', '\\??\\foo', 4, WINE],
  ['\\\\.\\CON', '\\??\\CON', 4, `${WINE} (fails only on Windows 7)`],
  ['\\\\.\\CONIN$', '\\??\\CONIN$', 4, WINE],
  ['\\\\.\\CONOUT$', '\\??\\CONOUT$', 4, WINE],
  ['\\\\?', '\\??\\', -1, WINE],
  ['\\\\?\\', '\\??\\', -1, WINE],
  ['\\\\?\\/', '\\??\\/', 4, WINE],
  ['\\\\?\\foo', '\\??\\foo', 4, WINE],
  ['\\\\?\\foo/', '\\??\\foo/', 4, WINE],
  ['\\\\?\\foo/bar', '\\??\\foo/bar', 4, WINE],
  ['\\\\?\\foo/.', '\\??\\foo/.', 4, WINE],
  ['\\\\?\\foo/..', '\\??\\foo/..', 4, WINE],
  ['\\\\?\\\\', '\\??\\\\', -1, WINE],
  ['\\\\?\\\\\\', '\\??\\\\\\', -1, WINE],
  ['\\\\?\\foo\\', '\\??\\foo\\', -1, WINE],
  ['\\\\?\\foo\\bar', '\\??\\foo\\bar', 8, WINE],
  ['\\\\?\\foo\\.', '\\??\\foo\\.', 8, WINE],
  ['\\\\?\\foo\\..', '\\??\\foo\\..', 8, WINE],
  ['\\\\?\\foo. . ', '\\??\\foo. . ', 4, WINE],
  ['\\??', '\\??\\C:\\??', 7, WINE],
  ['\\??\\', '\\??\\C:\\??\\', -1, WINE],
  ['\\??\\/', '\\??\\/', 4, WINE],
  ['\\??\\foo', '\\??\\foo', 4, WINE],
  ['\\??\\foo/', '\\??\\foo/', 4, WINE],
  ['\\??\\foo/bar', '\\??\\foo/bar', 4, WINE],
  ['\\??\\foo/.', '\\??\\foo/.', 4, WINE],
  ['\\??\\foo/..', '\\??\\foo/..', 4, WINE],
  ['\\??\\\\', '\\??\\\\', -1, WINE],
  ['\\??\\\\\\', '\\??\\\\\\', -1, WINE],
  ['\\??\\foo\\', '\\??\\foo\\', -1, WINE],
  ['\\??\\foo\\bar', '\\??\\foo\\bar', 8, WINE],
  ['\\??\\foo\\.', '\\??\\foo\\.', 8, WINE],
  ['\\??\\foo\\..', '\\??\\foo\\..', 8, WINE],
  ['\\??\\foo. . ', '\\??\\foo. . ', 4, WINE],
  ['CONIN$', '\\??\\CONIN$', -1, `${WINE} (Windows 8+)`],
  ['CONOUT$', '\\??\\CONOUT$', -1, `${WINE} (Windows 8+)`],
  ['cOnOuT$', '\\??\\cOnOuT$', -1, `${WINE} (Windows 8+)`],
  ['CONERR$', '\\??\\C:\\windows\\CONERR$', 15, WINE],
  // The task's typical paths and the documented forms.
  ['C:\\Windows\\System32\\kernel32.dll', '\\??\\C:\\Windows\\System32\\kernel32.dll', 24, NET],
  ['..\\a\\b.txt', '\\??\\C:\\a\\b.txt', 9, NET],
  ['\\\\srv\\share\\x', '\\??\\UNC\\srv\\share\\x', 18, `${LEARN} ("\\\\server\\share" volume names)`],
  ['\\\\srv\\share\\..\\..\\x', '\\??\\UNC\\srv\\share\\x', 18, `${NET} ("never past the volume")`],
  ['\\\\?\\C:\\x\\..\\y', '\\??\\C:\\x\\..\\y', 12, `${NET} ("Skip normalization")`],
  ['\\\\.\\C:\\x\\..\\y', '\\??\\C:\\y', 7, `${NET} (\\\\.\\ is normalized)`],
  ['\\\\.\\PhysicalDrive0', '\\??\\PhysicalDrive0', 4, `${LEARN} ("Win32 Device Namespaces")`],
  ['\\\\?\\UNC\\srv\\share\\x', '\\??\\UNC\\srv\\share\\x', 18, `${LEARN} ("\\\\?\\UNC\\" prefix)`],
  ['CON', '\\??\\CON', -1, `${WINE} (the AUX and COM1 rows)`],
  ['C:\\windows\\system32\\nul.txt', '\\??\\nul', -1, `${WINE} (\`\\windows\\nul\`: the directory exists)`],
  ['C:/Windows\\System32//drivers/./etc\\hosts', '\\??\\C:\\Windows\\System32\\drivers\\etc\\hosts', 36, NET],
];

describe('RtlDosPathNameToNtPathName_U_WithStatus', () => {
  it.each(rows)('%j → %j (file part at %i; %s)', (dos, nt, offset) => {
    expect(RtlDosPathNameToNtPathName_U_WithStatus(dos, ctx)).toEqual({
      status: STATUS.SUCCESS,
      ntPath: nt,
      filePart: filePartAt(nt, offset),
    });
    expect(RtlDosPathNameToNtPathName_U(dos, ctx)).toEqual({
      ok: true,
      ntPath: nt,
      filePart: filePartAt(nt, offset),
    });
  });

  // [DOS path, status, source]
  const failures: [string, number, string][] = [
    ['', STATUS.OBJECT_NAME_INVALID, `${WINE} (error_paths)`],
    [' ', STATUS.OBJECT_NAME_INVALID, `${WINE} (error_paths)`],
    ['C:\\nonexistent\\nul', STATUS.OBJECT_NAME_INVALID, `${WINE} (error_paths)`],
    ['C:\\con\\con', STATUS.OBJECT_NAME_INVALID, `${WINE} (error_paths)`],
    ['\0C:\\x', STATUS.OBJECT_NAME_INVALID, `${WINE} (error_paths: NULL and "" — a PCWSTR ending at once)`],
    [
      'C:\\' + 'a'.repeat(32764),
      STATUS.NAME_TOO_LONG,
      'ReactOS sdk/lib/rtl/path.c RtlpDosPathNameToRelativeNtPathName_U (RtlInitUnicodeStringEx)',
    ],
    [
      '\\\\?\\C:\\' + 'a'.repeat(32760),
      STATUS.NAME_TOO_LONG,
      'ReactOS RtlpDosPathNameToRelativeNtPathName_U: checked before the \\\\?\\ quick path',
    ],
    [
      'C:\\' + 'a'.repeat(257),
      STATUS.OBJECT_NAME_INVALID,
      `${LEARN} ("Maximum Path Length Limitation") + ReactOS RtlpDosPathNameToRelativeNtPathName_Ustr`,
    ],
  ];
  it.each(failures)('%j fails with 0x%s', (dos, status) => {
    expect(RtlDosPathNameToNtPathName_U_WithStatus(dos, ctx)).toEqual({ status, ntPath: '', filePart: null });
    expect(RtlDosPathNameToNtPathName_U(dos, ctx)).toEqual({ ok: false, ntPath: '', filePart: null });
  });

  it('stops at an embedded NUL, as a PCWSTR does', () => {
    expect(RtlDosPathNameToNtPathName_U_WithStatus('C:\\x\0\\y', ctx).ntPath).toBe('\\??\\C:\\x');
  });

  it('accepts 259 characters without long paths, not 260 (MAX_PATH counts the NUL: LEARN)', () => {
    expect(RtlDosPathNameToNtPathName_U_WithStatus('C:\\' + 'a'.repeat(256), ctx).status).toBe(
      STATUS.SUCCESS,
    );
    expect(RtlDosPathNameToNtPathName_U_WithStatus('C:\\' + 'a'.repeat(257), ctx).status).toBe(
      STATUS.OBJECT_NAME_INVALID,
    );
  });

  it('with long paths enabled, goes to the UNICODE_STRING limit (LEARN, "Enable Long Paths in Windows 10, Version 1607, and Later")', () => {
    const long: RtlPathContext = { ...ctx, longPathsEnabled: true };
    const ok = 'C:\\' + 'a'.repeat(32759); // 32,762 + \??\ = 32,766
    expect(RtlDosPathNameToNtPathName_U_WithStatus(ok, long)).toEqual({
      status: STATUS.SUCCESS,
      ntPath: '\\??\\' + ok,
      filePart: 'a'.repeat(32759),
    });
    expect(RtlDosPathNameToNtPathName_U_WithStatus(ok + 'a', long).status).toBe(STATUS.OBJECT_NAME_INVALID);
  });

  it('checks the directory in front of a device name as "<prefix>." (ReactOS path.c RtlpCheckDeviceName)', () => {
    const asked: string[] = [];
    const spy: RtlPathContext = {
      currentDirectory: 'C:\\windows\\',
      doesFileExist: (p) => (asked.push(p), true),
    };
    RtlDosPathNameToNtPathName_U_WithStatus('C:\\nonexistent\\nul', spy);
    RtlDosPathNameToNtPathName_U_WithStatus('C:NUL', spy);
    RtlDosPathNameToNtPathName_U_WithStatus('NUL', spy); // at offset 0: nothing to check
    expect(asked).toEqual(['C:\\nonexistent\\.', 'C:.']);
  });

  it('takes the directory in front of a device name as existing when no doesFileExist is given', () => {
    expect(
      RtlDosPathNameToNtPathName_U_WithStatus('C:\\nonexistent\\nul', { currentDirectory: 'C:\\' }),
    ).toEqual({
      status: STATUS.SUCCESS,
      ntPath: '\\??\\nul',
      filePart: null,
    });
  });

  it('uses the "=X:" variable for another drive (NET "Apply the current directory")', () => {
    const drives: RtlPathContext = {
      currentDirectory: 'C:\\Users\\user\\',
      driveCurrentDirectory: (l) => (l === 'D' ? 'D:\\work' : undefined),
    };
    expect(RtlDosPathNameToNtPathName_U_WithStatus('d:src\\main.c', drives).ntPath).toBe(
      '\\??\\D:\\work\\src\\main.c',
    );
    expect(RtlDosPathNameToNtPathName_U_WithStatus('E:src\\main.c', drives).ntPath).toBe(
      '\\??\\E:\\src\\main.c',
    );
  });
});
