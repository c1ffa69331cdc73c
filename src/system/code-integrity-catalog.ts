import type { SeCatalog } from '../kernel/se/index.js';
import { WINDOWS_SIGNED } from './images/win10-22h2-x64/signatures.js';
import { SYSTEM_VOLUME_DEVICE, type Machine } from './machine.js';

/**
 * The machine's code-integrity catalog: the signature CI gives a file on the system volume that
 * carries no embedded WIN_CERTIFICATE. Windows' own binaries are mostly catalog-signed (Windows
 * Internals 7 ch. 8, "Code Integrity"), and a `--system-root` folder (a copy of System32, or Wine's
 * x86_64-windows DLLs) has no embedded signatures at all — without a catalog, every protected
 * process started from such a folder would be refused. The rule chosen:
 * - a file at a path the embedded image's manifest lists is signed as the manifest says for that
 *   path (csrss.exe from a `--system-root` folder is still WinTcb-Light-signed);
 * - any other file directly in C:\Windows\System32 is signed as a Windows binary (signer Windows,
 *   Windows System Component Verification);
 * - anything else (an application's own files) is covered by no catalog: unsigned.
 * Files with an embedded signature are judged by it (kernel/se CiValidateImageHeader), never here.
 */
export function createCodeIntegrityCatalog(machine: Machine): SeCatalog {
  const volume = (SYSTEM_VOLUME_DEVICE + '\\').toUpperCase();
  let byPath: Map<string, Machine['image']['files'][number]> | null = null;
  return (devicePath) => {
    // The device path, or the `\??\C:\…` name a section was opened by.
    const up = devicePath.toUpperCase();
    const dos = '\\??\\C:\\';
    const rest = up.startsWith(volume)
      ? up.slice(volume.length)
      : up.startsWith(dos)
        ? up.slice(dos.length)
        : null;
    if (rest === null) return null;
    const win32 = 'C:\\' + rest;
    byPath ??= new Map(machine.image.files.map((f) => [f.path.toUpperCase(), f]));
    const listed = byPath.get(win32);
    if (listed) {
      const sig = listed.pe.signature;
      return sig ? { signer: sig.signer, ekus: sig.ekus ?? [] } : null;
    }
    if (!/^C:\\WINDOWS\\SYSTEM32\\[^\\]+$/.test(win32)) return null;
    return { signer: WINDOWS_SIGNED.signer, ekus: WINDOWS_SIGNED.ekus ?? [] };
  };
}
