import { ModelError, STATUS, type NTSTATUS } from '../../base/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { ObCloseHandle, ObReferenceObject } from '../../kernel/ob/index.js';
import {
  PS_PICO_PROVIDER_ROUTINES_SIZE,
  PS_PICO_ROUTINES_SIZE,
  PsRegisterPicoProvider,
  SubsystemInformationTypeWSL,
  type EPROCESS,
  type ETHREAD,
  type PS_PICO_PROVIDER_ROUTINES,
  type PS_PICO_ROUTINES,
  type PS_PICO_SYSTEM_CALL_INFORMATION,
} from '../../kernel/ps/index.js';
import {
  KernelMode,
  MACHINE_NAME,
  PROCESS_QUERY_LIMITED_INFORMATION,
  PROCESS_TERMINATE,
  SYNCHRONIZE,
  THREAD_QUERY_LIMITED_INFORMATION,
} from '../../kernel/se/index.js';
import { LX_ERRNO, LX_SYSCALL, UTSNAME_FIELD, UTSNAME_SIZE, WSL1_UTSNAME } from './lx-syscalls.js';

/**
 * lxcore.sys in miniature: WSL 1's pico provider (reference §6.3: lxss.sys loads lxcore.sys, the
 * provider; LxssManager drives it). It registers with PsRegisterPicoProvider during boot's driver
 * window, creates Linux processes as pico processes through the kernel's PS_PICO_ROUTINES
 * (lxcore!LxpRoutines), and answers their system calls from its table (lxcore!LxpSyscalls) with
 * Linux numbers and negative errno results. What it models of Linux: a PID namespace per instance
 * (init is 1), file descriptors 0–2 (the console; fd 1 and 2 are captured as the process's
 * output), and read, write, getpid, getppid, gettid, uname, exit and exit_group. Everything else is
 * -ENOSYS — including fork/clone (the kernel does not copy address spaces) and execve (no ELF
 * loader).
 */

/** The state lxcore keeps for a Linux thread group (EPROCESS.PicoContext). */
export class LX_PROCESS {
  /** Linux threads (ETHREAD.PicoContext). */
  readonly threads: LX_THREAD[] = [];
  stdout = '';
  stderr = '';
  /** exit_group's status (0–255), null while running. */
  exitCode: number | null = null;
  process: EPROCESS | null = null;
  constructor(
    readonly pid: number,
    readonly ppid: number,
    readonly filename: string,
    readonly argv: readonly string[],
  ) {}
}

/** A Linux thread (ETHREAD.PicoContext). */
export class LX_THREAD {
  constructor(
    readonly tid: number,
    readonly group: LX_PROCESS,
  ) {}
}

/** One running distribution instance (its PID namespace). */
interface LxInstance {
  nextPid: number;
  init: LX_PROCESS | null;
  readonly processes: Map<number, LX_PROCESS>;
}

/** The driver's globals (lxcore!LxGlobal in miniature). */
export interface LxCore {
  readonly kernel: Kernel;
  /** lxcore!LxpRoutines: the kernel's PS_PICO_ROUTINES, filled by PsRegisterPicoProvider. */
  readonly routines: PS_PICO_ROUTINES;
  readonly instance: LxInstance;
}

const drivers = new WeakMap<Kernel, LxCore>();

/** The loaded lxcore of a kernel, or null (WSL not enabled). */
export function LxGetDriver(kernel: Kernel): LxCore | null {
  return drivers.get(kernel) ?? null;
}

/**
 * The rights Windows code may get to a Linux process or thread (OpenProcess/OpenThread of
 * PS_PICO_PROVIDER_ROUTINES): the model lets Task Manager-like tools see and end them
 * (query-limited, terminate, synchronize) and nothing that would reach into the address space.
 * lxcore's real masks are not published; these are the model's choice.
 */
export const LX_OPEN_PROCESS_ALLOWED = PROCESS_QUERY_LIMITED_INFORMATION | PROCESS_TERMINATE | SYNCHRONIZE;
export const LX_OPEN_THREAD_ALLOWED = THREAD_QUERY_LIMITED_INFORMATION | SYNCHRONIZE;

