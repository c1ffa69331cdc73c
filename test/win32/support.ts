import { Clock, LAYOUT_19045_X64, resolveField, STATUS, Trace, type NTSTATUS } from '../../src/base/index.js';
import { ObSnapshotCounts } from '../../src/kernel/ob/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import type { CreateProcessRequest } from '../../src/kernelbase/index.js';
import type { CsrApiPort, CsrApiRequest, UserThreadContext } from '../../src/ntdll/index.js';
import { writePe, type PeSpec } from '../../src/pe/index.js';
import { bootMachine, type BootedMachine } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';

/** A file for the lab's disk: a synthesized image, or raw bytes / text. */
export type LabFile = PeSpec | { text: string } | { bytes: Uint8Array };

/** One request the stub CSRSS port received. */
export interface CsrCall {
  client: { processId: number; threadId: number };
  api: string;
  message: Record<string, unknown>;
}

/**
 * A test double of the session's CSRSS API port (`\Windows\ApiPort`): it records each request and
 * answers `answer` (STATUS_SUCCESS unless a test makes BasepCreateProcess fail). The real server is
 * src/subsystems/csrss's.
 */
export class StubCsrPort implements CsrApiPort {
  readonly sessionId = 1;
  readonly calls: CsrCall[] = [];
  answer: NTSTATUS = STATUS.SUCCESS;
  request(client: { processId: number; threadId: number }, r: CsrApiRequest): { status: NTSTATUS } {
    this.calls.push({ client, api: r.api, message: r.message });
    return { status: this.answer };
  }
}

export interface Win32Lab {
  booted: BootedMachine;
  runtime: UserModeRuntime;
  csr: StubCsrPort;
  /** Explorer's first thread, calling Win32 APIs. */
  ctx: UserThreadContext;
  explorer: EPROCESS;
  process(pid: number): EPROCESS;
  /** Objects, handles, CIDs, live processes, VADs: equal before and after a call that failed. */
  counts(): Record<string, unknown>;
  /** The child's RTL_USER_PROCESS_PARAMETERS, read from its memory. */
  params(p: EPROCESS): ChildParameters;
  /** A context for a thread of another process (its own Win32 calls). */
  contextOf(p: EPROCESS): UserThreadContext;
}

/**
 * A minimal-boot machine with the given files (Win32 paths), directories and registry (.reg text),
 * and explorer's context with a stub CSRSS port (unless `noCsr`).
 */
export function win32Lab(
  o: {
    files?: Record<string, LabFile>;
    directories?: string[];
    registry?: string;
    noCsr?: boolean;
    /** Record KernelBase's spans (the `win32` channel) in `booted.kernel.trace`. */
    trace?: boolean;
  } = {},
): Win32Lab {
  const machine = Machine.assemble();
  for (const [path, f] of Object.entries(o.files ?? {})) {
    if ('text' in f) machine.addFile(path, new TextEncoder().encode((f as { text: string }).text));
    else if ('bytes' in f) machine.addFile(path, (f as { bytes: Uint8Array }).bytes);
    else machine.addFile(path, writePe(f as PeSpec));
  }
  for (const d of o.directories ?? []) machine.addDirectory(d);
  if (o.registry) {
    const r = machine.importRegistryFile(o.registry);
    if (r.error) throw new Error(JSON.stringify(r.error));
  }
  const booted = bootMachine(machine, {
    mode: 'minimal',
    ...(o.trace ? { trace: new Trace(new Clock(), { channels: ['win32'] }) } : {}),
  });
  const runtime = new UserModeRuntime(booted.kernel);
  const csr = new StubCsrPort();
  if (!o.noCsr) runtime.csrPortOf = () => csr;
  const k = booted.kernel;
  const explorer = booted.explorer;
  const ctx = runtime.context(explorer, explorer.threads[0]!);
  return {
    booted,
    runtime,
    csr,
    ctx,
    explorer,
    process: (pid) => k.ps.cid.lookup(pid) as EPROCESS,
    counts: () => ({
      ...ObSnapshotCounts(k.ob),
      cids: k.ps.cid.count,
      active: k.ps.activeProcesses.length,
      handlesPerProcess: k.ps.activeProcesses.map((p) => p.ObjectTable?.handleCount ?? -1),
      vads: k.ps.activeProcesses.map((p) => p.addressSpace?.vadList.length ?? -1),
    }),
    params: (p) => readChildParameters(p),
    contextOf: (p) => runtime.context(p, p.threads[0]!),
  };
}

