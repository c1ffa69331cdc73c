import { COLON, DOT, QUESTION, isSeparator, wcharAt } from './path-chars.js';

/**
 * RTL_PATH_TYPE, the values RtlDetermineDosPathNameType_U returns (the enum of ReactOS
 * sdk/include/ndk/rtltypes.h; Wine include/winternl.h).
 */
export const RTL_PATH_TYPE = {
  RtlPathTypeUnknown: 0,
  /** `\\server\share`, `//x` */
  RtlPathTypeUncAbsolute: 1,
  /** `C:\x` */
  RtlPathTypeDriveAbsolute: 2,
  /** `C:x` */
  RtlPathTypeDriveRelative: 3,
  /** `\x`: relative to the root of the current directory's drive or share */
  RtlPathTypeRooted: 4,
  /** `x` */
  RtlPathTypeRelative: 5,
  /** `\\.\x` and `\\?\x` */
  RtlPathTypeLocalDevice: 6,
  /** exactly `\\.` or `\\?` */
  RtlPathTypeRootLocalDevice: 7,
} as const;

export type RTL_PATH_TYPE = (typeof RTL_PATH_TYPE)[keyof typeof RTL_PATH_TYPE];

/**
 * RtlDetermineDosPathNameType_U: the path's type from its first four characters, '/' and '\' alike.
 * The empty string is RtlPathTypeRelative. Decision order as in ReactOS sdk/lib/rtl/path.c and Wine
 * dlls/ntdll/path.c; Wine's dlls/ntdll/tests/path.c test_RtlDetermineDosPathNameType_U records the
 * Windows answers (e.g. `\\.foo` is UNC, `\\.` is RtlPathTypeRootLocalDevice).
 */
export function RtlDetermineDosPathNameType_U(path: string): RTL_PATH_TYPE {
  const c0 = wcharAt(path, 0);
  if (isSeparator(c0)) {
    if (!isSeparator(wcharAt(path, 1))) return RTL_PATH_TYPE.RtlPathTypeRooted;
    const c2 = wcharAt(path, 2);
    if (c2 !== DOT && c2 !== QUESTION) return RTL_PATH_TYPE.RtlPathTypeUncAbsolute;
    const c3 = wcharAt(path, 3);
    if (isSeparator(c3)) return RTL_PATH_TYPE.RtlPathTypeLocalDevice;
    if (c3 !== 0) return RTL_PATH_TYPE.RtlPathTypeUncAbsolute;
    return RTL_PATH_TYPE.RtlPathTypeRootLocalDevice;
  }
  if (c0 === 0 || wcharAt(path, 1) !== COLON) return RTL_PATH_TYPE.RtlPathTypeRelative;
  if (isSeparator(wcharAt(path, 2))) return RTL_PATH_TYPE.RtlPathTypeDriveAbsolute;
  return RTL_PATH_TYPE.RtlPathTypeDriveRelative;
}
