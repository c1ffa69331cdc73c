import { hex, hexStatus, LAYOUT_19045_X64 } from '../../base/index.js';
import { PsProtectionFields, type EPROCESS } from '../../kernel/ps/index.js';
import {
  integrityLevelName,
  sidDisplayName,
  sidRid,
  TokenElevationTypeFull,
  type TOKEN,
} from '../../kernel/se/index.js';
import type { SkSecureProcess } from '../../kernel/sk/index.js';
import { readPebLdr } from '../../ntdll/index.js';
import { siloAddress, siloView, type SiloView } from './silo-view.js';
import { LxProcessView, type LxProcessView as PicoView } from '../../system/drivers/index.js';

/** scenario.md's ProcessView. */
export interface ProcessView {
  pid: number;
  parentPid: number;
  imageName: string;
  imagePath: string;
  ntImagePath: string;
  commandLine: string;
  currentDirectory: string;
  sessionId: number;
  user: string;
  integrityLevel: string;
  elevated: boolean;
  protection: { type: string; signer: string; level: string };
  signatureLevel: string;
  sectionSignatureLevel: string;
  kind: string;
  trustletId: number | null;
  /**
   * A trustlet's VTL1 side (kernel/sk): KPROCESS.SecureState.SecureHandle, the secure kernel's
   * process id, its policies (etw/debug/crashDump and any other declared), each thread's
   * SecureThreadCookie. Absent for every other process.
   */
  secureProcess?: {
    secureHandle: string;
    securePid: number;
    policies: Record<string, boolean | number | string>;
    threadCookies: { tid: number; cookie: number }[];
  };
  /** The silo's EJOB (server or application silo), as `job` gives the job's; null on the host. */
  silo: string | null;
  /** The silo's id, kind, root directory and server-silo state; absent for a host process. */
  siloInfo?: SiloView;
  job: string | null;
  /**
   * A pico process's provider side (kind 'pico'): for lxcore, the Linux PID and parent PID, the
   * program and argv, the Linux thread ids, what it wrote to fd 1 and 2, and exit_group's status.
   * Absent for every other process.
   */
  pico?: PicoView;
  state: 'running' | 'suspended' | 'terminated';
  exitStatus: string | null;
  hasPeb: boolean;
  csrProcess: boolean;
  win32Process: boolean;
  dxgProcess: boolean;
  peb: {
    address: string;
    imageBaseAddress: string;
    beingDebugged: boolean;
    isProtectedProcess: boolean;
    isProtectedProcessLight: boolean;
    ldrInitialized: boolean;
  } | null;
  threads: { tid: number; state: 'running' | 'suspended' | 'terminated'; hasTeb: boolean }[];
  modules: { name: string; path: string; base: string }[];
  initOrder: string[];
  handleCount: number;
}

/** _PS_PROTECTED_TYPE and _PS_PROTECTED_SIGNER names (internals.md §4.1). */
const PROTECTED_TYPE = ['None', 'ProtectedLight', 'Protected'];
const PROTECTED_SIGNER = [
  'None',
  'Authenticode',
  'CodeGen',
  'Antimalware',
  'Lsa',
  'Windows',
  'WinTcb',
  'WinSystem',
  'App',
];

const byte = (v: number): string => '0x' + (v & 0xff).toString(16).padStart(2, '0');

function integrityOf(t: TOKEN | null): string {
  const label = t?.groups.find((g) => g.sid.identifierAuthority === 16);
  return label ? integrityLevelName(sidRid(label.sid) ?? 0) : '';
}

/** RTL_USER_PROCESS_PARAMETERS strings of the process, read from its memory (normalized: pointers). */
function parameters(
  p: EPROCESS,
): { imagePath: string; commandLine: string; currentDirectory: string } | null {
  const as = p.addressSpace;
  if (!as || !p.Peb) return null;
  try {
    const pp = as.ptr(p.Peb + 0x20);
    if (!pp) return null;
    const str = (at: number): string => {
      const len = as.u16(pp + at);
      const buf = as.ptr(pp + at + 8);
      return len && buf ? as.readUtf16(buf, len) : '';
    };
    // ImagePathName @0x60, CommandLine @0x70, CurrentDirectory.DosPath @0x38 (internals.md §2.4).
    return { imagePath: str(0x60), commandLine: str(0x70), currentDirectory: str(0x38) };
  } catch {
    return null;
  }
}

function threadState(t: EPROCESS['threads'][number]): 'running' | 'suspended' | 'terminated' {
  if (t.State === 'Terminated') return 'terminated';
  return t.SuspendCount > 0 ? 'suspended' : 'running';
}

/**
 * The ProcessView of scenario.md for a process of the machine: kernel fields from EPROCESS and its
 * token, and the user-mode ones (parameters, PEB flags, the loader's module lists) read from the
 * process's memory as a debugger would. `csrProcess` comes from the caller (the CSRSS records).
 */
