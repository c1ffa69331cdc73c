import { NT_SUCCESS, STATUS } from '../../base/index.js';
import { MEM, PAGE } from '../../kernel/mm/index.js';
import { PROCESS_CREATE_FLAGS, PsIsPicoProcess, type EPROCESS } from '../../kernel/ps/index.js';
import { UserMode } from '../../kernel/se/index.js';
import { LX_SYSCALL, LxCreateProcess, LxGetDriver, lxErrnoName } from '../../system/drivers/index.js';
import { flagsValue } from './args.js';
import type { CallDef, CallOutcome } from './calls.js';
import { ScenarioError } from './errors.js';
import { handleArg, hex, opt } from './outcome.js';
import { PROCESS_ACCESS } from './names.js';

/** PROCESS_CREATE_FLAGS_* by their phnt names (ntpsapi.h), from the kernel's own table. */
export const PROCESS_CREATE_FLAG_NAMES: Readonly<Record<string, number>> = Object.fromEntries(
  Object.entries(PROCESS_CREATE_FLAGS).map(([k, v]) => [`PROCESS_CREATE_FLAGS_${k}`, v]),
);

/** REGDB_E_CLASSNOTREG (winerror.h): CoCreateInstance of LxssUserSession without the WSL feature. */
const REGDB_E_CLASSNOTREG = 0x80040154;

/** The x64 Linux argument registers in order (rdi, rsi, rdx, r10, r8, r9). */
const ARG_REGISTERS = ['Rdi', 'Rsi', 'Rdx', 'R10', 'R8', 'R9'] as const;

/**
 * A system call's arguments as a scenario gives them: numbers go in the registers as they are; a
 * string is copied (UTF-8, NUL-terminated) into a scratch page of the pico process and its address
 * passed; `{buffer: N}` passes N zeroed bytes there and the step reports what the call wrote.
 */
function marshal(
  process: EPROCESS,
  args: readonly unknown[],
): { registers: Record<string, number>; buffers: { at: number; size: number }[]; release: () => void } {
  const as = process.addressSpace;
  const registers: Record<string, number> = {};
  const buffers: { at: number; size: number }[] = [];
  const chunks: { index: number; bytes: Uint8Array; out: boolean }[] = [];
  args.forEach((a, i) => {
    if (typeof a === 'string')
      chunks.push({ index: i, bytes: new TextEncoder().encode(a + '\0'), out: false });
    else if (a && typeof a === 'object' && typeof (a as { buffer?: unknown }).buffer === 'number')
      chunks.push({ index: i, bytes: new Uint8Array((a as { buffer: number }).buffer), out: true });
    else registers[ARG_REGISTERS[i]!] = typeof a === 'number' ? a : Number(a ?? 0);
  });
  if (!chunks.length || !as) return { registers, buffers, release: () => {} };
  const size = chunks.reduce((n, c) => n + ((c.bytes.length + 15) & ~15), 0);
  const region = as.allocateVirtualMemory(0, size, MEM.RESERVE | MEM.COMMIT, PAGE.READWRITE);
  if (region.status !== STATUS.SUCCESS)
    throw new ScenarioError(`no memory in the pico process for the arguments`);
  let at = region.baseAddress;
  for (const c of chunks) {
    as.writeVirtualMemory(at, c.bytes);
    registers[ARG_REGISTERS[c.index]!] = at;
    if (c.out) buffers.push({ at, size: c.bytes.length });
    at += (c.bytes.length + 15) & ~15;
  }
  return {
    registers,
    buffers,
    release: () => {
      if (process.addressSpace) process.addressSpace.freeVirtualMemory(region.baseAddress, 0, MEM.RELEASE);
    },
  };
}

/** An output buffer as text fields: the NUL-separated strings in it (struct utsname's six fields …). */
function bufferFields(bytes: Uint8Array): string[] {
  return new TextDecoder()
    .decode(bytes)
    .split('\0')
    .filter((s) => s.length > 0);
}

/**
 * Scenario calls for minimal and pico processes (scenario.md extension, optional):
 * - NtCreateProcessEx: the native call with PROCESS_CREATE_FLAGS_* by name (MINIMAL_PROCESS makes
 *   a minimal process), from the step's process;
 * - CreateLxProcess: WSL 1's ILxssUserSession::CreateLxProcess (microsoft/WSL
 *   doc/technical-documentation/wslservice.exe.md): LxssManager has lxcore start the program as a
 *   pico process (and the instance's init first); without machine.settings.wsl the COM class is not
 *   registered (REGDB_E_CLASSNOTREG);
 * - syscall: the `syscall` instruction executed by a thread of a pico process with rax = `number`
 *   (a Linux name such as write, or a number) and the arguments in rdi, rsi, rdx, r10, r8, r9; the
 *   result is rax (negative: -errno, named in out.errno).
 */
