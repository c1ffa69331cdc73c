import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { ObCloseHandle } from '../../src/kernel/ob/index.js';
import type { EJOB } from '../../src/kernel/ps/index.js';
import {
  NtCreateJobObject,
  JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
  PS_PROCESS_FLAGS3_MINIMAL,
  PsCreateMinimalProcess,
} from '../../src/kernel/ps/index.js';
import { KernelMode } from '../../src/kernel/se/index.js';
import { bootedMachine } from './support.js';

// Reference §7 (PsCreateMinimalProcess, decompiled, search id 65709131025); Windows Internals 7,
// ch. 3 "Minimal processes".
describe('PsCreateMinimalProcess', () => {
  it('ORs MINIMAL_PROCESS in: no section, no PEB, no ntdll, Flags3.Minimal, named, parent System', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    const caller = k.caller(k.systemProcess, KernelMode);
    const r = PsCreateMinimalProcess(k.ps, caller, { Name: 'MinimalProcessNameTooLong' });
    expect(r.status).toBe(STATUS.SUCCESS);
    const p = r.process!;
    expect(p.kind).toBe('minimal');
    expect(p.ImageFileName).toBe('MinimalProcessN'); // 15 bytes (EPROCESS.ImageFileName)
    expect(p.imageFileNtPath).toBe('');
    expect([p.Peb, p.SectionObject, p.ntdllView]).toEqual([0, null, null]);
    expect(p.Flags3 & PS_PROCESS_FLAGS3_MINIMAL).toBe(PS_PROCESS_FLAGS3_MINIMAL);
    expect(p.addressSpace!.vadList).toEqual([]);
    expect(p.InheritedFromUniqueProcessId).toBe(4);
    expect(p.threads).toEqual([]);
    expect(k.ps.activeProcesses).toContain(p);
    // Inserted with MAXIMUM_ALLOWED: the kernel caller gets every right.
    const entry = k.systemProcess.ObjectTable!.lookup(r.ProcessHandle!);
    expect(entry?.grantedAccess).toBe(0x1fffff);
    expect(ObCloseHandle(k.ob, k.systemProcess, r.ProcessHandle!, KernelMode)).toBe(STATUS.SUCCESS);
  });

  it('no process notify routine hears of a minimal process', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    const seen: number[] = [];
    k.ps.notify.PsSetCreateProcessNotifyRoutineEx((_p, pid) => seen.push(pid), false);
    const r = PsCreateMinimalProcess(k.ps, k.caller(k.systemProcess, KernelMode), { Name: 'x' });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(seen).toEqual([]);
  });

  it('flags outside PROCESS_CREATE_FLAGS_*: STATUS_INVALID_PARAMETER, nothing left behind', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    const before = m.counts();
    const caller = k.caller(k.systemProcess, KernelMode);
    expect(PsCreateMinimalProcess(k.ps, caller, { Flags: 0x10000 }).status).toBe(STATUS.INVALID_PARAMETER);
    expect(PsCreateMinimalProcess(k.ps, caller, { Flags: 0x40 }).status).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
  });

  it('an optional job takes the process; a full job refuses it with STATUS_QUOTA_EXCEEDED', () => {
    const m = bootedMachine();
    const k = m.b.kernel;
    const caller = k.caller(k.systemProcess, KernelMode);
    const jh = NtCreateJobObject(k.ps, caller, { DesiredAccess: 0x1f001f }).JobHandle!;
    const job = k.systemProcess.ObjectTable!.lookup(jh)!.object.body as EJOB;
    const r = PsCreateMinimalProcess(k.ps, caller, { Job: job, Name: 'inajob' });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.process!.Job).toBe(job);
    expect(job.ProcessListHead).toEqual([r.process]);
    job.LimitFlags = JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
    job.ActiveProcessLimit = 1;
    const before = m.counts();
    expect(PsCreateMinimalProcess(k.ps, caller, { Job: job }).status).toBe(STATUS.QUOTA_EXCEEDED);
    expect(m.counts()).toEqual(before);
  });
});