export function processView(
  p: EPROCESS,
  o: {
    csrProcess?: boolean;
    resolveNtPath?: (ntPath: string) => string;
    /** The machine's account names (local users a scenario adds); sidDisplayName otherwise. */
    userName?: (sid: TOKEN['user']['sid']) => string;
    /** The secure kernel's record of the process when it is a trustlet (PspSecureProcessOf). */
    secureProcess?: SkSecureProcess | null;
  } = {},
): ProcessView {
  const as = p.addressSpace;
  const params = parameters(p);
  const prot = PsProtectionFields(p.Protection);
  const exited = p.exited;
  const live = p.threads.filter((t) => t.State !== 'Terminated');
  const state: ProcessView['state'] = exited
    ? 'terminated'
    : live.length > 0 && live.every((t) => t.SuspendCount > 0)
      ? 'suspended'
      : 'running';
  let peb: ProcessView['peb'] = null;
  let modules: ProcessView['modules'] = [];
  let initOrder: string[] = [];
  if (as && p.Peb && !exited) {
    try {
      const bits = as.u8(p.Peb + 3);
      const ldr = readPebLdr(as, LAYOUT_19045_X64, p.Peb);
      peb = {
        address: hex(p.Peb),
        imageBaseAddress: hex(as.ptr(p.Peb + 0x10)),
        beingDebugged: as.u8(p.Peb + 2) !== 0,
        isProtectedProcess: (bits & 0x2) !== 0,
        isProtectedProcessLight: (bits & 0x40) !== 0,
        ldrInitialized: ldr?.initialized ?? false,
      };
      modules = (ldr?.inLoadOrder ?? []).map((e) => ({
        name: e.baseDllName,
        path: e.fullDllName,
        base: hex(e.base),
      }));
      initOrder = (ldr?.inInitializationOrder ?? [])
        .map((e) => e.baseDllName)
        .filter((n) => n.toLowerCase() !== 'ntdll.dll');
    } catch {
      peb = null;
    }
  }
  // Before the loader runs, the module list is what the kernel mapped: the exe.
  if (peb && modules.length === 0 && p.imageView)
    modules = [{ name: p.ImageFileName, path: params?.imagePath ?? '', base: hex(p.imageView.baseAddress) }];
  const token = p.Token;
  return {
    pid: p.UniqueProcessId,
    parentPid: p.InheritedFromUniqueProcessId,
    imageName: p.ImageFileName,
    imagePath: params?.imagePath ?? p.imagePath,
    ntImagePath: ntImagePathOf(p, o.resolveNtPath),
    commandLine: params?.commandLine ?? p.commandLine,
    currentDirectory: params?.currentDirectory ?? p.currentDirectory,
    sessionId: p.SessionId,
    user: token ? (o.userName ?? sidDisplayName)(token.user.sid) : '',
    integrityLevel: integrityOf(token),
    elevated: token?.elevationType === TokenElevationTypeFull,
    protection: {
      type: PROTECTED_TYPE[prot.Type] ?? String(prot.Type),
      signer: PROTECTED_SIGNER[prot.Signer] ?? String(prot.Signer),
      level: byte(p.Protection),
    },
    signatureLevel: byte(p.SignatureLevel),
    sectionSignatureLevel: byte(p.SectionSignatureLevel),
    kind: p.kind,
    trustletId: o.secureProcess ? Number(o.secureProcess.TrustletId) : null,
    ...(o.secureProcess ? { secureProcess: secureProcessView(o.secureProcess) } : {}),
    silo: siloAddress(p),
    ...(siloView(p) ? { siloInfo: siloView(p)! } : {}),
    job: p.Job?.header ? hex(p.Job.header.bodyAddress) : null,
    ...(p.kind === 'pico' && LxProcessView(p) ? { pico: LxProcessView(p)! } : {}),
    state,
    exitStatus: exited ? hexStatus(p.ExitStatus) : null,
    hasPeb: p.Peb !== 0,
    csrProcess: o.csrProcess ?? false,
    win32Process: p.Win32Process !== null,
    dxgProcess: p.DxgProcess !== null,
    peb,
    threads: p.threads.map((t) => ({ tid: t.Cid.UniqueThread, state: threadState(t), hasTeb: t.Teb !== 0 })),
    modules,
    initOrder,
    handleCount: p.ObjectTable?.handleCount ?? 0,
  };
}

function secureProcessView(s: SkSecureProcess): NonNullable<ProcessView['secureProcess']> {
  const { etw, debug, crashDump, other } = s.policies;
  return {
    secureHandle: `0x${s.SecureHandle.toString(16)}`,
    securePid: s.SecurePid,
    policies: { etw, debug, crashDump, ...other },
    threadCookies: [...s.threadCookies].map(([tid, cookie]) => ({ tid, cookie })),
  };
}

/**
 * `\Device\HarddiskVolume3\…`: the image file's NT name with the DOS device link resolved, as
 * the object manager names the file (`resolve` follows `\??\C:`; without it the `\??` form stays).
 */
function ntImagePathOf(p: EPROCESS, resolve?: (ntPath: string) => string): string {
  const nt = p.imageFileNtPath ?? '';
  return resolve ? resolve(nt) : nt;
}
