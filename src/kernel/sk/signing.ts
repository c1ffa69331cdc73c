import { readSecurity, signerFromSubject, type PeImage, type PeSigner } from '../../pe/index.js';

/** szOID_ Isolated User Mode (App Control ID_EKU_IUM) and Windows System Component Verification (internals.md §4.4, §5.3). */
export const EKU_ISOLATED_USER_MODE = '1.3.6.1.4.1.311.10.3.37';
export const EKU_WINDOWS_SYSTEM_COMPONENT = '1.3.6.1.4.1.311.10.3.6';

/** Signers at or above SE_SIGNING_LEVEL_WINDOWS (12), the level trustlets are signed at (§4.3, §5.3). */
const WINDOWS_OR_ABOVE: ReadonlySet<PeSigner> = new Set<PeSigner>(['Windows', 'WinTcb', 'WinSystem']);

/** What the image's Authenticode certificate says: the signer level and its EKUs (none when unsigned). */
export interface SkImageSigning {
  signer: PeSigner;
  ekus: string[];
}

/**
 * The image's signer and EKUs from its security directory (WIN_CERTIFICATE → PKCS#7 → signer
 * certificate). A certificate of any other origin than the model's writer counts as plain
 * Authenticode. Kept here until kernel/se has a code-integrity module to ask instead.
 */
export function SkpQueryImageSigning(image: PeImage): SkImageSigning {
  let certs: ReturnType<typeof readSecurity> = [];
  try {
    certs = readSecurity(image);
  } catch {
    certs = [];
  }
  const signer = certs.find((c) => c.signer)?.signer;
  if (!signer) return { signer: 'none', ekus: [] };
  return { signer: signerFromSubject(signer.subject) ?? 'Authenticode', ekus: [...signer.ekus] };
}

/**
 * Whether the image is signed as a trustlet: Windows System Component Verification and Isolated
 * User Mode EKUs at signature level 12 (Windows) or above — paragmali's "VBS Trustlets" summary of
 * Ionescu's BlackHat 2015 deck (internals.md §5.3).
 */
export function SkpIsIumSigned(s: SkImageSigning): boolean {
  return (
    WINDOWS_OR_ABOVE.has(s.signer) &&
    s.ekus.includes(EKU_ISOLATED_USER_MODE) &&
    s.ekus.includes(EKU_WINDOWS_SYSTEM_COMPONENT)
  );
}
