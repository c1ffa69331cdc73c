import {
  array,
  bitfields,
  field,
  Int4B,
  layout,
  opaque,
  ptr,
  PtrVoid,
  struct,
  UChar,
  Uint2B,
  Uint4B,
  Uint8B,
} from '../define.js';
import type { StructLayout } from '../types.js';
import { LIST } from './common.js';

// Types that only _EPROCESS embeds, from [ND-19041] (sizes as internals.md §1.2 gives them).
// Source keys: see ../win10-19045-x64.ts.

/** SeAuditProcessCreationInfo @0x5c0: { _OBJECT_NAME_INFORMATION* ImageFileName } (the full NT path). */
const SE_AUDIT_PROCESS_CREATION_INFO = layout('_SE_AUDIT_PROCESS_CREATION_INFO', 0x8, [
  field(0x0, 'ImageFileName', ptr('_OBJECT_NAME_INFORMATION')),
]);

/** AlpcContext @0x800 (0x20). */
const ALPC_PROCESS_CONTEXT = layout('_ALPC_PROCESS_CONTEXT', 0x20, [
  field(0x0, 'Lock', struct('_EX_PUSH_LOCK')),
  field(0x8, 'ViewListHead', LIST),
  field(0x18, 'PagedPoolQuotaCache', Uint8B),
]);

/** ProcessTimerDelay @0x970 (ULONG64 union). */
const PS_INTERLOCKED_TIMER_DELAY_VALUES = layout(
  '_PS_INTERLOCKED_TIMER_DELAY_VALUES',
  0x8,
  [
    bitfields(0x0, Uint8B, [
      ['DelayMs', 30],
      ['CoalescingWindowMs', 30],
      ['Reserved', 1],
      ['NewTimerWheel', 1],
      ['Retry', 1],
      ['Locked', 1],
    ]),
    field(0x0, 'All', Uint8B),
  ],
  { union: true },
);

/** WakeChannel / WakeInfo @0x9a0. */
const WNF_STATE_NAME = layout('_WNF_STATE_NAME', 0x8, [field(0x0, 'Data', array(Uint4B, 2))]);
const JOBOBJECT_WAKE_FILTER = layout('_JOBOBJECT_WAKE_FILTER', 0x8, [
  field(0x0, 'HighEdgeFilter', Uint4B),
  field(0x4, 'LowEdgeFilter', Uint4B),
]);
const PS_PROCESS_WAKE_INFORMATION = layout('_PS_PROCESS_WAKE_INFORMATION', 0x30, [
  field(0x0, 'NotificationChannel', Uint8B),
  field(0x8, 'WakeCounters', array(Uint4B, 7)),
  field(0x24, 'WakeFilter', struct('_JOBOBJECT_WAKE_FILTER')),
  field(0x2c, 'NoWakeCounter', Uint4B),
]);

/** Vm @0x680: _MMSUPPORT_FULL (0x140 = Instance 0xc0 + Shared 0x80), internals.md §1.2. */
const MMSUPPORT_FLAGS = layout('_MMSUPPORT_FLAGS', 0x4, [
  bitfields(0x0, UChar, [
    ['WorkingSetType', 3],
    ['Reserved0', 3],
    ['MaximumWorkingSetHard', 1],
    ['MinimumWorkingSetHard', 1],
  ]),
  bitfields(0x1, UChar, [
    ['SessionMaster', 1],
    ['TrimmerState', 2],
    ['Reserved', 1],
    ['PageStealers', 4],
  ]),
  field(0x0, 'u1', Uint2B),
  field(0x2, 'MemoryPriority', UChar),
  bitfields(0x3, UChar, [
    ['WsleDeleted', 1],
    ['SvmEnabled', 1],
    ['ForceAge', 1],
    ['ForceTrim', 1],
    ['NewMaximum', 1],
    ['CommitReleaseState', 2],
  ]),
  field(0x3, 'u2', UChar),
]);
const MMSUPPORT_INSTANCE = layout('_MMSUPPORT_INSTANCE', 0xc0, [
  field(0x0, 'NextPageColor', Uint4B),
  field(0x4, 'PageFaultCount', Uint4B),
  field(0x8, 'TrimmedPageCount', Uint8B),
  field(0x10, 'VmWorkingSetList', ptr('_MMWSL_INSTANCE')),
  field(0x18, 'WorkingSetExpansionLinks', LIST),
  field(0x28, 'AgeDistribution', array(Uint8B, 8)),
  field(0x68, 'ExitOutswapGate', ptr('_KGATE')),
  field(0x70, 'MinimumWorkingSetSize', Uint8B),
  field(0x78, 'WorkingSetLeafSize', Uint8B),
  field(0x80, 'WorkingSetLeafPrivateSize', Uint8B),
  field(0x88, 'WorkingSetSize', Uint8B),
  field(0x90, 'WorkingSetPrivateSize', Uint8B),
  field(0x98, 'MaximumWorkingSetSize', Uint8B),
  field(0xa0, 'PeakWorkingSetSize', Uint8B),
  field(0xa8, 'HardFaultCount', Uint4B),
  field(0xac, 'LastTrimStamp', Uint2B),
  field(0xae, 'PartitionId', Uint2B),
  field(0xb0, 'SelfmapLock', Uint8B),
  field(0xb8, 'Flags', struct('_MMSUPPORT_FLAGS')),
]);
const MMSUPPORT_SHARED = layout('_MMSUPPORT_SHARED', 0x80, [
  field(0x0, 'WorkingSetLock', Int4B),
  field(0x4, 'GoodCitizenWaiting', Int4B),
  field(0x8, 'ReleasedCommitDebt', Uint8B),
  field(0x10, 'ResetPagesRepurposedCount', Uint8B),
  field(0x18, 'WsSwapSupport', PtrVoid),
  field(0x20, 'CommitReleaseContext', PtrVoid),
  field(0x28, 'AccessLog', PtrVoid),
  field(0x30, 'ChargedWslePages', Uint8B),
  field(0x38, 'ActualWslePages', Uint8B),
  field(0x40, 'WorkingSetCoreLock', Uint8B),
  field(0x48, 'ShadowMapping', PtrVoid),
]);
const MMSUPPORT_FULL = layout('_MMSUPPORT_FULL', 0x140, [
  field(0x0, 'Instance', struct('_MMSUPPORT_INSTANCE')),
  field(0xc0, 'Shared', struct('_MMSUPPORT_SHARED')),
]);

export const EPROCESS_PART_LAYOUTS: readonly StructLayout[] = [
  SE_AUDIT_PROCESS_CREATION_INFO,
  ALPC_PROCESS_CONTEXT,
  PS_INTERLOCKED_TIMER_DELAY_VALUES,
  WNF_STATE_NAME,
  JOBOBJECT_WAKE_FILTER,
  PS_PROCESS_WAKE_INFORMATION,
  MMSUPPORT_FLAGS,
  MMSUPPORT_INSTANCE,
  MMSUPPORT_SHARED,
  MMSUPPORT_FULL,
  /** DynamicEnforcedCetCompatibleRanges @0xa10: 0x10 bytes (internals.md §1.2); members not in the reference. */
  opaque('_PS_DYNAMIC_ENFORCED_ADDRESS_RANGES', 0x10),
];