/**
 * DriverEntry of lxcore (called by lxss.sys at boot when the WSL feature is installed): its
 * provider routines go to PsRegisterPicoProvider; the kernel fills LxpRoutines. A registration
 * refused (another provider, or after the window) is the driver's load failure.
 */
export function LxInitialize(kernel: Kernel): { status: NTSTATUS; driver?: LxCore } {
  const picoRoutines: { Size: number } & Partial<PS_PICO_ROUTINES> = { Size: PS_PICO_ROUTINES_SIZE };
  const driver: LxCore = {
    kernel,
    routines: picoRoutines as PS_PICO_ROUTINES,
    instance: { nextPid: 1, init: null, processes: new Map() },
  };
  const provider: PS_PICO_PROVIDER_ROUTINES = {
    Size: PS_PICO_PROVIDER_ROUTINES_SIZE,
    DispatchSystemCall: (info) => PicoSystemCallDispatch(driver, info),
    ExitThread: () => {},
    ExitProcess: (process) => {
      const lx = lxProcessOf(process);
      if (lx && lx.exitCode === null) lx.exitCode = process.ExitStatus & 0xff;
      if (lx) driver.instance.processes.delete(lx.pid);
    },
    DispatchException: () => false,
    TerminateProcess: () => STATUS.SUCCESS,
    WalkUserStack: () => 0,
    ProtectedRanges: [],
    GetAllocatedProcessImageName: null,
    OpenProcess: LX_OPEN_PROCESS_ALLOWED,
    OpenThread: LX_OPEN_THREAD_ALLOWED,
    SubsystemInformationType: SubsystemInformationTypeWSL,
  };
  const status = kernel.trace.call(
    { layer: 'kernel', module: 'lxcore', fn: 'DriverEntry', channel: 'ps', args: {} },
    () => ({ status: PsRegisterPicoProvider(kernel.ps, provider, picoRoutines) }),
  ).status;
  if (status !== STATUS.SUCCESS) return { status };
  drivers.set(kernel, driver);
  return { status, driver };
}

function lxProcessOf(process: EPROCESS): LX_PROCESS | null {
  return process.PicoContext instanceof LX_PROCESS ? process.PicoContext : null;
}

/**
 * A Linux process of the instance, as WSL 1 starts one (ILxssUserSession::CreateLxProcess in
 * LxssManager, then IOCTLs to \Device\lxss that lxcore serves in the requesting thread's context):
 * the instance's init (Linux PID 1, "/init") first if it is not running, then the program as
 * init's child. Each is a pico process (PS_PICO_ROUTINES.CreateProcess) with one pico thread
 * (CreateThread, then ResumeThread). `caller` is the Windows process asking; init inherits from it
 * (and takes its token, as LxssManager creates the instance with the user's token). The handles
 * lxcore gets are closed; it keeps the objects through EPROCESS.PicoContext.
 */
export function LxCreateProcess(
  driver: LxCore,
  caller: EPROCESS,
  filename: string,
  argv: readonly string[],
): { status: NTSTATUS; process?: EPROCESS; thread?: ETHREAD; lx?: LX_PROCESS } {
  const { kernel } = driver;
  const out = kernel.trace.call(
    {
      layer: 'kernel',
      module: 'lxcore',
      fn: 'LxpProcessCreate',
      channel: 'ps',
      pid: caller.UniqueProcessId,
      args: { filename },
    },
    () => {
      const inst = driver.instance;
      let init = inst.init;
      if (!init?.process || init.process.exited) {
        const r = LxpSpawn(driver, caller, null, '/init', ['/init']);
        if (!r.lx) return { status: r.status };
        init = inst.init = r.lx;
      }
      const r = LxpSpawn(driver, init.process!, init, filename, argv);
      return { status: r.status, ...(r.lx ? { value: r } : {}) };
    },
  );
  const v = out.value;
  return v
    ? { status: out.status, process: v.process!, thread: v.thread!, lx: v.lx! }
    : { status: out.status };
}

/**
 * One pico process and its thread, created in the context of `parent` (kernel mode, so
 * NtCurrentProcess() names the parent), with the kernel handles lxcore gets closed again.
 */
