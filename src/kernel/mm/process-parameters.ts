import { resolveField, STATUS, structLayout, type NTSTATUS } from '../../base/index.js';
import type { AddressSpace } from './address-space.js';
import { MEM, PAGE } from './constants.js';
import { structBytes } from './struct-bytes.js';
import type { MmSystem } from './system.js';

/** RTL_USER_PROC_PARAMS_NORMALIZED: the UNICODE_STRING Buffers are pointers, not offsets. */
export const RTL_USER_PROC_PARAMS_NORMALIZED = 0x1;
/** DOS_MAX_PATH_LENGTH WCHARs: the room RtlCreateProcessParameters keeps for the current directory. */
const CURRENT_DIRECTORY_BYTES = 260 * 2;

/** What RtlCreateProcessParametersEx takes (strings as JavaScript strings), plus the scalar fields. */
export interface ProcessParametersInput {
  imagePathName: string;
  commandLine: string;
  /** CurrentDirectory.DosPath; a trailing backslash is added when missing. */
  currentDirectory: string;
  currentDirectoryHandle?: number;
  dllPath?: string;
  windowTitle?: string;
  desktopInfo?: string;
  shellInfo?: string;
  runtimeData?: string;
  redirectionDllName?: string;
  heapPartitionName?: string;
  /** NAME=value pairs, in order (an array), or the block's strings. */
  environment?: Record<string, string> | readonly string[];
  /** RTL_USER_PROC_* beyond NORMALIZED (which is always set). */
  flags?: number;
  debugFlags?: number;
  consoleHandle?: number;
  consoleFlags?: number;
  standardInput?: number;
  standardOutput?: number;
  standardError?: number;
  startingX?: number;
  startingY?: number;
  countX?: number;
  countY?: number;
  countCharsX?: number;
  countCharsY?: number;
  fillAttribute?: number;
  windowFlags?: number;
  showWindowFlags?: number;
  processGroupId?: number;
  loaderThreads?: number;
}

export interface WrittenProcessParameters {
  address: number;
  /** MaximumLength = Length: the structure and its strings. */
  length: number;
  environment: number;
  environmentSize: number;
}

