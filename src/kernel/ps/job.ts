import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ObCreateObject,
  ObDereferenceObject,
  ObInsertObject,
  ObReferenceObject,
  type ObjectDirectory,
  type ObjectHeader,
} from '../ob/index.js';
import { PROCESS_SET_QUOTA, PROCESS_TERMINATE } from '../se/index.js';
import type { PsCaller } from './caller.js';
import {
  PspOpenObjectByAttributes,
  PspReferenceObjectByHandle,
  type OBJECT_ATTRIBUTES,
} from './object-attributes.js';
import { PspReferenceProcessByHandle } from './handles.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';
import {
  JOB_OBJECT_LIMIT_SILO_READY,
  JobObjectCreateSilo,
  JobObjectServerSiloBasicInformation,
  JobObjectServerSiloInitialize,
  JobObjectSiloBasicInformation,
  JobObjectSiloRootDirectory,
  PspIsSiloInformationClass,
  PspQuerySiloInformation,
  PspSetProcessServerSilo,
  PspSetSiloInformation,
  PspSiloInformationLengthOk,
  PspValidateJobAssignmentSiloPolicy,
  type ESERVERSILO_GLOBALS,
  type SiloInformation,
} from './silo.js';

// Job object access rights (winnt.h; Microsoft Learn "Job Object Security and Access Rights").
export const JOB_OBJECT_ASSIGN_PROCESS = 0x0001;
export const JOB_OBJECT_SET_ATTRIBUTES = 0x0002;
export const JOB_OBJECT_QUERY = 0x0004;
export const JOB_OBJECT_TERMINATE = 0x0008;
export const JOB_OBJECT_SET_SECURITY_ATTRIBUTES = 0x0010;
export const JOB_OBJECT_IMPERSONATE = 0x0020;
export const JOB_OBJECT_ALL_ACCESS = 0x001f001f;

/** The Job type's GENERIC_MAPPING (winnt.h rights; read = QUERY, write = ASSIGN|SET_ATTRIBUTES|TERMINATE). */
export const PspJobMapping = {
  GenericRead: 0x00020000 | JOB_OBJECT_QUERY,
  GenericWrite: 0x00020000 | JOB_OBJECT_ASSIGN_PROCESS | JOB_OBJECT_SET_ATTRIBUTES | JOB_OBJECT_TERMINATE,
  GenericExecute: 0x00020000 | 0x00100000,
  GenericAll: JOB_OBJECT_ALL_ACCESS,
};

// JOBOBJECT_BASIC_LIMIT_INFORMATION.LimitFlags (winnt.h).
export const JOB_OBJECT_LIMIT_WORKINGSET = 0x1;
export const JOB_OBJECT_LIMIT_PROCESS_TIME = 0x2;
export const JOB_OBJECT_LIMIT_JOB_TIME = 0x4;
export const JOB_OBJECT_LIMIT_ACTIVE_PROCESS = 0x8;
export const JOB_OBJECT_LIMIT_AFFINITY = 0x10;
export const JOB_OBJECT_LIMIT_PRIORITY_CLASS = 0x20;
export const JOB_OBJECT_LIMIT_PRESERVE_JOB_TIME = 0x40;
export const JOB_OBJECT_LIMIT_SCHEDULING_CLASS = 0x80;
export const JOB_OBJECT_LIMIT_BREAKAWAY_OK = 0x800;
export const JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK = 0x1000;
export const JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000;
/** winnt.h JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS and JOB_OBJECT_EXTENDED_LIMIT_VALID_FLAGS. */
export const JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS = 0x000000ff;
export const JOB_OBJECT_EXTENDED_LIMIT_VALID_FLAGS = 0x00007fff;

/** JOBOBJECTINFOCLASS (winnt.h; phnt ntpsapi.h) — the classes the model answers. */
export const JOBOBJECTINFOCLASS = {
  JobObjectBasicAccountingInformation: 1,
  JobObjectBasicLimitInformation: 2,
  JobObjectExtendedLimitInformation: 9,
  // The silo classes (silo.ts).
  JobObjectCreateSilo,
  JobObjectSiloBasicInformation,
  JobObjectSiloRootDirectory,
  JobObjectServerSiloBasicInformation,
  JobObjectServerSiloInitialize,
} as const;

