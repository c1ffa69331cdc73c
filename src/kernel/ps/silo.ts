import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ObCreateSiloNamedObjectDirectories,
  ObCreateSiloRootDirectory,
  ObDereferenceObject,
  ObjectDirectory,
  type HandleTableOwner,
} from '../ob/index.js';
import { SE_TCB_PRIVILEGE, SeSinglePrivilegeCheck } from '../se/index.js';
import type { PsCaller } from './caller.js';
import type { EJOB } from './job.js';
import { PspReferenceObjectByHandle } from './object-attributes.js';
import { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import { PspCreateSiloRegistry } from './silo-registry.js';

/**
 * Silos (Windows 10 1607+): a job object becomes a silo (EJOB.JobFlags.Silo, bit 30), and a silo a
 * server silo — a Windows container — when ESERVERSILO_GLOBALS hangs off it (EJOB.ServerSiloGlobals).
 * Processes join one by joining the job; EPROCESS.ServerSilo then names it, and the object manager
 * resolves their names from the silo's root directory `\Silos\<id>` (ob/silo-namespace.ts).
 * The rules below follow the decompiled 19041-era ntoskrnl routines found by code search
 * (NtSetInformationJobObject id 65482847860, PspCreateSilo 65060655013, PspConvertSiloToServerSilo
 * 64612044489, ObCreateSiloRootDirectory 64538945287, NtQueryInformationJobObject 65685812766,
 * PspValidateJobAssignmentSiloPolicy 65640174503), with the order of calls a container manager
 * makes (J. Forshaw's NtApiDotNet NtJob.CreateServerSilo; KexecDDPlus ServerSilo).
 */

/** EJOB.JobFlags bit 30 (reference §9; the decompiled code tests `JobFlags & 0x40000000`). */
export const EJOB_FLAG_SILO = 0x40000000;

/** JOB_OBJECT_LIMIT_SILO_READY (phnt ntpsapi.h): set before a job becomes a (server) silo. */
export const JOB_OBJECT_LIMIT_SILO_READY = 0x00400000;

/** SERVERSILO_STATE (winnt.h; reference §9). */
export const SERVERSILO_STATE = {
  SERVERSILO_INITING: 0,
  SERVERSILO_STARTED: 1,
  SERVERSILO_SHUTTING_DOWN: 2,
  SERVERSILO_TERMINATING: 3,
  SERVERSILO_TERMINATED: 4,
} as const;

/** JOBOBJECTINFOCLASS silo classes (phnt ntpsapi.h; reference §9). */
export const JobObjectCreateSilo = 35;
export const JobObjectSiloBasicInformation = 36;
export const JobObjectSiloRootDirectory = 37;
export const JobObjectServerSiloBasicInformation = 38;
export const JobObjectServerSiloInitialize = 40;

/** x64 sizes: SILOOBJECT_BASIC_INFORMATION (0x10 from 1607, G. Chappell), SILOOBJECT_ROOT_DIRECTORY
 * (a union of ULONG ControlFlags and UNICODE_STRING Path), SERVERSILO_BASIC_INFORMATION (winnt.h:
 * ServiceSessionId, State, ExitStatus, IsDownlevelContainer, ApiSetSchema, HostApiSetSchema),
 * SERVERSILO_INIT_INFORMATION {HANDLE DeleteEvent; BOOLEAN IsDownlevelContainer} (or the bare
 * HANDLE of earlier builds, which NtApiDotNet falls back to). */
const SIZEOF_SILO_BASIC = 0x10;
const SIZEOF_SILO_ROOT_DIRECTORY = 0x10;
const SIZEOF_SERVERSILO_BASIC = 0x20;
const SIZEOF_SERVERSILO_INIT = [0x10, 0x8];

/** EVENT_MODIFY_STATE: what PspConvertSiloToServerSilo references the DeleteEvent handle for. */
const EVENT_MODIFY_STATE = 0x2;

/**
 * _ESERVERSILO_GLOBALS (reference §9, [ND-19041]): the fields the model keeps. ObSiloState's
 * device map and the Se/Etw/Wnf silo states are not modelled.
 */
export class ESERVERSILO_GLOBALS {
  /** State: SERVERSILO_INITING until its first process starts (the model's STARTED point). */
  State: number = SERVERSILO_STATE.SERVERSILO_INITING;
  /** ExitStatus: STATUS_PENDING (259) while the silo lives (PspConvertSiloToServerSilo stores 259). */
  ExitStatus: number = STATUS.PENDING;
  /** SiloRootDirectoryName: `\Silos\<id>` (ObGetSiloRootDirectoryPath). */
  SiloRootDirectoryName = '';
  /** DeleteEvent: the event handle given (0 when none). */
  DeleteEvent = 0;
  IsDownlevelContainer = false;
  /**
   * ApiSetSchema: the silo's API set schema. A downlevel container brings its own; the model has
   * only the host's, so the silo's processes map the host schema (PEB.ApiSetMap, reference §8).
   */
  ApiSetSchema: Uint8Array | null = null;
  /** The silo's root object directory (PsObjectDirectorySiloContextSlot's directory). */
  RootDirectory: ObjectDirectory | null = null;
  /**
   * Where the structure is in nonpaged pool (EJOB.ServerSiloGlobals): PspConvertSiloToServerSilo
   * allocates it with tag 'SilG'; its size here is the 19041 PDB's 0x490 (reference §9).
   */
  address = 0n;
}

/** Per-machine silo state: the next silo id. */
interface SiloState {
  nextId: number;
}
const STATE = new WeakMap<PsSystem, SiloState>();
function siloState(ps: PsSystem): SiloState {
  let s = STATE.get(ps);
  if (!s) {
    s = { nextId: 1 };
    STATE.set(ps, s);
  }
  return s;
}

/** PsIsServerSilo / PspGetJobSilo: the job's silo kind (the model has no nested jobs). */
export function PsIsSilo(job: EJOB | null | undefined): boolean {
  return !!job && (job.JobFlags & EJOB_FLAG_SILO) !== 0;
}
export function PsIsServerSilo(job: EJOB | null | undefined): boolean {
  return PsIsSilo(job) && job!.ServerSiloGlobals !== null;
}

/** PsGetJobServerSilo: the job's server silo, or null for the host silo (Microsoft Learn). */
export function PsGetJobServerSilo(job: EJOB | null | undefined): EJOB | null {
  return PsIsServerSilo(job) ? job! : null;
}

/** PsGetProcessServerSilo: EPROCESS.ServerSilo (reference §9 @0x870; null = the host). */
export function PsGetProcessServerSilo(process: EPROCESS): EJOB | null {
  return process.ServerSilo;
}

/**
 * PsGetCurrentServerSilo (Microsoft Learn, ntddk.h): the effective server silo of the caller —
 * a thread's attached silo is not modelled, so its process's.
 */
export function PsGetCurrentServerSilo(caller: PsCaller): EJOB | null {
  return caller.process.ServerSilo;
}

/** PsIsCurrentThreadInServerSilo: what PspCreateSilo and PspConvertSiloToServerSilo refuse. */
function PsIsCurrentThreadInServerSilo(caller: PsCaller): boolean {
  return PsGetCurrentServerSilo(caller) !== null;
}

/**
 * The object manager's root for a process: its server silo's root directory when it has one
 * (the hook installed on the ObjectManager, ObpGetSiloRootDirectory).
 */
function PspSiloRootDirectoryOf(process: HandleTableOwner | null): ObjectDirectory | null {
  if (!(process instanceof EPROCESS)) return null;
  return process.ServerSilo?.ServerSiloGlobals?.RootDirectory ?? null;
}

/** PspJobHasChildren: child jobs or processes (the model has no nested jobs, so its processes). */
function PspJobHasChildren(job: EJOB): boolean {
  return job.ActiveProcesses > 0;
}

/**
 * PspCreateSilo (JobObjectCreateSilo, no input): from inside a server silo
 * STATUS_PRIVILEGE_NOT_HELD; a job with children STATUS_JOB_NOT_EMPTY; a silo already
 * STATUS_CONTAINER_ASSIGNED; a job without JOB_OBJECT_LIMIT_SILO_READY or
 * JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE (`LimitFlags & 0x402000`) STATUS_INVALID_PARAMETER — the status
 * a Windows 10 22H2 test without those limits records (public notes, search id 61090628104). The
 * silo's id is its EJOB.JobId, given here from a per-machine counter (the model's choice; real ids
 * are small integers such as the `\Device\Silos\37` of phnt ntioapi.h).
 */
function PspCreateSilo(ps: PsSystem, caller: PsCaller, job: EJOB): NTSTATUS {
  if (PsIsCurrentThreadInServerSilo(caller)) return STATUS.PRIVILEGE_NOT_HELD;
  if (PspJobHasChildren(job)) return STATUS.JOB_NOT_EMPTY;
  if (PsIsSilo(job)) return STATUS.CONTAINER_ASSIGNED;
  // `| 0x2000`: JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE.
  if (!(job.LimitFlags & (JOB_OBJECT_LIMIT_SILO_READY | 0x2000))) return STATUS.INVALID_PARAMETER;
  const state = siloState(ps);
  job.JobFlags |= EJOB_FLAG_SILO;
  if (!job.JobId) job.JobId = state.nextId++;
  return STATUS.SUCCESS;
}

/**
 * JobObjectSiloRootDirectory (set): SeTcbPrivilege, a silo (else STATUS_JOB_NO_CONTAINER), then
 * ObCreateSiloRootDirectory with the control flags. The first silo root installs the object
 * manager's per-process root selection.
 */
function PspSetSiloRootDirectory(ps: PsSystem, job: EJOB, controlFlags: number): NTSTATUS {
  const { ob } = ps.deps;
  const r = ObCreateSiloRootDirectory(ob, job.JobId, controlFlags);
  if (r.status !== STATUS.SUCCESS) return r.status;
  job.SiloRootDirectory = r.directory!;
  job.SiloRootDirectoryName = r.path!;
  ob.siloRootDirectory ??= PspSiloRootDirectoryOf;
  return STATUS.SUCCESS;
}

interface SERVERSILO_INIT_INFORMATION {
  DeleteEvent?: number;
  IsDownlevelContainer?: boolean | number;
}

/**
 * PspConvertSiloToServerSilo (JobObjectServerSiloInitialize): from inside a server silo
 * STATUS_PRIVILEGE_NOT_HELD; the DeleteEvent handle is referenced (EVENT_MODIFY_STATE, an Event);
 * a silo without a root directory fails ObGetSiloRootDirectoryPath — STATUS_NOT_FOUND, the empty
 * silo-context slot's status (Microsoft Learn PsGetSiloContext); a server silo already
 * STATUS_CONTAINER_ASSIGNED; a silo with children STATUS_JOB_NOT_EMPTY; without
 * JOB_OBJECT_LIMIT_SILO_READY STATUS_INVALID_PARAMETER. Then ESERVERSILO_GLOBALS: State INITING,
 * ExitStatus STATUS_PENDING. The silo's own smss and csrss would next make its named-object
 * directories (SmStartServerSilo); the model makes them here, for each session the host has, and
 * gives the silo its registry view (silo-registry.ts).
 */
function PspConvertSiloToServerSilo(
  ps: PsSystem,
  caller: PsCaller,
  job: EJOB,
  info: SERVERSILO_INIT_INFORMATION,
): NTSTATUS {
  const { ob } = ps.deps;
  if (PsIsCurrentThreadInServerSilo(caller)) return STATUS.PRIVILEGE_NOT_HELD;
  const globals = new ESERVERSILO_GLOBALS();
  globals.IsDownlevelContainer = !!info.IsDownlevelContainer;
  // The event is checked as Windows references it; the model does not keep it (it would be
  // signalled when the silo is deleted, which the model does not reach).
  const deleteEvent = Number(info.DeleteEvent ?? 0);
  if (deleteEvent !== 0) {
    const eventType = ob.types.get('EVENT');
    if (!eventType) return STATUS.OBJECT_TYPE_MISMATCH;
    const r = PspReferenceObjectByHandle(ps, caller, deleteEvent, EVENT_MODIFY_STATE, eventType.typeInfo);
    if (r.status !== STATUS.SUCCESS) return r.status;
    ObDereferenceObject(ob, r.header!);
    globals.DeleteEvent = deleteEvent;
  }
  if (!job.SiloRootDirectory) return STATUS.NOT_FOUND;
  if (PsIsServerSilo(job)) return STATUS.CONTAINER_ASSIGNED;
  if (PspJobHasChildren(job)) return STATUS.JOB_NOT_EMPTY;
  if (!(job.LimitFlags & JOB_OBJECT_LIMIT_SILO_READY)) return STATUS.INVALID_PARAMETER;
  globals.address = ob.pool.allocate(0x490, 'SilG');
  globals.SiloRootDirectoryName = job.SiloRootDirectoryName;
  globals.RootDirectory = job.SiloRootDirectory;
  globals.ApiSetSchema = ps.deps.apiSetSchema;
  job.ServerSiloGlobals = globals;
  ObCreateSiloNamedObjectDirectories(
    ob,
    job.SiloRootDirectory!,
    job.SiloRootDirectoryName,
    PspHostSessions(ps),
  );
  PspCreateSiloRegistry(ps, job);
  return STATUS.SUCCESS;
}

/** The sessions the host namespace has (`\Sessions\<n>`), in order. */
function PspHostSessions(ps: PsSystem): number[] {
  const sessions = ps.deps.ob.namespace.root.lookup('Sessions')?.body;
  if (!(sessions instanceof ObjectDirectory)) return [0];
  return sessions
    .list()
    .map((e) => e.name)
    .filter((n) => /^\d+$/.test(n))
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * PspValidateJobAssignmentSiloPolicy (decompiled, id 65640174503), for NtAssignProcessToJobObject
 * of a running process that is in no job: a server silo refuses it (the caller then fails with
 * STATUS_NOT_SUPPORTED, PspAssignProcessToJob's status for a refused policy). A process joins a
 * server silo only as it is created (PS_ATTRIBUTE_JOB_LIST) or by inheriting its parent's job.
 */
export function PspValidateJobAssignmentSiloPolicy(job: EJOB, process: EPROCESS): boolean {
  if (process.Job) return PsGetJobServerSilo(process.Job) === PsGetJobServerSilo(job);
  return !PsIsServerSilo(job);
}

/**
 * Called as a process joins a job (PspAddProcessToJob): EPROCESS.ServerSilo is the job's server
 * silo, and the silo's first process starts it (INITING → STARTED: the model's stand-in for
 * SmStartServerSilo starting the silo's session).
 */
export function PspSetProcessServerSilo(process: EPROCESS, job: EJOB): void {
  const silo = PsGetJobServerSilo(job);
  process.ServerSilo = silo;
  const globals = silo?.ServerSiloGlobals;
  if (globals && globals.State === SERVERSILO_STATE.SERVERSILO_INITING)
    globals.State = SERVERSILO_STATE.SERVERSILO_STARTED;
}

/** Whether `cls` is a silo class this file answers. */
export function PspIsSiloInformationClass(cls: number): boolean {
  return (
    cls === JobObjectCreateSilo ||
    cls === JobObjectSiloBasicInformation ||
    cls === JobObjectSiloRootDirectory ||
    cls === JobObjectServerSiloBasicInformation ||
    cls === JobObjectServerSiloInitialize
  );
}

/**
 * NtSetInformationJobObject's silo classes, on a job the caller referenced with
 * JOB_OBJECT_SET_ATTRIBUTES. Lengths as PspJobInfoLengths: JobObjectCreateSilo takes none,
 * JobObjectSiloRootDirectory a SILOOBJECT_ROOT_DIRECTORY, JobObjectServerSiloInitialize a
 * SERVERSILO_INIT_INFORMATION (or a bare handle); another length STATUS_INFO_LENGTH_MISMATCH. The
 * query-only classes are STATUS_INVALID_INFO_CLASS here. JobObjectSiloRootDirectory and
 * JobObjectServerSiloInitialize need SeTcbPrivilege (STATUS_PRIVILEGE_NOT_HELD) and a silo
 * (STATUS_JOB_NO_CONTAINER).
 */
export function PspSetSiloInformation(
  ps: PsSystem,
  caller: PsCaller,
  job: EJOB,
  cls: number,
  info: unknown,
): NTSTATUS {
  if (cls === JobObjectCreateSilo) return PspCreateSilo(ps, caller, job);
  if (cls !== JobObjectSiloRootDirectory && cls !== JobObjectServerSiloInitialize)
    return STATUS.INVALID_INFO_CLASS;
  const token = caller.process.Token;
  if (!token || !SeSinglePrivilegeCheck(SE_TCB_PRIVILEGE, token, caller.previousMode))
    return STATUS.PRIVILEGE_NOT_HELD;
  if (!PsIsSilo(job)) return STATUS.JOB_NO_CONTAINER;
  if (cls === JobObjectSiloRootDirectory) {
    const flags = typeof info === 'number' ? info : (info as { ControlFlags?: number } | null)?.ControlFlags;
    if (typeof flags !== 'number' || !Number.isFinite(flags)) return STATUS.INVALID_PARAMETER;
    return PspSetSiloRootDirectory(ps, job, flags);
  }
  // A bare HANDLE is the DeleteEvent of the earlier, 8-byte form.
  if (typeof info === 'number') return PspConvertSiloToServerSilo(ps, caller, job, { DeleteEvent: info });
  if (info !== null && info !== undefined && typeof info !== 'object') return STATUS.INVALID_PARAMETER;
  return PspConvertSiloToServerSilo(ps, caller, job, (info ?? {}) as SERVERSILO_INIT_INFORMATION);
}

/** The length a silo class takes, for the caller's INFO_LENGTH_MISMATCH check. */
export function PspSiloInformationLengthOk(cls: number, length: number | undefined, query: boolean): boolean {
  if (length === undefined) return true;
  switch (cls) {
    case JobObjectCreateSilo:
      return !query && length === 0;
    case JobObjectSiloBasicInformation:
      return length === SIZEOF_SILO_BASIC;
    case JobObjectSiloRootDirectory:
      return query ? length >= SIZEOF_SILO_ROOT_DIRECTORY : length === SIZEOF_SILO_ROOT_DIRECTORY;
    case JobObjectServerSiloBasicInformation:
      return length === SIZEOF_SERVERSILO_BASIC;
    case JobObjectServerSiloInitialize:
      return SIZEOF_SERVERSILO_INIT.includes(length);
    default:
      return false;
  }
}

/** SILOOBJECT_BASIC_INFORMATION (1607+). */
export interface SILOOBJECT_BASIC_INFORMATION {
  SiloId: number;
  SiloParentId: number;
  NumberOfProcesses: number;
  IsInServerSilo: boolean;
}
/** SERVERSILO_BASIC_INFORMATION (the scalar members; the schema pointers are not modelled). */
export interface SERVERSILO_BASIC_INFORMATION {
  ServiceSessionId: number;
  State: number;
  ExitStatus: number;
  IsDownlevelContainer: boolean;
}
/** SILOOBJECT_ROOT_DIRECTORY as queried: its Path. */
export interface SILOOBJECT_ROOT_DIRECTORY {
  Path: string;
}
export type SiloInformation =
  SILOOBJECT_BASIC_INFORMATION | SERVERSILO_BASIC_INFORMATION | SILOOBJECT_ROOT_DIRECTORY;

/**
 * NtQueryInformationJobObject's silo classes (decompiled, id 65685812766):
 * JobObjectSiloBasicInformation of a job that is not a silo, JobObjectSiloRootDirectory of one in no
 * silo and JobObjectServerSiloBasicInformation of one in the host silo are STATUS_JOB_NO_CONTAINER;
 * a silo without a root directory STATUS_NOT_FOUND. The root directory is a UNICODE_STRING whose
 * buffer follows it: a buffer under 0x10 + its bytes is STATUS_BUFFER_TOO_SMALL. ServiceSessionId
 * is 0: the model's silos run in no session of their own.
 */
export function PspQuerySiloInformation(
  job: EJOB,
  cls: number,
  length: number | undefined,
): { status: NTSTATUS; info?: SiloInformation; size?: number } {
  if (cls === JobObjectSiloBasicInformation) {
    if (!PsIsSilo(job)) return { status: STATUS.JOB_NO_CONTAINER };
    return {
      status: STATUS.SUCCESS,
      info: {
        SiloId: job.JobId,
        SiloParentId: 0,
        NumberOfProcesses: job.ActiveProcesses,
        IsInServerSilo: PsIsServerSilo(job),
      },
      size: SIZEOF_SILO_BASIC,
    };
  }
  if (cls === JobObjectSiloRootDirectory) {
    if (!PsIsSilo(job)) return { status: STATUS.JOB_NO_CONTAINER };
    if (!job.SiloRootDirectory) return { status: STATUS.NOT_FOUND };
    const size = SIZEOF_SILO_ROOT_DIRECTORY + job.SiloRootDirectoryName.length * 2;
    if (length !== undefined && length < size) return { status: STATUS.BUFFER_TOO_SMALL, size };
    return { status: STATUS.SUCCESS, info: { Path: job.SiloRootDirectoryName }, size };
  }
  if (cls === JobObjectServerSiloBasicInformation) {
    const silo = PsGetJobServerSilo(job);
    if (!silo) return { status: STATUS.JOB_NO_CONTAINER };
    const g = silo.ServerSiloGlobals!;
    return {
      status: STATUS.SUCCESS,
      info: {
        ServiceSessionId: 0,
        State: g.State,
        ExitStatus: g.ExitStatus,
        IsDownlevelContainer: g.IsDownlevelContainer,
      },
      size: SIZEOF_SERVERSILO_BASIC,
    };
  }
  return { status: STATUS.INVALID_INFO_CLASS };
}
