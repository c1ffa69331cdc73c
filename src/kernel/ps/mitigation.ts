import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { EPROCESS } from './objects.js';

/**
 * PROCESS_CREATION_MITIGATION_POLICY_* (winbase.h; Microsoft Learn UpdateProcThreadAttribute,
 * PROC_THREAD_ATTRIBUTE_MITIGATION_POLICY): the first 64-bit map. Each policy is a 2-bit field
 * (1 always on, 2 always off, 3 a variant) except DEP/ATL thunk/SEHOP, single bits 0-2.
 */
export const PROCESS_CREATION_MITIGATION_POLICY = {
  DEP_ENABLE: 0x1n,
  DEP_ATL_THUNK_ENABLE: 0x2n,
  SEHOP_ENABLE: 0x4n,
  FORCE_RELOCATE_IMAGES_ALWAYS_ON: 1n << 8n,
  FORCE_RELOCATE_IMAGES_ALWAYS_ON_REQ_RELOCS: 3n << 8n,
  HEAP_TERMINATE_ALWAYS_ON: 1n << 12n,
  BOTTOM_UP_ASLR_ALWAYS_ON: 1n << 16n,
  HIGH_ENTROPY_ASLR_ALWAYS_ON: 1n << 20n,
  STRICT_HANDLE_CHECKS_ALWAYS_ON: 1n << 24n,
  WIN32K_SYSTEM_CALL_DISABLE_ALWAYS_ON: 1n << 28n,
  EXTENSION_POINT_DISABLE_ALWAYS_ON: 1n << 32n,
  PROHIBIT_DYNAMIC_CODE_ALWAYS_ON: 1n << 36n,
  PROHIBIT_DYNAMIC_CODE_ALWAYS_OFF: 2n << 36n,
  PROHIBIT_DYNAMIC_CODE_ALWAYS_ON_ALLOW_OPT_OUT: 3n << 36n,
  CONTROL_FLOW_GUARD_ALWAYS_ON: 1n << 40n,
  CONTROL_FLOW_GUARD_EXPORT_SUPPRESSION: 3n << 40n,
  BLOCK_NON_MICROSOFT_BINARIES_ALWAYS_ON: 1n << 44n,
  BLOCK_NON_MICROSOFT_BINARIES_ALWAYS_OFF: 2n << 44n,
  BLOCK_NON_MICROSOFT_BINARIES_ALLOW_STORE: 3n << 44n,
  FONT_DISABLE_ALWAYS_ON: 1n << 48n,
  IMAGE_LOAD_NO_REMOTE_ALWAYS_ON: 1n << 52n,
  IMAGE_LOAD_NO_LOW_LABEL_ALWAYS_ON: 1n << 56n,
  IMAGE_LOAD_PREFER_SYSTEM32_ALWAYS_ON: 1n << 60n,
} as const;

/** EPROCESS.MitigationFlags bits (19045 layout, MitigationFlagsValues, positions 0-31). */
export const MITIGATION_FLAGS = {
  ControlFlowGuardEnabled: 1 << 0,
  ControlFlowGuardExportSuppressionEnabled: 1 << 1,
  ForceRelocateImages: 1 << 4,
  HighEntropyASLREnabled: 1 << 5,
  ExtensionPointDisable: 1 << 7,
  DisableDynamicCode: 1 << 8,
  DisableDynamicCodeAllowOptOut: 1 << 9,
  DisallowWin32kSystemCalls: 1 << 12,
  DisableNonSystemFonts: 1 << 16,
  PreferSystem32Images: 1 << 18,
  ProhibitRemoteImageMap: 1 << 19,
  ProhibitLowILImageMap: 1 << 21,
  SignatureMitigationOptIn: 1 << 23,
} as const;

/** PROCESS_MITIGATION_POLICY (winnt.h) values the model answers. */
export const PROCESS_MITIGATION_POLICY = {
  ProcessDEPPolicy: 0,
  ProcessASLRPolicy: 1,
  ProcessDynamicCodePolicy: 2,
  ProcessSignaturePolicy: 8,
} as const;

/**
 * The field of a 2-bit policy at `shift`: 0 (not given), 1 (always on), 2 (always off), 3 (variant).
 */
function field(options: bigint, shift: bigint): number {
  return Number((options >> shift) & 3n);
}

