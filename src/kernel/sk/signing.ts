import { SE_SIGNING_LEVEL, SeGetImageSigningLevel, type SeImageSignature } from '../se/index.js';

/** szOID_ Isolated User Mode (App Control ID_EKU_IUM) and Windows System Component Verification (internals.md §4.4, §5.3). */
export const EKU_ISOLATED_USER_MODE = '1.3.6.1.4.1.311.10.3.37';
export const EKU_WINDOWS_SYSTEM_COMPONENT = '1.3.6.1.4.1.311.10.3.6';

/**
 * Whether code integrity's verdict on an image (kernel/se CiValidateImageHeader: its embedded
 * certificate or the machine's catalog) makes it a trustlet image: Windows System Component
 * Verification and Isolated User Mode EKUs at signing level 12 (SE_SIGNING_LEVEL_WINDOWS) or above —
 * paragmali's "VBS Trustlets" summary of Ionescu's Black Hat 2015 deck (internals.md §5.3).
 */
export function SkpIsIumSigned(signature: SeImageSignature): boolean {
  return (
    SeGetImageSigningLevel(signature) >= SE_SIGNING_LEVEL.WINDOWS &&
    signature.ekus.includes(EKU_ISOLATED_USER_MODE) &&
    signature.ekus.includes(EKU_WINDOWS_SYSTEM_COMPONENT)
  );
}
