import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  JOB_OBJECT_ALL_ACCESS,
  JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
  JOB_OBJECT_LIMIT_BREAKAWAY_OK,
  JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK,
  JOB_OBJECT_QUERY,
  JOBOBJECTINFOCLASS,
  MITIGATION_FLAGS,
  NtCreateUserProcess,
  PROCESS_CREATE_FLAGS,
  PROCESS_CREATION_MITIGATION_POLICY as MP,
  PROCESS_MITIGATION_POLICY,
  PROCESSINFOCLASS,
  type EJOB,
  type EPROCESS,
  type PsAttributeList,
} from '../../src/kernel/ps/index.js';
import { PROCESS_QUERY_LIMITED_INFORMATION } from '../../src/kernel/se/index.js';
import { APP, bootedMachine, out, userProcessParameters } from './support.js';

type Machine = ReturnType<typeof bootedMachine>;

/** NtCreateUserProcess from `creator` (user mode) with extra attributes and process flags. */
function create(
  m: Machine,
  creator: EPROCESS,
  attributes: Partial<PsAttributeList> = {},
  processFlags = 0,
): { status: number; process?: EPROCESS; ProcessHandle?: number; ThreadHandle?: number } {
  const k = m.b.kernel;
  return NtCreateUserProcess(
    k.ps,
    k.caller(creator),
    userProcessParameters(APP, { processFlags, attributes }),
  );
}

function newJob(m: Machine, as: EPROCESS, access = JOB_OBJECT_ALL_ACCESS, name?: string): number {
  const r = m.sys(as, 'NtCreateJobObject', {
    DesiredAccess: access,
    ObjectAttributes: name ? { ObjectName: name } : null,
  });
  expect(r.status).toBe(STATUS.SUCCESS);
  return out(r, 'JobHandle');
}

function accounting(
  m: Machine,
  as: EPROCESS,
  job: number,
): { ActiveProcesses: number; TotalProcesses: number } {
  const r = m.sys(as, 'NtQueryInformationJobObject', {
    JobHandle: job,
    JobObjectInformationClass: JOBOBJECTINFOCLASS.JobObjectBasicAccountingInformation,
    JobObjectInformationLength: 0x30,
  });
  expect(r.status).toBe(STATUS.SUCCESS);
  return out(r, 'JobObjectInformation');
}

function setLimits(m: Machine, as: EPROCESS, job: number, flags: number, activeLimit = 0, extended = false) {
  const basic = { LimitFlags: flags, ActiveProcessLimit: activeLimit };
  return m.sys(as, 'NtSetInformationJobObject', {
    JobHandle: job,
    JobObjectInformationClass: extended
      ? JOBOBJECTINFOCLASS.JobObjectExtendedLimitInformation
      : JOBOBJECTINFOCLASS.JobObjectBasicLimitInformation,
    JobObjectInformation: extended ? { BasicLimitInformation: basic } : basic,
    JobObjectInformationLength: extended ? 0x90 : 0x40,
  }).status;
}

