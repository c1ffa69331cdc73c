import { STATUS, type NTSTATUS } from '../../base/index.js';
import { RtlpGetFullPathName } from './full-path-name.js';
import {
  BACKSLASH,
  DOT,
  MAX_PATH,
  QUESTION,
  UNICODE_STRING_MAX_CHARS,
  asPcwstr,
  isSeparator,
  matchesUpper,
} from './path-chars.js';
import type { RtlPathContext } from './path-context.js';

export interface RtlDosPathNameToNtPathNameWithStatusResult {
  status: NTSTATUS;
  /** The NT path (`\??\C:\x`), '' on failure. */
  ntPath: string;
  /** The last component, or null (a device, a trailing '\', or only a root). */
  filePart: string | null;
}

export interface RtlDosPathNameToNtPathNameResult {
  /** The BOOLEAN RtlDosPathNameToNtPathName_U returns. */
  ok: boolean;
  ntPath: string;
  filePart: string | null;
}

function failure(status: NTSTATUS): RtlDosPathNameToNtPathNameWithStatusResult {
  return { status, ntPath: '', filePart: null };
}

/**
 * `\\?\x` and `\??\x` (with something after the prefix) are not normalized: `\\?\` becomes `\??\` and
 * the rest is kept, '/', `.` and `..` included (Microsoft Learn, ".NET: File path formats on Windows
 * systems", "Skip normalization": "Unless the path starts exactly with \\?\ … it is normalized"; Wine
 * dlls/ntdll/tests/path.c test_RtlDosPathNameToNtPathName_U: `\\?\foo/..` → `\??\foo/..`,
 * `\??\foo/..` → `\??\foo/..`, while `\\?\` and `\??\` alone go the normal way).
 */
function isVerbatim(path: string): boolean {
  if (path.length <= 4 || path.charCodeAt(0) !== BACKSLASH || path.charCodeAt(3) !== BACKSLASH) return false;
  const c1 = path.charCodeAt(1);
  return (c1 === BACKSLASH || c1 === QUESTION) && path.charCodeAt(2) === QUESTION;
}

/** The FilePart of an NT path: what follows its last '\' (ReactOS path.c RtlpWin32NTNameToNtPathName_U). */
function lastComponent(ntPath: string): string | null {
  const last = ntPath.lastIndexOf('\\') + 1;
  return last > 0 && last < ntPath.length ? ntPath.slice(last) : null;
}

/**
 * RtlDosPathNameToNtPathName_U_WithStatus: the DOS path as the NT object manager names it.
 * - `C:\x` → `\??\C:\x`; `\\srv\share\x` → `\??\UNC\srv\share\x`; `\\.\x` → `\??\x` after
 *   RtlGetFullPathName_U's normalization (ReactOS sdk/lib/rtl/path.c
 *   RtlpDosPathNameToRelativeNtPathName_Ustr: the prefix by the full path's type);
 * - `\\?\x` and `\??\x` → `\??\x` verbatim (isVerbatim); `\\.\CON` → `\??\CON` (Wine's test; Wine
 *   dlls/ntdll/path.c passes it through too);
 * - a DOS device name → `\??\NAME`, after checking that the directory before it exists
 *   (RtlPathContext.doesFileExist);
 * - failures: empty or all-space → STATUS_OBJECT_NAME_INVALID (Wine's test, error_paths); longer than
 *   a UNICODE_STRING → STATUS_NAME_TOO_LONG (RtlInitUnicodeStringEx, ReactOS
 *   RtlpDosPathNameToRelativeNtPathName_U); a full path of MAX_PATH or more without long paths, or an
 *   NT path past a UNICODE_STRING → STATUS_OBJECT_NAME_INVALID (ReactOS
 *   RtlpDosPathNameToRelativeNtPathName_Ustr; eryksun on python/cpython#122228).
 */
export function RtlDosPathNameToNtPathName_U_WithStatus(
  dosFileName: string,
  ctx: RtlPathContext,
): RtlDosPathNameToNtPathNameWithStatusResult {
  const path = asPcwstr(dosFileName);
  if (path.length === 0) return failure(STATUS.OBJECT_NAME_INVALID);
  if (path.length > UNICODE_STRING_MAX_CHARS) return failure(STATUS.NAME_TOO_LONG);
  if (isVerbatim(path) || (path.length === 7 && matchesUpper(path, 0, '\\\\.\\CON'))) {
    const ntPath = '\\??\\' + path.slice(4);
    return { status: STATUS.SUCCESS, ntPath, filePart: lastComponent(ntPath) };
  }

  const full = RtlpGetFullPathName(path, ctx);
  if (full.status !== STATUS.SUCCESS) return failure(STATUS.OBJECT_NAME_INVALID);
  const fullPath = full.fullPath;

  if (full.dosDevice !== 0) {
    const offset = (full.dosDevice >>> 16) >>> 1;
    if (offset > 0 && ctx.doesFileExist && !ctx.doesFileExist(path.slice(0, offset) + '.'))
      return failure(STATUS.OBJECT_NAME_INVALID);
    return { status: STATUS.SUCCESS, ntPath: '\\??\\' + fullPath.slice(4), filePart: null };
  }

  if (!ctx.longPathsEnabled && fullPath.length >= MAX_PATH) return failure(STATUS.OBJECT_NAME_INVALID);

  let ntPath: string;
  if (isSeparator(fullPath.charCodeAt(0)) && isSeparator(fullPath.charCodeAt(1))) {
    const c2 = fullPath.charCodeAt(2);
    ntPath =
      (c2 === DOT || c2 === QUESTION) && isSeparator(fullPath.charCodeAt(3))
        ? '\\??\\' + fullPath.slice(4) // RtlPathTypeLocalDevice
        : '\\??\\UNC\\' + fullPath.slice(2); // RtlPathTypeUncAbsolute
  } else {
    ntPath = '\\??\\' + fullPath;
  }
  if (ntPath.length > UNICODE_STRING_MAX_CHARS) return failure(STATUS.OBJECT_NAME_INVALID);
  return { status: STATUS.SUCCESS, ntPath, filePart: full.filePart };
}

/** RtlDosPathNameToNtPathName_U: the same conversion, reporting only TRUE or FALSE as Windows does. */
export function RtlDosPathNameToNtPathName_U(
  dosFileName: string,
  ctx: RtlPathContext,
): RtlDosPathNameToNtPathNameResult {
  const r = RtlDosPathNameToNtPathName_U_WithStatus(dosFileName, ctx);
  return { ok: r.status === STATUS.SUCCESS, ntPath: r.ntPath, filePart: r.filePart };
}
