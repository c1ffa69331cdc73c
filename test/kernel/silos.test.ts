import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  JOB_OBJECT_ALL_ACCESS,
  JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE,
  JOB_OBJECT_LIMIT_SILO_READY,
  JOB_OBJECT_QUERY,
  JOBOBJECTINFOCLASS as C,
  NtCreateUserProcess,
  SERVERSILO_STATE,
  type EJOB,
  type EPROCESS,
} from '../../src/kernel/ps/index.js';
import {
  SILO_OBJECT_ROOT_DIRECTORY_ALL,
  SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES,
} from '../../src/kernel/ob/index.js';
import { APP, bootedMachine, out, userProcessParameters } from './support.js';

// Sources for every status here: the decompiled NtSetInformationJobObject (search id 65482847860),
// PspCreateSilo (65060655013), ObCreateSiloRootDirectory (64538945287), PspConvertSiloToServerSilo
// (64612044489), NtQueryInformationJobObject (65685812766) and PspValidateJobAssignmentSiloPolicy
// (65640174503); the call order of NtApiDotNet's NtJob.CreateServerSilo (see src/kernel/ps/silo.ts).

type Machine = ReturnType<typeof bootedMachine>;

function newJob(m: Machine, as: EPROCESS, name?: string, access = JOB_OBJECT_ALL_ACCESS): number {
  const r = m.sys(as, 'NtCreateJobObject', {
    DesiredAccess: access,
    ObjectAttributes: name ? { ObjectName: name } : null,
  });
  expect(r.status).toBe(STATUS.SUCCESS);
  return out(r, 'JobHandle');
}

function set(m: Machine, as: EPROCESS, job: number, cls: number, info?: unknown, length?: number): number {
  return m.sys(as, 'NtSetInformationJobObject', {
    JobHandle: job,
    JobObjectInformationClass: cls,
    ...(info !== undefined ? { JobObjectInformation: info } : {}),
    ...(length !== undefined ? { JobObjectInformationLength: length } : {}),
  }).status;
}

function query(m: Machine, as: EPROCESS, job: number, cls: number, length?: number) {
  const r = m.sys(as, 'NtQueryInformationJobObject', {
    JobHandle: job,
    JobObjectInformationClass: cls,
    ...(length !== undefined ? { JobObjectInformationLength: length } : {}),
  });
  const info: Record<string, unknown> | undefined =
    r.status === STATUS.SUCCESS ? out(r, 'JobObjectInformation') : undefined;
  return { status: r.status, info };
}

function limits(m: Machine, as: EPROCESS, job: number, flags: number): number {
  return set(
    m,
    as,
    job,
    C.JobObjectExtendedLimitInformation,
    { BasicLimitInformation: { LimitFlags: flags } },
    0x90,
  );
}

/** NtCreateUserProcess from `creator` with PS_ATTRIBUTE_JOB_LIST. */
function createIn(m: Machine, creator: EPROCESS, jobs: number[]) {
  const k = m.b.kernel;
  return NtCreateUserProcess(
    k.ps,
    k.caller(creator),
    userProcessParameters(APP, { attributes: { JobList: jobs } }),
  );
}

/** A server silo made as a container manager makes one, by services.exe (SYSTEM, SeTcbPrivilege). */
function serverSilo(m: Machine, flags = SILO_OBJECT_ROOT_DIRECTORY_ALL) {
  const svc = m.byName('services.exe');
  const job = newJob(m, svc);
  expect(limits(m, svc, job, JOB_OBJECT_LIMIT_SILO_READY)).toBe(STATUS.SUCCESS);
  expect(set(m, svc, job, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.SUCCESS);
  expect(set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: flags }, 0x10)).toBe(STATUS.SUCCESS);
  expect(
    set(m, svc, job, C.JobObjectServerSiloInitialize, { DeleteEvent: 0, IsDownlevelContainer: false }, 0x10),
  ).toBe(STATUS.SUCCESS);
  const ejob = svc.ObjectTable!.lookup(job)!.object.body as EJOB;
  return { svc, job, ejob };
}

