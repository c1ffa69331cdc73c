import {
  AssignProcessToJobObject,
  CreateJobObjectW,
  OpenJobObjectW,
  QueryInformationJobObject,
  SetInformationJobObject,
} from '../../kernelbase/index.js';
import {
  SILO_OBJECT_ROOT_DIRECTORY_INITIALIZE,
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES,
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_ROOT,
} from '../../kernel/ob/index.js';
import {
  JOB_OBJECT_ALL_ACCESS,
  JOB_OBJECT_ASSIGN_PROCESS,
  JOB_OBJECT_IMPERSONATE,
  JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
  JOB_OBJECT_LIMIT_AFFINITY,
  JOB_OBJECT_LIMIT_BREAKAWAY_OK,
  JOB_OBJECT_LIMIT_JOB_TIME,
  JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
  JOB_OBJECT_LIMIT_PRESERVE_JOB_TIME,
  JOB_OBJECT_LIMIT_PRIORITY_CLASS,
  JOB_OBJECT_LIMIT_PROCESS_TIME,
  JOB_OBJECT_LIMIT_SCHEDULING_CLASS,
  JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK,
  JOB_OBJECT_LIMIT_SILO_READY,
  JOB_OBJECT_LIMIT_WORKINGSET,
  JOB_OBJECT_QUERY,
  JOB_OBJECT_SET_ATTRIBUTES,
  JOB_OBJECT_SET_SECURITY_ATTRIBUTES,
  JOB_OBJECT_TERMINATE,
  JOBOBJECTINFOCLASS,
} from '../../kernel/ps/index.js';
import { flagsValue } from './args.js';
import type { CallDef } from './calls.js';
import { handleArg, opt, win32 } from './outcome.js';

/** Job access rights by their winnt.h names (the model's own constants). */
export const JOB_ACCESS: Readonly<Record<string, number>> = {
  JOB_OBJECT_ASSIGN_PROCESS,
  JOB_OBJECT_SET_ATTRIBUTES,
  JOB_OBJECT_QUERY,
  JOB_OBJECT_TERMINATE,
  JOB_OBJECT_SET_SECURITY_ATTRIBUTES,
  JOB_OBJECT_IMPERSONATE,
  JOB_OBJECT_ALL_ACCESS,
};

/** JOBOBJECTINFOCLASS names (winnt.h / phnt) the model answers. */
export const JOB_INFO_CLASSES: Readonly<Record<string, number>> = JOBOBJECTINFOCLASS;

/** The flag words a job structure may hold by name: LimitFlags and SILOOBJECT_ROOT_DIRECTORY.ControlFlags. */
const LIMIT_FLAGS: Readonly<Record<string, number>> = {
  JOB_OBJECT_LIMIT_WORKINGSET,
  JOB_OBJECT_LIMIT_PROCESS_TIME,
  JOB_OBJECT_LIMIT_JOB_TIME,
  JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
  JOB_OBJECT_LIMIT_AFFINITY,
  JOB_OBJECT_LIMIT_PRIORITY_CLASS,
  JOB_OBJECT_LIMIT_PRESERVE_JOB_TIME,
  JOB_OBJECT_LIMIT_SCHEDULING_CLASS,
  JOB_OBJECT_LIMIT_BREAKAWAY_OK,
  JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK,
  JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
  JOB_OBJECT_LIMIT_SILO_READY,
};
const CONTROL_FLAGS: Readonly<Record<string, number>> = {
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_ROOT,
  SILO_OBJECT_ROOT_DIRECTORY_INITIALIZE,
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES,
};
const FLAG_FIELDS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  LimitFlags: LIMIT_FLAGS,
  ControlFlags: CONTROL_FLAGS,
};

/** A job information structure as a step gives it: flag words by name, handles as `0x…`. */
function structure(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(structure);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => {
      const table = FLAG_FIELDS[k];
      if (table && (Array.isArray(x) || typeof x === 'string')) return [k, flagsValue(x, table)];
      if (k === 'DeleteEvent') return [k, handleArg(x)];
      return [k, structure(x)];
    }),
  );
}

const infoClass = (v: unknown): number => flagsValue(v, JOB_INFO_CLASSES);

/** The job calls a scenario can make (kernelbase over NtCreateJobObject and its siblings). */
export const JOB_CALLS: Readonly<Record<string, CallDef>> = {
  CreateJobObjectW: {
    args: {
      jobAttributes: opt({ kind: 'any' }),
      name: { kind: 'string', nullable: true },
    },
    run: (e, a) => {
      const inherit =
        (a.jobAttributes as { inheritHandle?: boolean } | null | undefined)?.inheritHandle === true;
      const r = CreateJobObjectW(e.ctx, inherit, (a.name as string | null) ?? null);
      return win32(r, 'handle');
    },
  },
  OpenJobObjectW: {
    args: {
      desiredAccess: { kind: 'flags', table: JOB_ACCESS, what: 'access right' },
      inheritHandle: opt({ kind: 'bool' }),
      name: { kind: 'string' },
    },
    run: (e, a) =>
      win32(
        OpenJobObjectW(
          e.ctx,
          flagsValue(a.desiredAccess, JOB_ACCESS),
          a.inheritHandle === true,
          String(a.name),
        ),
        'handle',
      ),
  },
  AssignProcessToJobObject: {
    args: { job: { kind: 'handle' }, process: { kind: 'handle' } },
    run: (e, a) => win32(AssignProcessToJobObject(e.ctx, handleArg(a.job), handleArg(a.process)), 'bool'),
  },
  SetInformationJobObject: {
    args: {
      job: { kind: 'handle' },
      jobObjectInformationClass: { kind: 'flags', table: JOB_INFO_CLASSES, what: 'information class' },
      jobObjectInformation: opt({ kind: 'any' }),
      jobObjectInformationLength: opt({ kind: 'int' }),
    },
    run: (e, a) =>
      win32(
        SetInformationJobObject(
          e.ctx,
          handleArg(a.job),
          infoClass(a.jobObjectInformationClass),
          structure(a.jobObjectInformation ?? null),
          a.jobObjectInformationLength === undefined ? undefined : Number(a.jobObjectInformationLength),
        ),
        'bool',
      ),
  },
  QueryInformationJobObject: {
    args: {
      job: { kind: 'handle' },
      jobObjectInformationClass: { kind: 'flags', table: JOB_INFO_CLASSES, what: 'information class' },
      jobObjectInformationLength: opt({ kind: 'int' }),
    },
    run: (e, a) => {
      const r = QueryInformationJobObject(
        e.ctx,
        handleArg(a.job),
        infoClass(a.jobObjectInformationClass),
        a.jobObjectInformationLength === undefined ? undefined : Number(a.jobObjectInformationLength),
      );
      return win32(
        r,
        'bool',
        r.returnValue ? { jobObjectInformation: r.information, returnLength: r.returnLength } : undefined,
      );
    },
  },
};
