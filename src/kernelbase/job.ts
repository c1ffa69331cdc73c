import { ERROR, resolveField, STATUS } from '../base/index.js';
import { RtlGetCurrentPeb, type UserThreadContext } from '../ntdll/index.js';
import type { Win32Result } from './loader.js';
import { failed, failedWin32, ok } from './process/result.js';

const OBJ_INHERIT = 0x2;
const OBJ_OPENIF = 0x80;
const OBJ_CASE_INSENSITIVE = 0x40;
/** JOB_OBJECT_ALL_ACCESS (winnt.h): what CreateJobObjectW asks for. */
const JOB_OBJECT_ALL_ACCESS = 0x1f001f;

/**
 * BaseFormatObjectAttributes with BaseGetNamedObjectDirectory's directory: a Win32 object name
 * lives in the caller's session's named-object directory — `\Sessions\<n>\BaseNamedObjects`, or
 * `\BaseNamedObjects` in session 0 (BASE_STATIC_SERVER_DATA.NamedObjectDirectory, Windows
 * Internals 7 ch. 8 "Session namespace"). The model names it by path (PEB.SessionId) instead of
 * by a RootDirectory handle; `Global\`, `Local\` and `Session\` are that directory's links.
 */
function BaseNamedObjectPath(ctx: UserThreadContext, name: string): string {
  const peb = RtlGetCurrentPeb(ctx);
  const sessionId = ctx.memory.u32(peb + resolveField(ctx.layout, '_PEB', 'SessionId').offset);
  const dir = sessionId === 0 ? '\\BaseNamedObjects' : `\\Sessions\\${sessionId}\\BaseNamedObjects`;
  return `${dir}\\${name}`;
}

/**
 * CreateJobObjectW (Microsoft Learn): NtCreateJobObject(JOB_OBJECT_ALL_ACCESS) with OBJ_OPENIF for a
 * name; an existing job of that name is opened and the last error is ERROR_ALREADY_EXISTS.
 * lpJobAttributes' bInheritHandle becomes OBJ_INHERIT (its descriptor is not modelled).
 */
export function CreateJobObjectW(
  ctx: UserThreadContext,
  inheritHandle: boolean,
  name: string | null,
): Win32Result {
  const attributes = (inheritHandle ? OBJ_INHERIT : 0) | (name ? OBJ_OPENIF | OBJ_CASE_INSENSITIVE : 0);
  const r = ctx.nt.NtCreateJobObject({
    DesiredAccess: JOB_OBJECT_ALL_ACCESS,
    ObjectAttributes: { ObjectName: name ? BaseNamedObjectPath(ctx, name) : null, Attributes: attributes },
  });
  const handle = Number((r.out as { JobHandle?: number } | undefined)?.JobHandle ?? 0);
  if (r.status === STATUS.OBJECT_NAME_EXISTS) return failedWin32(handle, ERROR.ALREADY_EXISTS, r.status);
  return r.status === STATUS.SUCCESS ? ok(handle) : failed(0, r.status);
}

/** OpenJobObjectW (Microsoft Learn): NtOpenJobObject of the name in the session's directory. */
export function OpenJobObjectW(
  ctx: UserThreadContext,
  desiredAccess: number,
  inheritHandle: boolean,
  name: string,
): Win32Result {
  const r = ctx.nt.NtOpenJobObject({
    DesiredAccess: desiredAccess >>> 0,
    ObjectAttributes: {
      ObjectName: BaseNamedObjectPath(ctx, name),
      Attributes: (inheritHandle ? OBJ_INHERIT : 0) | OBJ_CASE_INSENSITIVE,
    },
  });
  return r.status === STATUS.SUCCESS
    ? ok(Number((r.out as { JobHandle?: number }).JobHandle))
    : failed(0, r.status);
}

/** AssignProcessToJobObject: NtAssignProcessToJobObject. */
export function AssignProcessToJobObject(ctx: UserThreadContext, job: number, process: number): Win32Result {
  const s = ctx.nt.NtAssignProcessToJobObject({ JobHandle: job, ProcessHandle: process }).status;
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** SetInformationJobObject: NtSetInformationJobObject with the class, structure and length given. */
export function SetInformationJobObject(
  ctx: UserThreadContext,
  job: number,
  informationClass: number,
  information: unknown,
  length: number | undefined,
): Win32Result {
  const s = ctx.nt.NtSetInformationJobObject({
    JobHandle: job,
    JobObjectInformationClass: informationClass,
    JobObjectInformation: information,
    ...(length !== undefined ? { JobObjectInformationLength: length } : {}),
  }).status;
  return s === STATUS.SUCCESS ? ok(1) : failed(0, s);
}

/** QueryInformationJobObject: NtQueryInformationJobObject; the structure and ReturnLength come back. */
export function QueryInformationJobObject(
  ctx: UserThreadContext,
  job: number,
  informationClass: number,
  length: number | undefined,
): Win32Result & { information?: unknown; returnLength?: number } {
  const r = ctx.nt.NtQueryInformationJobObject({
    JobHandle: job,
    JobObjectInformationClass: informationClass,
    ...(length !== undefined ? { JobObjectInformationLength: length } : {}),
  });
  const o = r.out as { JobObjectInformation?: unknown; ReturnLength?: number } | undefined;
  if (r.status !== STATUS.SUCCESS) return failed(0, r.status);
  return { ...ok(1), information: o?.JobObjectInformation, returnLength: o?.ReturnLength };
}
