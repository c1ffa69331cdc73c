import { describe, expect, it } from 'vitest';
import { Clock, STATUS, Trace } from '../../base/index.js';
import { PeImage, writePe, type PeSpec } from '../../pe/index.js';
import { systemServiceByName } from '../syscalls/index.js';
import {
  SecureKernel,
  SK_TRUSTLET_SYSTEM_CALLS,
  SkCreateTrustletSyscallGate,
  SkIsImageAllowedInTrustlet,
  SkIsSystemCallAllowed,
  SkValidateTrustletImage,
} from './index.js';
import { SkpDecodePolicies } from './policy.js';
import { SkpIsIumSigned } from './signing.js';
import { CiValidateImageHeader, type SeImageSignature } from '../se/index.js';

const IUM_EKUS = ['1.3.6.1.4.1.311.10.3.6', '1.3.6.1.4.1.311.10.3.37'];
/** Code integrity's verdict on an image (kernel/se), as NtCreateUserProcess gets it. */
const ci = (i: PeImage): SeImageSignature => CiValidateImageHeader(i, '', null);
const validate = (i: PeImage, id: bigint) => SkValidateTrustletImage(i, ci(i), id);
const image = (spec: PeSpec): PeImage => PeImage.open(writePe({ imports: {}, ...spec }));
const trustlet = (over: Partial<PeSpec> = {}): PeImage =>
  image({
    signature: { signer: 'Windows', ekus: IUM_EKUS },
    trustletPolicy: { trustletId: 7, policies: { etw: true, debug: false, crashDump: true } },
    ...over,
  });

describe('signing (internals.md §5.3: IUM + Windows System Component Verification EKUs at level Windows)', () => {
  it('takes code integrity verdict on the image the writer signed', () => {
    expect(SkpIsIumSigned(ci(trustlet()))).toBe(true);
    expect(SkpIsIumSigned(ci(image({})))).toBe(false);
  });
  it.each([
    ['Windows', IUM_EKUS, true],
    ['WinTcb', IUM_EKUS, true],
    ['WinSystem', IUM_EKUS, true],
    ['Lsa', IUM_EKUS, true],
    ['Authenticode', IUM_EKUS, false],
    ['Antimalware', IUM_EKUS, false],
    ['Windows', ['1.3.6.1.4.1.311.10.3.6'], false],
    ['Windows', ['1.3.6.1.4.1.311.10.3.37'], false],
    ['none', [], false],
  ] as const)('%s with %j is IUM-signed: %s', (signer, ekus, yes) => {
    expect(SkpIsIumSigned({ signer, ekus: [...ekus], origin: 'embedded' })).toBe(yes);
  });
});

describe('SkValidateTrustletImage', () => {
  it('accepts a trustlet for its own ApplicationId, or identity 0', () => {
    for (const id of [7n, 0n]) {
      const r = validate(trustlet(), id);
      expect(r.status).toBe(STATUS.SUCCESS);
      expect(r.trustlet!.TrustletId).toBe(7n);
      expect(r.trustlet!.policies).toEqual({ etw: true, debug: false, crashDump: true, other: {} });
    }
  });
  it('checks the signature first, then the policy, then the identity', () => {
    const unsignedNoPolicy = image({});
    expect(validate(unsignedNoPolicy, 9n).status).toBe(STATUS.INVALID_IMAGE_HASH);
    const signedNoPolicy = image({ signature: { signer: 'Windows', ekus: IUM_EKUS } });
    expect(validate(signedNoPolicy, 9n).status).toBe(STATUS.INVALID_IMAGE_FORMAT);
    expect(validate(trustlet(), 9n).status).toBe(STATUS.ACCESS_DENIED);
  });
});

describe('policies (internals.md §5.1)', () => {
  it('an undeclared policy is off; numbers count as on when non-zero; the rest are kept by name', () => {
    const v = SkpDecodePolicies({
      version: 1,
      trustletId: 1n,
      entries: [],
      policies: { debug: 1, crashDump: 0, scenarioId: '{0}', capability: 3 },
    });
    expect(v).toEqual({
      etw: false,
      debug: true,
      crashDump: false,
      other: { scenarioId: '{0}', capability: 3 },
    });
  });
});

