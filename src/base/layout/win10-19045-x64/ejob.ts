import { field, flagBits, layout, ptr, struct, Uint4B } from '../define.js';
import type { StructLayout } from '../types.js';

/**
 * _EJOB (0x640): only the silo fields internals.md §9 gives offsets for, from the Vergilius-format
 * dump in TDC0471/windows-defs structs/_EJOB.h, whose _EPROCESS carries the late-19045 fields (§10)
 * — "probable 19044/19045". The rest of the job (limits, accounting, lists) is left out: no source
 * here gives its 19045 offsets. JobFlags names bits 29–31 only (§9); Geoff Chappell's JobFlags page
 * names the lower bits, which the model never sets.
 */
export const EJOB: StructLayout = layout('_EJOB', 0x640, [
  field(0x430, 'ParentJob', ptr('_EJOB')),
  field(0x438, 'RootJob', ptr('_EJOB')),
  field(0x4d4, 'JobId', Uint4B),
  field(0x4d8, 'ContainerId', struct('_GUID')),
  field(0x4e8, 'ContainerTelemetryId', struct('_GUID')),
  field(0x4f8, 'ServerSiloGlobals', ptr('_ESERVERSILO_GLOBALS')),
  field(0x518, 'Storage', ptr('_PSP_STORAGE')),
  field(0x528, 'JobFlags', Uint4B),
  ...flagBits(0x528, Uint4B, ['DisallowNewProcesses', 'Silo', 'ContainerTelemetryIdSet'], { start: 29 }),
  field(0x52c, 'JobFlags2', Uint4B),
  ...flagBits(0x52c, Uint4B, [
    'ParentLocked',
    'EnableUsermodeSiloThreadImpersonation',
    'DisallowUsermodeSiloThreadImpersonation',
  ]),
]);
