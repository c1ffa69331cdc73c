import { resolveField, type LayoutTable } from '../../base/index.js';
import { RtlGetCurrentPeb, type UserThreadContext } from '../../ntdll/index.js';

/** RTL_USER_PROC_PARAMS_NORMALIZED: the UNICODE_STRING Buffers are pointers, not offsets. */
const RTL_USER_PROC_PARAMS_NORMALIZED = 0x1;
/** KUSER_SHARED_DATA's user-mode address (the same page in every process). */
const MM_SHARED_USER_DATA_VA = 0x7ffe0000;

/** What CreateProcessInternalW reads from its own process (NtCurrentPeb()->ProcessParameters). */
export interface CallerParameters {
  imagePathName: string;
  commandLine: string;
  /** CurrentDirectory.DosPath, ending in '\'. */
  currentDirectory: string;
  desktopInfo: string;
  windowTitle: string;
  /** The environment block's strings (`NAME=value`, the `=C:` ones included), in order. */
  environment: string[];
  consoleHandle: number;
  standardInput: number;
  standardOutput: number;
  standardError: number;
  /** KUSER_SHARED_DATA.NtSystemRoot (`C:\Windows`), what GetWindowsDirectoryW gives. */
  systemRoot: string;
}

const offsets = new WeakMap<LayoutTable, Record<string, number>>();

function offsetsOf(layout: LayoutTable): Record<string, number> {
  let o = offsets.get(layout);
  if (o) return o;
  const P = '_RTL_USER_PROCESS_PARAMETERS';
  const at = (struct: string, path: string): number => resolveField(layout, struct, path).offset;
  o = {
    ProcessParameters: at('_PEB', 'ProcessParameters'),
    NtSystemRoot: at('_KUSER_SHARED_DATA', 'NtSystemRoot'),
    Flags: at(P, 'Flags'),
    ConsoleHandle: at(P, 'ConsoleHandle'),
    StandardInput: at(P, 'StandardInput'),
    StandardOutput: at(P, 'StandardOutput'),
    StandardError: at(P, 'StandardError'),
    CurrentDirectory: at(P, 'CurrentDirectory.DosPath'),
    ImagePathName: at(P, 'ImagePathName'),
    CommandLine: at(P, 'CommandLine'),
    WindowTitle: at(P, 'WindowTitle'),
    DesktopInfo: at(P, 'DesktopInfo'),
    Environment: at(P, 'Environment'),
    EnvironmentSize: at(P, 'EnvironmentSize'),
  };
  offsets.set(layout, o);
  return o;
}

/** A NUL-terminated UTF-16 string at `va` (at most `max` characters). */
function readSz(ctx: UserThreadContext, va: number, max: number): string {
  let s = '';
  for (let i = 0; i < max; i++) {
    const c = ctx.memory.u16(va + 2 * i);
    if (c === 0) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/** An environment block whose size is not recorded: its strings up to the empty one (at most 32K chars). */
function readBlock(ctx: UserThreadContext, va: number): string {
  let s = '';
  for (let i = 0; i < 0x8000; i++) {
    const c = ctx.memory.u16(va + 2 * i);
    if (c === 0 && (s.length === 0 || s.endsWith('\0'))) break;
    s += String.fromCharCode(c);
  }
  return s;
}

/**
 * The calling process's RTL_USER_PROCESS_PARAMETERS, read from its own memory as kernelbase does:
 * TEB.ProcessEnvironmentBlock → PEB.ProcessParameters → the fields (a block that is not normalized
 * holds offsets from its base in the Buffers, reference §2.4); the environment block up to its
 * empty string (EnvironmentSize bytes at most).
 */
export function BasepReadCallerParameters(ctx: UserThreadContext): CallerParameters {
  const m = ctx.memory;
  const o = offsetsOf(ctx.layout);
  const peb = RtlGetCurrentPeb(ctx);
  const params = m.ptr(peb + o.ProcessParameters!);
  const systemRoot = readSz(ctx, MM_SHARED_USER_DATA_VA + o.NtSystemRoot!, 260) || 'C:\\Windows';
  const none: CallerParameters = {
    imagePathName: '',
    commandLine: '',
    currentDirectory: systemRoot + '\\System32\\',
    desktopInfo: '',
    windowTitle: '',
    environment: [],
    consoleHandle: 0,
    standardInput: 0,
    standardOutput: 0,
    standardError: 0,
    systemRoot,
  };
  if (!params) return none;
  const normalized = (m.u32(params + o.Flags!) & RTL_USER_PROC_PARAMS_NORMALIZED) !== 0;
  const pointer = (v: number): number => (normalized || !v ? v : params + v);
  const unicode = (field: number): string => {
    const length = m.u16(params + field);
    const buffer = pointer(m.ptr(params + field + 8));
    return length && buffer ? m.readUtf16(buffer, length) : '';
  };
  const environment: string[] = [];
  const envAt = pointer(m.ptr(params + o.Environment!));
  const envSize = Number(m.u64(params + o.EnvironmentSize!));
  // EnvironmentSize bytes when the block records it; else up to the empty string that ends it.
  const text = !envAt
    ? ''
    : envSize
      ? m.readUtf16(envAt, Math.min(envSize, 0x100000))
      : readBlock(ctx, envAt);
  for (const s of text.split('\0')) {
    if (!s) break;
    environment.push(s);
  }
  let cwd = unicode(o.CurrentDirectory!) || none.currentDirectory;
  if (!cwd.endsWith('\\')) cwd += '\\';
  return {
    imagePathName: unicode(o.ImagePathName!),
    commandLine: unicode(o.CommandLine!),
    currentDirectory: cwd,
    desktopInfo: unicode(o.DesktopInfo!),
    windowTitle: unicode(o.WindowTitle!),
    environment,
    consoleHandle: m.ptr(params + o.ConsoleHandle!),
    standardInput: m.ptr(params + o.StandardInput!),
    standardOutput: m.ptr(params + o.StandardOutput!),
    standardError: m.ptr(params + o.StandardError!),
    systemRoot,
  };
}

/** The value of an environment variable in a block (names compare case-insensitively), or undefined. */
export function environmentValue(environment: readonly string[], name: string): string | undefined {
  const want = name.toUpperCase();
  for (const e of environment) {
    const eq = e.indexOf('=', 1);
    if (eq > 0 && e.slice(0, eq).toUpperCase() === want) return e.slice(eq + 1);
  }
  return undefined;
}