describe('job objects', () => {
  it('NtCreateJobObject, NtAssignProcessToJobObject and the basic accounting', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const k = m.b.kernel;
    const job = newJob(m, ex, JOB_OBJECT_ALL_ACCESS, '\\BaseNamedObjects\\ntsimJob');
    expect(k.ob.namespace.lookup('\\BaseNamedObjects\\ntsimJob').status).toBe(STATUS.SUCCESS);
    const child = m.spawn(ex);
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: job, ProcessHandle: child.ProcessHandle }).status,
    ).toBe(STATUS.SUCCESS);
    const ejob = child.process!.Job as EJOB;
    expect(ejob).not.toBeNull();
    expect(child.process!.ServerSilo).toBeNull();
    expect(accounting(m, ex, job)).toMatchObject({ ActiveProcesses: 1, TotalProcesses: 1 });
    // Already in a job: the same or another one is refused (the model's Windows 7 rule).
    const other = newJob(m, ex);
    const before = m.counts();
    for (const j of [job, other])
      expect(
        m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: j, ProcessHandle: child.ProcessHandle }).status,
      ).toBe(STATUS.ACCESS_DENIED);
    // JOB_OBJECT_ASSIGN_PROCESS on the job; PROCESS_SET_QUOTA | PROCESS_TERMINATE on the process.
    const queryOnly = newJob(m, ex, JOB_OBJECT_QUERY);
    const second = m.spawn(ex);
    const before2 = m.counts();
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: queryOnly, ProcessHandle: second.ProcessHandle })
        .status,
    ).toBe(STATUS.ACCESS_DENIED);
    const limited = m.sys(ex, 'NtOpenProcess', {
      DesiredAccess: PROCESS_QUERY_LIMITED_INFORMATION,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: second.process!.UniqueProcessId, UniqueThread: 0 },
    });
    const limitedHandle = out(limited, 'ProcessHandle');
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: other, ProcessHandle: limitedHandle }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    m.sys(ex, 'NtClose', { Handle: limitedHandle });
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', {
        JobHandle: second.ProcessHandle,
        ProcessHandle: second.ProcessHandle,
      }).status,
    ).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: 0x1234, ProcessHandle: second.ProcessHandle })
        .status,
    ).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(before2);
    expect(second.process!.Job).toBeNull();
    expect(before).toBeDefined();
    // Query needs JOB_OBJECT_QUERY; unknown classes and wrong lengths.
    expect(
      m.sys(ex, 'NtQueryInformationJobObject', { JobHandle: job, JobObjectInformationClass: 3 }).status,
    ).toBe(STATUS.INVALID_INFO_CLASS);
    expect(
      m.sys(ex, 'NtQueryInformationJobObject', {
        JobHandle: job,
        JobObjectInformationClass: JOBOBJECTINFOCLASS.JobObjectBasicAccountingInformation,
        JobObjectInformationLength: 8,
      }).status,
    ).toBe(STATUS.INFO_LENGTH_MISMATCH);
    const assignOnly = newJob(m, ex, 0x1);
    expect(
      m.sys(ex, 'NtQueryInformationJobObject', {
        JobHandle: assignOnly,
        JobObjectInformationClass: JOBOBJECTINFOCLASS.JobObjectBasicAccountingInformation,
      }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(setLimits(m, ex, assignOnly, JOB_OBJECT_LIMIT_ACTIVE_PROCESS, 1)).toBe(STATUS.ACCESS_DENIED);
    // The breakaway flags are extended limits: the basic class refuses them.
    expect(setLimits(m, ex, job, JOB_OBJECT_LIMIT_BREAKAWAY_OK)).toBe(STATUS.INVALID_PARAMETER);
    expect(setLimits(m, ex, job, JOB_OBJECT_LIMIT_BREAKAWAY_OK, 0, true)).toBe(STATUS.SUCCESS);
    expect(ejob.LimitFlags).toBe(JOB_OBJECT_LIMIT_BREAKAWAY_OK);
    // Exiting leaves the job's active count.
    expect(
      m.sys(ex, 'NtTerminateProcess', { ProcessHandle: child.ProcessHandle, ExitStatus: 0 }).status,
    ).toBe(STATUS.SUCCESS);
    expect(accounting(m, ex, job)).toMatchObject({ ActiveProcesses: 0, TotalProcesses: 1 });
  });

  it('a process and its job leave nothing behind once terminated and closed', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const before = m.counts();
    const job = newJob(m, ex);
    const c = create(m, ex, { JobList: [job] });
    expect(c.status).toBe(STATUS.SUCCESS);
    expect(c.process!.Job).not.toBeNull();
    m.sys(ex, 'NtClose', { Handle: job }); // the process keeps the job alive
    expect((c.process!.Job as EJOB).header!.deleted).toBe(false);
    expect(m.sys(ex, 'NtTerminateProcess', { ProcessHandle: c.ProcessHandle, ExitStatus: 0 }).status).toBe(
      STATUS.SUCCESS,
    );
    m.sys(ex, 'NtClose', { Handle: c.ThreadHandle });
    m.sys(ex, 'NtClose', { Handle: c.ProcessHandle });
    expect(m.counts()).toEqual(before);
  });

  it('a child inherits its parent’s job; breakaway needs JOB_OBJECT_LIMIT_BREAKAWAY_OK', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const job = newJob(m, ex);
    const parent = create(m, ex, { JobList: [job] }).process!;
    const ejob = parent.Job as EJOB;
    const child = create(m, parent);
    expect(child.status).toBe(STATUS.SUCCESS);
    expect(child.process!.Job).toBe(ejob);
    expect(accounting(m, ex, job).ActiveProcesses).toBe(2);
    // CREATE_BREAKAWAY_FROM_JOB without BREAKAWAY_OK.
    let before = m.counts();
    expect(create(m, parent, {}, PROCESS_CREATE_FLAGS.BREAKAWAY).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
    expect(setLimits(m, ex, job, JOB_OBJECT_LIMIT_BREAKAWAY_OK, 0, true)).toBe(STATUS.SUCCESS);
    const free = create(m, parent, {}, PROCESS_CREATE_FLAGS.BREAKAWAY);
    expect(free.status).toBe(STATUS.SUCCESS);
    expect(free.process!.Job).toBeNull();
    // Without the flag the child still inherits; SILENT_BREAKAWAY_OK leaves the job always.
    expect(create(m, parent).process!.Job).toBe(ejob);
    expect(setLimits(m, ex, job, JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK, 0, true)).toBe(STATUS.SUCCESS);
    expect(create(m, parent).process!.Job).toBeNull();
    // PsAttributeJobList naming another job than the inherited one.
    expect(setLimits(m, ex, job, 0, 0, true)).toBe(STATUS.SUCCESS);
    const other = newJob(m, parent);
    before = m.counts();
    expect(create(m, parent, { JobList: [other] }).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
  });

  it('JOB_OBJECT_LIMIT_ACTIVE_PROCESS refuses one process more with STATUS_QUOTA_EXCEEDED', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const job = newJob(m, ex);
    expect(setLimits(m, ex, job, JOB_OBJECT_LIMIT_ACTIVE_PROCESS, 2)).toBe(STATUS.SUCCESS);
    const q = m.sys(ex, 'NtQueryInformationJobObject', {
      JobHandle: job,
      JobObjectInformationClass: JOBOBJECTINFOCLASS.JobObjectBasicLimitInformation,
    });
    expect(out(q, 'JobObjectInformation')).toMatchObject({ LimitFlags: 8, ActiveProcessLimit: 2 });
    const first = create(m, ex, { JobList: [job] });
    const second = create(m, first.process!);
    expect([first.status, second.status]).toEqual([STATUS.SUCCESS, STATUS.SUCCESS]);
    const before = m.counts();
    expect(create(m, first.process!).status).toBe(STATUS.QUOTA_EXCEEDED);
    expect(create(m, ex, { JobList: [job] }).status).toBe(STATUS.QUOTA_EXCEEDED);
    expect(m.counts()).toEqual(before);
    const third = m.spawn(ex);
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: job, ProcessHandle: third.ProcessHandle }).status,
    ).toBe(STATUS.QUOTA_EXCEEDED);
    expect(third.process!.Job).toBeNull();
    // One exits: room for one more.
    // (second's handles are in first's table: first created it.)
    expect(
      m.sys(first.process!, 'NtTerminateProcess', { ProcessHandle: second.ProcessHandle, ExitStatus: 0 })
        .status,
    ).toBe(STATUS.SUCCESS);
    expect(accounting(m, ex, job)).toMatchObject({ ActiveProcesses: 1, TotalProcesses: 2 });
    expect(create(m, first.process!).status).toBe(STATUS.SUCCESS);
    expect(accounting(m, ex, job)).toMatchObject({ ActiveProcesses: 2, TotalProcesses: 3 });
  });

  it('PsAttributeJobList needs JOB_OBJECT_ASSIGN_PROCESS and valid handles', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const queryOnly = newJob(m, ex, JOB_OBJECT_QUERY);
    const job = newJob(m, ex);
    const before = m.counts();
    expect(create(m, ex, { JobList: [queryOnly] }).status).toBe(STATUS.ACCESS_DENIED);
    expect(create(m, ex, { JobList: [job, 0x7777] }).status).toBe(STATUS.INVALID_HANDLE);
    const other = newJob(m, ex);
    const before2 = m.counts();
    expect(create(m, ex, { JobList: [job, other] }).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before2);
    expect(before).toBeDefined();
    const ok = create(m, ex, { JobList: [job, job] });
    expect(ok.status).toBe(STATUS.SUCCESS);
    expect(accounting(m, ex, job)).toMatchObject({ ActiveProcesses: 1, TotalProcesses: 1 });
  });
});

