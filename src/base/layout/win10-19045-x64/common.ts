import {
  array,
  bitfields,
  field,
  Int4B,
  Int8B,
  layout,
  ptr,
  PtrVoid,
  struct,
  UChar,
  Uint2B,
  Uint4B,
  Uint8B,
  unnamed,
  Wchar,
  Char,
} from '../define.js';
import type { StructLayout } from '../types.js';

// Small types that the larger x64 structures embed. Source keys: see ../win10-19045-x64.ts.

/** _LIST_ENTRY (0x10), _SINGLE_LIST_ENTRY (0x8): [ND-19041]; `dt` texts from [DT-LDR]. */
const LIST_ENTRY = layout('_LIST_ENTRY', 0x10, [
  field(0x0, 'Flink', ptr('_LIST_ENTRY')),
  field(0x8, 'Blink', ptr('_LIST_ENTRY')),
]);
const SINGLE_LIST_ENTRY = layout('_SINGLE_LIST_ENTRY', 0x8, [field(0x0, 'Next', ptr('_SINGLE_LIST_ENTRY'))]);

/** _UNICODE_STRING (0x10), _STRING (0x10), _CLIENT_ID (0x10): [VG-W10-UM]; texts from [DT-LDR]. */
const UNICODE_STRING = layout('_UNICODE_STRING', 0x10, [
  field(0x0, 'Length', Uint2B),
  field(0x2, 'MaximumLength', Uint2B),
  field(0x8, 'Buffer', ptr(Wchar)),
]);
const STRING = layout('_STRING', 0x10, [
  field(0x0, 'Length', Uint2B),
  field(0x2, 'MaximumLength', Uint2B),
  field(0x8, 'Buffer', ptr(Char)),
]);
const CLIENT_ID = layout('_CLIENT_ID', 0x10, [
  field(0x0, 'UniqueProcess', PtrVoid),
  field(0x8, 'UniqueThread', PtrVoid),
]);

/** _LARGE_INTEGER and _ULARGE_INTEGER (0x8) are unions: [ND-19041] (LowPart, HighPart, u, QuadPart). */
function largeInteger(name: string, high: typeof Int4B, quad: typeof Int8B): StructLayout[] {
  const parts = [field(0x0, 'LowPart', Uint4B), field(0x4, 'HighPart', high)];
  return [
    layout(name, 0x8, [...parts, field(0x0, 'u', unnamed(`${name}::u`)), field(0x0, 'QuadPart', quad)], {
      union: true,
    }),
    layout(`${name}::u`, 0x8, parts),
  ];
}

/** _EX_PUSH_LOCK, _EX_RUNDOWN_REF, _EX_FAST_REF (0x8 each): [ND-19041], [VG-21H2]. */
const EX_PUSH_LOCK = layout('_EX_PUSH_LOCK', 0x8, [
  bitfields(0x0, Uint8B, [
    ['Locked', 1],
    ['Waiting', 1],
    ['Waking', 1],
    ['MultipleShared', 1],
    ['Shared', 60],
  ]),
  field(0x0, 'Value', Uint8B),
  field(0x0, 'Ptr', PtrVoid, { overlay: true }),
]);
const EX_RUNDOWN_REF = layout('_EX_RUNDOWN_REF', 0x8, [
  field(0x0, 'Count', Uint8B),
  field(0x0, 'Ptr', PtrVoid, { overlay: true }),
]);
/** The object pointer with a reference count in its low 4 bits (internals.md §1.2, Token). */
const EX_FAST_REF = layout('_EX_FAST_REF', 0x8, [
  field(0x0, 'Object', PtrVoid),
  bitfields(0x0, Uint8B, [['RefCnt', 4]]),
  field(0x0, 'Value', Uint8B, { overlay: true }),
]);

/** _RTL_AVL_TREE (0x8) [ND-19041]; _RTL_BALANCED_NODE (0x18) [VG-W10-UM] and [VG-KUSER]'s copy. */
const RTL_AVL_TREE = layout('_RTL_AVL_TREE', 0x8, [field(0x0, 'Root', ptr('_RTL_BALANCED_NODE'))]);
const RTL_BALANCED_NODE = layout('_RTL_BALANCED_NODE', 0x18, [
  field(0x0, 'Children', array(ptr('_RTL_BALANCED_NODE'), 2)),
  field(0x0, 'Left', ptr('_RTL_BALANCED_NODE'), { overlay: true }),
  field(0x8, 'Right', ptr('_RTL_BALANCED_NODE'), { overlay: true }),
  bitfields(0x10, UChar, [
    ['Red', 1],
    ['Balance', 2],
  ]),
  field(0x10, 'ParentValue', Uint8B),
]);

/** _GUID (0x10) and _PROCESSOR_NUMBER (0x4): the Windows SDK's guiddef.h and winnt.h. */
const GUID = layout('_GUID', 0x10, [
  field(0x0, 'Data1', Uint4B),
  field(0x4, 'Data2', Uint2B),
  field(0x6, 'Data3', Uint2B),
  field(0x8, 'Data4', array(UChar, 8)),
]);
const PROCESSOR_NUMBER = layout('_PROCESSOR_NUMBER', 0x4, [
  field(0x0, 'Group', Uint2B),
  field(0x2, 'Number', UChar),
  field(0x3, 'Reserved', UChar),
]);
/** _GROUP_AFFINITY (0x10): Mask, Group, Reserved[3] (winnt.h; 0x10 apart in _KTHREAD per [VG-21H2]). */
const GROUP_AFFINITY = layout('_GROUP_AFFINITY', 0x10, [
  field(0x0, 'Mask', Uint8B),
  field(0x8, 'Group', Uint2B),
  field(0xa, 'Reserved', array(Uint2B, 3)),
]);

export const COMMON_LAYOUTS: readonly StructLayout[] = [
  LIST_ENTRY,
  SINGLE_LIST_ENTRY,
  UNICODE_STRING,
  STRING,
  CLIENT_ID,
  ...largeInteger('_LARGE_INTEGER', Int4B, Int8B),
  ...largeInteger('_ULARGE_INTEGER', Uint4B, Uint8B),
  EX_PUSH_LOCK,
  EX_RUNDOWN_REF,
  EX_FAST_REF,
  RTL_AVL_TREE,
  RTL_BALANCED_NODE,
  GUID,
  PROCESSOR_NUMBER,
  GROUP_AFFINITY,
];

/** The struct type texts the other files embed. */
export const LIST = struct('_LIST_ENTRY');
export const SINGLE_LIST = struct('_SINGLE_LIST_ENTRY');
export const USTR = struct('_UNICODE_STRING');
export const LARGE_INTEGER = struct('_LARGE_INTEGER');
