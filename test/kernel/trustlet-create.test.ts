import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { IoWriteFile } from '../../src/kernel/io/index.js';
import { ObSnapshotCounts } from '../../src/kernel/ob/index.js';
import {
  NtCreateUserProcess,
  NtReadVirtualMemory,
  PsConvertToGuiThread,
  PsEstablishWin32Callouts,
  PspSecureProcessOf,
  type EPROCESS,
} from '../../src/kernel/ps/index.js';
import { KernelMode, UserMode } from '../../src/kernel/se/index.js';
import { writePe, type PeSpec } from '../../src/pe/index.js';
import { bootMachine } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import { Win32k } from '../../src/subsystems/index.js';
import { userProcessParameters } from './support.js';

// NtCreateUserProcess with PsAttributeSecureProcess (#18, PS_TRUSTLET_CREATE_ATTRIBUTES; internals.md
// §3.3, §5.3) and the secure kernel's rules (src/kernel/sk/constants.ts names each status's source).
const IUM: PeSpec['signature'] = {
  signer: 'Windows',
  ekus: ['1.3.6.1.4.1.311.10.3.6', '1.3.6.1.4.1.311.10.3.37'],
};
const TRUSTLET: PeSpec = {
  imports: { 'kernel32.dll': ['ExitProcess'] },
  signature: IUM,
  trustletPolicy: { trustletId: 0x1001, policies: { etw: true, debug: false, crashDump: false } },
};
const { trustletPolicy: _policy, ...NO_POLICY } = TRUSTLET;
const DIR = '\\??\\C:\\Users\\user\\Desktop\\';

function machine(vbs: boolean) {
  const b = bootMachine(Machine.assemble({ settings: { vbs } }));
  const k = b.kernel;
  const put = (name: string, spec: PeSpec): string => {
    IoWriteFile(k.ob.namespace, DIR + name, writePe(spec));
    return DIR + name;
  };
  const create = (image: string, secure: unknown, o: { debugObject?: number; creator?: EPROCESS } = {}) => {
    const p = userProcessParameters(image, {
      attributes: {
        ...(secure !== undefined ? { SecureProcess: secure as bigint } : {}),
        ...(o.debugObject !== undefined ? { DebugObject: o.debugObject } : {}),
      },
    });
    return NtCreateUserProcess(k.ps, k.caller(o.creator ?? b.explorer), p);
  };
  const counts = () => ({
    ...ObSnapshotCounts(k.ob),
    cids: k.ps.cid.count,
    active: k.ps.activeProcesses.length,
    secure: k.ps.secureKernel?.secureProcesses().length ?? 0,
    handles: b.explorer.ObjectTable?.handleCount,
  });
  const byName = (n: string) => k.ps.activeProcesses.find((p) => p.ImageFileName === n)!;
  return { b, k, put, create, counts, byName };
}