/** x64 sizes: JOBOBJECT_BASIC_ACCOUNTING_INFORMATION, _BASIC_LIMIT_, _EXTENDED_LIMIT_. */
const SIZEOF_BASIC_ACCOUNTING = 0x30;
const SIZEOF_BASIC_LIMIT = 0x40;
const SIZEOF_EXTENDED_LIMIT = 0x90;

/** JOBOBJECT_BASIC_LIMIT_INFORMATION (the fields the model keeps; the others are stored as given). */
export interface JOBOBJECT_BASIC_LIMIT_INFORMATION {
  PerProcessUserTimeLimit?: bigint;
  PerJobUserTimeLimit?: bigint;
  LimitFlags: number;
  MinimumWorkingSetSize?: number;
  MaximumWorkingSetSize?: number;
  ActiveProcessLimit?: number;
  Affinity?: number;
  PriorityClass?: number;
  SchedulingClass?: number;
}

/** JOBOBJECT_EXTENDED_LIMIT_INFORMATION: the basic limits and the memory limits. */
export interface JOBOBJECT_EXTENDED_LIMIT_INFORMATION {
  BasicLimitInformation: JOBOBJECT_BASIC_LIMIT_INFORMATION;
  ProcessMemoryLimit?: number;
  JobMemoryLimit?: number;
  PeakProcessMemoryUsed?: number;
  PeakJobMemoryUsed?: number;
}

/** JOBOBJECT_BASIC_ACCOUNTING_INFORMATION (times are 0: the model does not run threads). */
export interface JOBOBJECT_BASIC_ACCOUNTING_INFORMATION {
  TotalUserTime: bigint;
  TotalKernelTime: bigint;
  ThisPeriodTotalUserTime: bigint;
  ThisPeriodTotalKernelTime: bigint;
  TotalPageFaultCount: number;
  TotalProcesses: number;
  ActiveProcesses: number;
  TotalTerminatedProcesses: number;
}

/**
 * EJOB (Windows Internals 7, ch. 3 "Jobs"): the processes in the job (JobLinks/ProcessListHead),
 * the limits, and the accounting; a silo's fields (silo.ts). Nested jobs (Windows 8+: ParentJob)
 * are not modelled: a process is in at most one job here.
 */
export class EJOB {
  header: ObjectHeader<EJOB> | null = null;
  /** EJOB.JobId (@0x4d4, reference §9): the silo id, given when the job becomes a silo. */
  JobId = 0;
  /** EJOB.JobFlags (@0x528): the model sets bit 30, Silo (EJOB_FLAG_SILO). */
  JobFlags = 0;
  /** EJOB.ServerSiloGlobals (@0x4f8): set when the silo becomes a server silo. */
  ServerSiloGlobals: ESERVERSILO_GLOBALS | null = null;
  /** The silo's root object directory and its name (`\Silos\<JobId>`), once made. */
  SiloRootDirectory: ObjectDirectory | null = null;
  SiloRootDirectoryName = '';
  /** ProcessListHead: processes assigned to the job whose objects still exist. */
  readonly ProcessListHead: EPROCESS[] = [];
  /** TotalProcesses: every process ever assigned. */
  TotalProcesses = 0;
  /** TotalTerminatedProcesses: processes terminated for a limit violation (none in the model). */
  TotalTerminatedProcesses = 0;
  LimitFlags = 0;
  ActiveProcessLimit = 0;
  limits: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = { BasicLimitInformation: { LimitFlags: 0 } };
  /** ActiveProcesses: processes of the job that have not exited. */
  get ActiveProcesses(): number {
    let n = 0;
    for (const p of this.ProcessListHead) if (!p.exited) n++;
    return n;
  }
}

/**
 * May one more process join `job`? JOB_OBJECT_LIMIT_ACTIVE_PROCESS: CreateProcess then fails with
 * ERROR_NOT_ENOUGH_QUOTA (STATUS_QUOTA_EXCEEDED; Microsoft Learn JOBOBJECT_BASIC_LIMIT_INFORMATION:
 * "If you try to associate a process with a job, and this causes the active process count to
 * exceed this limit, the process is terminated and the association fails").
 */
export function PspCheckJobLimits(job: EJOB): NTSTATUS {
  if (job.LimitFlags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS && job.ActiveProcesses >= job.ActiveProcessLimit)
    return STATUS.QUOTA_EXCEEDED;
  return STATUS.SUCCESS;
}

/**
 * PspAddProcessToJob: EPROCESS.Job takes a reference on the job (dropped when the process object is
 * deleted, PspProcessDelete → PspRemoveProcessFromJob); the process joins ProcessListHead.
 */
