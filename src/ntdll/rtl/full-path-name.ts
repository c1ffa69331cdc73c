import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';
import { RtlpCollapsePath } from './collapse-path.js';
import { RtlpIsDosDeviceName } from './dos-device-name.js';
import {
  BACKSLASH,
  COLON,
  SPACE,
  UNICODE_STRING_MAX_CHARS,
  asPcwstr,
  isSeparator,
  upcaseChar,
} from './path-chars.js';
import type { RtlPathContext } from './path-context.js';
import { RTL_PATH_TYPE, RtlDetermineDosPathNameType_U } from './path-type.js';

export interface RtlGetFullPathNameResult {
  /** STATUS_SUCCESS, or why RtlGetFullPathName_U would return 0. */
  status: NTSTATUS;
  /** The full path ('' on failure). */
  fullPath: string;
  /** The last component (the FilePart pointer's string), or null. */
  filePart: string | null;
}

/** RtlGetFullPathName_U's answer plus what RtlDosPathNameToNtPathName_U needs from the same work. */
export interface RtlpFullPathName extends RtlGetFullPathNameResult {
  /** RtlIsDosDeviceName_U of the input: when not 0, fullPath is `\\.\` + the device name. */
  dosDevice: number;
  /** RtlDetermineDosPathNameType_U of the input. */
  inputType: RTL_PATH_TYPE;
}

function failure(status: NTSTATUS, inputType: RTL_PATH_TYPE): RtlpFullPathName {
  return { status, fullPath: '', filePart: null, dosDevice: 0, inputType };
}

/**
 * Where the root of a UNC path ends: after `\\`, the server name, one separator and the share name,
 * each up to the next single separator of the text as given, so `\\\Server\Share\..` keeps
 * `\\\Server` and `//Server//Share/..` keeps `\\Server\` (WInterop FileManagementBehaviors
 * .ValidateKnownFixedBehaviors: "Slash count breaks rooting", "Double slash shares … don't root
 * correctly"; ReactOS sdk/lib/rtl/path.c RtlpSkipUNCPrefix likewise stops before the separator).
 */
function uncRootEnd(s: string): number {
  const n = s.length;
  let i = 2;
  while (i < n && !isSeparator(s.charCodeAt(i))) i++;
  if (i < n) {
    i++;
    while (i < n && !isSeparator(s.charCodeAt(i))) i++;
  }
  return i;
}

function currentDirectoryOf(ctx: RtlPathContext): string {
  const cwd = ctx.currentDirectory;
  if (cwd.length < 3 || cwd.charCodeAt(cwd.length - 1) !== BACKSLASH)
    throw new ModelError(
      'RTL_CURRENT_DIRECTORY',
      `CurrentDirectory.DosPath "${cwd}" does not end in '\\'`,
      cwd,
    );
  return cwd;
}

/**
 * The work of RtlGetFullPathName_U (ReactOS sdk/lib/rtl/path.c RtlGetFullPathName_Ustr; Wine
 * dlls/ntdll/path.c get_full_path_helper): DOS devices become `\\.\NAME`; otherwise the current
 * directory is put in front as the path type says, then RtlpCollapsePath normalizes.
 */