describe('JobObjectCreateSilo (PspCreateSilo)', () => {
  it('needs JOB_OBJECT_LIMIT_SILO_READY or KILL_ON_JOB_CLOSE, no input, JOB_OBJECT_SET_ATTRIBUTES', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const job = newJob(m, ex);
    expect(set(m, ex, job, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.INVALID_PARAMETER);
    expect(set(m, ex, job, C.JobObjectCreateSilo, undefined, 4)).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(query(m, ex, job, C.JobObjectSiloBasicInformation, 0x10).status).toBe(STATUS.JOB_NO_CONTAINER);
    const queryOnly = newJob(m, ex, undefined, JOB_OBJECT_QUERY);
    expect(set(m, ex, queryOnly, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.ACCESS_DENIED);
    expect(limits(m, ex, job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE)).toBe(STATUS.SUCCESS);
    expect(set(m, ex, job, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.SUCCESS);
    expect(set(m, ex, job, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.CONTAINER_ASSIGNED);
    const basic = query(m, ex, job, C.JobObjectSiloBasicInformation, 0x10);
    expect(basic.status).toBe(STATUS.SUCCESS);
    expect(basic.info).toMatchObject({ SiloParentId: 0, NumberOfProcesses: 0, IsInServerSilo: false });
    expect(basic.info!.SiloId).toBeGreaterThan(0);
    expect(query(m, ex, job, C.JobObjectSiloBasicInformation, 0x20).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    // An application silo has no root directory until one is made; it is no server silo.
    expect(query(m, ex, job, C.JobObjectSiloRootDirectory, 0x100).status).toBe(STATUS.NOT_FOUND);
    expect(query(m, ex, job, C.JobObjectServerSiloBasicInformation, 0x20).status).toBe(
      STATUS.JOB_NO_CONTAINER,
    );
    // The query-only classes cannot be set, the set-only ones not queried.
    expect(set(m, ex, job, C.JobObjectSiloBasicInformation, {}, 0x10)).toBe(STATUS.INVALID_INFO_CLASS);
    expect(query(m, ex, job, C.JobObjectCreateSilo, 0).status).toBe(STATUS.INVALID_INFO_CLASS);
  });

  it('a job with processes is STATUS_JOB_NOT_EMPTY; a running process may join an application silo', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const job = newJob(m, ex);
    expect(limits(m, ex, job, JOB_OBJECT_LIMIT_SILO_READY)).toBe(STATUS.SUCCESS);
    const child = m.spawn(ex);
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: job, ProcessHandle: child.ProcessHandle }).status,
    ).toBe(STATUS.SUCCESS);
    expect(set(m, ex, job, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.JOB_NOT_EMPTY);
    const silo = newJob(m, ex);
    limits(m, ex, silo, JOB_OBJECT_LIMIT_SILO_READY);
    expect(set(m, ex, silo, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.SUCCESS);
    const second = m.spawn(ex);
    expect(
      m.sys(ex, 'NtAssignProcessToJobObject', { JobHandle: silo, ProcessHandle: second.ProcessHandle })
        .status,
    ).toBe(STATUS.SUCCESS);
    expect(second.process!.ServerSilo).toBeNull();
    expect(query(m, ex, silo, C.JobObjectSiloBasicInformation, 0x10).info).toMatchObject({
      NumberOfProcesses: 1,
    });
  });
});

describe('JobObjectSiloRootDirectory (ObCreateSiloRootDirectory)', () => {
  it('needs SeTcbPrivilege and a silo; checks the control flags; one root per silo', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const svc = m.byName('services.exe');
    const job = newJob(m, svc);
    expect(set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: 7 }, 0x10)).toBe(
      STATUS.JOB_NO_CONTAINER,
    );
    limits(m, svc, job, JOB_OBJECT_LIMIT_SILO_READY);
    expect(set(m, svc, job, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.SUCCESS);
    const mine = newJob(m, ex);
    limits(m, ex, mine, JOB_OBJECT_LIMIT_SILO_READY);
    set(m, ex, mine, C.JobObjectCreateSilo, undefined, 0);
    expect(set(m, ex, mine, C.JobObjectSiloRootDirectory, { ControlFlags: 7 }, 0x10)).toBe(
      STATUS.PRIVILEGE_NOT_HELD,
    );
    expect(set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: 8 }, 0x10)).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(
      set(
        m,
        svc,
        job,
        C.JobObjectSiloRootDirectory,
        { ControlFlags: SILO_OBJECT_ROOT_DIRECTORY_SHADOW_DOS_DEVICES },
        0x10,
      ),
    ).toBe(STATUS.INVALID_PARAMETER);
    expect(set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: 7 }, 4)).toBe(
      STATUS.INFO_LENGTH_MISMATCH,
    );
    expect(set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: 7 }, 0x10)).toBe(STATUS.SUCCESS);
    expect(set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: 7 }, 0x10)).toBe(
      STATUS.OBJECT_NAME_COLLISION,
    );
    const id = query(m, svc, job, C.JobObjectSiloBasicInformation, 0x10).info!.SiloId as number;
    const root = query(m, svc, job, C.JobObjectSiloRootDirectory, 0x100);
    expect(root).toEqual({ status: STATUS.SUCCESS, info: { Path: `\\Silos\\${id}` } });
    expect(query(m, svc, job, C.JobObjectSiloRootDirectory, 0x10).status).toBe(STATUS.BUFFER_TOO_SMALL);
    const ns = m.b.kernel.ob.namespace;
    expect(ns.lookup(`\\Silos\\${id}\\GLOBAL??`).status).toBe(STATUS.SUCCESS);
    expect(ns.lookup(`\\Silos\\${id}\\DosDevices`, { openLink: true }).status).toBe(STATUS.SUCCESS);
  });
});

