import { STATUS, type NTSTATUS } from '../../base/index.js';
import type { Section } from '../mm/index.js';
import {
  KernelMode,
  ObDereferenceObject,
  ObReferenceObjectByHandle,
  type ObjectHeader,
} from '../ob/index.js';
import {
  PROCESS_CREATE_PROCESS,
  SE_LOAD_DRIVER_PRIVILEGE,
  SE_LOCK_MEMORY_PRIVILEGE,
  SE_TCB_PRIVILEGE,
  SECTION_MAP_EXECUTE,
  SeSinglePrivilegeCheck,
  TOKEN_ASSIGN_PRIMARY,
  TokenPrimary,
  type TOKEN,
} from '../se/index.js';
import { PspAllocateProcess, PspDestroyPartialProcess, PspInsertProcess } from './allocate-process.js';
import type { PsCaller } from './caller.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import { PROCESS_CREATE_FLAGS, PROCESS_CREATE_FLAGS_EX_VALID } from './constants.js';
import { PspHandleArg, PspReferenceProcessByHandle } from './handles.js';
import { DbgkpReferenceDebugObject } from './debug-services.js';
import { PspAddProcessToJob, PspInheritParentJob } from './job.js';
import type { EPROCESS } from './objects.js';
import { PspProcessCreatedOutcome } from './process-span.js';
import type { PsSystem } from './ps-system.js';
import { DEBUG_PROCESS_ASSIGN, type DEBUG_OBJECT } from './debug-object.js';

export interface NtCreateProcessExParameters {
  DesiredAccess: number;
  ObjectAttributes?: { Attributes?: number } | null;
  /** Required: the process to inherit from (PROCESS_CREATE_PROCESS). */
  ParentProcess: number;
  /** PROCESS_CREATE_FLAGS_*. */
  Flags?: number;
  /** A section object handle granting SECTION_MAP_EXECUTE: the image of the new process. */
  SectionHandle?: number;
  /** Kernel-mode callers (PsCreateMinimalProcess & co. in the model) may pass the section itself. */
  SectionObject?: Section | null;
  /** A debug object handle (DEBUG_PROCESS_ASSIGN): the new process reports to it. */
  DebugPort?: number;
  /** A primary token handle granting TOKEN_ASSIGN_PRIMARY (issue 6 adds the privilege rule). */
  TokenHandle?: number;
  /** JobMemberLevel: non-zero needs a parent in a job. */
  Reserved?: number;
}

/** The flags that need a privilege of the caller (reference §3.4). */
const PRIVILEGED_FLAGS: readonly [number, number][] = [
  [PROCESS_CREATE_FLAGS.LARGE_PAGES, SE_LOCK_MEMORY_PRIVILEGE],
  [PROCESS_CREATE_FLAGS.CREATE_SESSION, SE_LOAD_DRIVER_PRIVILEGE],
  [PROCESS_CREATE_FLAGS.FORCE_BREAKAWAY, SE_TCB_PRIVILEGE],
  [PROCESS_CREATE_FLAGS.AUXILIARY_PROCESS, SE_TCB_PRIVILEGE],
];

/**
 * NtCreateProcessEx (phnt ntpsapi.h; WRK ps/create.c NtCreateProcessEx → PspCreateProcess): a
 * process object without any thread — the creator writes the process parameters and makes the
 * first thread (NtCreateThreadEx) itself. In WRK's order:
 * - no ParentProcess: STATUS_INVALID_PARAMETER; flags outside PROCESS_CREATE_FLAGS_* (or
 *   PROTECTED_PROCESS, NtCreateUserProcess's): STATUS_INVALID_PARAMETER; LARGE_PAGES,
 *   CREATE_SESSION, FORCE_BREAKAWAY, AUXILIARY_PROCESS without their privilege:
 *   STATUS_PRIVILEGE_NOT_HELD;
 * - the parent handle must grant PROCESS_CREATE_PROCESS; a JobMemberLevel needs a parent in a job;
 * - the section handle must grant SECTION_MAP_EXECUTE on a Section object; the debug port handle
 *   must be a DebugObject; the token handle TOKEN_ASSIGN_PRIMARY on a primary token
 *   (STATUS_BAD_TOKEN_TYPE);
 * - MINIMAL_PROCESS (0x800) makes a minimal process: no section (one given is
 *   STATUS_INVALID_PARAMETER — the model's reading), no PEB, no ntdll, Flags3.Minimal, kind
 *   'minimal', its threads without TEB (reference §7);
 * - with a section: the image, ntdll and a PEB without process parameters;
 * - with neither, a process whose parent is System gets an empty address space (WRK's "system
 *   process" case); any other parent would have its address space cloned (fork), which the model
 *   does not do: STATUS_NOT_IMPLEMENTED, as for CLONE_MINIMAL.
 * The creator gets a handle with DesiredAccess. Process notify routines hear of the process when
 * its first thread is made (never for a minimal one). A failure leaves nothing behind.
 */
export function NtCreateProcessEx(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateProcessExParameters,
): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS } {
  const { trace } = ps.deps;
  const flags = (p.Flags ?? 0) >>> 0;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateProcessEx',
      channel: 'ps',
      args: { ParentProcess: PspHandleArg(p.ParentProcess), Flags: flags },
    },
    (span) => PspProcessCreatedOutcome(span, createProcessEx(ps, caller, p, flags)),
  );
  return out.value ?? { status: out.status };
}

