import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { Section } from '../mm/index.js';
import {
  SK_STATUS,
  SkIsImageAllowedInTrustlet,
  SkValidateTrustletImage,
  type SkSecureProcess,
  type SkValidatedTrustlet,
} from '../sk/index.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import { PspImageSignature } from './protected-image.js';
import type { PsSystem } from './ps-system.js';

/**
 * PS_TRUSTLET_CREATE_ATTRIBUTES (phnt ntpsapi.h; internals.md §5.3): what PsAttributeSecureProcess
 * (#18, 0x20012) points at — the trustlet identity and PS_TRUSTLET_ATTRIBUTE_DATA entries (kept, not
 * interpreted: no source reached describes an attribute type the model could act on). A bare bigint
 * is taken as the identity with no attributes.
 */
export interface PS_TRUSTLET_CREATE_ATTRIBUTES {
  TrustletIdentity: bigint;
  Attributes?: readonly unknown[];
}

/** KPROCESS.SecureState.Flags.SecureProcess (bit 0; internals.md §1.1). */
const SECURE_PROCESS_FLAG = 1n;

/** PsIsSecureProcess: KPROCESS.SecureState has its SecureProcess bit (a trustlet's VTL0 shadow). */
export function PsIsSecureProcess(process: EPROCESS): boolean {
  return (process.SecureState & SECURE_PROCESS_FLAG) !== 0n;
}

/** The secure kernel's record of a trustlet (null for any other process, or without VSM). */
export function PspSecureProcessOf(ps: PsSystem, process: EPROCESS): SkSecureProcess | null {
  if (!PsIsSecureProcess(process)) return null;
  return ps.secureKernel?.lookup(process.SecureState) ?? null;
}

function trustletIdentity(v: unknown): bigint | null {
  const id =
    typeof v === 'bigint'
      ? v
      : v &&
          typeof v === 'object' &&
          typeof (v as PS_TRUSTLET_CREATE_ATTRIBUTES).TrustletIdentity === 'bigint'
        ? (v as PS_TRUSTLET_CREATE_ATTRIBUTES).TrustletIdentity
        : null;
  return id !== null && id >= 0n && id < 1n << 64n ? id : null;
}

/**
 * NtCreateUserProcess with PsAttributeSecureProcess, before the process exists (the image section
 * is made): no VSM is SK_STATUS.VSM_OFF; a malformed attribute STATUS_INVALID_PARAMETER; then the
 * secure kernel's image checks (SkValidateTrustletImage: IUM signature — code integrity's verdict
 * on the file at `devicePath`, PspImageSignature —, `.tPolicy`, identity); and a
 * debug object for a trustlet whose Debug policy is off (CreateProcess DEBUG_PROCESS) is
 * SK_STATUS.DEBUG_DENIED. Nothing has been made when this fails.
 */
export function PspValidateSecureProcessCreation(
  ps: PsSystem,
  attribute: unknown,
  section: Section,
  devicePath: string,
  debugged: boolean,
): { status: NTSTATUS; trustlet?: SkValidatedTrustlet } {
  type R = { status: NTSTATUS; trustlet?: SkValidatedTrustlet };
  const out = ps.deps.trace.call<R>(
    { layer: 'kernel', module: 'nt', fn: 'PspValidateSecureProcess', channel: 'sk' },
    (span) => {
      if (!ps.secureKernel) return { status: SK_STATUS.VSM_OFF };
      const identity = trustletIdentity(attribute);
      if (identity === null) return { status: STATUS.INVALID_PARAMETER };
      const image = section.image?.image;
      if (!image) return { status: STATUS.INVALID_IMAGE_FORMAT };
      // Code integrity's verdict on the image section (kernel/se, shared with PP/PPL's checks).
      const r = SkValidateTrustletImage(image, PspImageSignature(ps, section, devicePath), identity);
      if (!r.trustlet) {
        span.note(
          r.status === SK_STATUS.NOT_IUM_SIGNED
            ? 'the image is not signed with the Isolated User Mode EKU at the Windows level'
            : r.status === SK_STATUS.NO_POLICY
              ? 'the image has no valid .tPolicy / s_IumPolicyMetadata'
              : `TrustletIdentity ${identity} is not the image's ApplicationId`,
        );
        return { status: r.status };
      }
      if (debugged && !r.trustlet.policies.debug) {
        span.note('the trustlet policy does not allow debugging');
        return { status: SK_STATUS.DEBUG_DENIED };
      }
      return { status: STATUS.SUCCESS, value: r, result: { TrustletId: Number(r.trustlet.TrustletId) } };
    },
  );
  return out.value ?? { status: out.status };
}

