import {
  array,
  bitfields,
  Char,
  field,
  flagBits,
  Int4B,
  layout,
  opaque,
  ptr,
  PtrVoid,
  struct,
  UChar,
  Uint2B,
  Uint4B,
} from '../define.js';
import type { StructLayout } from '../types.js';
import { LIST } from './common.js';

// Kernel dispatcher objects that _KPROCESS and _KTHREAD embed. Source keys: see ../win10-19045-x64.ts.

const o = { overlay: true };

/**
 * _DISPATCHER_HEADER (0x18), [ND-19041] = [VG-21H2]: a union of per-object-type views of the first
 * four bytes, then SignalState and WaitListHead. Header.Type is 3 for a process and 6 for a thread
 * (internals.md §1.1). For a thread, byte 3 (DebugActive) holds the Minimal bit 2 (§1.3).
 */
const DISPATCHER_HEADER = layout('_DISPATCHER_HEADER', 0x18, [
  field(0x0, 'Lock', Int4B),
  field(0x0, 'LockNV', Int4B, o),
  field(0x0, 'Type', UChar, o),
  field(0x1, 'Signalling', UChar, o),
  field(0x2, 'Size', UChar, o),
  field(0x3, 'Reserved1', UChar, o),
  field(0x0, 'TimerType', UChar, o),
  field(0x1, 'TimerControlFlags', UChar, o),
  bitfields(0x1, UChar, [
    ['Absolute', 1],
    ['Wake', 1],
    ['EncodedTolerableDelay', 6],
  ]),
  field(0x2, 'Hand', UChar, o),
  field(0x3, 'TimerMiscFlags', UChar, o),
  bitfields(0x3, UChar, [
    ['Index', 6],
    ['Inserted', 1],
    ['Expired', 1],
  ]),
  field(0x0, 'Timer2Type', UChar, o),
  field(0x1, 'Timer2Flags', UChar, o),
  bitfields(
    0x1,
    UChar,
    [
      ['Timer2Inserted', 1],
      ['Timer2Expiring', 1],
      ['Timer2CancelPending', 1],
      ['Timer2SetPending', 1],
      ['Timer2Running', 1],
      ['Timer2Disabled', 1],
      ['Timer2ReservedFlags', 2],
    ],
    o,
  ),
  field(0x2, 'Timer2ComponentId', UChar, o),
  field(0x3, 'Timer2RelativeId', UChar, o),
  field(0x0, 'QueueType', UChar, o),
  field(0x1, 'QueueControlFlags', UChar, o),
  bitfields(
    0x1,
    UChar,
    [
      ['Abandoned', 1],
      ['DisableIncrement', 1],
      ['QueueReservedControlFlags', 6],
    ],
    o,
  ),
  field(0x2, 'QueueSize', UChar, o),
  field(0x3, 'QueueReserved', UChar, o),
  field(0x0, 'ThreadType', UChar, o),
  field(0x1, 'ThreadReserved', UChar, o),
  field(0x2, 'ThreadControlFlags', UChar, o),
  flagBits(0x2, UChar, [
    'CycleProfiling',
    'CounterProfiling',
    'GroupScheduling',
    'AffinitySet',
    'Tagged',
    'EnergyProfiling',
    'SchedulerAssist',
    'ThreadReservedControlFlags',
  ]),
  field(0x3, 'DebugActive', UChar, o),
  bitfields(
    0x3,
    UChar,
    [
      ['ActiveDR7', 1],
      ['Instrumented', 1],
      ['Minimal', 1],
      ['Reserved4', 2],
      ['AltSyscall', 1],
      ['UmsScheduled', 1],
      ['UmsPrimary', 1],
    ],
    o,
  ),
  field(0x0, 'MutantType', UChar, o),
  field(0x1, 'MutantSize', UChar, o),
  field(0x2, 'DpcActive', UChar, o),
  field(0x3, 'MutantReserved', UChar, o),
  field(0x4, 'SignalState', Int4B),
  field(0x8, 'WaitListHead', LIST),
]);

