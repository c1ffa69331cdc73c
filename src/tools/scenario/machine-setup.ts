import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { STATUS } from '../../base/index.js';
import {
  createWin32Key,
  regBinary,
  regDword,
  regExpandSz,
  regMultiSz,
  regQword,
  regSz,
  setWin32Value,
  type RegValue,
} from '../../kernel/cm/index.js';
import { HostFolderFileSystem } from '../../host/index.js';
import { writePe } from '../../pe/index.js';
import { Machine } from '../../system/machine.js';
import { parsePeSpec } from '../spec/pe-spec-schema.js';
import { ScenarioError } from './errors.js';

/** scenario.md `machine:`. */
export interface ScenarioMachine {
  image?: string;
  systemRoot?: string;
  boot?: 'full' | 'minimal';
  /** `sysmon` (an extension): install the Sysmon-like driver before the first step. */
  settings?: {
    safeDllSearchMode?: boolean;
    vbs?: boolean;
    lsaRunAsPpl?: boolean;
    sysmon?: boolean;
    wsl?: boolean;
  };
  users?: Record<string, { password?: string; groups?: string[]; privileges?: string[] }>;
  files?: Record<string, { pe?: unknown; host?: string; text?: string; base64?: string }>;
  directories?: string[];
  registry?: Record<string, Record<string, unknown>>;
}