describe('PsAttributeMitigationOptions', () => {
  const policy = (m: Machine, as: EPROCESS, h: number, Policy: number) =>
    m.sys(as, 'NtQueryInformationProcess', {
      ProcessHandle: h,
      ProcessInformationClass: PROCESSINFOCLASS.ProcessMitigationPolicy,
      ProcessInformationLength: 8,
      ProcessInformation: { Policy },
    });

  it('stores the policies in MitigationFlags and answers ProcessMitigationPolicy', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const c = create(m, ex, {
      MitigationOptions:
        MP.BLOCK_NON_MICROSOFT_BINARIES_ALWAYS_ON | MP.PROHIBIT_DYNAMIC_CODE_ALWAYS_ON | MP.DEP_ENABLE,
    });
    expect(c.status).toBe(STATUS.SUCCESS);
    const p = c.process!;
    expect(p.MitigationFlags & MITIGATION_FLAGS.SignatureMitigationOptIn).not.toBe(0);
    expect(p.MitigationFlags & MITIGATION_FLAGS.DisableDynamicCode).not.toBe(0);
    expect(p.mitigationOptions[0] & MP.DEP_ENABLE).toBe(1n);
    const sig = policy(m, ex, c.ProcessHandle!, PROCESS_MITIGATION_POLICY.ProcessSignaturePolicy);
    expect(sig.status).toBe(STATUS.SUCCESS);
    expect(out(sig, 'ProcessInformation')).toEqual({ Policy: 8, Flags: 0x5 }); // MicrosoftSignedOnly|MitigationOptIn
    const dyn = policy(m, ex, c.ProcessHandle!, PROCESS_MITIGATION_POLICY.ProcessDynamicCodePolicy);
    expect(out(dyn, 'ProcessInformation')).toEqual({ Policy: 2, Flags: 0x1 });
    // Another process: nothing set; ALLOW_STORE and ALLOW_OPT_OUT variants.
    const plain = m.spawn(ex);
    expect(out(policy(m, ex, plain.ProcessHandle!, 8), 'ProcessInformation')).toEqual({
      Policy: 8,
      Flags: 0,
    });
    const store = create(m, ex, {
      MitigationOptions:
        MP.BLOCK_NON_MICROSOFT_BINARIES_ALLOW_STORE | MP.PROHIBIT_DYNAMIC_CODE_ALWAYS_ON_ALLOW_OPT_OUT,
    });
    expect(out(policy(m, ex, store.ProcessHandle!, 8), 'ProcessInformation')).toEqual({
      Policy: 8,
      Flags: 0x6,
    });
    expect(out(policy(m, ex, store.ProcessHandle!, 2), 'ProcessInformation')).toEqual({
      Policy: 2,
      Flags: 0x3,
    });
    // The class's size, and a policy the model does not answer.
    expect(
      m.sys(ex, 'NtQueryInformationProcess', {
        ProcessHandle: c.ProcessHandle,
        ProcessInformationClass: PROCESSINFOCLASS.ProcessMitigationPolicy,
        ProcessInformationLength: 4,
        ProcessInformation: { Policy: 8 },
      }).status,
    ).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(policy(m, ex, c.ProcessHandle!, 99).status).toBe(STATUS.INVALID_PARAMETER);
  });

  it('a value that is not a 64-bit map is STATUS_INVALID_PARAMETER and leaves nothing', () => {
    const m = bootedMachine();
    const before = m.counts();
    expect(create(m, m.b.explorer, { MitigationOptions: 1n << 64n }).status).toBe(STATUS.INVALID_PARAMETER);
    expect(create(m, m.b.explorer, { MitigationOptions2: -1n }).status).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
  });
});

