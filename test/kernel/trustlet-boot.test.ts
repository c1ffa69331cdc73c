import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { PsIsSecureProcess, PspSecureProcessOf } from '../../src/kernel/ps/index.js';
import { bootMachine } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';

// Boot with virtualization-based security (machine setting `vbs`): "Secure System" (internals.md §7,
// PspCreateSecureSystemProcess) and LsaIso.exe as trustlet 1 started by wininit (§5.2).
describe('boot with vbs: true', () => {
  const b = bootMachine(Machine.assemble({ settings: { vbs: true } }));
  const ps = b.kernel.ps;
  const byName = (n: string) => ps.activeProcesses.find((p) => p.ImageFileName === n)!;

  it('makes Secure System right after System: a minimal process, parent System', () => {
    const names = ps.activeProcesses.map((p) => p.ImageFileName);
    expect(names.slice(0, 2)).toEqual(['System', 'Secure System']);
    const ss = byName('Secure System');
    expect(ss.kind).toBe('minimal');
    expect(ss.InheritedFromUniqueProcessId).toBe(4);
    expect(ss.Peb).toBe(0);
  });

  it('starts LsaIso.exe from wininit as trustlet 1, before lsass', () => {
    const lsaiso = byName('LsaIso.exe');
    expect(lsaiso.kind).toBe('trustlet');
    expect(lsaiso.InheritedFromUniqueProcessId).toBe(byName('wininit.exe').UniqueProcessId);
    expect(lsaiso.UniqueProcessId).toBeLessThan(byName('lsass.exe').UniqueProcessId);
    expect(PsIsSecureProcess(lsaiso)).toBe(true);
    expect(lsaiso.SecureState & 1n).toBe(1n);
    const secure = PspSecureProcessOf(ps, lsaiso)!;
    expect(secure.TrustletId).toBe(1n);
    expect(secure.policies).toMatchObject({ etw: true, debug: false, crashDump: true });
    expect(lsaiso.threads[0]!.SecureThreadCookie).not.toBe(0);
    expect(lsaiso.ExitStatus).toBe(STATUS.PENDING);
  });
});

describe('boot with vbs: false (the default)', () => {
  it('has neither Secure System nor LsaIso', () => {
    const b = bootMachine(Machine.assemble());
    const names = b.kernel.ps.activeProcesses.map((p) => p.ImageFileName);
    expect(names).not.toContain('Secure System');
    expect(names).not.toContain('LsaIso.exe');
    expect(b.kernel.ps.secureKernel).toBeNull();
  });
});
