import { readSecurity, signerFromSubject, type PeImage } from '../../pe/index.js';
import { SE_UNSIGNED_IMAGE, type SeImageSignature } from './signing-level.js';

/**
 * The machine's catalog: for a file that carries no embedded signature, the signature a catalog
 * (.cat) file on the machine gives it, by the file's device path — or null when no catalog covers
 * it. Real Windows system binaries are mostly catalog-signed (Windows Internals 7 ch. 8 "Code
 * Integrity": CI checks embedded signatures, then the system catalogs); the composition root
 * (src/system) supplies the rule.
 */
export type SeCatalog = (devicePath: string) => { signer: string; ekus: readonly string[] } | null;

/** EKUs that name a PS_PROTECTED_SIGNER on a certificate not issued by the model (internals.md §4.4). */
const EKU_WINDOWS_TCB = '1.3.6.1.4.1.311.10.3.23';
const EKU_WINDOWS_SYSTEM_COMPONENT = '1.3.6.1.4.1.311.10.3.6';
const EKU_ANTIMALWARE = '1.3.6.1.4.1.311.76.11.1';
const EKU_DYNAMIC_CODEGEN = '1.3.6.1.4.1.311.76.5.1';
const EKU_WINDOWS_STORE = '1.3.6.1.4.1.311.76.3.1';

/**
 * The signer a certificate's EKUs stand for, for certificates the model did not write (a real
 * image's Authenticode signer): Windows TCB Component → WinTcb, Windows System Component
 * Verification → Windows, AntiMalware → Antimalware, Dynamic Code Generation → CodeGen, Windows
 * Store → App, anything else → Authenticode (internals.md §4.4; which EKU selects Lsa is not known,
 * §12, so none does).
 */
function signerFromEkus(ekus: readonly string[]): string {
  if (ekus.includes(EKU_WINDOWS_TCB)) return 'WinTcb';
  if (ekus.includes(EKU_WINDOWS_SYSTEM_COMPONENT)) return 'Windows';
  if (ekus.includes(EKU_ANTIMALWARE)) return 'Antimalware';
  if (ekus.includes(EKU_DYNAMIC_CODEGEN)) return 'CodeGen';
  if (ekus.includes(EKU_WINDOWS_STORE)) return 'App';
  return 'Authenticode';
}

/**
 * CiValidateImageHeader, in the model: the signature of an image section's file. The image's own
 * WIN_CERTIFICATE comes first (the model certificate names its signer level in its subject, see
 * pe/authenticode-model.ts; another Authenticode certificate is judged by its EKUs). An image
 * without one is catalog-signed when the machine's catalog covers its path, else unsigned. The
 * signature's bytes are not verified: the model has no keys, its CI trusts the recorded verdict.
 */
export function CiValidateImageHeader(
  image: PeImage,
  devicePath: string,
  catalog: SeCatalog | null,
): SeImageSignature {
  let certificates: ReturnType<typeof readSecurity> = [];
  try {
    certificates = readSecurity(image);
  } catch {
    // A malformed certificate table is no signature (CI refuses to trust it), not a crash.
  }
  for (const cert of certificates) {
    if (!cert.signer) continue;
    const model = signerFromSubject(cert.signer.subject);
    if (model === 'none') continue;
    return { signer: model ?? signerFromEkus(cert.signer.ekus), ekus: cert.signer.ekus, origin: 'embedded' };
  }
  const c = catalog?.(devicePath) ?? null;
  if (c && c.signer !== 'none') return { signer: c.signer, ekus: c.ekus, origin: 'catalog' };
  return SE_UNSIGNED_IMAGE;
}
