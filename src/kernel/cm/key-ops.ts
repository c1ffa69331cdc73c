import { STATUS, type NTSTATUS } from '../../base/index.js';
import { cmKeyPath, cmNode, cmSortedSubkeys, type CmKey } from './key.js';

/**
 * Routines on an open key (ReactOS ntoskrnl/config/cmapi.c CmDeleteKey, CmEnumerateKey,
 * CmQueryKey). Information is returned as objects rather than KEY_*_INFORMATION buffers; lengths
 * are in bytes, as in those structures.
 */

/**
 * CmDeleteKey: a key with subkeys, or marked KEY_NO_DELETE (the registry and hive roots), is not
 * deleted (STATUS_CANNOT_DELETE); a key already deleted is deleted again successfully. The parent's
 * LastWriteTime becomes `time`; when its last subkey goes, its name/class high-water marks reset.
 */
export function CmDeleteKey(key: CmKey, time: number): NTSTATUS {
  const node = cmNode(key);
  if (!node.parent) return STATUS.CANNOT_DELETE;
  if (node.deleted) return STATUS.SUCCESS;
  if (node.subkeys.size > 0 || node.noDelete) return STATUS.CANNOT_DELETE;
  const parent = node.parent;
  parent.removeSubkey(node);
  parent.lastWriteTime = time;
  if (parent.subkeys.size === 0) {
    parent.maxNameLen = 0;
    parent.maxClassLen = 0;
  }
  node.deleted = true;
  return STATUS.SUCCESS;
}

/** KEY_BASIC_INFORMATION / KEY_NODE_INFORMATION of a subkey. */
export interface CmSubkeyInformation {
  name: string;
  lastWriteTime: number;
  className: string;
}

/**
 * CmEnumerateKey: the subkey at `index` in NtEnumerateKey order (stable subkeys sorted
 * case-insensitively, then volatile ones); STATUS_NO_MORE_ENTRIES past the end.
 */
export function CmEnumerateKey(key: CmKey, index: number): { status: NTSTATUS; info?: CmSubkeyInformation } {
  const node = cmNode(key);
  if (node.deleted) return { status: STATUS.KEY_DELETED };
  if (!Number.isInteger(index) || index < 0) return { status: STATUS.NO_MORE_ENTRIES };
  const child = cmSortedSubkeys(node)[index];
  if (!child) return { status: STATUS.NO_MORE_ENTRIES };
  return {
    status: STATUS.SUCCESS,
    info: { name: child.name, lastWriteTime: child.lastWriteTime, className: child.className },
  };
}

/** KEY_FULL_INFORMATION plus the key's own name (KEY_BASIC_INFORMATION). */
export interface CmKeyInformation {
  name: string;
  lastWriteTime: number;
  className: string;
  subKeys: number;
  /** Bytes: the longest subkey name / class ever created while the key had subkeys. */
  maxNameLen: number;
  maxClassLen: number;
  values: number;
  /** Bytes: the longest value name / data ever set while the key had values. */
  maxValueNameLen: number;
  maxValueDataLen: number;
  volatile: boolean;
  symbolicLink: boolean;
}

/** CmQueryKey (KeyFullInformation and friends). */
export function CmQueryKey(key: CmKey): { status: NTSTATUS; info?: CmKeyInformation } {
  const node = cmNode(key);
  if (node.deleted) return { status: STATUS.KEY_DELETED };
  return {
    status: STATUS.SUCCESS,
    info: {
      name: node.name,
      lastWriteTime: node.lastWriteTime,
      className: node.className,
      subKeys: node.subkeys.size,
      maxNameLen: node.maxNameLen,
      maxClassLen: node.maxClassLen,
      values: node.values.size,
      maxValueNameLen: node.maxValueNameLen,
      maxValueDataLen: node.maxValueDataLen,
      volatile: node.volatile,
      symbolicLink: node.symbolicLink,
    },
  };
}

/** KeyNameInformation: the full native name, `\REGISTRY\MACHINE\SOFTWARE\Microsoft`. */
export function CmQueryKeyName(key: CmKey): { status: NTSTATUS; name?: string } {
  const node = cmNode(key);
  if (node.deleted) return { status: STATUS.KEY_DELETED };
  return { status: STATUS.SUCCESS, name: cmKeyPath(node) };
}
