import { ModelError, STATUS } from '../base/index.js';
import { ObCloseHandle } from './ob/index.js';
import { PsCreateMinimalProcess, type EPROCESS } from './ps/index.js';
import { KernelMode } from './se/index.js';
import type { Kernel } from './kernel.js';

/**
 * The minimal processes the kernel itself makes at boot (reference §7: the kernel callers of
 * PsCreateMinimalProcess). Each is a child of System (PsInitialSystemProcess), runs as SYSTEM and
 * has no image, PEB or ntdll. The creating component keeps its own reference (CmpRegistryProcess,
 * the store manager's process) and closes the kernel handle PsCreateMinimalProcess gave it.
 */
function createKernelMinimalProcess(kernel: Kernel, fn: string, name: string): EPROCESS {
  const caller = kernel.caller(kernel.systemProcess, KernelMode);
  const r = kernel.trace.call({ layer: 'kernel', module: 'nt', fn, channel: 'ps', args: {} }, () => {
    const created = PsCreateMinimalProcess(kernel.ps, caller, { Name: name });
    return { status: created.status, value: created };
  }).value;
  if (!r?.process)
    throw new ModelError(
      'boot',
      `${fn} could not create "${name}": 0x${((r?.status ?? 0) >>> 0).toString(16)}`,
    );
  const closed = ObCloseHandle(kernel.ob, kernel.systemProcess, r.ProcessHandle!, KernelMode);
  if (closed !== STATUS.SUCCESS) throw new ModelError('boot', `${fn}: the handle did not close`);
  return r.process;
}

/**
 * CmpInitializeRegistryProcess (CmInitSystem1, phase 1 of kernel initialization, before
 * ExpLoadInitialProcess starts smss): the "Registry" minimal process, which holds the hives' views
 * since Windows 10 1803 instead of paged pool (Windows Internals 7, Part 1, ch. 3 "Minimal
 * processes"; Part 2, ch. 10 "The Registry process"). It is the first process after System and
 * before smss: `!process 0 0` lists System, Registry, smss in that order, Registry with
 * "Peb: 00000000  ParentCid: 0004" (reference §11).
 */
export function CmpInitializeRegistryProcess(kernel: Kernel): EPROCESS {
  return createKernelMinimalProcess(kernel, 'CmpInitializeRegistryProcess', 'Registry');
}

/**
 * SmFirstTimeInit: the store manager's first use creates "MemCompression", the Memory Compression
 * process whose user address space holds the compressed pages of the system store (Windows
 * Internals 7, Part 1, ch. 5 "Memory compression": the SysMain (Superfetch) service, hosted in
 * svchost, asks the store manager through NtSetSystemInformation to create the system store, the
 * first store, at boot; the store's working set lives in the Memory Compression minimal process).
 * It is a child of System (PID 4), not of the svchost that triggered it, because the store manager
 * makes it from kernel mode with PsInitialSystemProcess as parent (reference §7 lists SmFirstTimeInit
 * among PsCreateMinimalProcess's callers). ImageFileName "MemCompression"; Task Manager shows it as
 * "Memory Compression".
 */
export function SmFirstTimeInit(kernel: Kernel): EPROCESS {
  return createKernelMinimalProcess(kernel, 'SmFirstTimeInit', 'MemCompression');
}
