import type { EPROCESS, ETHREAD } from '../../kernel/ps/index.js';
import { DbgError } from './errors.js';
import { addr64, hex16, hexPad } from './format.js';
import { eprocessField } from './kernel-image.js';
import { words, type DbgSession } from './session.js';
import type { DbgTarget } from './target.js';

/**
 * `!process [0|pid|EPROCESS] [Flags] [ImageName]` (Microsoft Learn, "!process"; block shape from
 * internals.md §11's x64 Windows 10 transcript): `!process 0 0` lists every process on
 * PsActiveProcessHead after `**** NT ACTIVE PROCESS DUMP ****`, one block each, blank-line
 * separated. Flags bit 0 adds the process details, bits 1–2 its threads (`!process addr 7`).
 * Every value comes from the EPROCESS image's getters (kernel-image.ts), so `dt` and `db` on the
 * same address show the same numbers.
 */
export function bangProcess(args: string, s: DbgSession): string[] {
  const argv = words(args);
  const t = s.target;
  const flags = argv[1] !== undefined ? Number(s.evaluate(argv[1])) : 3;
  const image = argv[2]?.toLowerCase();
  if (argv.length === 0) return processBlock(t, t.process, flags);
  const which = s.evaluate(argv[0]!);
  if (which === 0n || which === 0xffffffffffffffffn) {
    const out = ['**** NT ACTIVE PROCESS DUMP ****'];
    for (const p of t.processes)
      if (!image || p.ImageFileName.toLowerCase() === image) out.push(...processBlock(t, p, flags));
    return out;
  }
  const p = t.findProcess(which);
  if (!p) throw new DbgError(`${hex16(which)} is not a valid process`);
  return processBlock(t, p, flags);
}

/** `Peb: 00000000` when there is none, else the address without leading zeros past 8 digits. */
const pebText = (peb: bigint): string => hexPad(peb, 8);

export function processBlock(t: DbgTarget, p: EPROCESS, flags: number): string[] {
  const f = (path: string) => eprocessField(p, t, path);
  const objectTable = f('ObjectTable');
  const lines = [
    `PROCESS ${hex16(t.processAddress(p))}`,
    // Session: System and the kernel's minimal processes have no session space (internals.md §11:
    // "none" for System and Registry).
    `    SessionId: ${p.kind === 'system' || p.kind === 'minimal' ? 'none' : p.SessionId}  Cid: ${hexPad(f('UniqueProcessId'), 4)}    Peb: ${pebText(f('Peb'))}  ParentCid: ${hexPad(f('InheritedFromUniqueProcessId'), 4)}`,
    `    DirBase: ${hexPad(f('Pcb.DirectoryTableBase'), 8)}  ObjectTable: ${objectTable === 0n ? '00000000' : hex16(objectTable)}  HandleCount: ${String(p.ObjectTable?.handleCount ?? 0).padStart(3)}.`,
    `    Image: ${p.ImageFileName}`,
  ];
  if (flags & 1) {
    const stats = p.addressSpace?.stats();
    lines.push(
      `    VadRoot ${hex16(0)} Vads ${stats?.vads ?? 0} Clone 0 Private ${stats?.privatePages ?? 0}. Modified 0. Locked 0.`,
      `    DeviceMap ${hex16(0)}`,
      `    Token                             ${hex16(f('Token.Value'))}`,
      `    BasePriority                      ${p.BasePriority}`,
    );
  }
  lines.push('');
  if (flags & 6) for (const th of p.threads) lines.push(...threadBlock(t, th), '');
  return lines;
}

/** `THREAD … Cid pid.tid Teb: … Win32Thread: … <state>` (Microsoft Learn, "!thread"). */
export function threadBlock(t: DbgTarget, th: ETHREAD): string[] {
  const cid = `${hexPad(th.Cid.UniqueProcess, 4)}.${hexPad(th.Cid.UniqueThread, 4)}`;
  const head = `        THREAD ${hex16(t.threadAddress(th))}  Cid ${cid}  Teb: ${hex16(th.Teb)} Win32Thread: ${hex16(0)} `;
  if (th.State === 'Terminated') return [head + 'TERMINATED'];
  if (th.SuspendCount > 0)
    return [
      head + 'WAIT: (Suspended) KernelMode Non-Alertable',
      `            SuspendCount ${th.SuspendCount}`,
    ];
  const state: Record<ETHREAD['State'], string> = {
    Initialized: 'INITIALIZED',
    Ready: 'READY on processor 0',
    Running: 'RUNNING on processor 0',
    Waiting: 'WAIT: (UserRequest) UserMode Non-Alertable',
    Terminated: 'TERMINATED',
  };
  return [head + state[th.State]];
}

/**
 * `.process [/p] [/r] [/P] [EPROCESS]` (Microsoft Learn, ".process (Set Process Context)"): sets
 * the implicit process; `/r` reloads user symbols (here: the module list is re-read).
 */
export function dotProcess(args: string, s: DbgSession): string[] {
  const argv = words(args);
  const opts = argv.filter((a) => a.startsWith('/') || a.startsWith('-'));
  const rest = argv.filter((a) => !opts.includes(a));
  for (const o of opts) if (!/^[/-][pPri]$/.test(o)) throw new DbgError(`Unknown option '${o.slice(1)}'`);
  const t = s.target;
  if (rest.length === 0) return [`Implicit process is now ${addr64(t.processAddress(t.process))}`];
  const address = s.evaluate(rest.join(' '));
  const p = t.findProcess(address);
  if (!p || address < 0xffff800000000000n) throw new DbgError(`${addr64(address)} is not a valid process`);
  t.setProcess(p);
  const out = [`Implicit process is now ${addr64(address)}`];
  if (opts.some((o) => o.slice(1) === 'r')) out.push('Loading User Symbols', '.'.repeat(t.modules().length));
  return out;
}

/** The pseudo-registers (Microsoft Learn, "Pseudo-Register Syntax"). */
export function pseudoRegister(t: DbgTarget, name: string): bigint | undefined {
  switch (name) {
    case 'peb':
      return BigInt(t.process.Peb);
    case 'teb':
      return BigInt(t.thread?.Teb ?? 0);
    case 'proc':
      return t.processAddress(t.process);
    case 'thread':
      return t.threadAddress(t.thread);
    case 'tpid':
      return BigInt(t.process.UniqueProcessId);
    case 'tid':
      return BigInt(t.thread?.Cid.UniqueThread ?? 0);
    default:
      return undefined;
  }
}

/** `r $peb` → `$peb=000000d1`5a9f3000` (pseudo-registers only: the model has no CPU context). */
export function registerCommand(args: string, s: DbgSession): string[] {
  const names = args.split(/[\s,]+/).filter(Boolean);
  if (names.length === 0)
    throw new DbgError('The model has no CPU context: use r $peb, $teb, $proc, $thread, $tpid, $tid');
  return names.map((raw) => {
    const name = raw.replace(/^@/, '');
    const v = name.startsWith('$') ? pseudoRegister(s.target, name.slice(1).toLowerCase()) : undefined;
    if (v === undefined) throw new DbgError(`       ^ Bad register error in 'r ${raw}'`);
    return `${name}=${hex16(v)}`;
  });
}
