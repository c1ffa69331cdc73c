import { ERROR, STATUS } from '../../base/index.js';
import type { Win32Result } from '../loader.js';
import { PROC_THREAD_ATTRIBUTE, PROC_THREAD_ATTRIBUTE_NUMBER } from './constants.js';
import { failed, failedWin32, ok } from './result.js';

/** One PROC_THREAD_ATTRIBUTE_ENTRY: {Attribute, cbSize, lpValue} (Wine's struct proc_thread_attr). */
export interface ProcThreadAttributeEntry {
  Attribute: number;
  /** cbSize as the caller gave it (bytes). */
  Size: number;
  /**
   * What lpValue points at, as the model's values: a HANDLE (PARENT_PROCESS), HANDLE[] (HANDLE_LIST,
   * JOB_LIST), a DWORD (PROTECTION_LEVEL, CHILD_PROCESS_POLICY), a DWORD64 or DWORD64[2]
   * (MITIGATION_POLICY) …
   */
  Value: unknown;
}

/** The x64 size of the list's header (mask, size, count, pad, unk) and of one entry. */
const HEADER_SIZE = 0x18;
const ENTRY_SIZE = 0x18;
const HANDLE_SIZE = 8;

/**
 * PROC_THREAD_ATTRIBUTE_LIST: the opaque buffer InitializeProcThreadAttributeList formats — its layout
 * as Wine's kernelbase and its test (dlls/kernel32/tests/process.c test_ProcThreadAttributeList,
 * which compares the bytes Windows writes) give it: DWORD Mask (one bit per attribute number present),
 * DWORD Size (entries it has room for), DWORD Count (entries used), DWORD pad, DWORD_PTR Unknown,
 * then the entries. `BufferSize` is what the caller allocated (the size InitializeProcThreadAttributeList
 * asked for, or not).
 */
export class PROC_THREAD_ATTRIBUTE_LIST {
  Mask = 0;
  Size = 0;
  Count = 0;
  Unknown = 0;
  readonly Attributes: ProcThreadAttributeEntry[] = [];
  initialized = false;
  constructor(readonly BufferSize: number) {}
}
export type ProcThreadAttributeList = PROC_THREAD_ATTRIBUTE_LIST;

/** FIELD_OFFSET(PROC_THREAD_ATTRIBUTE_LIST, Attributes[count]). */
export function procThreadAttributeListSize(count: number): number {
  return HEADER_SIZE + ENTRY_SIZE * count;
}

/**
 * InitializeProcThreadAttributeList (Microsoft Learn): dwFlags is reserved and must be zero
 * (ERROR_INVALID_PARAMETER otherwise); with no list, or one smaller than the size `count` entries
 * need, it fails with ERROR_INSUFFICIENT_BUFFER and gives that size back (Wine's test: NULL list →
 * ERROR_INSUFFICIENT_BUFFER, size = FIELD_OFFSET(…, attrs[count])); else the list is empty with
 * room for `count` entries. `out.size` is *lpSize afterwards.
 */
export function InitializeProcThreadAttributeList(
  attributeList: ProcThreadAttributeList | null,
  attributeCount: number,
  flags: number,
  size: number,
): Win32Result & { out: { size: number } } {
  if (flags !== 0 || !Number.isInteger(attributeCount) || attributeCount < 0)
    return { ...failed(0, STATUS.INVALID_PARAMETER), out: { size } };
  const needed = procThreadAttributeListSize(attributeCount);
  if (!attributeList || size < needed || attributeList.BufferSize < needed)
    return { ...failed(0, STATUS.BUFFER_TOO_SMALL), out: { size: needed } };
  attributeList.Mask = 0;
  attributeList.Size = attributeCount;
  attributeList.Count = 0;
  attributeList.Unknown = 0;
  attributeList.Attributes.length = 0;
  attributeList.initialized = true;
  return { ...ok(1), out: { size: needed } };
}

/** DeleteProcThreadAttributeList: nothing to free in the list itself (the caller owns the buffer). */
export function DeleteProcThreadAttributeList(attributeList: ProcThreadAttributeList): void {
  attributeList.Mask = 0;
  attributeList.Count = 0;
  attributeList.Attributes.length = 0;
  attributeList.initialized = false;
}

