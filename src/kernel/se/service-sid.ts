import { sha1 } from './sha1.js';
import { createSid, type SID } from './sid.js';
import { SECURITY_NT_AUTHORITY, SECURITY_SERVICE_ID_BASE_RID } from './well-known-sids.js';

/**
 * RtlCreateServiceSid: NT SERVICE\<name> is S-1-5-80- followed by the SHA-1 of the upper-cased
 * service name in UTF-16LE, read as five little-endian ULONGs (Windows Internals 7, ch. 9
 * "Service isolation"; `sc showsid`). Checked in service-sid.test.ts against SIDs Windows printed:
 * TrustedInstaller, and upnphost / lmhosts from a public `whoami /all` of a LOCAL SERVICE host.
 * Upper-casing is JavaScript's (RtlUpcaseUnicodeString agrees on the names the model uses).
 */
export function RtlCreateServiceSid(serviceName: string): SID {
  const upper = serviceName.toUpperCase();
  const utf16 = new Uint8Array(upper.length * 2);
  for (let i = 0; i < upper.length; i++) {
    const c = upper.charCodeAt(i);
    utf16[2 * i] = c & 0xff;
    utf16[2 * i + 1] = c >> 8;
  }
  const digest = new DataView(sha1(utf16).buffer);
  const rids = [0, 1, 2, 3, 4].map((i) => digest.getUint32(4 * i, true));
  return createSid(SECURITY_NT_AUTHORITY, SECURITY_SERVICE_ID_BASE_RID, ...rids);
}

/** NT SERVICE\TrustedInstaller, the owner of most system files. */
export const SeTrustedInstallerSid = RtlCreateServiceSid('TrustedInstaller');
