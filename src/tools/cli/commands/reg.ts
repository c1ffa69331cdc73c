import { readFileSync } from 'node:fs';
import { hexStatus, ntStatusName, STATUS } from '../../../base/index.js';
import {
  enumerateWin32Subkeys,
  enumerateWin32Values,
  exportRegFile,
  openWin32Key,
  readRegDword,
  readRegMultiSz,
  readRegQword,
  readRegSz,
  regTypeName,
  type RegValue,
} from '../../../kernel/cm/index.js';
import type { Machine } from '../../../system/machine.js';
import { UsageError } from '../usage-error.js';

/** Applies `--import FILE.reg` options: a malformed file is a usage error naming its line; nothing is half-imported. */
export function importRegFiles(machine: Machine, files: string[]): void {
  for (const f of files) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readFileSync(f));
    } catch (e) {
      throw new UsageError(`${f}: ${(e as Error).message}`);
    }
    const r = machine.importRegistryFile(bytes);
    if (r.status !== STATUS.SUCCESS)
      throw new UsageError(`${f}: ${r.error?.message ?? ntStatusName(r.status)}`);
  }
}

export interface RegValueView {
  name: string;
  type: string;
  data: string | number | string[] | null;
}
export interface RegKeyView {
  key: string;
  status: string;
  statusName: string;
  values: RegValueView[];
  subkeys: string[];
}

/** How reg.exe shows data: strings as they are, numbers in hex, binary as hex digits. */
function show(v: RegValue): RegValueView['data'] {
  const s = readRegSz(v);
  if (s !== null) return s;
  const m = readRegMultiSz(v);
  if (m !== null) return m;
  const d = readRegDword(v);
  if (d !== null) return d;
  const q = readRegQword(v);
  if (q !== null) return '0x' + q.toString(16);
  return [...v.data].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
}

/** `reg query KEY` over the machine's registry (HKCU is the interactive user's). */
export function queryKey(machine: Machine, key: string): RegKeyView {
  const o = { userSid: machine.userSid };
  const k = openWin32Key(machine.registry, key, o);
  if (k.status !== STATUS.SUCCESS)
    return { key, status: hexStatus(k.status), statusName: ntStatusName(k.status), values: [], subkeys: [] };
  const values = (enumerateWin32Values(machine.registry, key, o).values ?? []).map((v) => ({
    name: v.name,
    type: regTypeName(v.type),
    data: show(v),
  }));
  const subkeys = enumerateWin32Subkeys(machine.registry, key, o).names ?? [];
  return { key, status: hexStatus(STATUS.SUCCESS), statusName: 'STATUS_SUCCESS', values, subkeys };
}

export function formatRegKeyView(v: RegKeyView): string {
  if (v.statusName !== 'STATUS_SUCCESS') return `ERROR: ${v.key}: ${v.statusName}\n`;
  const fmt = (d: RegValueView['data']): string =>
    Array.isArray(d) ? d.join('\\0') : typeof d === 'number' ? '0x' + d.toString(16) : String(d ?? '');
  const lines = [
    '',
    v.key,
    ...v.values.map((x) => `    ${x.name === '' ? '(Default)' : x.name}    ${x.type}    ${fmt(x.data)}`),
    '',
  ];
  for (const s of v.subkeys) lines.push(`${v.key}\\${s}`);
  return lines.join('\n') + '\n';
}

export function exportKey(machine: Machine, key: string): { status: number; text?: string } {
  return exportRegFile(machine.registry, key, { userSid: machine.userSid });
}