export interface ChildParameters {
  imagePathName: string;
  commandLine: string;
  currentDirectory: string;
  windowTitle: string;
  desktopInfo: string;
  environment: string[];
  flags: number;
  consoleHandle: bigint;
  consoleFlags: number;
  standardInput: number;
  standardOutput: number;
  standardError: number;
  startingX: number;
  startingY: number;
  countX: number;
  countY: number;
  countCharsX: number;
  countCharsY: number;
  fillAttribute: number;
  windowFlags: number;
  showWindowFlags: number;
}

/** PEB.ProcessParameters of a process, read from its address space at the 19045 layout's offsets. */
export function readChildParameters(p: EPROCESS): ChildParameters {
  const as = p.addressSpace!;
  const at = (path: string): number =>
    p.processParameters + resolveField(LAYOUT_19045_X64, '_RTL_USER_PROCESS_PARAMETERS', path).offset;
  const str = (path: string): string => {
    const len = as.u16(at(`${path}.Length`));
    const buf = Number(as.u64(at(`${path}.Buffer`)));
    return len ? as.readUtf16(buf, len) : '';
  };
  const pebParams = Number(
    as.u64(p.Peb + resolveField(LAYOUT_19045_X64, '_PEB', 'ProcessParameters').offset),
  );
  if (pebParams !== p.processParameters) throw new Error('PEB.ProcessParameters does not point at the block');
  const envAt = Number(as.u64(at('Environment')));
  const envSize = Number(as.u64(at('EnvironmentSize')));
  const environment = as
    .readUtf16(envAt, envSize)
    .split('\0')
    .filter((s) => s);
  return {
    imagePathName: str('ImagePathName'),
    commandLine: str('CommandLine'),
    currentDirectory: str('CurrentDirectory.DosPath'),
    windowTitle: str('WindowTitle'),
    desktopInfo: str('DesktopInfo'),
    environment,
    flags: as.u32(at('Flags')),
    consoleHandle: as.u64(at('ConsoleHandle')),
    consoleFlags: as.u32(at('ConsoleFlags')),
    standardInput: Number(as.u64(at('StandardInput'))),
    standardOutput: Number(as.u64(at('StandardOutput'))),
    standardError: Number(as.u64(at('StandardError'))),
    startingX: as.u32(at('StartingX')),
    startingY: as.u32(at('StartingY')),
    countX: as.u32(at('CountX')),
    countY: as.u32(at('CountY')),
    countCharsX: as.u32(at('CountCharsX')),
    countCharsY: as.u32(at('CountCharsY')),
    fillAttribute: as.u32(at('FillAttribute')),
    windowFlags: as.u32(at('WindowFlags')),
    showWindowFlags: as.u32(at('ShowWindowFlags')),
  };
}

/** A 16-bit Windows (NE) program: 'MZ', e_lfanew → 'NE' with ne_exetyp 2 (Windows). */
export function win16Image(): Uint8Array {
  const b = new Uint8Array(0x80);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[0x3c] = 0x40;
  b[0x40] = 0x4e;
  b[0x41] = 0x45;
  b[0x40 + 0x36] = 2;
  return b;
}

/** An MS-DOS program: 'MZ' and no new-style header at e_lfanew. */
export function dosImage(): Uint8Array {
  const b = new Uint8Array(0x80);
  b[0] = 0x4d;
  b[1] = 0x5a;
  b[0x3c] = 0x40;
  return b;
}

/** A CreateProcessW request: the command line (and application name), the rest as a plain call has it. */
export function req(
  commandLine: string | null,
  applicationName: string | null = null,
  extra: Partial<CreateProcessRequest> = {},
): Omit<CreateProcessRequest, 'token'> {
  return {
    applicationName,
    commandLine,
    processAttributes: null,
    threadAttributes: null,
    inheritHandles: false,
    creationFlags: 0,
    environment: null,
    currentDirectory: null,
    startupInfo: null,
    ...extra,
  };
}