export const PICO_CALLS: Readonly<Record<string, CallDef>> = {
  NtCreateProcessEx: {
    args: {
      desiredAccess: opt({ kind: 'flags', table: PROCESS_ACCESS, what: 'access right' }),
      parentProcess: opt({ kind: 'handle' }),
      flags: opt({ kind: 'flags', table: PROCESS_CREATE_FLAG_NAMES, what: 'flag' }),
    },
    run: (e, a) => {
      const r = e.ctx.nt.NtCreateProcessEx({
        DesiredAccess: a.desiredAccess === undefined ? 0x1fffff : flagsValue(a.desiredAccess, PROCESS_ACCESS),
        ObjectAttributes: {},
        ParentProcess: a.parentProcess === undefined ? -1 : handleArg(a.parentProcess),
        Flags: flagsValue(a.flags, PROCESS_CREATE_FLAG_NAMES),
      });
      const status = r.status >>> 0;
      const h = (r.out as { ProcessHandle?: number } | undefined)?.ProcessHandle;
      const entry = h !== undefined ? e.caller.ObjectTable?.lookup(h) : undefined;
      const p = entry?.object.body as EPROCESS | undefined;
      return {
        ok: NT_SUCCESS(status),
        returnValue: status,
        status,
        ...(h !== undefined && p ? { out: { processHandle: hex(h), processId: p.UniqueProcessId } } : {}),
      };
    },
  },
  CreateLxProcess: {
    args: {
      filename: { kind: 'string' },
      commandLine: opt({ kind: 'any' }),
    },
    run: (e, a) => {
      const driver = LxGetDriver(e.kernel);
      if (!driver) return { ok: false, returnValue: REGDB_E_CLASSNOTREG };
      const filename = String(a.filename);
      const argv = Array.isArray(a.commandLine)
        ? a.commandLine.map(String)
        : typeof a.commandLine === 'string'
          ? a.commandLine.split(' ').filter(Boolean)
          : [filename];
      const r = LxCreateProcess(driver, e.caller, filename, argv);
      const o: CallOutcome = {
        ok: r.status === STATUS.SUCCESS,
        returnValue: r.status === STATUS.SUCCESS ? 0 : r.status,
        status: r.status,
      };
      if (r.process && r.lx)
        o.out = {
          processId: r.process.UniqueProcessId,
          threadId: r.thread!.Cid.UniqueThread,
          linuxPid: r.lx.pid,
        };
      return o;
    },
  },
  syscall: {
    args: {
      processId: { kind: 'pid' },
      number: { kind: 'flags', table: LX_SYSCALL, what: 'Linux system call' },
      args: opt({ kind: 'any' }),
    },
    run: (e, a) => {
      const pid = e.pid(a.processId);
      const process = e.kernel.ps.cid.lookup(pid) as EPROCESS | undefined;
      if (!process || !('ImageFileName' in process)) throw new ScenarioError(`no process with id ${pid}`);
      if (!PsIsPicoProcess(process))
        throw new ScenarioError(`${process.ImageFileName} (${pid}) is not a pico process`);
      const thread = process.threads.find((t) => t.State !== 'Terminated');
      if (!thread) throw new ScenarioError(`${process.ImageFileName} (${pid}) has no thread to call from`);
      const list = Array.isArray(a.args) ? (a.args as unknown[]) : [];
      if (list.length > 6)
        throw new ScenarioError('syscall: at most six arguments (rdi, rsi, rdx, r10, r8, r9)');
      const m = marshal(process, list);
      const r = e.kernel.services.KiSystemService({
        service: flagsValue(a.number, LX_SYSCALL),
        args: m.registers,
        previousMode: UserMode,
        context: { process, thread, previousMode: UserMode },
      });
      const rax = (r.out as { Rax?: number } | undefined)?.Rax ?? 0;
      const out: Record<string, unknown> = {};
      const name = lxErrnoName(rax);
      if (name) out.errno = name;
      if (m.buffers.length && process.addressSpace)
        out.buffers = m.buffers.map((b) =>
          bufferFields(process.addressSpace!.readVirtualMemory(b.at, b.size).bytes),
        );
      m.release();
      return {
        ok: rax >= 0,
        returnValue: rax,
        status: r.status,
        ...(Object.keys(out).length ? { out } : {}),
      };
    },
  },
};