/** "NAME=value\0…\0\0" in UTF-16LE (an environment block). */
export function environmentBlock(env: Record<string, string> | readonly string[]): string {
  const entries = Array.isArray(env)
    ? (env as readonly string[])
    : Object.entries(env as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  return entries.map((e) => e + '\0').join('') + '\0';
}

const align = (n: number, a: number): number => Math.ceil(n / a) * a;

/** The UNICODE_STRINGs in the order RtlCreateProcessParameters copies them after the structure. */
const STRING_FIELDS = [
  'CurrentDirectory.DosPath',
  'DllPath',
  'ImagePathName',
  'CommandLine',
  'WindowTitle',
  'DesktopInfo',
  'ShellInfo',
  'RuntimeData',
  'RedirectionDllName',
  'HeapPartitionName',
].map((path) => ({
  length: `${path}.Length`,
  maximumLength: `${path}.MaximumLength`,
  buffer: `${path}.Buffer`,
}));

/**
 * Writes RTL_USER_PROCESS_PARAMETERS into the process as RtlCreateProcessParametersEx lays them out
 * (ReactOS sdk/lib/rtl/ppb.c RtlCreateProcessParameters): the structure, then each string right
 * after it, NUL-terminated and 4-byte aligned, in the order CurrentDirectory (with room for
 * DOS_MAX_PATH_LENGTH characters), DllPath, ImagePathName, CommandLine, WindowTitle, DesktopInfo,
 * ShellInfo, RuntimeData (then Windows 10's RedirectionDllName and HeapPartitionName);
 * MaximumLength = Length = all of that. The block is normalized (Flags has
 * RTL_USER_PROC_PARAMS_NORMALIZED, Buffers are absolute pointers), as NtCreateUserProcess leaves it
 * in the new process. The environment follows in the same allocation (EnvironmentSize bytes).
 * With `peb`, PEB.ProcessParameters points at the block.
 */
export function writeProcessParameters(
  system: MmSystem,
  as: AddressSpace,
  input: ProcessParametersInput,
  peb?: number,
): { status: NTSTATUS; value?: WrittenProcessParameters } {
  const layout = system.layout;
  const P = '_RTL_USER_PROCESS_PARAMETERS';
  const structSize = structLayout(layout, P).size;
  let cwd = input.currentDirectory;
  if (cwd && !cwd.endsWith('\\')) cwd += '\\';
  const values = [
    cwd,
    input.dllPath ?? '',
    input.imagePathName,
    input.commandLine,
    input.windowTitle ?? '',
    input.desktopInfo ?? '',
    input.shellInfo ?? '',
    input.runtimeData ?? '',
    input.redirectionDllName ?? '',
    input.heapPartitionName ?? '',
  ];
  let length = structSize;
  const placed = STRING_FIELDS.map((field, i) => {
    const value = values[i]!;
    const max = Math.max(i === 0 ? CURRENT_DIRECTORY_BYTES : 0, 2 * value.length + 2);
    const at = length;
    length += align(max, 4);
    return { field, value, at, max };
  });
  if (placed.some((p) => 2 * p.value.length > 0xfffe)) return { status: STATUS.NAME_TOO_LONG };
  const env = environmentBlock(input.environment ?? []);
  const envAt = align(length, 16);
  const total = envAt + 2 * env.length;
  const alloc = as.allocateVirtualMemory(0, total, MEM.RESERVE | MEM.COMMIT, PAGE.READWRITE);
  if (alloc.status !== STATUS.SUCCESS) return { status: alloc.status };
  const base = alloc.baseAddress;

  const { view, set, touch, flush } = structBytes(layout, P, total - structSize);
  set('MaximumLength', length);
  set('Length', length);
  set('Flags', RTL_USER_PROC_PARAMS_NORMALIZED | (input.flags ?? 0));
  set('DebugFlags', input.debugFlags ?? 0);
  set('ConsoleHandle', input.consoleHandle ?? 0);
  set('ConsoleFlags', input.consoleFlags ?? 0);
  set('StandardInput', input.standardInput ?? 0);
  set('StandardOutput', input.standardOutput ?? 0);
  set('StandardError', input.standardError ?? 0);
  set('CurrentDirectory.Handle', input.currentDirectoryHandle ?? 0);
  for (const p of placed) {
    set(p.field.length, 2 * p.value.length);
    set(p.field.maximumLength, p.max);
    set(p.field.buffer, base + p.at);
    for (let i = 0; i < p.value.length; i++) view.setUint16(p.at + 2 * i, p.value.charCodeAt(i), true);
    touch(p.at, 2 * p.value.length);
  }
  set('Environment', base + envAt);
  set('EnvironmentSize', 2 * env.length);
  for (let i = 0; i < env.length; i++) view.setUint16(envAt + 2 * i, env.charCodeAt(i), true);
  touch(envAt, 2 * env.length);
  set('StartingX', input.startingX ?? 0);
  set('StartingY', input.startingY ?? 0);
  set('CountX', input.countX ?? 0);
  set('CountY', input.countY ?? 0);
  set('CountCharsX', input.countCharsX ?? 0);
  set('CountCharsY', input.countCharsY ?? 0);
  set('FillAttribute', input.fillAttribute ?? 0);
  set('WindowFlags', input.windowFlags ?? 0);
  set('ShowWindowFlags', input.showWindowFlags ?? 0);
  set('ProcessGroupId', input.processGroupId ?? 0);
  set('LoaderThreads', input.loaderThreads ?? 0);
  flush(as, base);
  if (peb) {
    const at = peb + resolveField(layout, '_PEB', 'ProcessParameters').offset;
    const ptr = new Uint8Array(8);
    new DataView(ptr.buffer).setBigUint64(0, BigInt(base), true);
    as.kernelWrite(at, ptr);
  }
  return {
    status: STATUS.SUCCESS,
    value: { address: base, length, environment: base + envAt, environmentSize: 2 * env.length },
  };
}
