import { array, field, layout, ptr, PtrVoid, struct, Uint2B, Uint4B, Uint8B } from '../define.js';
import type { StructLayout } from '../types.js';
import { USTR } from './common.js';

/** _CURDIR (0x18) and _RTL_DRIVE_LETTER_CURDIR (0x18): [VG-W10-UM]. */
const CURDIR = layout('_CURDIR', 0x18, [field(0x0, 'DosPath', USTR), field(0x10, 'Handle', PtrVoid)]);
const RTL_DRIVE_LETTER_CURDIR = layout('_RTL_DRIVE_LETTER_CURDIR', 0x18, [
  field(0x0, 'Flags', Uint2B),
  field(0x2, 'Length', Uint2B),
  field(0x4, 'TimeStamp', Uint4B),
  field(0x8, 'DosPath', struct('_STRING')),
]);

/**
 * _RTL_USER_PROCESS_PARAMETERS (0x440): every field of internals.md §2.4 ([VG-W10-UM]; the member
 * types agree with a WinDbg `dx` of a live block in [DT-LDR]). The UNICODE_STRING Buffers hold
 * offsets from the block when Flags lacks RTL_USER_PROC_PARAMS_NORMALIZED (0x1), per §2.4.
 */
const RTL_USER_PROCESS_PARAMETERS = layout('_RTL_USER_PROCESS_PARAMETERS', 0x440, [
  field(0x0, 'MaximumLength', Uint4B),
  field(0x4, 'Length', Uint4B),
  field(0x8, 'Flags', Uint4B),
  field(0xc, 'DebugFlags', Uint4B),
  field(0x10, 'ConsoleHandle', PtrVoid),
  field(0x18, 'ConsoleFlags', Uint4B),
  field(0x20, 'StandardInput', PtrVoid),
  field(0x28, 'StandardOutput', PtrVoid),
  field(0x30, 'StandardError', PtrVoid),
  field(0x38, 'CurrentDirectory', struct('_CURDIR')),
  field(0x50, 'DllPath', USTR),
  field(0x60, 'ImagePathName', USTR),
  field(0x70, 'CommandLine', USTR),
  field(0x80, 'Environment', PtrVoid),
  field(0x88, 'StartingX', Uint4B),
  field(0x8c, 'StartingY', Uint4B),
  field(0x90, 'CountX', Uint4B),
  field(0x94, 'CountY', Uint4B),
  field(0x98, 'CountCharsX', Uint4B),
  field(0x9c, 'CountCharsY', Uint4B),
  field(0xa0, 'FillAttribute', Uint4B),
  field(0xa4, 'WindowFlags', Uint4B),
  field(0xa8, 'ShowWindowFlags', Uint4B),
  field(0xb0, 'WindowTitle', USTR),
  field(0xc0, 'DesktopInfo', USTR),
  field(0xd0, 'ShellInfo', USTR),
  field(0xe0, 'RuntimeData', USTR),
  field(0xf0, 'CurrentDirectores', array(struct('_RTL_DRIVE_LETTER_CURDIR'), 32)),
  field(0x3f0, 'EnvironmentSize', Uint8B),
  field(0x3f8, 'EnvironmentVersion', Uint8B),
  field(0x400, 'PackageDependencyData', PtrVoid),
  field(0x408, 'ProcessGroupId', Uint4B),
  field(0x40c, 'LoaderThreads', Uint4B),
  field(0x410, 'RedirectionDllName', USTR),
  field(0x420, 'HeapPartitionName', USTR),
  field(0x430, 'DefaultThreadpoolCpuSetMasks', ptr(Uint8B)),
  field(0x438, 'DefaultThreadpoolCpuSetMaskCount', Uint4B),
  field(0x43c, 'DefaultThreadpoolThreadMaximum', Uint4B),
]);

export const PROCESS_PARAMETERS_LAYOUTS: readonly StructLayout[] = [
  RTL_USER_PROCESS_PARAMETERS,
  CURDIR,
  RTL_DRIVE_LETTER_CURDIR,
];