describe('JobObjectServerSiloInitialize (PspConvertSiloToServerSilo)', () => {
  it('needs SeTcbPrivilege, a silo with a root directory and JOB_OBJECT_LIMIT_SILO_READY', () => {
    const m = bootedMachine();
    const svc = m.byName('services.exe');
    const init = { DeleteEvent: 0, IsDownlevelContainer: false };
    const job = newJob(m, svc);
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, init, 0x10)).toBe(STATUS.JOB_NO_CONTAINER);
    limits(m, svc, job, JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE);
    set(m, svc, job, C.JobObjectCreateSilo, undefined, 0);
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, init, 0x18)).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, init, 0x10)).toBe(STATUS.NOT_FOUND);
    set(m, svc, job, C.JobObjectSiloRootDirectory, { ControlFlags: 7 }, 0x10);
    // KILL_ON_JOB_CLOSE made it a silo; a server silo needs SILO_READY itself.
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, init, 0x10)).toBe(STATUS.INVALID_PARAMETER);
    limits(m, svc, job, JOB_OBJECT_LIMIT_SILO_READY);
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, { DeleteEvent: 0x1234 }, 0x10)).toBe(
      STATUS.INVALID_HANDLE,
    );
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, { DeleteEvent: job }, 0x10)).toBe(
      STATUS.OBJECT_TYPE_MISMATCH,
    );
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, 0, 8)).toBe(STATUS.SUCCESS);
    expect(set(m, svc, job, C.JobObjectServerSiloInitialize, init, 0x10)).toBe(STATUS.CONTAINER_ASSIGNED);
    const basic = query(m, svc, job, C.JobObjectServerSiloBasicInformation, 0x20);
    expect(basic).toEqual({
      status: STATUS.SUCCESS,
      info: {
        ServiceSessionId: 0,
        State: SERVERSILO_STATE.SERVERSILO_INITING,
        ExitStatus: STATUS.PENDING,
        IsDownlevelContainer: false,
      },
    });
    expect(query(m, svc, job, C.JobObjectSiloBasicInformation, 0x10).info).toMatchObject({
      IsInServerSilo: true,
    });
  });

  it('a non-TCB caller gets STATUS_PRIVILEGE_NOT_HELD', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    const job = newJob(m, ex);
    limits(m, ex, job, JOB_OBJECT_LIMIT_SILO_READY);
    set(m, ex, job, C.JobObjectCreateSilo, undefined, 0);
    expect(set(m, ex, job, C.JobObjectServerSiloInitialize, { DeleteEvent: 0 }, 0x10)).toBe(
      STATUS.PRIVILEGE_NOT_HELD,
    );
  });
});

