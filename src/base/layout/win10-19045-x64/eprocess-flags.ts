import { bitfields, flagBits, layout, Uint4B } from '../define.js';
import type { FieldLayout, StructLayout } from '../types.js';

// The bitfields of _EPROCESS's flag words (internals.md §1.3). Source keys: see ../win10-19045-x64.ts.

/** Flags2 @0x460, bit positions from [ND-19041] (internals.md §1.3). */
export function eprocessFlags2(offset: number): FieldLayout[] {
  return bitfields(offset, Uint4B, [
    ['JobNotReallyActive', 1],
    ['AccountingFolded', 1],
    ['NewProcessReported', 1],
    ['ExitProcessReported', 1],
    ['ReportCommitChanges', 1],
    ['LastReportMemory', 1],
    ['ForceWakeCharge', 1],
    ['CrossSessionCreate', 1],
    ['NeedsHandleRundown', 1],
    ['RefTraceEnabled', 1],
    ['PicoCreated', 1],
    ['EmptyJobEvaluated', 1],
    ['DefaultPagePriority', 3],
    ['PrimaryTokenFrozen', 1],
    ['ProcessVerifierTarget', 1],
    ['RestrictSetThreadContext', 1],
    ['AffinityPermanent', 1],
    ['AffinityUpdateEnable', 1],
    ['PropagateNode', 1],
    ['ExplicitAffinity', 1],
    ['ProcessExecutionState', 2],
    ['EnableReadVmLogging', 1],
    ['EnableWriteVmLogging', 1],
    ['FatalAccessTerminationRequested', 1],
    ['DisableSystemAllowedCpuSet', 1],
    ['ProcessStateChangeRequest', 2],
    ['ProcessStateChangeInProgress', 1],
    ['InPrivate', 1],
  ]);
}

/** Flags @0x464, bit positions from [ND-19041] (internals.md §1.3). */
export function eprocessFlags(offset: number): FieldLayout[] {
  return bitfields(offset, Uint4B, [
    ['CreateReported', 1],
    ['NoDebugInherit', 1],
    ['ProcessExiting', 1],
    ['ProcessDelete', 1],
    ['ManageExecutableMemoryWrites', 1],
    ['VmDeleted', 1],
    ['OutswapEnabled', 1],
    ['Outswapped', 1],
    ['FailFastOnCommitFail', 1],
    ['Wow64VaSpace4Gb', 1],
    ['AddressSpaceInitialized', 2],
    ['SetTimerResolution', 1],
    ['BreakOnTermination', 1],
    ['DeprioritizeViews', 1],
    ['WriteWatch', 1],
    ['ProcessInSession', 1],
    ['OverrideAddressSpace', 1],
    ['HasAddressSpace', 1],
    ['LaunchPrefetched', 1],
    ['Background', 1],
    ['VmTopDown', 1],
    ['ImageNotifyDone', 1],
    ['PdeUpdateNeeded', 1],
    ['VdmAllowed', 1],
    ['ProcessRundown', 1],
    ['ProcessInserted', 1],
    ['DefaultIoPriority', 3],
    ['ProcessSelfDelete', 1],
    ['SetTimerResolutionLink', 1],
  ]);
}

/**
 * Flags3 @0x87c: bit 0 Minimal … 26 TimerResolutionIgnore from [ND-19041]; 27 DisallowUserTerminate
 * is in [VG-21H2] and [DT-19044] but not in [ND-19041], so the 19044/19045 table has it (§1.3, §10).
 */
export function eprocessFlags3(offset: number): FieldLayout[] {
  return flagBits(offset, Uint4B, [
    'Minimal',
    'ReplacingPageRoot',
    'Crashed',
    'JobVadsAreTracked',
    'VadTrackingDisabled',
    'AuxiliaryProcess',
    'SubsystemProcess',
    'IndirectCpuSets',
    'RelinquishedCommit',
    'HighGraphicsPriority',
    'CommitFailLogged',
    'ReserveFailLogged',
    'SystemProcess',
    'HideImageBaseAddresses',
    'AddressPolicyFrozen',
    'ProcessFirstResume',
    'ForegroundExternal',
    'ForegroundSystem',
    'HighMemoryPriority',
    'EnableProcessSuspendResumeLogging',
    'EnableThreadSuspendResumeLogging',
    'SecurityDomainChanged',
    'SecurityFreezeComplete',
    'VmProcessorHost',
    'VmProcessorHostTransition',
    'AltSyscall',
    'TimerResolutionIgnore',
    'DisallowUserTerminate',
  ]);
}