function createProcessEx(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateProcessExParameters,
  flags: number,
): { status: NTSTATUS; ProcessHandle?: number; process?: EPROCESS } {
  const { ob } = ps.deps;
  const parentHandle = PspHandleArg(p.ParentProcess);
  if (parentHandle === 0) return { status: STATUS.INVALID_PARAMETER };
  if (flags & ~PROCESS_CREATE_FLAGS_EX_VALID) return { status: STATUS.INVALID_PARAMETER };
  const token = caller.process.Token;
  for (const [flag, privilege] of PRIVILEGED_FLAGS)
    if (flags & flag && (!token || !SeSinglePrivilegeCheck(privilege, token, caller.previousMode)))
      return { status: STATUS.PRIVILEGE_NOT_HELD };
  const minimal = (flags & PROCESS_CREATE_FLAGS.MINIMAL_PROCESS) !== 0;

  const refs: ObjectHeader[] = [];
  const done = <T extends { status: NTSTATUS }>(r: T): T => {
    for (const h of refs) ObDereferenceObject(ob, h);
    return r;
  };
  const parentRef = PspReferenceProcessByHandle(ps, caller, parentHandle, PROCESS_CREATE_PROCESS);
  if (parentRef.status !== STATUS.SUCCESS) return { status: parentRef.status };
  refs.push(parentRef.header!);
  const parent = parentRef.object!;
  if ((p.Reserved ?? 0) !== 0 && !parent.Job) return done({ status: STATUS.INVALID_PARAMETER });
  const inherited = PspInheritParentJob(parent, (flags & PROCESS_CREATE_FLAGS.BREAKAWAY) !== 0);
  if (inherited.status !== STATUS.SUCCESS) return done({ status: inherited.status });

  // Section: a handle (SECTION_MAP_EXECUTE on a Section object), or the object from kernel mode.
  let section: Section | null = null;
  const sectionHandle = PspHandleArg(p.SectionHandle);
  if (sectionHandle !== 0) {
    const r = ObReferenceObjectByHandle(ob, {
      handle: sectionHandle,
      desiredAccess: SECTION_MAP_EXECUTE,
      type: ps.sectionType.typeInfo,
      accessMode: caller.previousMode,
      process: caller.process,
    });
    if (r.status !== STATUS.SUCCESS) return done({ status: r.status });
    refs.push(r.object!);
    section = r.object!.body as Section;
  } else if (p.SectionObject) {
    if (caller.previousMode !== KernelMode) return done({ status: STATUS.INVALID_PARAMETER });
    section = p.SectionObject;
  }
  if (minimal && section) return done({ status: STATUS.INVALID_PARAMETER });
  if (!minimal && !section && (parent !== ps.systemProcess || flags & PROCESS_CREATE_FLAGS.CLONE_MINIMAL))
    return done({ status: STATUS.NOT_IMPLEMENTED });
  if (section && !section.isImage) return done({ status: STATUS.SECTION_NOT_IMAGE });

  // DebugPort: a debug object granting DEBUG_PROCESS_ASSIGN (ReactOS ps/process.c PspCreateProcess).
  const debugPort = PspHandleArg(p.DebugPort);
  let debugObject: DEBUG_OBJECT | null = null;
  if (debugPort !== 0) {
    const r = DbgkpReferenceDebugObject(ps, caller, debugPort, DEBUG_PROCESS_ASSIGN);
    if (r.status !== STATUS.SUCCESS) return done({ status: r.status });
    refs.push(r.header!);
    debugObject = r.object!;
  }

  let explicitToken: TOKEN | null = null;
  const tokenHandle = PspHandleArg(p.TokenHandle);
  if (tokenHandle !== 0) {
    const r = PspReferenceObjectByHandle<TOKEN>(
      ps,
      caller,
      tokenHandle,
      TOKEN_ASSIGN_PRIMARY,
      ps.tokenType.typeInfo,
    );
    if (r.status !== STATUS.SUCCESS) return done({ status: r.status });
    refs.push(r.header!);
    explicitToken = r.object!;
    if (explicitToken.tokenType !== TokenPrimary) return done({ status: STATUS.BAD_TOKEN_TYPE });
  }

  const created = PspAllocateProcess(ps, caller, {
    parent,
    attributes: p.ObjectAttributes?.Attributes ?? 0,
    inheritHandles: (flags & PROCESS_CREATE_FLAGS.INHERIT_HANDLES) !== 0,
    token: explicitToken,
    section,
    imageName: section ? (ps.sectionFileNames.get(section) ?? '') : '',
    minimal,
    debugObject,
    noDebugInherit: (flags & PROCESS_CREATE_FLAGS.NO_DEBUG_INHERIT) !== 0,
  });
  done({ status: STATUS.SUCCESS });
  if (!created.process) return { status: created.status };
  const process = created.process;
  const inserted = PspInsertProcess(ps, caller, process, p.DesiredAccess, { notify: false });
  if (inserted.status !== STATUS.SUCCESS) {
    PspDestroyPartialProcess(ps, caller, process);
    return { status: inserted.status };
  }
  // PspInsertProcess's PspAddProcessToJob: the child is in its parent's job (and server silo).
  if (inherited.job) PspAddProcessToJob(process, inherited.job);
  return { status: STATUS.SUCCESS, ProcessHandle: inserted.handle!, process };
}