describe('processes in a server silo', () => {
  it('join at creation (PS_ATTRIBUTE_JOB_LIST): EPROCESS.ServerSilo, STARTED, children inherit', () => {
    const m = bootedMachine();
    const { svc, job, ejob } = serverSilo(m);
    const r = createIn(m, svc, [job]);
    expect(r.status).toBe(STATUS.SUCCESS);
    const p = r.process!;
    expect(p.Job).toBe(ejob);
    expect(p.ServerSilo).toBe(ejob);
    expect(ejob.ServerSiloGlobals!.State).toBe(SERVERSILO_STATE.SERVERSILO_STARTED);
    const grandchild = m.spawn(p);
    expect(grandchild.status).toBe(STATUS.SUCCESS);
    expect(grandchild.process!.ServerSilo).toBe(ejob);
    expect(query(m, svc, job, C.JobObjectSiloBasicInformation, 0x10).info).toMatchObject({
      NumberOfProcesses: 2,
    });
    // From inside a server silo, no new silo.
    const inner = newJob(m, p);
    limits(m, p, inner, JOB_OBJECT_LIMIT_SILO_READY);
    expect(set(m, p, inner, C.JobObjectCreateSilo, undefined, 0)).toBe(STATUS.PRIVILEGE_NOT_HELD);
  });

  it('a running process cannot be assigned to a server silo (STATUS_NOT_SUPPORTED)', () => {
    const m = bootedMachine();
    const { svc, job } = serverSilo(m);
    const running = m.spawn(svc);
    const before = m.counts();
    expect(
      m.sys(svc, 'NtAssignProcessToJobObject', { JobHandle: job, ProcessHandle: running.ProcessHandle })
        .status,
    ).toBe(STATUS.NOT_SUPPORTED);
    expect(running.process!.Job).toBeNull();
    expect(running.process!.ServerSilo).toBeNull();
    expect(m.counts()).toEqual(before);
  });

  it('names: the silo has its own \\BaseNamedObjects; \\KnownDlls and \\Device stay reachable', () => {
    const m = bootedMachine();
    const { svc, job, ejob } = serverSilo(m);
    const inside = createIn(m, svc, [job]).process!;
    const ns = m.b.kernel.ob.namespace;
    const root = ejob.SiloRootDirectoryName;
    // Created inside: lands in the silo's directory, not the host's.
    newJob(m, inside, '\\BaseNamedObjects\\SiloOnly');
    expect(ns.lookup(`${root}\\BaseNamedObjects\\SiloOnly`).status).toBe(STATUS.SUCCESS);
    expect(ns.lookup('\\BaseNamedObjects\\SiloOnly').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    // The host's name is not seen inside: the same name is free there, and taken on the host.
    newJob(m, svc, '\\BaseNamedObjects\\HostOnly');
    newJob(m, inside, '\\BaseNamedObjects\\HostOnly');
    expect(
      m.sys(svc, 'NtCreateJobObject', {
        DesiredAccess: 0x1f001f,
        ObjectAttributes: { ObjectName: '\\BaseNamedObjects\\SiloOnly' },
      }).status,
    ).toBe(STATUS.SUCCESS);
    expect(
      m.sys(inside, 'NtCreateJobObject', {
        DesiredAccess: 0x1f001f,
        ObjectAttributes: { ObjectName: '\\BaseNamedObjects\\SiloOnly' },
      }).status,
    ).toBe(STATUS.OBJECT_NAME_COLLISION);
    // Session-local names and the Global link resolve in the silo.
    newJob(m, inside, '\\Sessions\\1\\BaseNamedObjects\\Global\\ViaGlobal');
    expect(ns.lookup(`${root}\\BaseNamedObjects\\ViaGlobal`).status).toBe(STATUS.SUCCESS);
    // Through the shadowed root, KnownDlls sections open from inside as from the host.
    const known = m.sys(inside, 'NtOpenSection', {
      DesiredAccess: 0x4,
      ObjectAttributes: { ObjectName: '\\KnownDlls\\kernel32.dll' },
    });
    expect(known.status).toBe(STATUS.SUCCESS);
  });

  it('without SHADOW_ROOT the host namespace is out of reach', () => {
    const m = bootedMachine();
    const { svc, job } = serverSilo(m, 2);
    const r = createIn(m, svc, [job]);
    expect(r.status).toBe(STATUS.SUCCESS);
    const known = m.sys(r.process!, 'NtOpenSection', {
      DesiredAccess: 0x4,
      ObjectAttributes: { ObjectName: '\\KnownDlls\\kernel32.dll' },
    });
    expect(known.status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
  });
});

describe('the server silo registry view (silo-registry.ts)', () => {
  const utf16z = (s: string) =>
    Uint8Array.from([...(s + '\0')].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
  const createKey = (m: Machine, as: EPROCESS, name: string, access = 0xf003f) =>
    m.sys(as, 'NtCreateKey', {
      DesiredAccess: access,
      ObjectAttributes: { ObjectName: name },
      CreateOptions: 0,
    });
  const openKey = (m: Machine, as: EPROCESS, name: string) =>
    m.sys(as, 'NtOpenKey', { DesiredAccess: 0x20019, ObjectAttributes: { ObjectName: name } });

  it('writes inside land in the silo copy of HKLM\\SOFTWARE; the host keeps its own', () => {
    const m = bootedMachine();
    const { svc, job, ejob } = serverSilo(m);
    const inside = createIn(m, svc, [job]).process!;
    const k = createKey(m, inside, '\\REGISTRY\\MACHINE\\SOFTWARE\\SiloOnly');
    expect(k.status).toBe(STATUS.SUCCESS);
    expect(out(k, 'Disposition')).toBe(1); // REG_CREATED_NEW_KEY
    const set = m.sys(inside, 'NtSetValueKey', {
      KeyHandle: out(k, 'KeyHandle'),
      ValueName: 'Mode',
      Type: 1,
      Data: utf16z('silo'),
    });
    expect(set.status).toBe(STATUS.SUCCESS);
    expect(openKey(m, svc, '\\REGISTRY\\MACHINE\\SOFTWARE\\SiloOnly').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
    expect(openKey(m, inside, '\\REGISTRY\\MACHINE\\SOFTWARE\\SiloOnly').status).toBe(STATUS.SUCCESS);
    // The host sees the copy where it is loaded.
    expect(openKey(m, svc, `\\REGISTRY\\WC\\Silo${ejob.JobId}software\\SiloOnly`).status).toBe(
      STATUS.SUCCESS,
    );
    // A host key made afterwards is not inside.
    expect(createKey(m, svc, '\\REGISTRY\\MACHINE\\SOFTWARE\\HostLater').status).toBe(STATUS.SUCCESS);
    expect(openKey(m, inside, '\\REGISTRY\\MACHINE\\SOFTWARE\\HostLater').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
    // SYSTEM is copied with CurrentControlSet pointing into the copy; other hives are shared.
    expect(openKey(m, inside, '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\Control').status).toBe(
      STATUS.SUCCESS,
    );
    expect(createKey(m, inside, '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\SiloSvc').status).toBe(
      STATUS.SUCCESS,
    );
    expect(openKey(m, svc, '\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet\\SiloSvc').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
  });

  it('NtCreateKey and NtSetValueKey statuses', () => {
    const m = bootedMachine();
    const ex = m.b.explorer;
    expect(createKey(m, ex, '\\BaseNamedObjects\\x').status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(createKey(m, ex, '\\REGISTRY\\MACHINE\\SOFTWARE\\Missing\\Child').status).toBe(
      STATUS.OBJECT_NAME_NOT_FOUND,
    );
    const k = createKey(m, ex, '\\REGISTRY\\MACHINE\\SOFTWARE\\ReadOnly', 0x20019);
    expect(k.status).toBe(STATUS.SUCCESS);
    const set = m.sys(ex, 'NtSetValueKey', {
      KeyHandle: out(k, 'KeyHandle'),
      ValueName: 'v',
      Type: 4,
      Data: new Uint8Array(4),
    });
    expect(set.status).toBe(STATUS.ACCESS_DENIED);
    expect(createKey(m, ex, '\\REGISTRY\\MACHINE\\SOFTWARE\\ReadOnly').status).toBe(STATUS.SUCCESS);
    expect(out(createKey(m, ex, '\\REGISTRY\\MACHINE\\SOFTWARE\\ReadOnly'), 'Disposition')).toBe(2);
  });
});

describe('NtOpenJobObject', () => {
  it("opens a named job from the caller's root: the silo's inside, the host's outside", () => {
    const m = bootedMachine();
    const { svc, job } = serverSilo(m);
    const inside = createIn(m, svc, [job]).process!;
    newJob(m, inside, '\\BaseNamedObjects\\J');
    const open = (as: EPROCESS) =>
      m.sys(as, 'NtOpenJobObject', {
        DesiredAccess: JOB_OBJECT_QUERY,
        ObjectAttributes: { ObjectName: '\\BaseNamedObjects\\J' },
      });
    expect(open(inside).status).toBe(STATUS.SUCCESS);
    expect(open(svc).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(m.sys(svc, 'NtOpenJobObject', { DesiredAccess: JOB_OBJECT_QUERY }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
  });
});

describe('ProcessMembershipInformation', () => {
  it('is not a Windows 10 22H2 class: STATUS_INVALID_INFO_CLASS', () => {
    // phnt ntpsapi.h lists ProcessMembershipInformation (109) after the classes it marks "since
    // WIN11" (ProcessCreateStateChange, 110 is ProcessEffectiveIoPriority): 19045 has no such class,
    // so the silo id of a process is read through its job (JobObjectSiloBasicInformation) instead.
    const m = bootedMachine();
    const { svc, job } = serverSilo(m);
    const r = createIn(m, svc, [job]);
    const q = m.sys(svc, 'NtQueryInformationProcess', {
      ProcessHandle: r.ProcessHandle,
      ProcessInformationClass: 109,
      ProcessInformationLength: 4,
    });
    expect(q.status).toBe(STATUS.INVALID_INFO_CLASS);
  });
});

describe('NtCreateProcessEx children inherit the job (PspInheritParentJob)', () => {
  it('a child of a process in a server silo is in the silo; breakaway needs BREAKAWAY_OK', () => {
    const m = bootedMachine();
    const { svc, job, ejob } = serverSilo(m);
    const inside = createIn(m, svc, [job]).process!;
    const MINIMAL = 0x800;
    const BREAKAWAY = 0x1;
    const r = m.sys(inside, 'NtCreateProcessEx', {
      DesiredAccess: 0x1fffff,
      ParentProcess: -1,
      Flags: MINIMAL,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const child = m.b.kernel.ps.activeProcesses.at(-1)!;
    expect(child.Job).toBe(ejob);
    expect(child.ServerSilo).toBe(ejob);
    // WRK PspCreateProcess: breaking away from a job without JOB_OBJECT_LIMIT_BREAKAWAY_OK.
    const before = m.counts();
    expect(
      m.sys(inside, 'NtCreateProcessEx', {
        DesiredAccess: 0x1fffff,
        ParentProcess: -1,
        Flags: MINIMAL | BREAKAWAY,
      }).status,
    ).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
  });
});
