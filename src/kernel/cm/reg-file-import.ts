import { ModelError, STATUS, ntStatusName, type NTSTATUS } from '../../base/index.js';
import type { CmKey, CmRegistry } from './key.js';
import { parseRegFile, type RegFileError, type RegFileOperation } from './reg-file-parse.js';
import { loadRegistry, saveRegistry } from './snapshot.js';
import { CmDeleteValueKey, CmSetValueKey } from './value-ops.js';
import { createWin32Key, deleteWin32KeyTree, type Win32ViewOptions } from './win32-view.js';

/**
 * regedit's import (Wine programs/regedit/regproc.c): `[key]` is RegCreateKeyEx (parents
 * created), `[-key]` RegDeleteTree, `"name"=data` RegSetValueEx on the last opened key, `=-`
 * RegDeleteValue; deleting what is not there is not an error. Win32 paths resolve as the view
 * does for `userSid` (HKCU, the merged HKCR).
 *
 * All or nothing: the file is parsed completely, then applied to a copy of the registry; only if
 * every operation succeeds there is it applied to the registry itself. A malformed file, or one
 * whose operations fail (a value under a volatile key's non-volatile child, a missing hive …),
 * leaves the registry exactly as it was and names the line.
 */
export interface RegImportOptions extends Win32ViewOptions {
  /** LastWriteTime of every key the import touches. */
  time: number;
}

export interface RegImportResult {
  status: NTSTATUS;
  error?: RegFileError;
}

export function importRegFile(
  reg: CmRegistry,
  input: string | Uint8Array,
  o: RegImportOptions,
): RegImportResult {
  const parsed = parseRegFile(input);
  if (parsed.status !== STATUS.SUCCESS) return { status: parsed.status, error: parsed.error! };
  const ops = parsed.file!.operations;
  const copy = loadRegistry(saveRegistry(reg));
  if (copy.status !== STATUS.SUCCESS)
    throw new ModelError('CM_SNAPSHOT_ROUND_TRIP', 'a saved registry did not load back', copy.error);
  const trial = applyRegFileOperations(copy.registry!, ops, o);
  if (trial.status !== STATUS.SUCCESS) return trial;
  const real = applyRegFileOperations(reg, ops, o);
  if (real.status !== STATUS.SUCCESS)
    throw new ModelError(
      'CM_IMPORT_DIVERGED',
      'an import that succeeded on a copy failed on the registry',
      real,
    );
  return real;
}

function failure(op: RegFileOperation, what: string, status: NTSTATUS): RegImportResult {
  return { status, error: { line: op.line, message: `line ${op.line}: ${what}: ${ntStatusName(status)}` } };
}

/** Applies parsed operations in order, stopping at the first that fails. */
export function applyRegFileOperations(
  reg: CmRegistry,
  ops: readonly RegFileOperation[],
  o: RegImportOptions,
): RegImportResult {
  let current: CmKey | null = null;
  let currentPath = '';
  for (const op of ops) {
    switch (op.op) {
      case 'key': {
        const r = createWin32Key(reg, op.path, { userSid: o.userSid, time: o.time });
        if (r.status !== STATUS.SUCCESS) return failure(op, `cannot create key ${op.path}`, r.status);
        current = r.key!;
        currentPath = op.path;
        break;
      }
      case 'deleteKey': {
        current = null;
        const s = deleteWin32KeyTree(reg, op.path, { userSid: o.userSid, time: o.time });
        if (s !== STATUS.SUCCESS && s !== STATUS.OBJECT_NAME_NOT_FOUND)
          return failure(op, `cannot delete key ${op.path}`, s);
        break;
      }
      case 'setValue': {
        if (!current) return failure(op, 'no key is open for this value', STATUS.INVALID_HANDLE);
        const s = CmSetValueKey(current, op.name, op.value, o.time);
        if (s !== STATUS.SUCCESS) return failure(op, `cannot set value "${op.name}" in ${currentPath}`, s);
        break;
      }
      case 'deleteValue': {
        if (!current) return failure(op, 'no key is open for this value', STATUS.INVALID_HANDLE);
        const s = CmDeleteValueKey(current, op.name, o.time);
        if (s !== STATUS.SUCCESS && s !== STATUS.OBJECT_NAME_NOT_FOUND)
          return failure(op, `cannot delete value "${op.name}" in ${currentPath}`, s);
        break;
      }
    }
  }
  return { status: STATUS.SUCCESS };
}
