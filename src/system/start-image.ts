import { STATUS, type NTSTATUS } from '../base/index.js';
import { PsCreateState, type EPROCESS, type ETHREAD } from '../kernel/ps/index.js';
import { createSyscallGate } from '../kernel/syscalls/index.js';
import { createNtStubs, type LdrInitializeResult } from '../ntdll/index.js';
import type { BootedMachine } from './boot.js';
import type { UserModeRuntime } from './user-mode.js';

export interface StartImageOptions {
  /** The image's Win32 path on the simulated disk. */
  imagePath: string;
  commandLine?: string;
  /** `C:\dir` (a trailing backslash is added as RTL_USER_PROCESS_PARAMETERS keeps it). */
  currentDirectory?: string;
  environment?: Record<string, string>;
  /** The creating process (explorer by default). */
  parent?: EPROCESS;
}

export interface StartedImage {
  /** NtCreateUserProcess's status, then the loader's. */
  status: NTSTATUS;
  stage: 'create' | 'loader';
  process?: EPROCESS;
  thread?: ETHREAD;
  ldr?: LdrInitializeResult;
}

/**
 * Starts an image the way a shell's CreateProcessW reaches the kernel, as far as issue 5 needs it:
 * NtCreateUserProcess from the parent with the process parameters (image path, command line,
 * current directory, environment) and a suspended initial thread, then that thread's first
 * user-mode steps — LdrInitializeThunk — so the process stands at its entry point with every DLL
 * loaded and initialised (or has ended with the loader's status). The parent's handles to the new
 * process and thread are closed. The CSRSS registration and the rest of CreateProcessInternalW are
 * issue 6's.
 */
export function startImage(b: BootedMachine, runtime: UserModeRuntime, o: StartImageOptions): StartedImage {
  const { kernel, machine } = b;
  const parent = o.parent ?? b.explorer;
  const nt = createNtStubs(createSyscallGate(kernel.services, () => kernel.caller(parent)));
  const ntPath = machine.ntPath(o.imagePath);
  if (ntPath.status !== STATUS.SUCCESS) return { status: ntPath.status, stage: 'create' };
  let cwd = o.currentDirectory ?? 'C:\\Users\\user';
  if (!cwd.endsWith('\\')) cwd += '\\';
  const attributeList: Record<string, unknown> = { ImageName: ntPath.ntPath };
  const r = nt.NtCreateUserProcess({
    ProcessDesiredAccess: 0x1fffff,
    ThreadDesiredAccess: 0x1fffff,
    ProcessFlags: 0,
    ThreadFlags: 1,
    ProcessParameters: {
      imagePathName: o.imagePath,
      commandLine: o.commandLine ?? `"${o.imagePath}"`,
      currentDirectory: cwd,
      environment: o.environment ?? {
        SystemRoot: 'C:\\Windows',
        Path: 'C:\\Windows\\system32;C:\\Windows;C:\\Windows\\System32\\Wbem',
        ComSpec: 'C:\\Windows\\system32\\cmd.exe',
      },
    },
    CreateInfo: { State: PsCreateState.PsCreateInitialState, InitFlags: 0 },
    AttributeList: attributeList,
  });
  if (r.status !== STATUS.SUCCESS) return { status: r.status, stage: 'create' };
  const cid = attributeList.ClientId as { UniqueProcess: number; UniqueThread: number };
  const process = kernel.ps.cid.lookup(cid.UniqueProcess) as EPROCESS;
  const thread = kernel.ps.cid.lookup(cid.UniqueThread) as ETHREAD;
  const ldr = runtime.runInitialThread(process, thread);
  nt.NtClose({ Handle: r.out!.ThreadHandle });
  nt.NtClose({ Handle: r.out!.ProcessHandle });
  return { status: ldr.status, stage: 'loader', process, thread, ldr };
}