/** The sizes UpdateProcThreadAttribute accepts for each attribute it knows (cbSize rules). */
const SIZE_RULES = new Map<number, (size: number) => boolean>([
  [PROC_THREAD_ATTRIBUTE.PARENT_PROCESS, (s) => s === HANDLE_SIZE],
  [PROC_THREAD_ATTRIBUTE.HANDLE_LIST, (s) => s % HANDLE_SIZE === 0],
  [PROC_THREAD_ATTRIBUTE.GROUP_AFFINITY, (s) => s === 16],
  [PROC_THREAD_ATTRIBUTE.PREFERRED_NODE, (s) => s === 2],
  [PROC_THREAD_ATTRIBUTE.IDEAL_PROCESSOR, (s) => s === 4],
  [PROC_THREAD_ATTRIBUTE.MITIGATION_POLICY, (s) => s === 4 || s === 8 || s === 16],
  [PROC_THREAD_ATTRIBUTE.PROTECTION_LEVEL, (s) => s === 4],
  [PROC_THREAD_ATTRIBUTE.JOB_LIST, (s) => s % HANDLE_SIZE === 0],
  [PROC_THREAD_ATTRIBUTE.CHILD_PROCESS_POLICY, (s) => s === 4 || s === 8],
]);

/** The natural cbSize of a value, when the caller leaves it out. */
function naturalSize(attribute: number, value: unknown): number {
  if (Array.isArray(value))
    return attribute === PROC_THREAD_ATTRIBUTE.MITIGATION_POLICY
      ? 8 * value.length
      : HANDLE_SIZE * value.length;
  if (typeof value === 'bigint') return 8;
  switch (attribute) {
    case PROC_THREAD_ATTRIBUTE.PARENT_PROCESS:
      return HANDLE_SIZE;
    case PROC_THREAD_ATTRIBUTE.HANDLE_LIST:
    case PROC_THREAD_ATTRIBUTE.JOB_LIST:
      return HANDLE_SIZE;
    case PROC_THREAD_ATTRIBUTE.MITIGATION_POLICY:
      return 8;
    case PROC_THREAD_ATTRIBUTE.GROUP_AFFINITY:
      return 16;
    case PROC_THREAD_ATTRIBUTE.PREFERRED_NODE:
      return 2;
    default:
      return 4;
  }
}

/**
 * UpdateProcThreadAttribute (Microsoft Learn; Wine dlls/kernelbase/process.c and the expectations of
 * Wine's test_ProcThreadAttributeList, run against Windows):
 * - dwFlags, lpPreviousValue and lpReturnSize are reserved: ERROR_INVALID_PARAMETER;
 * - a full list (Count = Size): ERROR_GEN_FAILURE;
 * - an attribute the model does not know (0xcafe, PSEUDOCONSOLE, …): ERROR_NOT_SUPPORTED;
 * - a cbSize the attribute does not take: ERROR_BAD_LENGTH (PARENT_PROCESS: one HANDLE; HANDLE_LIST
 *   and JOB_LIST: a whole number of HANDLEs; MITIGATION_POLICY: a DWORD, a DWORD64 or two DWORD64s;
 *   PROTECTION_LEVEL: a DWORD; CHILD_PROCESS_POLICY: a DWORD or DWORD64; IDEAL_PROCESSOR: a
 *   PROCESSOR_NUMBER; GROUP_AFFINITY: a GROUP_AFFINITY);
 * - an attribute already in the list: ERROR_OBJECT_NAME_EXISTS.
 * The list keeps the value (as it keeps lpValue: CreateProcess reads it later). `size` defaults to
 * the value's natural size.
 */
export function UpdateProcThreadAttribute(
  attributeList: ProcThreadAttributeList,
  flags: number,
  attribute: number,
  value: unknown,
  size?: number,
  previousValue: unknown = null,
  returnSize: unknown = null,
): Win32Result {
  if (flags !== 0 || previousValue !== null || returnSize !== null || !attributeList.initialized)
    return failed(0, STATUS.INVALID_PARAMETER);
  if (attributeList.Count >= attributeList.Size) return failed(0, STATUS.UNSUCCESSFUL);
  const rule = SIZE_RULES.get(attribute);
  if (!rule) return failed(0, STATUS.NOT_SUPPORTED);
  const cb = size ?? naturalSize(attribute, value);
  if (!rule(cb)) return failed(0, STATUS.INFO_LENGTH_MISMATCH);
  const bit = 1 << (attribute & PROC_THREAD_ATTRIBUTE_NUMBER);
  if (attributeList.Mask & bit) return failedWin32(0, ERROR.OBJECT_NAME_EXISTS);
  attributeList.Mask = (attributeList.Mask | bit) >>> 0;
  attributeList.Attributes.push({ Attribute: attribute, Size: cb, Value: value });
  attributeList.Count++;
  return ok(1);
}

/** The entry for `attribute`, if the list has one. */
export function findProcThreadAttribute(
  list: ProcThreadAttributeList | null | undefined,
  attribute: number,
): ProcThreadAttributeEntry | undefined {
  return list?.Attributes.find((e) => e.Attribute === attribute);
}

/** A HANDLE[] value of `size` bytes (a lone handle counts as one). */
export function handleArray(entry: ProcThreadAttributeEntry): number[] {
  const v = entry.Value;
  const all = Array.isArray(v) ? v.map((h) => Number(h)) : [Number(v)];
  return all.slice(0, Math.floor(entry.Size / HANDLE_SIZE));
}
