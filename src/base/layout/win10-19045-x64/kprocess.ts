import {
  array,
  bitfields,
  Char,
  field,
  flagBits,
  Int4B,
  layout,
  ptr,
  PtrVoid,
  struct,
  UChar,
  Uint2B,
  Uint4B,
  Uint8B,
  unnamed,
} from '../define.js';
import type { StructLayout } from '../types.js';
import { LIST, SINGLE_LIST } from './common.js';

// _KPROCESS and the types only it embeds. Source keys: see ../win10-19045-x64.ts.

/** _KAFFINITY_EX (0xa8): Count, Size, Reserved, Bitmap[20] (internals.md §1.1, [ND-19041]). */
const KAFFINITY_EX = layout('_KAFFINITY_EX', 0xa8, [
  field(0x0, 'Count', Uint2B),
  field(0x2, 'Size', Uint2B),
  field(0x4, 'Reserved', Uint4B),
  field(0x8, 'Bitmap', array(Uint8B, 20)),
]);

/** _KEXECUTE_OPTIONS (UCHAR union), bits per internals.md §1.1 / [ND-19041]. */
const KEXECUTE_OPTIONS = layout(
  '_KEXECUTE_OPTIONS',
  0x1,
  [
    flagBits(0x0, UChar, [
      'ExecuteDisable',
      'ExecuteEnable',
      'DisableThunkEmulation',
      'Permanent',
      'ExecuteDispatchEnable',
      'ImageDispatchEnable',
      'DisableExceptionChainValidation',
      'Spare',
    ]),
    field(0x0, 'ExecuteOptions', UChar),
    field(0x0, 'ExecuteOptionsNV', UChar),
  ],
  { union: true },
);

/** _KSTACK_COUNT (LONG union): State:3, StackCount:29 (internals.md §1.1, [ND-19041]). */
const KSTACK_COUNT = layout(
  '_KSTACK_COUNT',
  0x4,
  [
    field(0x0, 'Value', Int4B),
    bitfields(0x0, Uint4B, [
      ['State', 3],
      ['StackCount', 29],
    ]),
  ],
  { union: true },
);

/**
 * KPROCESS.SecureState @0x3e0: union { ULONG64 SecureHandle; struct { SecureProcess:1; Unused:1 }
 * Flags } — the IUM/trustlet link (internals.md §1.1, [ND-19041]). `dt` prints both as <unnamed-tag>.
 */
const SECURE_STATE = layout(
  '_KPROCESS::SecureState',
  0x8,
  [field(0x0, 'SecureHandle', Uint8B), field(0x0, 'Flags', unnamed('_KPROCESS::SecureState::Flags'))],
  { union: true },
);
const SECURE_STATE_FLAGS = layout('_KPROCESS::SecureState::Flags', 0x8, [
  flagBits(0x0, Uint8B, ['SecureProcess', 'Unused']),
]);

/**
 * _KPROCESS (0x438): every field of internals.md §1.1 ([ND-19041] = [VG-21H2]); `dt` texts and
 * order from [DT-19044]. DirectoryTableBase @0x28 is confirmed for 22H2 by [VG-22H2].
 */
const KPROCESS = layout('_KPROCESS', 0x438, [
  field(0x0, 'Header', struct('_DISPATCHER_HEADER')),
  field(0x18, 'ProfileListHead', LIST),
  field(0x28, 'DirectoryTableBase', Uint8B),
  field(0x30, 'ThreadListHead', LIST),
  field(0x40, 'ProcessLock', Uint4B),
  field(0x44, 'ProcessTimerDelay', Uint4B),
  field(0x48, 'DeepFreezeStartTime', Uint8B),
  field(0x50, 'Affinity', struct('_KAFFINITY_EX')),
  field(0xf8, 'AffinityPadding', array(Uint8B, 12)),
  field(0x158, 'ReadyListHead', LIST),
  field(0x168, 'SwapListEntry', SINGLE_LIST),
  field(0x170, 'ActiveProcessors', struct('_KAFFINITY_EX')),
  field(0x218, 'ActiveProcessorsPadding', array(Uint8B, 12)),
  bitfields(0x278, Uint4B, [
    ['AutoAlignment', 1],
    ['DisableBoost', 1],
    ['DisableQuantum', 1],
    ['DeepFreeze', 1],
    ['TimerVirtualization', 1],
    ['CheckStackExtents', 1],
    ['CacheIsolationEnabled', 1],
    ['PpmPolicy', 3],
    ['VaSpaceDeleted', 1],
    ['ReservedFlags', 21],
  ]),
  field(0x278, 'ProcessFlags', Int4B),
  field(0x27c, 'ActiveGroupsMask', Uint4B),
  field(0x280, 'BasePriority', Char),
  field(0x281, 'QuantumReset', Char),
  field(0x282, 'Visited', Char),
  field(0x283, 'Flags', struct('_KEXECUTE_OPTIONS')),
  field(0x284, 'ThreadSeed', array(Uint2B, 20)),
  field(0x2ac, 'ThreadSeedPadding', array(Uint2B, 12)),
  field(0x2c4, 'IdealProcessor', array(Uint2B, 20)),
  field(0x2ec, 'IdealProcessorPadding', array(Uint2B, 12)),
  field(0x304, 'IdealNode', array(Uint2B, 20)),
  field(0x32c, 'IdealNodePadding', array(Uint2B, 12)),
  field(0x344, 'IdealGlobalNode', Uint2B),
  field(0x346, 'Spare1', Uint2B),
  field(0x348, 'StackCount', struct('_KSTACK_COUNT')),
  field(0x350, 'ProcessListEntry', LIST),
  field(0x360, 'CycleTime', Uint8B),
  field(0x368, 'ContextSwitches', Uint8B),
  field(0x370, 'SchedulingGroup', ptr('_KSCHEDULING_GROUP')),
  field(0x378, 'FreezeCount', Uint4B),
  field(0x37c, 'KernelTime', Uint4B),
  field(0x380, 'UserTime', Uint4B),
  field(0x384, 'ReadyTime', Uint4B),
  field(0x388, 'UserDirectoryTableBase', Uint8B),
  field(0x390, 'AddressPolicy', UChar),
  field(0x391, 'Spare2', array(UChar, 71)),
  field(0x3d8, 'InstrumentationCallback', PtrVoid),
  field(0x3e0, 'SecureState', unnamed('_KPROCESS::SecureState')),
  field(0x3e8, 'KernelWaitTime', Uint8B),
  field(0x3f0, 'UserWaitTime', Uint8B),
  field(0x3f8, 'EndPadding', array(Uint8B, 8)),
]);

export const KPROCESS_LAYOUTS: readonly StructLayout[] = [
  KPROCESS,
  KAFFINITY_EX,
  KEXECUTE_OPTIONS,
  KSTACK_COUNT,
  SECURE_STATE,
  SECURE_STATE_FLAGS,
];