/**
 * The VTL1 side of a new trustlet (VslCreateSecureProcess), once PspAllocateProcess has made its
 * EPROCESS: KPROCESS.SecureState takes the SecureHandle and the process is a trustlet for the views.
 * The process type's delete routine gives the secure process back (PspDeleteSecureProcess).
 */
export function PspCreateSecureProcess(
  ps: PsSystem,
  process: EPROCESS,
  trustlet: SkValidatedTrustlet,
): NTSTATUS {
  const sk = ps.secureKernel;
  if (!sk) return SK_STATUS.VSM_OFF;
  const r = sk.VslCreateSecureProcess(trustlet, { ImageName: process.ImageFileName });
  if (!r.secure) return r.status;
  process.SecureState = r.secure.SecureHandle;
  process.kind = 'trustlet';
  return STATUS.SUCCESS;
}

/** A thread of a trustlet gets KTHREAD.SecureThreadCookie from the secure kernel (VslCreateSecureThread). */
export function PspCreateSecureThread(ps: PsSystem, thread: ETHREAD): void {
  const process = thread.process;
  if (!PsIsSecureProcess(process) || !ps.secureKernel) return;
  const r = ps.secureKernel.VslCreateSecureThread(process.SecureState, thread.Cid.UniqueThread);
  if (r.cookie !== undefined) thread.SecureThreadCookie = r.cookie;
}

/** PspProcessDelete's part for a trustlet: the secure kernel forgets its VTL1 process. */
export function PspDeleteSecureProcess(ps: PsSystem, process: EPROCESS): void {
  if (PsIsSecureProcess(process)) ps.secureKernel?.VslDeleteSecureProcess(process.SecureState);
}

/**
 * A VTL0 copy to or from a trustlet's memory (NtReadVirtualMemory, NtWriteVirtualMemory): the
 * hypervisor keeps IUM pages out of VTL0's reach whoever asks — SYSTEM, SeDebugPrivilege,
 * PROCESS_ALL_ACCESS, kernel mode alike — so nothing is copied (SK_STATUS.IUM_MEMORY). Null when the
 * target is not a trustlet.
 */
export function PspCheckSecureMemoryAccess(process: EPROCESS): NTSTATUS | null {
  return PsIsSecureProcess(process) ? SK_STATUS.IUM_MEMORY : null;
}

/** DbgkpSetProcessDebugObject's gate for a trustlet: only when its Debug policy allows (SK_STATUS.DEBUG_DENIED). */
export function PspCheckSecureProcessDebug(ps: PsSystem, process: EPROCESS): NTSTATUS {
  if (!PsIsSecureProcess(process)) return STATUS.SUCCESS;
  return PspSecureProcessOf(ps, process)?.policies.debug ? STATUS.SUCCESS : SK_STATUS.DEBUG_DENIED;
}

/**
 * An image section mapped into a trustlet: its own executable, or an IUM-approved DLL
 * (SkIsImageAllowedInTrustlet); any other image is refused as code integrity refuses it
 * (SK_STATUS.DLL_NOT_ALLOWED) and the loader fails the process with that status.
 */
export function PspCheckSecureImageMapping(
  process: EPROCESS,
  imagePath: string,
  isExecutable: boolean,
): NTSTATUS {
  if (!PsIsSecureProcess(process)) return STATUS.SUCCESS;
  return SkIsImageAllowedInTrustlet(imagePath, isExecutable) ? STATUS.SUCCESS : SK_STATUS.DLL_NOT_ALLOWED;
}