export function PspAddProcessToJob(process: EPROCESS, job: EJOB): void {
  ObReferenceObject(job.header!);
  process.Job = job;
  job.ProcessListHead.push(process);
  job.TotalProcesses++;
  PspSetProcessServerSilo(process, job);
}

/**
 * The job a new process inherits from its parent (WRK ps/create.c PspCreateProcess; Microsoft Learn
 * "Job Objects"): the parent's — for a process in a server silo, its silo — unless
 * PROCESS_CREATE_FLAGS_BREAKAWAY leaves it, which needs JOB_OBJECT_LIMIT_BREAKAWAY_OK (else
 * STATUS_ACCESS_DENIED), or JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK lets every child go; a job at its
 * active-process limit is STATUS_QUOTA_EXCEEDED. (NtCreateUserProcess applies the same rules in
 * create-process.ts with its PS_ATTRIBUTE_JOB_LIST.)
 */
export function PspInheritParentJob(
  parent: EPROCESS,
  breakaway: boolean,
): { status: NTSTATUS; job: EJOB | null } {
  const job = parent.Job;
  if (!job || job.LimitFlags & JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK)
    return { status: STATUS.SUCCESS, job: null };
  if (breakaway)
    return job.LimitFlags & JOB_OBJECT_LIMIT_BREAKAWAY_OK
      ? { status: STATUS.SUCCESS, job: null }
      : { status: STATUS.ACCESS_DENIED, job: null };
  const limit = PspCheckJobLimits(job);
  return limit === STATUS.SUCCESS ? { status: limit, job } : { status: limit, job: null };
}

/** At process deletion: off the job's list, and the job's reference goes. */
export function PspRemoveProcessFromJob(ps: PsSystem, process: EPROCESS): void {
  const job = process.Job;
  if (!job) return;
  process.Job = null;
  const at = job.ProcessListHead.indexOf(process);
  if (at >= 0) job.ProcessListHead.splice(at, 1);
  if (job.header && !job.header.deleted) ObDereferenceObject(ps.deps.ob, job.header);
}

/** A job handle of the caller, referenced (JOB_OBJECT_* rights in `desiredAccess`). */
export function PspReferenceJobByHandle(
  ps: PsSystem,
  caller: PsCaller,
  handle: number,
  desiredAccess: number,
): { status: NTSTATUS; job?: EJOB; header?: ObjectHeader } {
  const r = PspReferenceObjectByHandle<EJOB>(ps, caller, handle, desiredAccess, ps.jobType.typeInfo);
  return r.object ? { status: r.status, job: r.object, header: r.header! } : { status: r.status };
}

export interface NtCreateJobObjectParameters {
  DesiredAccess: number;
  ObjectAttributes?: { ObjectName?: string | null; Attributes?: number } | null;
}

/**
 * NtCreateJobObject (phnt ntpsapi.h; Microsoft Learn CreateJobObjectW): an empty job, named when
 * ObjectAttributes names it. The model gives it no security descriptor (every opener is granted
 * what it asks), as no DACL inheritance from \BaseNamedObjects is modelled yet.
 */
export function NtCreateJobObject(
  ps: PsSystem,
  caller: PsCaller,
  p: NtCreateJobObjectParameters,
): { status: NTSTATUS; JobHandle?: number } {
  const { ob, trace } = ps.deps;
  const r = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateJobObject',
      channel: 'ps',
      args: { DesiredAccess: p.DesiredAccess, name: p.ObjectAttributes?.ObjectName ?? null },
    },
    (): { status: NTSTATUS; value?: number } => {
      const job = new EJOB();
      const obj = ObCreateObject(ob, {
        type: ps.jobType.typeInfo,
        body: job,
        name: p.ObjectAttributes?.ObjectName ?? null,
        attributes: p.ObjectAttributes?.Attributes ?? 0,
        accessMode: caller.previousMode,
      });
      if (!obj.object) return { status: obj.status };
      job.header = obj.object as ObjectHeader<EJOB>;
      const ins = ObInsertObject(ob, obj.object, {
        desiredAccess: p.DesiredAccess,
        process: caller.process,
        accessMode: caller.previousMode,
      });
      // OBJ_OPENIF on an existing job: STATUS_OBJECT_NAME_EXISTS with a handle to it (ObInsertObject).
      if (ins.handle === undefined) return { status: ins.status };
      return { status: ins.status, value: ins.handle };
    },
  );
  return r.value !== undefined ? { status: r.status, JobHandle: r.value } : { status: r.status };
}

