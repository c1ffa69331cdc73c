/**
 * The DLLs a trustlet may load ("IUM-approved DLLs": Ionescu, "Battle of the SKM and IUM", Black Hat
 * USA 2015, slide "Separation of roles"; the list as internals.md §5.3 quotes Windows Internals 7):
 * ntdll, kernelbase, advapi32, rpcrt4, bcryptprimitives, the C runtime, and iumbase with the VTL1
 * ntdll it calls (iumdll). kernel32 is here because the model's loader maps it (with kernelbase)
 * before a Win32 image's own imports (ntdll/ldr initialize-process.ts): which of the two Windows'
 * secure loader path (LdrpIsSecureProcess) skips is not in the sources reached.
 * sechost is advapi32's own import: IUM runs the same binaries as normal mode ("barring the
 * IUM-signing restrictions, IUM shares the same binaries as Normal Mode", the same deck), so a
 * trustlet that imports advapi32 maps it too. API set contracts resolve to these hosts.
 */
export const SK_TRUSTLET_ALLOWED_DLLS: ReadonlySet<string> = new Set([
  'ntdll.dll',
  'kernelbase.dll',
  'kernel32.dll',
  'advapi32.dll',
  'sechost.dll',
  'rpcrt4.dll',
  'bcryptprimitives.dll',
  'msvcrt.dll',
  'ucrtbase.dll',
  'vcruntime140.dll',
  'iumbase.dll',
  'iumdll.dll',
]);

/**
 * Whether an image may be mapped into a trustlet: the trustlet's own executable, or an approved DLL
 * (by file name, case-insensitively). Anything else is refused as code integrity refuses an image
 * below a process's signing requirement (SK_STATUS.DLL_NOT_ALLOWED).
 */
export function SkIsImageAllowedInTrustlet(imagePath: string, isExecutable: boolean): boolean {
  if (isExecutable) return true;
  const name = imagePath.slice(Math.max(imagePath.lastIndexOf('\\'), imagePath.lastIndexOf('/')) + 1);
  return SK_TRUSTLET_ALLOWED_DLLS.has(name.toLowerCase());
}