export function RtlpGetFullPathName(fileName: string, ctx: RtlPathContext): RtlpFullPathName {
  const path = asPcwstr(fileName);
  const n = path.length;
  if (n === 0) return failure(STATUS.OBJECT_NAME_INVALID, RTL_PATH_TYPE.RtlPathTypeRelative);
  if (n > UNICODE_STRING_MAX_CHARS) return failure(STATUS.NAME_TOO_LONG, RTL_PATH_TYPE.RtlPathTypeUnknown);
  const inputType = RtlDetermineDosPathNameType_U(path);
  // A name of spaces only is refused (Wine path.c get_full_path_helper; Wine's test: " " fails).
  let k = 0;
  while (k < n && path.charCodeAt(k) === SPACE) k++;
  if (k === n) return failure(STATUS.OBJECT_NAME_INVALID, inputType);

  const dosDevice = RtlpIsDosDeviceName(path, inputType);
  if (dosDevice !== 0) {
    const offset = (dosDevice >>> 16) >>> 1;
    const length = (dosDevice & 0xffff) >>> 1;
    // No FilePart for a device (ReactOS RtlGetFullPathName_Ustr zeroes ShortName).
    return {
      status: STATUS.SUCCESS,
      fullPath: '\\\\.\\' + path.slice(offset, offset + length),
      filePart: null,
      dosDevice,
      inputType,
    };
  }

  let full: string;
  let rootLength: number;
  switch (inputType) {
    case RTL_PATH_TYPE.RtlPathTypeUncAbsolute:
      full = path;
      rootLength = uncRootEnd(path);
      break;
    case RTL_PATH_TYPE.RtlPathTypeLocalDevice:
      // `\\?\` too: only RtlDosPathNameToNtPathName_U passes it through; GetFullPathName normalizes
      // it (Microsoft Learn, ".NET: File path formats on Windows systems", "Skip normalization").
      full = path;
      rootLength = 4;
      break;
    case RTL_PATH_TYPE.RtlPathTypeRootLocalDevice:
      full = '\\\\.\\'; // `\\.` and `\\?` both become the device root (ReactOS DeviceRootString)
      rootLength = 4;
      break;
    case RTL_PATH_TYPE.RtlPathTypeDriveAbsolute:
      full = path;
      rootLength = 3;
      break;
    case RTL_PATH_TYPE.RtlPathTypeDriveRelative: {
      const cwd = currentDirectoryOf(ctx);
      const drive = upcaseChar(path.charCodeAt(0));
      rootLength = 3;
      if (cwd.charCodeAt(1) === COLON && upcaseChar(cwd.charCodeAt(0)) === drive) {
        full = cwd + path.slice(2);
      } else {
        // Another drive: its "=X:" variable, else its root, with the letter upper-cased (ReactOS
        // RtlGetFullPathName_Ustr, RtlPathTypeDriveRelative).
        const letter = String.fromCharCode(drive);
        const value = ctx.driveCurrentDirectory?.(letter);
        full = (value ? value + '\\' : letter + ':\\') + path.slice(2);
      }
      break;
    }
    case RTL_PATH_TYPE.RtlPathTypeRooted: {
      const cwd = currentDirectoryOf(ctx);
      if (cwd.charCodeAt(1) === COLON) {
        full = cwd.slice(0, 2) + path;
        rootLength = 3;
      } else {
        rootLength = uncRootEnd(cwd);
        full = cwd.slice(0, rootLength) + path;
      }
      break;
    }
    default: {
      const cwd = currentDirectoryOf(ctx);
      full = cwd + path;
      rootLength = cwd.charCodeAt(1) === COLON ? 3 : uncRootEnd(cwd);
      break;
    }
  }

  const fullPath = RtlpCollapsePath(full, rootLength, isSeparator(path.charCodeAt(n - 1)));
  // The result must fit a UNICODE_STRING too (WInterop FileManagementBehaviors
  // .GetFullPathNameLongPathBehaviors: a path that normalizes past it is ERROR_INVALID_NAME).
  if (fullPath.length > UNICODE_STRING_MAX_CHARS) return failure(STATUS.OBJECT_NAME_INVALID, inputType);
  // FilePart: after the last '\', if anything is there, and for UNC input not inside \\server\share
  // (ReactOS RtlGetFullPathName_Ustr: "the file part is after the \\share\dir part of the path").
  const last = fullPath.lastIndexOf('\\') + 1;
  const minimum = inputType === RTL_PATH_TYPE.RtlPathTypeUncAbsolute ? rootLength : 3;
  const filePart = last > 0 && last < fullPath.length && last >= minimum ? fullPath.slice(last) : null;
  return { status: STATUS.SUCCESS, fullPath, filePart, dosDevice: 0, inputType };
}

/**
 * RtlGetFullPathName_U (GetFullPathNameW's worker): the full, normalized DOS path and its file part.
 * Windows returns a byte count, 0 on failure; here the status says why: an empty or all-space name
 * → STATUS_OBJECT_NAME_INVALID, a name longer than a UNICODE_STRING holds → STATUS_NAME_TOO_LONG.
 * Not limited to MAX_PATH (Microsoft Learn, ".NET: File path formats on Windows systems": "You can
 * pass paths of more than MAX_PATH characters to GetFullPathName without \\?\").
 */
export function RtlGetFullPathName_U(fileName: string, ctx: RtlPathContext): RtlGetFullPathNameResult {
  const r = RtlpGetFullPathName(fileName, ctx);
  return { status: r.status, fullPath: r.fullPath, filePart: r.filePart };
}
