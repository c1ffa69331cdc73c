import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MAX_VALUE_NAME_LENGTH } from './constants.js';
import { cmFindValue, cmNode, type CmKey } from './key.js';
import { cmUpcaseName } from './names.js';
import { copyRegValue, type RegValue } from './value.js';

/**
 * Value routines on an open key (ReactOS ntoskrnl/config/cmapi.c CmSetValueKey, CmQueryValueKey,
 * CmDeleteValueKey, CmEnumerateValueKey). Value names are case-insensitive; '' is the key's default
 * value. On a deleted key each fails with STATUS_KEY_DELETED.
 */

/** A value with the name it was first set under. */
export interface CmNamedValue extends RegValue {
  readonly name: string;
}

/**
 * CmSetValueKey: a new value is appended to the key's value list; an existing one (any case) keeps
 * its place and its name and takes the new type and data. The key's LastWriteTime becomes `time`.
 */
export function CmSetValueKey(key: CmKey, name: string, value: RegValue, time: number): NTSTATUS {
  const node = cmNode(key);
  if (node.deleted) return STATUS.KEY_DELETED;
  if (name.length > MAX_VALUE_NAME_LENGTH) return STATUS.NAME_TOO_LONG;
  const copy = copyRegValue(value);
  const existing = cmFindValue(node, name);
  if (existing) existing.value = copy;
  else node.values.set(cmUpcaseName(name), { name, value: copy });
  node.maxValueNameLen = Math.max(node.maxValueNameLen, name.length * 2);
  node.maxValueDataLen = Math.max(node.maxValueDataLen, copy.data.length);
  node.lastWriteTime = time;
  return STATUS.SUCCESS;
}

/** CmQueryValueKey: STATUS_OBJECT_NAME_NOT_FOUND when the key has no such value. */
export function CmQueryValueKey(key: CmKey, name: string): { status: NTSTATUS; value?: CmNamedValue } {
  const node = cmNode(key);
  if (node.deleted) return { status: STATUS.KEY_DELETED };
  const cell = cmFindValue(node, name);
  if (!cell) return { status: STATUS.OBJECT_NAME_NOT_FOUND };
  return { status: STATUS.SUCCESS, value: { name: cell.name, ...copyRegValue(cell.value) } };
}

/**
 * CmDeleteValueKey: STATUS_OBJECT_NAME_NOT_FOUND when absent. The values after it move down one
 * index; when the last value goes, the value high-water marks reset (as CmDeleteValueKey does).
 */
export function CmDeleteValueKey(key: CmKey, name: string, time: number): NTSTATUS {
  const node = cmNode(key);
  if (node.deleted) return STATUS.KEY_DELETED;
  if (!node.values.delete(cmUpcaseName(name))) return STATUS.OBJECT_NAME_NOT_FOUND;
  node.lastWriteTime = time;
  if (node.values.size === 0) {
    node.maxValueNameLen = 0;
    node.maxValueDataLen = 0;
  }
  return STATUS.SUCCESS;
}

/** CmEnumerateValueKey: values in list order (creation order); STATUS_NO_MORE_ENTRIES past the end. */
export function CmEnumerateValueKey(key: CmKey, index: number): { status: NTSTATUS; value?: CmNamedValue } {
  const node = cmNode(key);
  if (node.deleted) return { status: STATUS.KEY_DELETED };
  if (!Number.isInteger(index) || index < 0 || index >= node.values.size)
    return { status: STATUS.NO_MORE_ENTRIES };
  let i = 0;
  for (const cell of node.values.values()) {
    if (i++ === index)
      return { status: STATUS.SUCCESS, value: { name: cell.name, ...copyRegValue(cell.value) } };
  }
  return { status: STATUS.NO_MORE_ENTRIES };
}

/** Every value of the key in CmEnumerateValueKey order (a convenience over the index loop). */
export function cmListValues(key: CmKey): CmNamedValue[] {
  const node = cmNode(key);
  if (node.deleted) return [];
  return [...node.values.values()].map((c) => ({ name: c.name, ...copyRegValue(c.value) }));
}
