import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  IMAGE_POLICY_METADATA_VERSION,
  readTrustletPolicy,
  type PeImage,
  type TrustletPolicy,
} from '../../pe/index.js';
import type { SeImageSignature } from '../se/index.js';
import { SK_STATUS } from './constants.js';
import { SkpIsIumSigned } from './signing.js';

/**
 * The policies the secure kernel enforces or records for a trustlet, decoded from its
 * IMAGE_POLICY_METADATA (internals.md §5.1; Windows Internals 7 ch. 3 "Trustlet policy metadata").
 * A policy the image does not declare is off: the secure kernel grants nothing by default.
 */
export interface SkTrustletPolicies {
  /** IMAGE_POLICY_ID Etw: the trustlet may log ETW events (recorded; the model has no ETW). */
  etw: boolean;
  /**
   * IMAGE_POLICY_ID Debug: non-zero allows debugging (always, without Secure Boot, or by
   * challenge/response — the model has neither Secure Boot nor challenges, so any non-zero value allows).
   */
  debug: boolean;
  /** IMAGE_POLICY_ID CrashDump: crash dumps allowed (encrypted with CrashDumpKey; recorded only). */
  crashDump: boolean;
  /** The other declared entries, by name (parentSd, capability, scenarioId, …), as the image gives them. */
  other: Record<string, boolean | number | string>;
}

export function SkpDecodePolicies(policy: TrustletPolicy): SkTrustletPolicies {
  const on = (v: unknown): boolean => v === true || (typeof v === 'number' && v !== 0);
  const { etw, debug, crashDump, ...rest } = policy.policies;
  const other: Record<string, boolean | number | string> = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) other[k] = v;
  return { etw: on(etw), debug: on(debug), crashDump: on(crashDump), other };
}

/** A trustlet image the secure kernel accepted: its policy and signature. */
export interface SkValidatedTrustlet {
  TrustletId: bigint;
  policy: TrustletPolicy;
  policies: SkTrustletPolicies;
  signature: SeImageSignature;
}

/**
 * The secure kernel's checks of a trustlet image before the process exists (internals.md §5.3,
 * "The Secure Kernel checks that the requested TrustletIdentity matches the ApplicationId in the
 * image policy, and checks the signature, before running the process in IUM"), in the order the
 * image is met: code integrity's verdict on the image section first (`signature`, from kernel/se
 * CiValidateImageHeader; IUM signing, else SK_STATUS.NOT_IUM_SIGNED),
 * then the `.tPolicy` metadata (SK_STATUS.NO_POLICY), then the identity (SK_STATUS.IDENTITY_MISMATCH).
 *
 * `TrustletIdentity` 0 asks for the image's own ApplicationId: CreateProcess with
 * CREATE_SECURE_PROCESS has no way to name an identity, yet starts LsaIso.exe as trustlet 1 (Cr4sh's
 * Hyper-V research tool, internals.md §5.3) — the model's reading of how KernelBase fills it.
 */
export function SkValidateTrustletImage(
  image: PeImage,
  signature: SeImageSignature,
  TrustletIdentity: bigint,
): { status: NTSTATUS; trustlet?: SkValidatedTrustlet } {
  if (!SkpIsIumSigned(signature)) return { status: SK_STATUS.NOT_IUM_SIGNED };
  let policy: TrustletPolicy | null;
  try {
    policy = readTrustletPolicy(image);
  } catch {
    policy = null;
  }
  if (!policy || policy.version !== IMAGE_POLICY_METADATA_VERSION) return { status: SK_STATUS.NO_POLICY };
  if (TrustletIdentity !== 0n && TrustletIdentity !== policy.trustletId)
    return { status: SK_STATUS.IDENTITY_MISMATCH };
  return {
    status: STATUS.SUCCESS,
    trustlet: { TrustletId: policy.trustletId, policy, policies: SkpDecodePolicies(policy), signature },
  };
}