describe('the system calls the secure kernel forwards (Windows Internals 7: fewer than 50)', () => {
  it('are real 22H2 services, fewer than 50', () => {
    expect(SK_TRUSTLET_SYSTEM_CALLS.size).toBeLessThan(50);
    for (const name of SK_TRUSTLET_SYSTEM_CALLS) expect(systemServiceByName(name), name).toBeDefined();
  });
  it.each([
    ['NtAllocateVirtualMemory', true],
    ['NtAlpcSendWaitReceivePort', true],
    ['NtTraceEvent', true],
    ['NtClose', true],
    ['NtCreateFile', false],
    ['NtReadFile', false],
    ['NtWriteFile', false],
    ['NtCreateUserProcess', false],
    ['NtCreateProcessEx', false],
    ['NtOpenProcess', false],
    ['NtReadVirtualMemory', false],
    ['NtOpenKey', false],
    ['NtDebugActiveProcess', false],
  ])('%s: %s', (name, yes) => expect(SkIsSystemCallAllowed(name)).toBe(yes));

  it('the gate forwards an allowed call and answers a refused one itself, with a securekernel span', () => {
    const trace = new Trace(new Clock());
    const seen: number[] = [];
    const gate = SkCreateTrustletSyscallGate(
      { syscall: (n) => (seen.push(n), { status: STATUS.SUCCESS }) },
      { trace, pid: () => 99 },
    );
    const alloc = systemServiceByName('NtAllocateVirtualMemory')!.number;
    const create = systemServiceByName('NtCreateFile')!.number;
    expect(gate.syscall(alloc, {}).status).toBe(STATUS.SUCCESS);
    expect(gate.syscall(create, {}).status).toBe(STATUS.INVALID_SYSTEM_SERVICE);
    expect(gate.syscall(0x7fff, {}).status).toBe(STATUS.INVALID_SYSTEM_SERVICE);
    expect(seen).toEqual([alloc]);
    const spans = trace.toJSON().spans;
    expect(spans.map((s) => [s.layer, s.fn, s.pid, s.status])).toEqual([
      ['securekernel', 'NtCreateFile', 99, STATUS.INVALID_SYSTEM_SERVICE],
      ['securekernel', 'syscall 0x7fff', 99, STATUS.INVALID_SYSTEM_SERVICE],
    ]);
  });
});

describe('the Etw policy (internals.md §5.1)', () => {
  it('ETW services reach NT only when the trustlet policy enables ETW', () => {
    const trace = Trace.disabled();
    const traceEvent = systemServiceByName('NtTraceEvent')!.number;
    for (const [etw, status] of [
      [true, STATUS.SUCCESS],
      [false, STATUS.INVALID_SYSTEM_SERVICE],
    ] as const) {
      const gate = SkCreateTrustletSyscallGate(
        { syscall: () => ({ status: STATUS.SUCCESS }) },
        { trace, pid: () => 1, policies: () => ({ etw, debug: false, crashDump: false, other: {} }) },
      );
      expect(gate.syscall(traceEvent, {}).status).toBe(status);
    }
  });
});

describe('IUM-approved DLLs (Ionescu, BH 2015; internals.md §5.3)', () => {
  it.each([
    ['C:\\Windows\\System32\\ntdll.dll', true],
    ['\\??\\C:\\Windows\\System32\\KERNELBASE.dll', true],
    ['C:\\Windows\\System32\\iumbase.dll', true],
    ['C:\\Windows\\System32\\bcryptprimitives.dll', true],
    ['C:\\Windows\\System32\\user32.dll', false],
    ['C:\\Windows\\System32\\gdi32.dll', false],
    ['C:\\Windows\\System32\\ws2_32.dll', false],
  ])('%s: %s', (path, yes) => expect(SkIsImageAllowedInTrustlet(path, false)).toBe(yes));
  it('the trustlet executable itself is always allowed', () => {
    expect(SkIsImageAllowedInTrustlet('C:\\Acme\\t.exe', true)).toBe(true);
  });
});

describe('SecureKernel', () => {
  it('hands out SecureHandles with bit 0 set and bit 1 clear, thread cookies, and forgets deleted processes', () => {
    const sk = new SecureKernel({ trace: Trace.disabled() });
    const v = validate(trustlet(), 0n).trustlet!;
    const a = sk.VslCreateSecureProcess(v, { ImageName: 'a.exe' }).secure!;
    const b = sk.VslCreateSecureProcess(v, { ImageName: 'b.exe' }).secure!;
    for (const s of [a, b]) expect(s.SecureHandle & 3n).toBe(1n);
    expect(a.SecureHandle).not.toBe(b.SecureHandle);
    expect(a.SecurePid).not.toBe(b.SecurePid);
    const c1 = sk.VslCreateSecureThread(a.SecureHandle, 100).cookie!;
    const c2 = sk.VslCreateSecureThread(a.SecureHandle, 104).cookie!;
    expect(c1).toBeGreaterThan(0);
    expect(c2).not.toBe(c1);
    expect([...a.threadCookies]).toEqual([
      [100, c1],
      [104, c2],
    ]);
    expect(sk.VslCreateSecureThread(0x1234n, 1).status).toBe(STATUS.INVALID_HANDLE);
    sk.VslDeleteSecureProcess(a.SecureHandle);
    expect(sk.lookup(a.SecureHandle)).toBeNull();
    expect(sk.secureProcesses()).toEqual([b]);
  });
});