function LxpSpawn(
  driver: LxCore,
  parent: EPROCESS,
  parentLx: LX_PROCESS | null,
  path: string,
  argv: readonly string[],
): { status: NTSTATUS; process?: EPROCESS; thread?: ETHREAD; lx?: LX_PROCESS } {
  const { kernel } = driver;
  const inst = driver.instance;
  const caller = kernel.caller(parent, KernelMode);
  const lx = new LX_PROCESS(inst.nextPid, parentLx?.pid ?? 0, path, argv);
  const p = driver.routines.CreateProcess(
    caller,
    { ParentProcess: -1, Context: lx },
    { ImageName: path, CommandLine: argv.join(' ') },
  );
  if (!p.process) return { status: p.status };
  const thread = new LX_THREAD(lx.pid, lx);
  const t = driver.routines.CreateThread(caller, {
    Process: p.ProcessHandle!,
    StartRoutine: 0,
    Context: thread,
  });
  if (!t.thread) {
    driver.routines.TerminateProcess(p.process, STATUS.UNSUCCESSFUL);
    ObCloseHandle(kernel.ob, parent, p.ProcessHandle!, KernelMode);
    return { status: t.status };
  }
  driver.routines.ResumeThread(t.thread);
  // lxcore keeps the process until it is reaped (a zombie after exit_group, as Linux keeps it until
  // the parent waits): its reference outlives the handles (no wait4 is modelled, so it stays).
  ObReferenceObject(p.process.header!);
  ObCloseHandle(kernel.ob, parent, t.ThreadHandle!, KernelMode);
  ObCloseHandle(kernel.ob, parent, p.ProcessHandle!, KernelMode);
  inst.nextPid++;
  lx.threads.push(thread);
  lx.process = p.process;
  inst.processes.set(lx.pid, lx);
  return { status: STATUS.SUCCESS, process: p.process, thread: t.thread, lx };
}

/** A system call's handler (an entry of lxcore!LxpSyscalls): the result for rax. */
type LxSyscall = (
  driver: LxCore,
  thread: ETHREAD,
  lx: LX_THREAD,
  frame: PS_PICO_SYSTEM_CALL_INFORMATION['TrapFrame'],
) => number;

const errno = (name: keyof typeof LX_ERRNO): number => -LX_ERRNO[name]!;

/** Copies user memory of the calling process; null where it faults (→ -EFAULT). */
function copyFromUser(thread: ETHREAD, va: number, length: number): Uint8Array | null {
  const as = thread.process.addressSpace;
  if (!as) return null;
  const r = as.readVirtualMemory(va, length);
  return r.status === STATUS.SUCCESS ? r.bytes : null;
}

function copyToUser(thread: ETHREAD, va: number, data: Uint8Array): boolean {
  const as = thread.process.addressSpace;
  return !!as && as.writeVirtualMemory(va, data).status === STATUS.SUCCESS;
}