/** MitigationFlagsValues @0x9d0 (an unnamed struct over MitigationFlags): bits 0–31 from [ND-19041]. */
const MITIGATION_FLAGS_VALUES = layout('_EPROCESS::MitigationFlagsValues', 0x4, [
  flagBits(0x0, Uint4B, [
    'ControlFlowGuardEnabled',
    'ControlFlowGuardExportSuppressionEnabled',
    'ControlFlowGuardStrict',
    'DisallowStrippedImages',
    'ForceRelocateImages',
    'HighEntropyASLREnabled',
    'StackRandomizationDisabled',
    'ExtensionPointDisable',
    'DisableDynamicCode',
    'DisableDynamicCodeAllowOptOut',
    'DisableDynamicCodeAllowRemoteDowngrade',
    'AuditDisableDynamicCode',
    'DisallowWin32kSystemCalls',
    'AuditDisallowWin32kSystemCalls',
    'EnableFilteredWin32kAPIs',
    'AuditFilteredWin32kAPIs',
    'DisableNonSystemFonts',
    'AuditNonSystemFontLoading',
    'PreferSystem32Images',
    'ProhibitRemoteImageMap',
    'AuditProhibitRemoteImageMap',
    'ProhibitLowILImageMap',
    'AuditProhibitLowILImageMap',
    'SignatureMitigationOptIn',
    'AuditBlockNonMicrosoftBinaries',
    'AuditBlockNonMicrosoftBinariesAllowStore',
    'LoaderIntegrityContinuityEnabled',
    'AuditLoaderIntegrityContinuity',
    'EnableModuleTamperingProtection',
    'EnableModuleTamperingProtectionNoInherit',
    'RestrictIndirectBranchPrediction',
    'IsolateSecurityDomain',
  ]),
]);

/**
 * MitigationFlags2Values @0x9d4: bits 0–19 from [ND-19041]; bits 20–31 (CetUserShadowStacksStrictMode
 * … UserCetSetContextIpValidationRelaxedMode) from [TDC0471], a 0xa40 copy of a later 19044/19045
 * _EPROCESS — the 19041 PDB stops at bit 19.
 */
const MITIGATION_FLAGS2_VALUES = layout('_EPROCESS::MitigationFlags2Values', 0x4, [
  flagBits(0x0, Uint4B, [
    'EnableExportAddressFilter',
    'AuditExportAddressFilter',
    'EnableExportAddressFilterPlus',
    'AuditExportAddressFilterPlus',
    'EnableRopStackPivot',
    'AuditRopStackPivot',
    'EnableRopCallerCheck',
    'AuditRopCallerCheck',
    'EnableRopSimExec',
    'AuditRopSimExec',
    'EnableImportAddressFilter',
    'AuditImportAddressFilter',
    'DisablePageCombine',
    'SpeculativeStoreBypassDisable',
    'CetUserShadowStacks',
    'AuditCetUserShadowStacks',
    'AuditCetUserShadowStacksLogged',
    'UserCetSetContextIpValidation',
    'AuditUserCetSetContextIpValidation',
    'AuditUserCetSetContextIpValidationLogged',
    'CetUserShadowStacksStrictMode',
    'BlockNonCetBinaries',
    'BlockNonCetBinariesNonEhcont',
    'AuditBlockNonCetBinaries',
    'AuditBlockNonCetBinariesLogged',
    'Reserved1',
    'Reserved2',
    'Reserved3',
    'Reserved4',
    'Reserved5',
    'CetDynamicApisOutOfProcOnly',
    'UserCetSetContextIpValidationRelaxedMode',
  ]),
]);

export const EPROCESS_FLAG_LAYOUTS: readonly StructLayout[] = [
  MITIGATION_FLAGS_VALUES,
  MITIGATION_FLAGS2_VALUES,
];
