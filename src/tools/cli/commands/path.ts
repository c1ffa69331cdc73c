import { hexStatus, ntStatusName, STATUS } from '../../../base/index.js';
import { IoStatFile } from '../../../kernel/io/index.js';
import {
  RTL_PATH_TYPE,
  RtlDetermineDosPathNameType_U,
  RtlDosPathNameToNtPathName_U_WithStatus,
  RtlGetFullPathName_U,
  type RtlPathContext,
} from '../../../ntdll/rtl/index.js';
import type { Machine } from '../../../system/machine.js';

const TYPE_NAMES = new Map<number, string>(Object.entries(RTL_PATH_TYPE).map(([k, v]) => [v, k]));

/** What Windows does with one Win32 path, layer by layer. */
export interface PathView {
  path: string;
  type: string;
  fullPath: string | null;
  ntPath: string | null;
  status: string;
  statusName: string;
  devicePath: string | null;
  entry: { name: string; isDirectory: boolean; size: number } | null;
}

export function explainPath(machine: Machine, path: string, ctx: RtlPathContext): PathView {
  const type = TYPE_NAMES.get(RtlDetermineDosPathNameType_U(path)) ?? 'RtlPathTypeUnknown';
  const full = RtlGetFullPathName_U(path, ctx);
  const nt = RtlDosPathNameToNtPathName_U_WithStatus(path, ctx);
  let status = nt.status;
  let devicePath: string | null = null;
  let entry: PathView['entry'] = null;
  if (status === STATUS.SUCCESS) {
    const st = IoStatFile(machine.namespace, nt.ntPath);
    status = st.status;
    devicePath = st.file?.devicePath ?? null;
    entry = st.entry ?? null;
  }
  return {
    path,
    type,
    fullPath: full.status === STATUS.SUCCESS ? full.fullPath : null,
    ntPath: nt.status === STATUS.SUCCESS ? nt.ntPath : null,
    status: hexStatus(status),
    statusName: ntStatusName(status),
    devicePath,
    entry,
  };
}

export function formatPathView(v: PathView): string {
  const lines = [
    v.path,
    `  RtlDetermineDosPathNameType_U  ${v.type}`,
    `  RtlGetFullPathName_U           ${v.fullPath ?? '(fails)'}`,
    `  RtlDosPathNameToNtPathName_U   ${v.ntPath ?? '(fails)'}`,
  ];
  if (v.devicePath !== null) lines.push(`  ObpLookupObjectName            ${v.devicePath}`);
  const what = v.entry
    ? v.entry.isDirectory
      ? ' (directory)'
      : ` (file, ${v.entry.size} bytes)`
    : v.statusName === 'STATUS_OBJECT_TYPE_MISMATCH'
      ? ' (a device, not a file on a volume)'
      : '';
  lines.push(`  result                         ${v.statusName}${what}`);
  return lines.join('\n') + '\n';
}