describe('PsAttributeProtectionLevel and PsAttributeSecureProcess', () => {
  it('a valid PS_PROTECTION is stored and mirrored in the PEB BitField', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const k = m.b.kernel;
    // The PEB is read kernel-side: explorer does not dominate its protected children, so its
    // handles carry no PROCESS_VM_READ (internals.md §4.2).
    const bitField = (p: EPROCESS): number => p.addressSpace!.u8(p.Peb + 3);
    const IsProtectedProcess = 0x2;
    const IsProtectedProcessLight = 0x40;
    // The image must be signed for the level: wininit.exe is WinTcb-Light-signed (signatures.ts).
    const create2 = (image: string, level: number, access = 0x02000000) =>
      NtCreateUserProcess(
        k.ps,
        k.caller(ex),
        userProcessParameters(image, { access, attributes: { ProtectionLevel: level } }),
      );
    const WININIT = '\\??\\C:\\Windows\\System32\\wininit.exe';
    // PsProtectedSignerWinTcb (6), PsProtectedTypeProtectedLight (1).
    const ppl = create2(WININIT, 0x61);
    expect(ppl.status).toBe(STATUS.SUCCESS);
    expect(ppl.process!.Protection).toBe(0x61);
    expect(
      out(
        m.sys(ex, 'NtQueryInformationProcess', {
          ProcessHandle: ppl.ProcessHandle,
          ProcessInformationClass: PROCESSINFOCLASS.ProcessProtectionInformation,
        }),
        'ProcessInformation',
      ),
    ).toBe(0x61);
    expect(bitField(ppl.process!) & (IsProtectedProcess | IsProtectedProcessLight)).toBe(
      IsProtectedProcess | IsProtectedProcessLight,
    );
    // PsProtectedTypeProtected (2), WinTcb: the image needs the PP EKU (…10.3.24), which
    // wininit.exe lacks — STATUS_INVALID_IMAGE_HASH, nothing made (signing-level.ts).
    const before = m.counts();
    expect(create2(WININIT, 0x62).status).toBe(STATUS.INVALID_IMAGE_HASH);
    expect(m.counts()).toEqual(before);
    const plain = m.spawn(ex);
    expect(plain.process!.Protection).toBe(0);
    expect(bitField(plain.process!) & (IsProtectedProcess | IsProtectedProcessLight)).toBe(0);
  });

  it('an invalid level, a refusing rule and SecureProcess fail and leave nothing', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const before = m.counts();
    // RtlValidProcessProtection: 0x11 (Authenticode-Light) and 0x42 are not levels Windows defines.
    for (const level of [0x03, 0x91, 0x100, -1, 0x11, 0x42])
      expect(create(m, ex, { ProtectionLevel: level }).status).toBe(STATUS.INVALID_PARAMETER);
    m.b.kernel.ps.checkProtectedProcessCreation = () => STATUS.ACCESS_DENIED;
    expect(create(m, ex, { ProtectionLevel: 0x61 }).status).toBe(STATUS.ACCESS_DENIED);
    expect(create(m, ex, { SecureProcess: 1n }).status).toBe(STATUS.NOT_SUPPORTED);
    expect(m.counts()).toEqual(before);
  });
});