/**
 * PsAttributeMitigationOptions: one or two 64-bit maps (a value that is not a 64-bit unsigned
 * number is STATUS_INVALID_PARAMETER — the attribute's size is 8 or 16 bytes). The maps are kept
 * on the process as given (EPROCESS's creation-time options), and the policies that have an
 * EPROCESS.MitigationFlags bit set it: e.g. BLOCK_NON_MICROSOFT_BINARIES_ALWAYS_ON →
 * SignatureMitigationOptIn, PROHIBIT_DYNAMIC_CODE_ALWAYS_ON → DisableDynamicCode. DEP, SEHOP, heap
 * termination, bottom-up ASLR and strict handle checks live in KPROCESS/EPROCESS flags the model
 * does not lay out; they are in the stored map only.
 */
export function PspApplyMitigationOptions(
  process: EPROCESS,
  options: bigint | undefined,
  options2: bigint | undefined,
): NTSTATUS {
  const ok = (v: bigint | undefined): boolean => v === undefined || (v >= 0n && v < 1n << 64n);
  if (!ok(options) || !ok(options2)) return STATUS.INVALID_PARAMETER;
  const o = options ?? 0n;
  process.mitigationOptions = [o, options2 ?? 0n];
  let f = 0;
  if (field(o, 8n) === 1 || field(o, 8n) === 3) f |= MITIGATION_FLAGS.ForceRelocateImages;
  if (field(o, 20n) === 1) f |= MITIGATION_FLAGS.HighEntropyASLREnabled;
  if (field(o, 28n) === 1) f |= MITIGATION_FLAGS.DisallowWin32kSystemCalls;
  if (field(o, 32n) === 1) f |= MITIGATION_FLAGS.ExtensionPointDisable;
  const dyn = field(o, 36n);
  if (dyn === 1) f |= MITIGATION_FLAGS.DisableDynamicCode;
  if (dyn === 3) f |= MITIGATION_FLAGS.DisableDynamicCode | MITIGATION_FLAGS.DisableDynamicCodeAllowOptOut;
  const cfg = field(o, 40n);
  if (cfg === 1) f |= MITIGATION_FLAGS.ControlFlowGuardEnabled;
  if (cfg === 3) f |= MITIGATION_FLAGS.ControlFlowGuardExportSuppressionEnabled;
  const sig = field(o, 44n);
  if (sig === 1 || sig === 3) f |= MITIGATION_FLAGS.SignatureMitigationOptIn;
  if (field(o, 48n) === 1) f |= MITIGATION_FLAGS.DisableNonSystemFonts;
  if (field(o, 52n) === 1) f |= MITIGATION_FLAGS.ProhibitRemoteImageMap;
  if (field(o, 56n) === 1) f |= MITIGATION_FLAGS.ProhibitLowILImageMap;
  if (field(o, 60n) === 1) f |= MITIGATION_FLAGS.PreferSystem32Images;
  process.MitigationFlags = f >>> 0;
  return STATUS.SUCCESS;
}

/** PROCESS_MITIGATION_POLICY_INFORMATION: the policy, and its flags DWORD. */
export interface PROCESS_MITIGATION_POLICY_INFORMATION {
  Policy: number;
  Flags: number;
}

/**
 * NtQueryInformationProcess(ProcessMitigationPolicy): the policy's structure as its Flags DWORD
 * (winnt.h bit order) —
 * - ProcessDynamicCodePolicy: ProhibitDynamicCode (bit 0), AllowThreadOptOut (bit 1);
 * - ProcessSignaturePolicy: MicrosoftSignedOnly (bit 0), StoreSignedOnly (bit 1),
 *   MitigationOptIn (bit 2) — the model says MicrosoftSignedOnly whenever the process opted in,
 *   StoreSignedOnly for ..._ALLOW_STORE.
 * Other policies are STATUS_INVALID_PARAMETER in the model.
 */
export function PspQueryMitigationPolicy(
  process: EPROCESS,
  policy: number,
): { status: NTSTATUS; info?: PROCESS_MITIGATION_POLICY_INFORMATION } {
  const f = process.MitigationFlags;
  if (policy === PROCESS_MITIGATION_POLICY.ProcessDynamicCodePolicy) {
    let flags = 0;
    if (f & MITIGATION_FLAGS.DisableDynamicCode) flags |= 1;
    if (f & MITIGATION_FLAGS.DisableDynamicCodeAllowOptOut) flags |= 2;
    return { status: STATUS.SUCCESS, info: { Policy: policy, Flags: flags } };
  }
  if (policy === PROCESS_MITIGATION_POLICY.ProcessSignaturePolicy) {
    let flags = 0;
    if (f & MITIGATION_FLAGS.SignatureMitigationOptIn) {
      flags |= 0x4;
      flags |= field(process.mitigationOptions[0], 44n) === 3 ? 0x2 : 0x1;
    }
    return { status: STATUS.SUCCESS, info: { Policy: policy, Flags: flags } };
  }
  return { status: STATUS.INVALID_PARAMETER };
}