/** _KEVENT (0x18), _KTIMER (0x40), _KWAIT_BLOCK (0x30), _KAPC (0x58), _KAPC_STATE (0x30): [VG-21H2]. */
const KEVENT = layout('_KEVENT', 0x18, [field(0x0, 'Header', struct('_DISPATCHER_HEADER'))]);
const KTIMER = layout('_KTIMER', 0x40, [
  field(0x0, 'Header', struct('_DISPATCHER_HEADER')),
  field(0x18, 'DueTime', struct('_ULARGE_INTEGER')),
  field(0x20, 'TimerListEntry', LIST),
  field(0x30, 'Dpc', ptr('_KDPC')),
  field(0x38, 'Processor', Uint2B),
  field(0x3a, 'TimerType', Uint2B),
  field(0x3c, 'Period', Uint4B),
]);
const KWAIT_BLOCK = layout('_KWAIT_BLOCK', 0x30, [
  field(0x0, 'WaitListEntry', LIST),
  field(0x10, 'WaitType', UChar),
  field(0x11, 'BlockState', UChar),
  field(0x12, 'WaitKey', Uint2B),
  field(0x14, 'SpareLong', Int4B),
  field(0x18, 'Thread', ptr('_KTHREAD')),
  field(0x18, 'NotificationQueue', ptr('_KQUEUE'), o),
  field(0x20, 'Object', PtrVoid),
  field(0x28, 'SparePtr', PtrVoid),
]);
const KAPC = layout('_KAPC', 0x58, [
  field(0x0, 'Type', UChar),
  field(0x1, 'SpareByte0', UChar),
  field(0x2, 'Size', UChar),
  field(0x3, 'SpareByte1', UChar),
  field(0x4, 'SpareLong0', Uint4B),
  field(0x8, 'Thread', ptr('_KTHREAD')),
  field(0x10, 'ApcListEntry', LIST),
  field(0x20, 'Reserved', array(PtrVoid, 3)),
  field(0x38, 'NormalContext', PtrVoid),
  field(0x40, 'SystemArgument1', PtrVoid),
  field(0x48, 'SystemArgument2', PtrVoid),
  field(0x50, 'ApcStateIndex', Char),
  field(0x51, 'ApcMode', Char),
  field(0x52, 'Inserted', UChar),
]);
/** internals.md §1.4: ApcListHead[2] 0x0, Process 0x20, InProgressFlags 0x28, KernelApcPending 0x29, UserApcPendingAll 0x2a. */
const KAPC_STATE = layout('_KAPC_STATE', 0x30, [
  field(0x0, 'ApcListHead', array(LIST, 2)),
  field(0x20, 'Process', ptr('_KPROCESS')),
  field(0x28, 'InProgressFlags', UChar),
  flagBits(0x28, UChar, ['KernelApcInProgress', 'SpecialApcInProgress']),
  field(0x29, 'KernelApcPending', UChar),
  field(0x2a, 'UserApcPendingAll', UChar),
  flagBits(0x2a, UChar, ['SpecialUserApcPending', 'UserApcPending']),
]);
/** _KWAIT_STATUS_REGISTER (0x1), a union: [VG-21H2]. */
const KWAIT_STATUS_REGISTER = layout(
  '_KWAIT_STATUS_REGISTER',
  0x1,
  [
    field(0x0, 'Flags', UChar),
    bitfields(0x0, UChar, [
      ['State', 3],
      ['Affinity', 1],
      ['Priority', 1],
      ['Apc', 1],
      ['UserApc', 1],
      ['Alert', 1],
    ]),
  ],
  { union: true },
);

export const DISPATCHER_LAYOUTS: readonly StructLayout[] = [
  DISPATCHER_HEADER,
  KEVENT,
  KTIMER,
  KWAIT_BLOCK,
  KAPC,
  KAPC_STATE,
  KWAIT_STATUS_REGISTER,
  /** Sizes from the _ETHREAD offsets in internals.md §1.5's source (0x488 → 0x4a8; 0x650 + 6 × 0x60 = 0x890). */
  opaque('_KSEMAPHORE', 0x20),
  opaque('_KLOCK_ENTRY', 0x60),
];