/**
 * NtOpenJobObject (WRK ps/psjob.c; Microsoft Learn OpenJobObjectW): the job OBJECT_ATTRIBUTES
 * names, opened by name as the other open services (PspOpenObjectByAttributes) — so from inside a
 * server silo the name is looked up from the silo's root directory.
 */
export function NtOpenJobObject(
  ps: PsSystem,
  caller: PsCaller,
  p: { DesiredAccess: number; ObjectAttributes?: OBJECT_ATTRIBUTES | null },
): { status: NTSTATUS; JobHandle?: number } {
  const r = PspOpenObjectByAttributes(ps, caller, 'NtOpenJobObject', 'ps', ps.jobType.typeInfo, p);
  return r.handle !== undefined ? { status: r.status, JobHandle: r.handle } : { status: r.status };
}

/**
 * NtAssignProcessToJobObject (Microsoft Learn AssignProcessToJobObject): JOB_OBJECT_ASSIGN_PROCESS
 * on the job, PROCESS_SET_QUOTA | PROCESS_TERMINATE on the process. A process that has exited is
 * STATUS_PROCESS_IS_TERMINATING. A process already in a job: Windows 8 and later nest the jobs when
 * compatible; the model keeps the Windows 7 rule ("If the process is already associated with a
 * job, … the function fails with ERROR_ACCESS_DENIED"), for the same job too — STATUS_ACCESS_DENIED.
 * Over the active-process limit: STATUS_QUOTA_EXCEEDED (Windows also terminates the process; the
 * model leaves it running). A running process cannot join a server silo: STATUS_NOT_SUPPORTED
 * (PspValidateJobAssignmentSiloPolicy, silo.ts).
 */
export function NtAssignProcessToJobObject(
  ps: PsSystem,
  caller: PsCaller,
  JobHandle: number,
  ProcessHandle: number,
): NTSTATUS {
  const { ob, trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtAssignProcessToJobObject',
      channel: 'ps',
      args: { JobHandle, ProcessHandle },
    },
    () => {
      const j = PspReferenceJobByHandle(ps, caller, JobHandle, JOB_OBJECT_ASSIGN_PROCESS);
      if (j.status !== STATUS.SUCCESS) return { status: j.status };
      const pr = PspReferenceProcessByHandle(
        ps,
        caller,
        ProcessHandle,
        PROCESS_SET_QUOTA | PROCESS_TERMINATE,
      );
      if (pr.status !== STATUS.SUCCESS) {
        ObDereferenceObject(ob, j.header!);
        return { status: pr.status };
      }
      const process = pr.object!;
      let status: NTSTATUS = STATUS.SUCCESS;
      if (process.exited) status = STATUS.PROCESS_IS_TERMINATING;
      else if (process.Job) status = STATUS.ACCESS_DENIED;
      else if (!PspValidateJobAssignmentSiloPolicy(j.job!, process)) status = STATUS.NOT_SUPPORTED;
      else status = PspCheckJobLimits(j.job!);
      if (status === STATUS.SUCCESS) PspAddProcessToJob(process, j.job!);
      ObDereferenceObject(ob, pr.header!);
      ObDereferenceObject(ob, j.header!);
      return { status };
    },
  ).status;
}

export interface NtJobInformationParameters {
  JobHandle: number;
  JobObjectInformationClass: number;
  JobObjectInformation?: unknown;
  JobObjectInformationLength?: number;
}

function sizeOfClass(cls: number): number | undefined {
  if (cls === JOBOBJECTINFOCLASS.JobObjectBasicAccountingInformation) return SIZEOF_BASIC_ACCOUNTING;
  if (cls === JOBOBJECTINFOCLASS.JobObjectBasicLimitInformation) return SIZEOF_BASIC_LIMIT;
  if (cls === JOBOBJECTINFOCLASS.JobObjectExtendedLimitInformation) return SIZEOF_EXTENDED_LIMIT;
  return undefined;
}

/**
 * NtSetInformationJobObject (Microsoft Learn SetInformationJobObject) for the limit classes:
 * JOB_OBJECT_SET_ATTRIBUTES on the job; a LimitFlags bit outside the class's valid flags
 * (JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS, or _EXTENDED_ for JobObjectExtendedLimitInformation — the
 * breakaway flags are extended ones) is STATUS_INVALID_PARAMETER; other classes
 * STATUS_INVALID_INFO_CLASS, a wrong length STATUS_INFO_LENGTH_MISMATCH. The limits are stored;
 * only JOB_OBJECT_LIMIT_ACTIVE_PROCESS and the breakaway flags are enforced.
 */
