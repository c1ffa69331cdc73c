import { STATUS, type NTSTATUS } from '../../base/index.js';
import { MAXIMUM_ALLOWED } from '../ob/index.js';
import type { TOKEN } from '../se/index.js';
import { PspAllocateProcess, PspDestroyPartialProcess, PspInsertProcess } from './allocate-process.js';
import type { PsCaller } from './caller.js';
import { PROCESS_CREATE_FLAGS, PROCESS_CREATE_FLAGS_EX_VALID } from './constants.js';
import { PspAddProcessToJob, PspCheckJobLimits, type EJOB } from './job.js';
import type { EPROCESS } from './objects.js';
import { PspProcessCreatedOutcome } from './process-span.js';
import type { PsSystem } from './ps-system.js';

/** What a kernel component asks PsCreateMinimalProcess for. */
export interface PsCreateMinimalProcessParameters {
  /** PROCESS_CREATE_FLAGS_* to add; MINIMAL_PROCESS (0x800) is always ORed in. */
  Flags?: number;
  /** The process inherited from (token, session); PsInitialSystemProcess when absent. */
  ParentProcess?: EPROCESS | null;
  /** EPROCESS.ImageFileName (PspSetMinimalProcessName): "Registry", "MemCompression", … */
  Name?: string;
  /** A job the new process is put in (the pico provider's, a silo's). */
  Job?: EJOB | null;
  /** The primary token; a copy of the parent's when absent. */
  Token?: TOKEN | null;
  /** OBJECT_ATTRIBUTES.Attributes of the process object. */
  Attributes?: number;
  /** The creator's handle's rights: MAXIMUM_ALLOWED, as PsCreateMinimalProcess inserts it. */
  DesiredAccess?: number;
}

/**
 * PsCreateMinimalProcess: the kernel's own way to make a minimal process (reference §7, from a
 * decompilation of ntoskrnl, search id 65709131025): PROCESS_CREATE_FLAGS_MINIMAL_PROCESS is ORed
 * into the flags and PspAllocateProcess runs with no section and no PEB or parameter inputs — no
 * user-mode address space is set up, NTDLL is not mapped, EPROCESS.Flags3.Minimal is set (Windows
 * Internals 7, ch. 3 "Minimal processes"); the name, when given, becomes EPROCESS.ImageFileName
 * (PspSetMinimalProcessName); the object is inserted with MAXIMUM_ALLOWED into the caller's handle
 * table; a job, when given, takes the process; DbgkCreateMinimalProcess tells a debugger (a
 * no-op here: a minimal process never gets a debug port in the model). No process notify routine
 * hears of it (only PsSetCreateProcessNotifyRoutineEx2's subsystem callbacks would).
 *
 * Its kernel callers (§7): CmpInitializeRegistryProcess ("Registry"), SmFirstTimeInit
 * ("MemCompression"), PspCreatePicoProcess, PspCreateSecureSystemProcess ("Secure System"),
 * VmCreateMemoryProcess ("vmmem"). Flags outside PROCESS_CREATE_FLAGS_* give
 * STATUS_INVALID_PARAMETER; a full job STATUS_QUOTA_EXCEEDED. A failure leaves nothing behind.
 */
export function PsCreateMinimalProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: PsCreateMinimalProcessParameters = {},
): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS } {
  const flags = ((p.Flags ?? 0) | PROCESS_CREATE_FLAGS.MINIMAL_PROCESS) >>> 0;
  const out = ps.deps.trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'PsCreateMinimalProcess',
      channel: 'ps',
      args: { Flags: flags, ...(p.Name !== undefined ? { Name: p.Name } : {}) },
    },
    (span) => PspProcessCreatedOutcome(span, createMinimalProcess(ps, caller, p, flags)),
  );
  return out.value ?? { status: out.status };
}

function createMinimalProcess(
  ps: PsSystem,
  caller: PsCaller,
  p: PsCreateMinimalProcessParameters,
  flags: number,
): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS } {
  if (flags & ~PROCESS_CREATE_FLAGS_EX_VALID) return { status: STATUS.INVALID_PARAMETER };
  const parent = p.ParentProcess ?? ps.systemProcess;
  if (!parent) return { status: STATUS.INVALID_PARAMETER };
  if (p.Job) {
    const limit = PspCheckJobLimits(p.Job);
    if (limit !== STATUS.SUCCESS) return { status: limit };
  }
  const created = PspAllocateProcess(ps, caller, {
    parent,
    attributes: p.Attributes ?? 0,
    inheritHandles: (flags & PROCESS_CREATE_FLAGS.INHERIT_HANDLES) !== 0,
    token: p.Token ?? null,
    section: null,
    imageName: '',
    minimal: true,
  });
  if (!created.process) return { status: created.status };
  const process = created.process;
  PspSetMinimalProcessName(process, p.Name);
  const inserted = PspInsertProcess(ps, caller, process, p.DesiredAccess ?? MAXIMUM_ALLOWED, {
    notify: false,
  });
  if (inserted.status !== STATUS.SUCCESS) {
    PspDestroyPartialProcess(ps, caller, process);
    return { status: inserted.status };
  }
  if (p.Job) PspAddProcessToJob(process, p.Job);
  return { status: STATUS.SUCCESS, ProcessHandle: inserted.handle!, process };
}

/**
 * PspSetMinimalProcessName: the name a minimal process shows (`!process 0 0` "Image: Registry",
 * Task Manager's "Registry" row): EPROCESS.ImageFileName, 15 bytes at most. There is no image file,
 * so SeAuditProcessCreationInfo stays empty (ProcessImageFileName answers an empty string).
 */
export function PspSetMinimalProcessName(process: EPROCESS, name: string | undefined): void {
  if (!name) return;
  process.ImageFileName = name.slice(0, 15);
}
