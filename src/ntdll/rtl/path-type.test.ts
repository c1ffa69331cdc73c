import { describe, expect, it } from 'vitest';
import { RTL_PATH_TYPE, RtlDetermineDosPathNameType_U } from './index.js';

const WINE = 'Wine dlls/ntdll/tests/path.c test_RtlDetermineDosPathNameType_U';
const {
  RtlPathTypeUncAbsolute: UNC,
  RtlPathTypeDriveAbsolute: DRIVE_ABSOLUTE,
  RtlPathTypeDriveRelative: DRIVE_RELATIVE,
  RtlPathTypeRooted: ROOTED,
  RtlPathTypeRelative: RELATIVE,
  RtlPathTypeLocalDevice: LOCAL_DEVICE,
  RtlPathTypeRootLocalDevice: ROOT_LOCAL_DEVICE,
} = RTL_PATH_TYPE;

// [path, expected type, source]
const rows: [string, number, string][] = [
  ['\\\\foo', UNC, WINE],
  ['//foo', UNC, WINE],
  ['\\/foo', UNC, WINE],
  ['/\\foo', UNC, WINE],
  ['\\\\', UNC, WINE],
  ['//', UNC, WINE],
  ['c:\\foo', DRIVE_ABSOLUTE, WINE],
  ['c:/foo', DRIVE_ABSOLUTE, WINE],
  ['c://foo', DRIVE_ABSOLUTE, WINE],
  ['c:\\', DRIVE_ABSOLUTE, WINE],
  ['c:/', DRIVE_ABSOLUTE, WINE],
  ['c:foo', DRIVE_RELATIVE, WINE],
  ['c:f\\oo', DRIVE_RELATIVE, WINE],
  ['c:foo/bar', DRIVE_RELATIVE, WINE],
  ['\\foo', ROOTED, WINE],
  ['/foo', ROOTED, WINE],
  ['\\', ROOTED, WINE],
  ['/', ROOTED, WINE],
  ['foo', RELATIVE, WINE],
  ['', RELATIVE, WINE],
  ['\0:foo', RELATIVE, WINE],
  ['\\\\.\\foo', LOCAL_DEVICE, WINE],
  ['//./foo', LOCAL_DEVICE, WINE],
  ['/\\./foo', LOCAL_DEVICE, WINE],
  ['\\\\.foo', UNC, WINE],
  ['//.foo', UNC, WINE],
  ['\\\\.', ROOT_LOCAL_DEVICE, WINE],
  ['//.', ROOT_LOCAL_DEVICE, WINE],
  ['\\\\?\\foo', LOCAL_DEVICE, WINE],
  ['//?/foo', LOCAL_DEVICE, WINE],
  ['/\\?/foo', LOCAL_DEVICE, WINE],
  ['\\\\?foo', UNC, WINE],
  ['//?foo', UNC, WINE],
  ['\\\\?', ROOT_LOCAL_DEVICE, WINE],
  ['//?', ROOT_LOCAL_DEVICE, WINE],
  ['CONIN$', RELATIVE, WINE],
  ['CONOUT$', RELATIVE, WINE],
  ['CONERR$', RELATIVE, WINE],
  ['\\\\.\\CONIN$', LOCAL_DEVICE, WINE],
  ['\\\\.\\CONOUT$', LOCAL_DEVICE, WINE],
  // A PCWSTR ends at its NUL, so `\\.` + NUL is the root device whatever follows.
  [
    '\\\\.\0\\foo',
    ROOT_LOCAL_DEVICE,
    'ReactOS sdk/lib/rtl/path.c RtlDetermineDosPathNameType_U (reads up to the NUL)',
  ],
  ['\\??\\C:\\x', ROOTED, 'Wine test_RtlDosPathNameToNtPathName_U (`\\??` is rooted: → \\??\\C:\\??)'],
];

describe('RtlDetermineDosPathNameType_U', () => {
  it.each(rows)('%j → %i (%s)', (path, expected) => {
    expect(RtlDetermineDosPathNameType_U(path)).toBe(expected);
  });
  it('numbers the types as the RTL_PATH_TYPE enum does (ReactOS sdk/include/ndk/rtltypes.h)', () => {
    expect(RTL_PATH_TYPE).toEqual({
      RtlPathTypeUnknown: 0,
      RtlPathTypeUncAbsolute: 1,
      RtlPathTypeDriveAbsolute: 2,
      RtlPathTypeDriveRelative: 3,
      RtlPathTypeRooted: 4,
      RtlPathTypeRelative: 5,
      RtlPathTypeLocalDevice: 6,
      RtlPathTypeRootLocalDevice: 7,
    });
  });
});