export function NtSetInformationJobObject(
  ps: PsSystem,
  caller: PsCaller,
  p: NtJobInformationParameters,
): NTSTATUS {
  const { ob, trace } = ps.deps;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtSetInformationJobObject',
      channel: 'ps',
      args: { JobHandle: p.JobHandle, JobObjectInformationClass: p.JobObjectInformationClass },
    },
    () => {
      const cls = p.JobObjectInformationClass;
      if (PspIsSiloInformationClass(cls)) return { status: PspSetSiloClass(ps, caller, p) };
      const basic = cls === JOBOBJECTINFOCLASS.JobObjectBasicLimitInformation;
      if (!basic && cls !== JOBOBJECTINFOCLASS.JobObjectExtendedLimitInformation)
        return { status: STATUS.INVALID_INFO_CLASS };
      const length = p.JobObjectInformationLength;
      if (length !== undefined && length !== sizeOfClass(cls)) return { status: STATUS.INFO_LENGTH_MISMATCH };
      const info = p.JobObjectInformation as
        JOBOBJECT_BASIC_LIMIT_INFORMATION | JOBOBJECT_EXTENDED_LIMIT_INFORMATION | undefined;
      if (!info || typeof info !== 'object') return { status: STATUS.INVALID_PARAMETER };
      const ext: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = basic
        ? { BasicLimitInformation: { ...(info as JOBOBJECT_BASIC_LIMIT_INFORMATION) } }
        : { ...(info as JOBOBJECT_EXTENDED_LIMIT_INFORMATION) };
      const limits = ext.BasicLimitInformation;
      if (!limits) return { status: STATUS.INVALID_PARAMETER };
      // The extended class also takes JOB_OBJECT_LIMIT_SILO_READY, which a container manager sets
      // before JobObjectCreateSilo (NtApiDotNet NtJob.InitializeSilo; KexecDDPlus ServerSilo).
      const valid = basic
        ? JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS
        : JOB_OBJECT_EXTENDED_LIMIT_VALID_FLAGS | JOB_OBJECT_LIMIT_SILO_READY;
      const flags = Number(limits.LimitFlags ?? 0) >>> 0;
      if (flags & ~valid) return { status: STATUS.INVALID_PARAMETER };
      const j = PspReferenceJobByHandle(ps, caller, p.JobHandle, JOB_OBJECT_SET_ATTRIBUTES);
      if (j.status !== STATUS.SUCCESS) return { status: j.status };
      const job = j.job!;
      // The basic class leaves the extended flags as they were (winnt.h: they are set only by the
      // extended class).
      job.LimitFlags = basic ? (job.LimitFlags & ~JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS) | flags : flags;
      job.ActiveProcessLimit =
        flags & JOB_OBJECT_LIMIT_ACTIVE_PROCESS ? Number(limits.ActiveProcessLimit ?? 0) >>> 0 : 0;
      job.limits = basic
        ? { ...job.limits, BasicLimitInformation: { ...limits, LimitFlags: job.LimitFlags } }
        : { ...ext, BasicLimitInformation: { ...limits, LimitFlags: job.LimitFlags } };
      ObDereferenceObject(ob, j.header!);
      return { status: STATUS.SUCCESS };
    },
  ).status;
}

export type JobInformation =
  | JOBOBJECT_BASIC_ACCOUNTING_INFORMATION
  | JOBOBJECT_BASIC_LIMIT_INFORMATION
  | JOBOBJECT_EXTENDED_LIMIT_INFORMATION
  | SiloInformation;

/**
 * NtSetInformationJobObject's silo classes (silo.ts): the query-only ones are
 * STATUS_INVALID_INFO_CLASS, a wrong length STATUS_INFO_LENGTH_MISMATCH, then the job handle with
 * JOB_OBJECT_SET_ATTRIBUTES (as for every class but the security limits, decompiled ntoskrnl).
 */