const LxpSyscalls: Readonly<Record<number, [string, LxSyscall]>> = {
  // read(fd, buf, count): the console gives end of file (no input is modelled); other fds: EBADF.
  [LX_SYSCALL.read!]: ['LxpSyscall_READ', (_d, _t, _lx, f) => (f.Rdi === 0 ? 0 : errno('EBADF'))],
  // write(fd, buf, count): fd 1 and 2 go to the process's output; the buffer is read from its
  // address space (a fault is EFAULT); other fds are EBADF.
  [LX_SYSCALL.write!]: [
    'LxpSyscall_WRITE',
    (_d, t, lx, f) => {
      if (f.Rdi !== 1 && f.Rdi !== 2) return errno('EBADF');
      if (f.Rdx === 0) return 0;
      const bytes = copyFromUser(t, f.Rsi, f.Rdx);
      if (!bytes) return errno('EFAULT');
      const text = new TextDecoder().decode(bytes);
      if (f.Rdi === 1) lx.group.stdout += text;
      else lx.group.stderr += text;
      return bytes.length;
    },
  ],
  [LX_SYSCALL.getpid!]: ['LxpSyscall_GETPID', (_d, _t, lx) => lx.group.pid],
  [LX_SYSCALL.getppid!]: ['LxpSyscall_GETPPID', (_d, _t, lx) => lx.group.ppid],
  [LX_SYSCALL.gettid!]: ['LxpSyscall_GETTID', (_d, _t, lx) => lx.tid],
  // uname(buf): struct new_utsname, six 65-byte fields.
  [LX_SYSCALL.uname!]: [
    'LxpSyscall_UNAME',
    (_d, t, _lx, f) => {
      const buf = new Uint8Array(UTSNAME_SIZE);
      const u = WSL1_UTSNAME;
      [u.sysname, MACHINE_NAME, u.release, u.version, u.machine, u.domainname].forEach((v, i) =>
        buf.set(new TextEncoder().encode(v).subarray(0, UTSNAME_FIELD - 1), i * UTSNAME_FIELD),
      );
      return copyToUser(t, f.Rdi, buf) ? 0 : errno('EFAULT');
    },
  ],
  // exit(status): the calling thread ends (the process with its last thread).
  [LX_SYSCALL.exit!]: [
    'LxpSyscall_EXIT',
    (d, t, lx, f) => {
      if (t.process.activeThreads === 1) lx.group.exitCode = f.Rdi & 0xff;
      d.routines.TerminateThread(t, f.Rdi & 0xff, true);
      return 0;
    },
  ],
  // exit_group(status): every thread of the group ends; the pico process exits with the status.
  [LX_SYSCALL.exit_group!]: [
    'LxpSyscall_EXIT_GROUP',
    (d, t, lx, f) => {
      lx.group.exitCode = f.Rdi & 0xff;
      d.routines.TerminateProcess(t.process, f.Rdi & 0xff);
      return 0;
    },
  ],
};

/**
 * PS_PICO_PROVIDER_ROUTINES.DispatchSystemCall: lxcore!PicoSystemCallDispatch → LxpSysDispatch →
 * the LxpSyscall_* handler of rax (the stack Zhang Yinkui's "Software Debugging", 2nd ed., listing
 * 8-1 shows for a WSL read); a number without a handler is -ENOSYS. The result goes back in rax.
 */
function PicoSystemCallDispatch(driver: LxCore, info: PS_PICO_SYSTEM_CALL_INFORMATION): void {
  const { trace } = driver.kernel;
  const frame = info.TrapFrame;
  trace.call(
    { layer: 'kernel', module: 'lxcore', fn: 'PicoSystemCallDispatch', channel: 'ps', args: {} },
    () =>
      trace.call(
        { layer: 'kernel', module: 'lxcore', fn: 'LxpSysDispatch', channel: 'ps', args: { rax: frame.Rax } },
        () => {
          const lx = info.Thread.PicoContext;
          if (!(lx instanceof LX_THREAD))
            throw new ModelError('lxcore', 'a pico thread without lxcore context');
          const entry = LxpSyscalls[frame.Rax];
          if (!entry) {
            frame.Rax = errno('ENOSYS');
            return { status: STATUS.SUCCESS, result: { rax: frame.Rax } };
          }
          const [name, handler] = entry;
          frame.Rax = trace.call(
            {
              layer: 'kernel',
              module: 'lxcore',
              fn: name,
              channel: 'ps',
              args: { rdi: frame.Rdi, rsi: frame.Rsi, rdx: frame.Rdx },
            },
            () => {
              const rax = handler(driver, info.Thread, lx, frame);
              return { status: STATUS.SUCCESS, value: rax, result: { rax } };
            },
          ).value!;
          return { status: STATUS.SUCCESS, result: { rax: frame.Rax } };
        },
      ),
  );
}

/** What a process view shows of a Linux process (scenario.md ProcessView, optional `pico`). */
export interface LxProcessView {
  provider: 'lxcore';
  linuxPid: number;
  linuxParentPid: number;
  filename: string;
  argv: readonly string[];
  threads: number[];
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** The lxcore side of a pico process, or null when the process is not one of lxcore's. */
export function LxProcessView(process: EPROCESS): LxProcessView | null {
  const lx = lxProcessOf(process);
  if (!lx) return null;
  return {
    provider: 'lxcore',
    linuxPid: lx.pid,
    linuxParentPid: lx.ppid,
    filename: lx.filename,
    argv: lx.argv,
    threads: lx.threads.map((t) => t.tid),
    stdout: lx.stdout,
    stderr: lx.stderr,
    exitCode: lx.exitCode,
  };
}