describe('NtCreateUserProcess with PsAttributeSecureProcess (vbs on)', () => {
  it('creates a trustlet: SecureState with bit 0, kind trustlet, a thread cookie, the policy in the secure kernel', () => {
    const m = machine(true);
    const r = m.create(m.put('t.exe', TRUSTLET), { TrustletIdentity: 0x1001n, Attributes: [] });
    expect(r.status).toBe(STATUS.SUCCESS);
    const p = r.process!;
    expect(p.kind).toBe('trustlet');
    expect(p.SecureState & 3n).toBe(1n);
    expect(r.thread!.SecureThreadCookie).toBeGreaterThan(0);
    const s = PspSecureProcessOf(m.k.ps, p)!;
    expect(s).toMatchObject({ TrustletId: 0x1001n, ImageName: 't.exe', SecureHandle: p.SecureState });
    expect(s.policies).toEqual({ etw: true, debug: false, crashDump: false, other: {} });
  });

  it('TrustletIdentity 0 (what CreateProcess CREATE_SECURE_PROCESS passes) takes the image ApplicationId', () => {
    const m = machine(true);
    const r = m.create(m.put('t.exe', TRUSTLET), 0n);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(PspSecureProcessOf(m.k.ps, r.process!)!.TrustletId).toBe(0x1001n);
  });

  const refused: [string, PeSpec, unknown, number][] = [
    [
      'an identity other than the ApplicationId: STATUS_ACCESS_DENIED',
      TRUSTLET,
      0x1002n,
      STATUS.ACCESS_DENIED,
    ],
    ['LsaIso identity (1) for another image: STATUS_ACCESS_DENIED', TRUSTLET, 1n, STATUS.ACCESS_DENIED],
    ['no .tPolicy: STATUS_INVALID_IMAGE_FORMAT', NO_POLICY, 0n, STATUS.INVALID_IMAGE_FORMAT],
    [
      'unsigned: STATUS_INVALID_IMAGE_HASH',
      { ...TRUSTLET, signature: { signer: 'none' } },
      0n,
      STATUS.INVALID_IMAGE_HASH,
    ],
    [
      'Windows-signed without the IUM EKU: STATUS_INVALID_IMAGE_HASH',
      { ...TRUSTLET, signature: { signer: 'Windows', ekus: ['1.3.6.1.4.1.311.10.3.6'] } },
      0n,
      STATUS.INVALID_IMAGE_HASH,
    ],
    [
      'IUM EKU at the Authenticode level: STATUS_INVALID_IMAGE_HASH',
      { ...TRUSTLET, signature: { signer: 'Authenticode', ekus: IUM!.ekus! } },
      0n,
      STATUS.INVALID_IMAGE_HASH,
    ],
    ['a malformed attribute (a string): STATUS_INVALID_PARAMETER', TRUSTLET, 'x', STATUS.INVALID_PARAMETER],
    ['a negative identity: STATUS_INVALID_PARAMETER', TRUSTLET, -1n, STATUS.INVALID_PARAMETER],
  ];
  it.each(refused)('refuses %s, leaving nothing behind', (_what, spec, secure, status) => {
    const m = machine(true);
    const image = m.put('bad.exe', spec);
    const before = m.counts();
    const r = m.create(image, secure);
    expect(r.status).toBe(status);
    expect(m.counts()).toEqual(before);
  });

  it('a trustlet whose Debug policy is off cannot be created with a debug object (STATUS_ACCESS_DENIED)', () => {
    const m = machine(true);
    const image = m.put('t.exe', TRUSTLET);
    const dbg = m.k.services.KiSystemService({
      service: 'NtCreateDebugObject',
      args: { DesiredAccess: 0x1f000f, Flags: 0 },
      previousMode: UserMode,
      context: m.k.caller(m.b.explorer),
    });
    const handle = Number((dbg.out as { DebugObjectHandle: number }).DebugObjectHandle);
    const before = m.counts();
    expect(m.create(image, 0n, { debugObject: handle }).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
    const debuggable = m.put('d.exe', {
      ...TRUSTLET,
      trustletPolicy: { trustletId: 0x1003, policies: { debug: true } },
    });
    expect(m.create(debuggable, 0n, { debugObject: handle }).status).toBe(STATUS.SUCCESS);
  });

  it('a later thread of the trustlet gets its own SecureThreadCookie (VslCreateSecureThread)', () => {
    const m = machine(true);
    const r = m.create(m.put('t.exe', TRUSTLET), 0n);
    const t = m.k.services.KiSystemService({
      service: 'NtCreateThreadEx',
      args: { DesiredAccess: 0x1fffff, ProcessHandle: r.ProcessHandle, StartRoutine: 0x1000, CreateFlags: 1 },
      previousMode: UserMode,
      context: m.k.caller(m.b.explorer),
    });
    expect(t.status).toBe(STATUS.SUCCESS);
    const [first, second] = r.process!.threads;
    expect(second!.SecureThreadCookie).toBeGreaterThan(0);
    expect(second!.SecureThreadCookie).not.toBe(first!.SecureThreadCookie);
    expect([...PspSecureProcessOf(m.k.ps, r.process!)!.threadCookies.keys()]).toEqual([
      first!.Cid.UniqueThread,
      second!.Cid.UniqueThread,
    ]);
    // An ordinary process's threads have none.
    expect(m.b.explorer.threads[0]!.SecureThreadCookie).toBe(0);
  });

  it('the secure kernel forgets the trustlet when its process object goes', () => {
    const m = machine(true);
    const r = m.create(m.put('t.exe', TRUSTLET), 0n);
    const n = m.k.ps.secureKernel!.secureProcesses().length;
    const sys = (name: string, args: Record<string, unknown>) =>
      m.k.services.KiSystemService({
        service: name,
        args,
        previousMode: UserMode,
        context: m.k.caller(m.b.explorer),
      });
    sys('NtTerminateProcess', { ProcessHandle: r.ProcessHandle, ExitStatus: 0 });
    sys('NtClose', { Handle: r.ThreadHandle });
    sys('NtClose', { Handle: r.ProcessHandle });
    expect(m.k.ps.secureKernel!.secureProcesses().length).toBe(n - 1);
    expect(m.k.ps.secureKernel!.lookup(r.process!.SecureState)).toBeNull();
  });
});

describe('NtCreateUserProcess with PsAttributeSecureProcess (vbs off)', () => {
  it('is STATUS_NOT_SUPPORTED for a valid trustlet, with nothing made', () => {
    const m = machine(false);
    const image = m.put('t.exe', TRUSTLET);
    const before = m.counts();
    expect(m.create(image, 0n).status).toBe(STATUS.NOT_SUPPORTED);
    expect(m.counts()).toEqual(before);
    // The same image without the attribute is an ordinary process.
    expect(m.create(image, undefined).process!.kind).toBe('win32');
  });
});

describe('VTL0 and a trustlet memory', () => {
  it('NtReadVirtualMemory is refused even from kernel mode and from SYSTEM with SeDebugPrivilege', () => {
    const m = machine(true);
    const lsaiso = m.byName('LsaIso.exe');
    const lsass = m.byName('lsass.exe');
    const open = m.k.services.KiSystemService({
      service: 'NtOpenProcess',
      args: {
        DesiredAccess: 0x1fffff,
        ObjectAttributes: {},
        ClientId: { UniqueProcess: lsaiso.UniqueProcessId, UniqueThread: 0 },
      },
      previousMode: UserMode,
      context: m.k.caller(lsass),
    });
    expect(open.status).toBe(STATUS.SUCCESS);
    const h = Number((open.out as { ProcessHandle: number }).ProcessHandle);
    for (const mode of [UserMode, KernelMode] as const) {
      const r = NtReadVirtualMemory(m.k.ps, m.k.caller(lsass, mode), {
        ProcessHandle: h,
        BaseAddress: lsaiso.Peb,
        BufferSize: 8,
      });
      expect(r.status).toBe(STATUS.PARTIAL_COPY);
      expect(r.NumberOfBytesRead).toBe(0);
    }
  });

  it('NtQueryVirtualMemory still answers: NT keeps the trustlet VADs (only the pages are VTL1)', () => {
    const m = machine(true);
    const lsaiso = m.byName('LsaIso.exe');
    const r = m.k.services.KiSystemService({
      service: 'NtQueryVirtualMemory',
      args: { ProcessHandle: -1, BaseAddress: lsaiso.Peb, MemoryInformationClass: 0 },
      previousMode: KernelMode,
      context: m.k.caller(lsaiso, KernelMode),
    });
    expect(r.status).toBe(STATUS.SUCCESS);
  });

  it('NtDebugActiveProcess on LsaIso (Debug policy off) is STATUS_ACCESS_DENIED for SYSTEM', () => {
    const m = machine(true);
    const lsass = m.byName('lsass.exe');
    const lsaiso = m.byName('LsaIso.exe');
    const sys = (name: string, args: Record<string, unknown>) =>
      m.k.services.KiSystemService({
        service: name,
        args,
        previousMode: UserMode,
        context: m.k.caller(lsass),
      });
    const open = sys('NtOpenProcess', {
      DesiredAccess: 0x1fffff,
      ObjectAttributes: {},
      ClientId: { UniqueProcess: lsaiso.UniqueProcessId, UniqueThread: 0 },
    });
    const dbg = sys('NtCreateDebugObject', { DesiredAccess: 0x1f000f, Flags: 0 });
    const r = sys('NtDebugActiveProcess', {
      ProcessHandle: (open.out as { ProcessHandle: number }).ProcessHandle,
      DebugObjectHandle: (dbg.out as { DebugObjectHandle: number }).DebugObjectHandle,
    });
    expect(r.status).toBe(STATUS.ACCESS_DENIED);
    expect(lsaiso.DebugPort).toBeNull();
  });
});

// Windows Internals 7 ch. 3 "Trustlets": the secure kernel forwards no win32k service, so a
// trustlet never becomes a GUI process (the first win32k call would convert its thread).
describe('a trustlet and win32k', () => {
  it('PsConvertToGuiThread refuses a trustlet thread (no W32PROCESS) while an ordinary one converts', () => {
    const m = machine(true);
    PsEstablishWin32Callouts(m.k.ps, new Win32k({ trace: m.k.trace }).callouts());
    const t = m.create(m.put('t.exe', TRUSTLET), { TrustletIdentity: 0x1001n, Attributes: [] });
    expect(t.status).toBe(STATUS.SUCCESS);
    const refused = PsConvertToGuiThread(m.k.ps, {
      process: t.process!,
      thread: t.thread!,
      previousMode: UserMode,
    });
    expect(refused).toBe(STATUS.INVALID_SYSTEM_SERVICE);
    expect(t.process!.Win32Process).toBeNull();
    const o = m.create(m.put('plain.exe', NO_POLICY), undefined);
    expect(o.status).toBe(STATUS.SUCCESS);
    expect(
      PsConvertToGuiThread(m.k.ps, { process: o.process!, thread: o.thread!, previousMode: UserMode }),
    ).toBe(STATUS.SUCCESS);
    expect(o.process!.Win32Process).not.toBeNull();
  });
});
