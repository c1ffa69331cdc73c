import type { FlagTable } from './flag-names.js';

/**
 * ACCESS_MASK layout and the rights common to every object type (winnt.h; Microsoft Learn
 * "ACCESS_MASK", "Standard Access Rights", "Generic Access Rights"): bits 0–15 specific to the
 * type, 16–20 standard, 24 ACCESS_SYSTEM_SECURITY, 25 MAXIMUM_ALLOWED, 28–31 generic.
 */
export const DELETE = 0x00010000;
export const READ_CONTROL = 0x00020000;
export const WRITE_DAC = 0x00040000;
export const WRITE_OWNER = 0x00080000;
export const SYNCHRONIZE = 0x00100000;
export const STANDARD_RIGHTS_REQUIRED = 0x000f0000;
export const STANDARD_RIGHTS_READ = READ_CONTROL;
export const STANDARD_RIGHTS_WRITE = READ_CONTROL;
export const STANDARD_RIGHTS_EXECUTE = READ_CONTROL;
export const STANDARD_RIGHTS_ALL = 0x001f0000;
export const SPECIFIC_RIGHTS_ALL = 0x0000ffff;
export const ACCESS_SYSTEM_SECURITY = 0x01000000;
export const MAXIMUM_ALLOWED = 0x02000000;
export const GENERIC_READ = 0x80000000;
export const GENERIC_WRITE = 0x40000000;
export const GENERIC_EXECUTE = 0x20000000;
export const GENERIC_ALL = 0x10000000;

/** GENERIC_MAPPING (winnt.h): the specific and standard rights each generic right stands for. */
export interface GENERIC_MAPPING {
  readonly GenericRead: number;
  readonly GenericWrite: number;
  readonly GenericExecute: number;
  readonly GenericAll: number;
}

/**
 * RtlMapGenericMask: replace each GENERIC_* bit by its mapping (ReactOS sdk/lib/rtl/access.c;
 * Microsoft Learn "MapGenericMask"). The result is an unsigned 32-bit mask.
 */
export function RtlMapGenericMask(accessMask: number, mapping: GENERIC_MAPPING): number {
  let m = accessMask >>> 0;
  if (m & GENERIC_READ) m |= mapping.GenericRead;
  if (m & GENERIC_WRITE) m |= mapping.GenericWrite;
  if (m & GENERIC_EXECUTE) m |= mapping.GenericExecute;
  if (m & GENERIC_ALL) m |= mapping.GenericAll;
  return (m & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)) >>> 0;
}

/** The standard, system and generic rights by name (for every object type's table). */
export const STANDARD_RIGHT_NAMES: FlagTable = [
  ['DELETE', DELETE],
  ['READ_CONTROL', READ_CONTROL],
  ['WRITE_DAC', WRITE_DAC],
  ['WRITE_OWNER', WRITE_OWNER],
  ['SYNCHRONIZE', SYNCHRONIZE],
  ['STANDARD_RIGHTS_REQUIRED', STANDARD_RIGHTS_REQUIRED],
  ['STANDARD_RIGHTS_ALL', STANDARD_RIGHTS_ALL],
  ['ACCESS_SYSTEM_SECURITY', ACCESS_SYSTEM_SECURITY],
  ['MAXIMUM_ALLOWED', MAXIMUM_ALLOWED],
  ['GENERIC_ALL', GENERIC_ALL],
  ['GENERIC_EXECUTE', GENERIC_EXECUTE],
  ['GENERIC_WRITE', GENERIC_WRITE],
  ['GENERIC_READ', GENERIC_READ],
];
