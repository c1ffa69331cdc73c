import { STATUS } from '../../base/index.js';

/**
 * The statuses the secure kernel's trustlet rules answer with. Where no public source gives the
 * exact value, the choice is the model's reading and says so; tests name each one.
 */
export const SK_STATUS = {
  /**
   * PsAttributeSecureProcess on a machine without VSM: the request cannot be honoured at all.
   * STATUS_NOT_SUPPORTED, as kernel/ps has answered since issue 6 (the model's reading: VslVsmEnabled
   * is false, so there is no secure kernel to create the VTL1 side).
   */
  VSM_OFF: STATUS.NOT_SUPPORTED,
  /**
   * The image's signature does not carry the Isolated User Mode and Windows System Component
   * Verification EKUs at the Windows level (internals.md §5.3): code integrity refuses the image
   * section, STATUS_INVALID_IMAGE_HASH as for any image that fails a signing requirement (Microsoft
   * Learn, NTSTATUS values: "The hash for image cannot be found in the system catalogs").
   */
  NOT_IUM_SIGNED: STATUS.INVALID_IMAGE_HASH,
  /**
   * No `.tPolicy` / `s_IumPolicyMetadata`, or metadata the parser rejects (wrong version, no
   * terminator): the image is not a trustlet image — STATUS_INVALID_IMAGE_FORMAT (model's reading).
   */
  NO_POLICY: STATUS.INVALID_IMAGE_FORMAT,
  /**
   * TrustletIdentity differs from the policy's ApplicationId: the secure kernel refuses to run the
   * image under another trustlet's identity (internals.md §5.3) — STATUS_ACCESS_DENIED (model's
   * reading).
   */
  IDENTITY_MISMATCH: STATUS.ACCESS_DENIED,
  /**
   * A system call outside the set the secure kernel forwards for trustlets: its dispatcher has no
   * entry for it, STATUS_INVALID_SYSTEM_SERVICE as KiSystemService answers a number it has no
   * service for (model's reading; Windows Internals 7 says the set is limited, not what a miss returns).
   */
  REFUSED_CALL: STATUS.INVALID_SYSTEM_SERVICE,
  /**
   * VTL0 reading or writing IUM pages: the hypervisor does not map them for VTL0 (Microsoft Learn,
   * "Isolated User Mode (IUM) Processes"; SLAT), so MmCopyVirtualMemory faults on the first byte —
   * STATUS_PARTIAL_COPY with nothing copied, as for any page that cannot be read (ReactOS
   * MiDoMappedCopy; kernel/ps virtual-memory.ts).
   */
  IUM_MEMORY: STATUS.PARTIAL_COPY,
  /**
   * Debugging a trustlet whose Debug policy is off (Quarkslab, "Debugging Windows Isolated User
   * Mode (IUM) processes": not possible to attach a debugger, "not even having elevated privileges")
   * — STATUS_ACCESS_DENIED (model's reading).
   */
  DEBUG_DENIED: STATUS.ACCESS_DENIED,
  /** A DLL that is not IUM-approved mapped into a trustlet: code integrity refuses it (as NOT_IUM_SIGNED). */
  DLL_NOT_ALLOWED: STATUS.INVALID_IMAGE_HASH,
} as const;

/**
 * Built-in trustlet IDs (Windows Internals 7, as quoted in internals.md §5.2). 0 is the secure
 * kernel itself in one secondary summary only.
 */
export const TRUSTLET_ID = {
  LsaIso: 1n,
  Vmsp: 2n,
  VtpmKeyEnrollment: 3n,
  BioIso: 4n,
  FsIso: 5n,
} as const;

/** RTL_USER_PROCESS_PARAMETERS.Flags RTL_USER_PROC_SECURE_PROCESS (ReactOS ntrtl.h; Ionescu, BH 2015). */
export const RTL_USER_PROC_SECURE_PROCESS = 0x80000000;
