import { BACKSLASH, DOT, SLASH, SPACE, isSeparator } from './path-chars.js';

/**
 * The normalization RtlGetFullPathName_U applies to a path once the current directory is in front
 * of it. `rootLength` characters are the root, which `..` never climbs above: `C:\` (3), `\\.\` or
 * `\\?\` (4), or `\\server\share` (no trailing separator). The rules, each as Windows records them:
 * - '/' becomes '\' and runs of separators after the root become one (Microsoft Learn, ".NET: File
 *   path formats on Windows systems", "Canonicalize separators");
 * - a `.` component goes, a `..` component takes the previous one with it, never the root ("Evaluate
 *   relative components"); a final `.` or `..` also drops the separator before it, so
 *   `\\Server\Share\..` is `\\Server\Share` and `C:\a\.` is `C:\a`, but `C:\..` is `C:\` (Jeremy
 *   Kuhne's GetFullPathNameW results in WInterop FileManagementBehaviors.ValidateKnownFixedBehaviors);
 * - a component followed by a separator loses one trailing '.' if it ends in a single period
 *   (`test.\` → `test\`, `a..\` and `...\` stay: "Trim characters", and WInterop `C:\ ..\`);
 * - the last component loses all trailing dots and spaces, down to nothing (`C:\test\...` →
 *   `C:\test\`); `.. ` is not `..` (Wine dlls/ntdll/tests/path.c test_RtlGetFullPathName_U:
 *   `c:/test/.. ` → `c:\test\`);
 * - a separator that ends `full` only because the current directory did (`C:` → `C:\windows\`) is
 *   dropped when the caller's path did not end in one (ReactOS sdk/lib/rtl/path.c RtlpCollapsePath,
 *   SkipTrailingPathSeparators), so `C:` is `C:\windows`, as `c:.` is in Wine's test.
 */
export function RtlpCollapsePath(full: string, rootLength: number, keepTrailingSeparator: boolean): string {
  if (!needsCollapse(full, rootLength, keepTrailingSeparator)) return full;
  const root = full.slice(0, rootLength);
  let out = root.indexOf('/') < 0 ? root : root.replace(/\//g, '\\');
  const n = full.length;
  let endsWithSeparator = false;
  let strippedToNothing = false;
  let i = rootLength;
  while (i < n) {
    const c = full.charCodeAt(i);
    if (c === BACKSLASH || c === SLASH) {
      endsWithSeparator = true;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && !isSeparator(full.charCodeAt(j))) j++;
    endsWithSeparator = false;
    strippedToNothing = false;
    if (j - i === 1 && c === DOT) {
      // `.`: nothing to add
    } else if (j - i === 2 && c === DOT && full.charCodeAt(i + 1) === DOT) {
      if (out.length > rootLength) {
        const k = out.lastIndexOf('\\');
        out = out.slice(0, k >= rootLength ? k : rootLength);
      }
    } else {
      let e = j;
      if (j < n) {
        if (full.charCodeAt(j - 1) === DOT && full.charCodeAt(j - 2) !== DOT) e--;
      } else {
        for (let t = full.charCodeAt(e - 1); e > i && (t === DOT || t === SPACE); t = full.charCodeAt(e - 1))
          e--;
      }
      if (e > i) {
        out += out.charCodeAt(out.length - 1) === BACKSLASH ? full.slice(i, e) : '\\' + full.slice(i, e);
      } else {
        endsWithSeparator = strippedToNothing = true;
      }
    }
    i = j;
  }
  const trailingSeparator = strippedToNothing || (endsWithSeparator && keepTrailingSeparator);
  if (trailingSeparator && out.charCodeAt(out.length - 1) !== BACKSLASH) out += '\\';
  return out;
}

/** False when `full` is already normal, so the common case costs one scan and no copy. */
function needsCollapse(full: string, rootLength: number, keepTrailingSeparator: boolean): boolean {
  const n = full.length;
  for (let i = 0; i < rootLength; i++) if (full.charCodeAt(i) === SLASH) return true;
  let previous = full.charCodeAt(rootLength - 1);
  let segmentStart = rootLength;
  for (let i = rootLength; i < n; i++) {
    const c = full.charCodeAt(i);
    if (c === SLASH) return true;
    if (c === BACKSLASH) {
      if (previous === BACKSLASH) return true; // a run, or a separator right after a root ending in one
      if (previous === DOT) return true; // `.`, `..` or a trailing period before a separator
      segmentStart = i + 1;
    } else if (c === DOT && i === segmentStart) {
      return true; // a component starting with '.' may be `.` or `..`
    }
    previous = c;
  }
  if (previous === BACKSLASH && !keepTrailingSeparator && n > rootLength) return true;
  return previous === DOT || previous === SPACE;
}