function PspSetSiloClass(ps: PsSystem, caller: PsCaller, p: NtJobInformationParameters): NTSTATUS {
  const cls = p.JobObjectInformationClass;
  if (cls === JobObjectSiloBasicInformation || cls === JobObjectServerSiloBasicInformation)
    return STATUS.INVALID_INFO_CLASS;
  if (!PspSiloInformationLengthOk(cls, p.JobObjectInformationLength, false))
    return STATUS.INFO_LENGTH_MISMATCH;
  const j = PspReferenceJobByHandle(ps, caller, p.JobHandle, JOB_OBJECT_SET_ATTRIBUTES);
  if (j.status !== STATUS.SUCCESS) return j.status;
  const status = PspSetSiloInformation(ps, caller, j.job!, cls, p.JobObjectInformation);
  ObDereferenceObject(ps.deps.ob, j.header!);
  return status;
}

/** NtQueryInformationJobObject's silo classes (silo.ts), with JOB_OBJECT_QUERY on the job. */
function PspQuerySiloClass(
  ps: PsSystem,
  caller: PsCaller,
  p: NtJobInformationParameters,
): { status: NTSTATUS; value?: { info: JobInformation; size: number } } {
  const cls = p.JobObjectInformationClass;
  if (cls === JobObjectCreateSilo || cls === JobObjectServerSiloInitialize)
    return { status: STATUS.INVALID_INFO_CLASS };
  if (!PspSiloInformationLengthOk(cls, p.JobObjectInformationLength, true))
    return { status: STATUS.INFO_LENGTH_MISMATCH };
  const j = PspReferenceJobByHandle(ps, caller, p.JobHandle, JOB_OBJECT_QUERY);
  if (j.status !== STATUS.SUCCESS) return { status: j.status };
  const r = PspQuerySiloInformation(j.job!, cls, p.JobObjectInformationLength);
  ObDereferenceObject(ps.deps.ob, j.header!);
  return r.info ? { status: r.status, value: { info: r.info, size: r.size! } } : { status: r.status };
}

/**
 * NtQueryInformationJobObject (Microsoft Learn QueryInformationJobObject): JOB_OBJECT_QUERY on the
 * job; JobObjectBasicAccountingInformation (ActiveProcesses, TotalProcesses), and the limit
 * classes as they were set.
 */
export function NtQueryInformationJobObject(
  ps: PsSystem,
  caller: PsCaller,
  p: NtJobInformationParameters,
): { status: NTSTATUS; JobObjectInformation?: JobInformation; ReturnLength?: number } {
  const { ob, trace } = ps.deps;
  const r = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtQueryInformationJobObject',
      channel: 'ps',
      args: { JobHandle: p.JobHandle, JobObjectInformationClass: p.JobObjectInformationClass },
    },
    (): { status: NTSTATUS; value?: { info: JobInformation; size: number } } => {
      const cls = p.JobObjectInformationClass;
      if (PspIsSiloInformationClass(cls)) return PspQuerySiloClass(ps, caller, p);
      const size = sizeOfClass(cls);
      if (size === undefined) return { status: STATUS.INVALID_INFO_CLASS };
      const length = p.JobObjectInformationLength;
      if (length !== undefined && length !== size) return { status: STATUS.INFO_LENGTH_MISMATCH };
      const j = PspReferenceJobByHandle(ps, caller, p.JobHandle, JOB_OBJECT_QUERY);
      if (j.status !== STATUS.SUCCESS) return { status: j.status };
      const job = j.job!;
      let info: JobInformation;
      if (cls === JOBOBJECTINFOCLASS.JobObjectBasicAccountingInformation)
        info = {
          TotalUserTime: 0n,
          TotalKernelTime: 0n,
          ThisPeriodTotalUserTime: 0n,
          ThisPeriodTotalKernelTime: 0n,
          TotalPageFaultCount: 0,
          TotalProcesses: job.TotalProcesses,
          ActiveProcesses: job.ActiveProcesses,
          TotalTerminatedProcesses: job.TotalTerminatedProcesses,
        };
      else if (cls === JOBOBJECTINFOCLASS.JobObjectBasicLimitInformation)
        info = {
          ...job.limits.BasicLimitInformation,
          LimitFlags: job.LimitFlags & JOB_OBJECT_BASIC_LIMIT_VALID_FLAGS,
        };
      else info = { ...job.limits, BasicLimitInformation: { ...job.limits.BasicLimitInformation } };
      ObDereferenceObject(ob, j.header!);
      return { status: STATUS.SUCCESS, value: { info, size } };
    },
  );
  return r.value
    ? { status: r.status, JobObjectInformation: r.value.info, ReturnLength: r.value.size }
    : { status: r.status };
}