const MACHINE_KEYS = ['image', 'systemRoot', 'boot', 'settings', 'users', 'files', 'directories', 'registry'];
const SETTINGS_KEYS = ['safeDllSearchMode', 'vbs', 'lsaRunAsPpl', 'sysmon', 'wsl'];
const FILE_KINDS = ['pe', 'host', 'text', 'base64'];
const REG_TYPES = ['REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_DWORD', 'REG_QWORD', 'REG_BINARY'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A registry value of scenario.md: string → REG_SZ, integer → REG_DWORD, strings → REG_MULTI_SZ, or {type, data}. */
function regValue(v: unknown, where: string): RegValue {
  if (typeof v === 'string') return regSz(v);
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff) return regDword(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return regMultiSz(v as string[]);
  if (isRecord(v) && typeof v.type === 'string') {
    const { type, data } = v;
    switch (type) {
      case 'REG_SZ':
        if (typeof data === 'string') return regSz(data);
        break;
      case 'REG_EXPAND_SZ':
        if (typeof data === 'string') return regExpandSz(data);
        break;
      case 'REG_MULTI_SZ':
        if (Array.isArray(data) && data.every((x) => typeof x === 'string'))
          return regMultiSz(data as string[]);
        break;
      case 'REG_DWORD':
        if (typeof data === 'number' && Number.isInteger(data) && data >= 0 && data <= 0xffffffff)
          return regDword(data);
        break;
      case 'REG_QWORD':
        if ((typeof data === 'number' && Number.isInteger(data)) || typeof data === 'string')
          return regQword(BigInt(data));
        break;
      case 'REG_BINARY':
        if (Array.isArray(data) && data.every((x) => Number.isInteger(x) && x >= 0 && x < 256))
          return regBinary(data as number[]);
        if (typeof data === 'string') return regBinary(Uint8Array.from(Buffer.from(data, 'base64')));
        break;
      default:
        throw new ScenarioError(
          `${where}.type: unknown value ${JSON.stringify(type)} (one of ${REG_TYPES.join(' | ')})`,
        );
    }
    throw new ScenarioError(`${where}.data: not a valid ${type}`);
  }
  throw new ScenarioError(`${where}: expected a string, an integer, a list of strings or {type, data}`);
}

/**
 * Validates `machine:` completely (every file readable, every PeSpec valid, every registry value
 * well-typed) and only then assembles the machine: a bad document changes nothing.
 */
export function buildScenarioMachine(
  input: unknown,
  baseDir: string,
): { machine: Machine; boot: 'full' | 'minimal'; sysmon: boolean } {
  const m = input ?? {};
  if (!isRecord(m)) throw new ScenarioError('machine: expected a mapping');
  for (const k of Object.keys(m))
    if (!MACHINE_KEYS.includes(k)) throw ScenarioError.unknownKey('machine', k, MACHINE_KEYS);
  if (m.image !== undefined && m.image !== 'win10-22h2-x64')
    throw new ScenarioError(
      `machine.image: unknown value ${JSON.stringify(m.image)} (one of win10-22h2-x64)`,
    );
  const boot = m.boot ?? 'full';
  if (boot !== 'full' && boot !== 'minimal')
    throw new ScenarioError(`machine.boot: unknown value ${JSON.stringify(boot)} (one of full | minimal)`);
  const settings: Record<string, boolean> = {};
  if (m.settings !== undefined) {
    if (!isRecord(m.settings)) throw new ScenarioError('machine.settings: expected a mapping');
    for (const [k, v] of Object.entries(m.settings)) {
      if (!SETTINGS_KEYS.includes(k)) throw ScenarioError.unknownKey('machine.settings', k, SETTINGS_KEYS);
      if (typeof v !== 'boolean') throw new ScenarioError(`machine.settings.${k}: expected true or false`);
      if (k !== 'sysmon') settings[k] = v;
    }
  }
  let systemRoot: HostFolderFileSystem | undefined;
  if (m.systemRoot !== undefined) {
    if (typeof m.systemRoot !== 'string') throw new ScenarioError('machine.systemRoot: expected a path');
    const dir = isAbsolute(m.systemRoot) ? m.systemRoot : resolve(baseDir, m.systemRoot);
    let ok = false;
    try {
      ok = statSync(dir).isDirectory();
    } catch {
      ok = false;
    }
    if (!ok) throw new ScenarioError(`machine.systemRoot: ${dir} is not a directory`);
    systemRoot = new HostFolderFileSystem(dir);
  }
  if (m.users !== undefined && !isRecord(m.users))
    throw new ScenarioError('machine.users: expected a mapping');
  // Files: every one prepared before the machine exists.
  const files: [string, Uint8Array][] = [];
  if (m.files !== undefined) {
    if (!isRecord(m.files)) throw new ScenarioError('machine.files: expected a mapping of Win32 paths');
    for (const [path, f] of Object.entries(m.files)) {
      const where = `machine.files[${JSON.stringify(path)}]`;
      if (!/^[A-Za-z]:\\/.test(path)) throw new ScenarioError(`${where}: not a drive-absolute Win32 path`);
      if (!isRecord(f)) throw new ScenarioError(`${where}: expected {pe | host | text | base64}`);
      const kinds = Object.keys(f);
      for (const k of kinds)
        if (!FILE_KINDS.includes(k)) throw ScenarioError.unknownKey(where, k, FILE_KINDS);
      if (kinds.length !== 1) throw new ScenarioError(`${where}: exactly one of pe, host, text, base64`);
      let bytes: Uint8Array;
      if (f.pe !== undefined) {
        const spec = parsePeSpec(f.pe, `${where}.pe`);
        if (!spec.ok) throw new ScenarioError(spec.errors.join('\n'));
        bytes = writePe(spec.spec);
      } else if (f.host !== undefined) {
        if (typeof f.host !== 'string') throw new ScenarioError(`${where}.host: expected a path`);
        const p = isAbsolute(f.host) ? f.host : resolve(baseDir, f.host);
        try {
          bytes = new Uint8Array(readFileSync(p));
        } catch {
          throw new ScenarioError(`${where}.host: cannot read ${p}`);
        }
      } else if (f.text !== undefined) {
        if (typeof f.text !== 'string') throw new ScenarioError(`${where}.text: expected a string`);
        bytes = new TextEncoder().encode(f.text);
      } else {
        if (typeof f.base64 !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(f.base64))
          throw new ScenarioError(`${where}.base64: not base64`);
        bytes = Uint8Array.from(Buffer.from(f.base64, 'base64'));
      }
      files.push([path, bytes]);
    }
  }
  const directories: string[] = [];
  if (m.directories !== undefined) {
    if (!Array.isArray(m.directories)) throw new ScenarioError('machine.directories: expected a list');
    m.directories.forEach((d, i) => {
      if (typeof d !== 'string' || !/^[A-Za-z]:\\/.test(d))
        throw new ScenarioError(`machine.directories[${i}]: not a drive-absolute Win32 path`);
      directories.push(d);
    });
  }
  const values: [string, string, RegValue][] = [];
  if (m.registry !== undefined) {
    if (!isRecord(m.registry)) throw new ScenarioError('machine.registry: expected a mapping of key paths');
    for (const [key, vals] of Object.entries(m.registry)) {
      const where = `machine.registry[${JSON.stringify(key)}]`;
      if (!/^(HKLM|HKCU|HKCR|HKU|HKEY_[A-Z_]+)\\/i.test(key))
        throw new ScenarioError(`${where}: not a registry path`);
      if (!isRecord(vals)) throw new ScenarioError(`${where}: expected a mapping of values`);
      for (const [name, v] of Object.entries(vals))
        values.push([key, name, regValue(v, `${where}.${name || "''"}`)]);
    }
  }
  const machine = Machine.assemble({ ...(systemRoot ? { systemRoot } : {}), settings });
  for (const [path, bytes] of files) machine.addFile(path, bytes);
  for (const d of directories) machine.addDirectory(d);
  for (const [key, name, value] of values) {
    const k = createWin32Key(machine.registry, key, {
      userSid: machine.userSid,
      time: Machine.ASSEMBLY_TIME,
    });
    const s =
      k.status === STATUS.SUCCESS || k.key
        ? setWin32Value(machine.registry, key, name, value, {
            userSid: machine.userSid,
            time: Machine.ASSEMBLY_TIME,
          })
        : k.status;
    if (s !== STATUS.SUCCESS)
      throw new ScenarioError(
        `machine.registry[${JSON.stringify(key)}]: cannot be written (0x${s.toString(16)})`,
      );
  }
  return { machine, boot, sysmon: (m.settings as { sysmon?: boolean } | undefined)?.sysmon === true };
}
