import { describe, expect, it } from 'vitest';
import { ERROR, STATUS } from '../../src/base/index.js';
import type { EPROCESS, PsCreateNotifyInfo } from '../../src/kernel/ps/index.js';
import {
  CREATE_FLAGS as F,
  CreateProcessW,
  DeleteProcThreadAttributeList,
  InitializeProcThreadAttributeList,
  PROC_THREAD_ATTRIBUTE as A,
  PROC_THREAD_ATTRIBUTE_LIST,
  PROTECTION_LEVEL,
  UpdateProcThreadAttribute,
  type ProcThreadAttributeList,
} from '../../src/kernelbase/index.js';
import type { UserThreadContext } from '../../src/ntdll/index.js';
import { req, win32Lab, type Win32Lab } from './support.js';

const OBJ_INHERIT = 0x2;
const PROCESS_CREATE_PROCESS = 0x80;
const PROCESS_QUERY_LIMITED_INFORMATION = 0x1000;
const JOB_OBJECT_ALL_ACCESS = 0x1f003f;

/** A list with room for `count` attributes, allocated at the size InitializeProcThreadAttributeList asks for. */
function newList(count: number): ProcThreadAttributeList {
  const size = InitializeProcThreadAttributeList(null, count, 0, 0).out.size;
  const list = new PROC_THREAD_ATTRIBUTE_LIST(size);
  expect(InitializeProcThreadAttributeList(list, count, 0, size).returnValue).toBe(1);
  return list;
}

/** STARTUPINFOEX with one attribute, and EXTENDED_STARTUPINFO_PRESENT. */
function withAttribute(attribute: number, value: unknown, extra: Partial<Parameters<typeof req>[2]> = {}) {
  const list = newList(1);
  expect(UpdateProcThreadAttribute(list, 0, attribute, value).returnValue).toBe(1);
  return { creationFlags: F.EXTENDED_STARTUPINFO_PRESENT, startupInfo: { attributeList: list }, ...extra };
}

/** NtOpenProcess of `pid` as the context's thread, inheritable or not. */
function openProcess(ctx: UserThreadContext, pid: number, access: number, inherit: boolean): number {
  const r = ctx.nt.NtOpenProcess({
    DesiredAccess: access,
    ObjectAttributes: { Attributes: inherit ? OBJ_INHERIT : 0 },
    ClientId: { UniqueProcess: pid, UniqueThread: 0 },
  });
  expect(r.status).toBe(STATUS.SUCCESS);
  return Number(r.out!.ProcessHandle);
}

describe('InitializeProcThreadAttributeList / UpdateProcThreadAttribute (Wine test_ProcThreadAttributeList)', () => {
  it('the size asked for is the header and one entry per attribute; the list starts empty', () => {
    for (let i = 0; i <= 10; i++) {
      const q = InitializeProcThreadAttributeList(null, i, 0, 0);
      expect([q.returnValue, q.lastError, q.out.size]).toEqual([
        0,
        ERROR.INSUFFICIENT_BUFFER,
        0x18 + 0x18 * i,
      ]);
      const list = new PROC_THREAD_ATTRIBUTE_LIST(q.out.size);
      expect(InitializeProcThreadAttributeList(list, i, 0, q.out.size).returnValue).toBe(1);
      expect([list.Mask, list.Size, list.Count, list.Unknown]).toEqual([0, i, 0, 0]);
    }
    const small = new PROC_THREAD_ATTRIBUTE_LIST(0x18);
    expect(InitializeProcThreadAttributeList(small, 1, 0, 0x18).lastError).toBe(ERROR.INSUFFICIENT_BUFFER);
    // Learn: dwFlags "is reserved and must be zero".
    expect(InitializeProcThreadAttributeList(newList(1), 1, 1, 0x30).lastError).toBe(ERROR.INVALID_PARAMETER);
  });

  it('unknown attribute: ERROR_NOT_SUPPORTED; wrong cbSize: ERROR_BAD_LENGTH; twice: ERROR_OBJECT_NAME_EXISTS', () => {
    const list = newList(4);
    const handles = [0, 0, 0, 0];
    expect(UpdateProcThreadAttribute(list, 0, 0xcafe, handles, 4).lastError).toBe(ERROR.NOT_SUPPORTED);
    expect(UpdateProcThreadAttribute(list, 0, A.PARENT_PROCESS, handles, 4).lastError).toBe(ERROR.BAD_LENGTH);
    expect(UpdateProcThreadAttribute(list, 0, A.PARENT_PROCESS, handles, 16).lastError).toBe(
      ERROR.BAD_LENGTH,
    );
    expect(UpdateProcThreadAttribute(list, 0, A.PARENT_PROCESS, 0, 8).returnValue).toBe(1);
    expect(UpdateProcThreadAttribute(list, 0, A.PARENT_PROCESS, 0, 8).lastError).toBe(
      ERROR.OBJECT_NAME_EXISTS,
    );
    expect(UpdateProcThreadAttribute(list, 0, A.HANDLE_LIST, handles, 31).lastError).toBe(ERROR.BAD_LENGTH);
    expect(UpdateProcThreadAttribute(list, 0, A.HANDLE_LIST, handles, 32).returnValue).toBe(1);
    expect(UpdateProcThreadAttribute(list, 0, A.HANDLE_LIST, handles, 32).lastError).toBe(
      ERROR.OBJECT_NAME_EXISTS,
    );
    expect(UpdateProcThreadAttribute(list, 0, A.IDEAL_PROCESSOR, handles, 4).returnValue).toBe(1);
    expect([list.Mask, list.Count]).toEqual([(1 << 0) | (1 << 2) | (1 << 5), 3]);
    expect(list.Attributes.map((e) => [e.Attribute, e.Size])).toEqual([
      [A.PARENT_PROCESS, 8],
      [A.HANDLE_LIST, 32],
      [A.IDEAL_PROCESSOR, 4],
    ]);
    expect(UpdateProcThreadAttribute(list, 1, A.JOB_LIST, [0], 8).lastError).toBe(ERROR.INVALID_PARAMETER);
    DeleteProcThreadAttributeList(list);
    expect([list.Mask, list.Count]).toEqual([0, 0]);
  });

  it('a full list is ERROR_GEN_FAILURE; JOB_LIST takes whole handles (Wine test_job_list_attribute: 3 bytes → ERROR_BAD_LENGTH)', () => {
    const list = newList(1);
    expect(UpdateProcThreadAttribute(list, 0, A.JOB_LIST, [1, 2], 3).lastError).toBe(ERROR.BAD_LENGTH);
    expect(UpdateProcThreadAttribute(list, 0, A.JOB_LIST, [1, 2], 16).returnValue).toBe(1);
    expect(UpdateProcThreadAttribute(list, 0, A.PARENT_PROCESS, 4, 8).lastError).toBe(ERROR.GEN_FAILURE);
  });
});

describe('PROC_THREAD_ATTRIBUTE_PARENT_PROCESS (Wine test_parent_process_attribute)', () => {
  /** A process explorer made (same user), to be the spoofed parent. */
  function spoofedParent(lab: Win32Lab): { parent: EPROCESS; handle: number } {
    const r = CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: F.CREATE_SUSPENDED }));
    const parent = lab.process(r.out!.processId);
    return { parent, handle: openProcess(lab.ctx, parent.UniqueProcessId, PROCESS_CREATE_PROCESS, false) };
  }

  it("the child's parent is the spoofed one; its creator is still the caller (handles, notify routine, CSRSS)", () => {
    const lab = win32Lab();
    const { parent, handle } = spoofedParent(lab);
    const seen: PsCreateNotifyInfo[] = [];
    lab.booted.kernel.ps.notify.PsSetCreateProcessNotifyRoutineEx(
      (_p, _pid, info) => info && seen.push(info),
      false,
    );
    const r = CreateProcessW(lab.ctx, req('notepad', null, withAttribute(A.PARENT_PROCESS, handle)));
    expect([r.returnValue, r.lastError]).toEqual([1, ERROR.SUCCESS]);
    const child = lab.process(r.out!.processId);
    expect(child.InheritedFromUniqueProcessId).toBe(parent.UniqueProcessId);
    expect(seen[0]!.ParentProcessId).toBe(parent.UniqueProcessId);
    expect(seen[0]!.CreatingThreadId.UniqueProcess).toBe(lab.explorer.UniqueProcessId);
    // PROCESS_INFORMATION's handles are the caller's.
    expect(lab.explorer.ObjectTable!.lookup(r.out!.hProcess)?.object.body).toBe(child);
    expect(parent.ObjectTable!.handleCount).toBe(0);
    expect(lab.csr.calls.at(-1)!.message.ParentProcessId).toBe(lab.explorer.UniqueProcessId);
  });

  it('Learn: attributes inherited from the specified process include handles and the job object', () => {
    const lab = win32Lab();
    const { parent, handle } = spoofedParent(lab);
    const pctx = lab.contextOf(parent);
    const inheritable = openProcess(pctx, parent.UniqueProcessId, PROCESS_QUERY_LIMITED_INFORMATION, true);
    const job = lab.ctx.nt.NtCreateJobObject({
      DesiredAccess: JOB_OBJECT_ALL_ACCESS,
      ObjectAttributes: null,
    });
    const hJob = Number(job.out!.JobHandle);
    const parentForJob = openProcess(lab.ctx, parent.UniqueProcessId, 0x1 | 0x100, false);
    expect(
      lab.ctx.nt.NtAssignProcessToJobObject({ JobHandle: hJob, ProcessHandle: parentForJob }).status,
    ).toBe(STATUS.SUCCESS);
    const r = CreateProcessW(
      lab.ctx,
      req('notepad', null, withAttribute(A.PARENT_PROCESS, handle, { inheritHandles: true })),
    );
    const child = lab.process(r.out!.processId);
    expect(child.ObjectTable!.lookup(inheritable)?.object.body).toBe(parent);
    expect(child.ObjectTable!.handleCount).toBe(1);
    expect(child.Job).toBe(parent.Job);
    expect(child.Job).not.toBeNull();
  });

  it('NULL, a bogus value and the current-process pseudo handle are ERROR_INVALID_HANDLE; too few rights ERROR_ACCESS_DENIED', () => {
    const lab = win32Lab();
    const { parent } = spoofedParent(lab);
    const limited = openProcess(lab.ctx, parent.UniqueProcessId, PROCESS_QUERY_LIMITED_INFORMATION, false);
    const before = lab.counts();
    for (const [h, error] of [
      [0, ERROR.INVALID_HANDLE],
      [0xdeadbeef, ERROR.INVALID_HANDLE],
      [-1, ERROR.INVALID_HANDLE],
      [limited, ERROR.ACCESS_DENIED],
    ] as const) {
      const r = CreateProcessW(lab.ctx, req('notepad', null, withAttribute(A.PARENT_PROCESS, h)));
      expect([r.returnValue, r.lastError]).toEqual([0, error]);
    }
    expect(lab.counts()).toEqual(before);
  });

  it('without EXTENDED_STARTUPINFO_PRESENT the attribute list is not read', () => {
    const lab = win32Lab();
    const { handle } = spoofedParent(lab);
    const si = withAttribute(A.PARENT_PROCESS, handle).startupInfo;
    const r = CreateProcessW(lab.ctx, req('notepad', null, { startupInfo: si }));
    expect(lab.process(r.out!.processId).InheritedFromUniqueProcessId).toBe(lab.explorer.UniqueProcessId);
  });
});

describe('handle inheritance: bInheritHandles and PROC_THREAD_ATTRIBUTE_HANDLE_LIST', () => {
  /** Three handles of explorer's to a process it made: two inheritable, one not. */
  function handles(lab: Win32Lab): { h1: number; h2: number; h3: number; target: EPROCESS } {
    const target = lab.process(
      CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: F.CREATE_SUSPENDED })).out!.processId,
    );
    const pid = target.UniqueProcessId;
    return {
      h1: openProcess(lab.ctx, pid, PROCESS_QUERY_LIMITED_INFORMATION, true),
      h2: openProcess(lab.ctx, pid, PROCESS_QUERY_LIMITED_INFORMATION, true),
      h3: openProcess(lab.ctx, pid, PROCESS_QUERY_LIMITED_INFORMATION, false),
      target,
    };
  }

  it('bInheritHandles TRUE: the inheritable handles, at the same values; FALSE: none (Learn, CreateProcessW)', () => {
    const lab = win32Lab();
    const { h1, h2, h3, target } = handles(lab);
    const a = lab.process(
      CreateProcessW(lab.ctx, req('notepad', null, { inheritHandles: true })).out!.processId,
    );
    expect([h1, h2, h3].map((h) => a.ObjectTable!.lookup(h)?.object.body === target)).toEqual([
      true,
      true,
      false,
    ]);
    expect(a.ObjectTable!.handleCount).toBe(2);
    const b = lab.process(CreateProcessW(lab.ctx, req('notepad')).out!.processId);
    expect(b.ObjectTable!.handleCount).toBe(0);
  });

  it('HANDLE_LIST: only the listed inheritable handles (Wine test_handle_list_attribute)', () => {
    const lab = win32Lab();
    const { h1, h2, target } = handles(lab);
    const r = CreateProcessW(
      lab.ctx,
      req('notepad', null, withAttribute(A.HANDLE_LIST, [h2], { inheritHandles: true })),
    );
    const child = lab.process(r.out!.processId);
    expect([child.ObjectTable!.lookup(h1), child.ObjectTable!.lookup(h2)?.object.body]).toEqual([
      undefined,
      target,
    ]);
    expect(child.ObjectTable!.handleCount).toBe(1);
  });

  it('HANDLE_LIST with a handle that is not inheritable: ERROR_INVALID_PARAMETER, nothing left; ignored without bInheritHandles', () => {
    const lab = win32Lab();
    const { h1, h3 } = handles(lab);
    const before = lab.counts();
    const bad = CreateProcessW(
      lab.ctx,
      req('notepad', null, withAttribute(A.HANDLE_LIST, [h3], { inheritHandles: true })),
    );
    expect([bad.returnValue, bad.lastError]).toEqual([0, ERROR.INVALID_PARAMETER]);
    expect(lab.counts()).toEqual(before);
    const ignored = CreateProcessW(lab.ctx, req('notepad', null, withAttribute(A.HANDLE_LIST, [h1])));
    expect(lab.process(ignored.out!.processId).ObjectTable!.handleCount).toBe(0);
  });

  it("lpProcessAttributes.bInheritHandle makes the caller's process handle inheritable, not the thread's", () => {
    const lab = win32Lab();
    const r = CreateProcessW(lab.ctx, req('notepad', null, { processAttributes: { inheritHandle: true } }));
    const table = lab.explorer.ObjectTable!;
    expect(table.lookup(r.out!.hProcess)!.attributes & OBJ_INHERIT).toBe(OBJ_INHERIT);
    expect(table.lookup(r.out!.hThread)!.attributes & OBJ_INHERIT).toBe(0);
    // Learn: "The handle returned by the CreateProcess function has PROCESS_ALL_ACCESS access to the
    // process object" (and THREAD_ALL_ACCESS to the thread).
    expect([
      table.lookup(r.out!.hProcess)!.grantedAccess,
      table.lookup(r.out!.hThread)!.grantedAccess,
    ]).toEqual([0x1fffff, 0x1fffff]);
  });
});

describe('JOB_LIST, MITIGATION_POLICY, PROTECTION_LEVEL', () => {
  it('JOB_LIST: the child starts in the job; NULL and bogus handles are ERROR_INVALID_HANDLE (Wine test_job_list_attribute)', () => {
    const lab = win32Lab();
    const job = Number(lab.ctx.nt.NtCreateJobObject({ DesiredAccess: JOB_OBJECT_ALL_ACCESS }).out!.JobHandle);
    const before = lab.counts();
    for (const h of [0xdeadbeef, 0]) {
      const r = CreateProcessW(lab.ctx, req('notepad', null, withAttribute(A.JOB_LIST, [h])));
      expect([r.returnValue, r.lastError]).toEqual([0, ERROR.INVALID_HANDLE]);
    }
    expect(lab.counts()).toEqual(before);
    const r = CreateProcessW(lab.ctx, req('notepad', null, withAttribute(A.JOB_LIST, [job])));
    const child = lab.process(r.out!.processId);
    expect(child.Job).not.toBeNull();
    expect(lab.explorer.ObjectTable!.lookup(job)!.object.body).toBe(child.Job);
  });

  it('MITIGATION_POLICY: one DWORD64 map, or two (the second is PROCESS_CREATION_MITIGATION_POLICY2)', () => {
    const lab = win32Lab();
    const FORCE_RELOCATE_IMAGES_ALWAYS_ON = 1n << 8n;
    const a = CreateProcessW(
      lab.ctx,
      req('notepad', null, withAttribute(A.MITIGATION_POLICY, FORCE_RELOCATE_IMAGES_ALWAYS_ON)),
    );
    expect(lab.process(a.out!.processId).mitigationOptions).toEqual([FORCE_RELOCATE_IMAGES_ALWAYS_ON, 0n]);
    const b = CreateProcessW(
      lab.ctx,
      req('notepad', null, withAttribute(A.MITIGATION_POLICY, [0x100n, 0x10n])),
    );
    expect(lab.process(b.out!.processId).mitigationOptions).toEqual([0x100n, 0x10n]);
  });

  // The image must be signed for the level (model code integrity, internals.md §4.3/§4.4): an
  // Antimalware-signed image starts as 0x31, unsigned notepad is ERROR_INVALID_IMAGE_HASH (577) with
  // nothing left behind; PROTECTION_LEVEL_SAME from an unprotected caller is ERROR_INVALID_PARAMETER.
  it('PROTECTION_LEVEL: ANTIMALWARE_LIGHT is PS_PROTECTION 0x31 for a signed image, 577 for an unsigned one; SAME from an unprotected caller and another value are ERROR_INVALID_PARAMETER', () => {
    const lab = win32Lab({
      files: {
        'C:\\Acme\\amsvc.exe': { kind: 'exe', subsystem: 'console', signature: { signer: 'Antimalware' } },
      },
    });
    const flags = F.EXTENDED_STARTUPINFO_PRESENT | F.CREATE_PROTECTED_PROCESS;
    const level = (v: number) => withAttribute(A.PROTECTION_LEVEL, v, { creationFlags: flags });
    const a = CreateProcessW(
      lab.ctx,
      req('C:\\Acme\\amsvc.exe', null, level(PROTECTION_LEVEL.ANTIMALWARE_LIGHT)),
    );
    expect(lab.process(a.out!.processId).Protection).toBe(0x31);
    const before = lab.counts();
    const unsigned = CreateProcessW(lab.ctx, req('notepad', null, level(PROTECTION_LEVEL.ANTIMALWARE_LIGHT)));
    expect([unsigned.returnValue, unsigned.lastError]).toEqual([0, ERROR.INVALID_IMAGE_HASH]);
    expect(CreateProcessW(lab.ctx, req('notepad', null, level(PROTECTION_LEVEL.SAME))).lastError).toBe(
      ERROR.INVALID_PARAMETER,
    );
    expect(CreateProcessW(lab.ctx, req('notepad', null, level(42))).lastError).toBe(ERROR.INVALID_PARAMETER);
    expect(lab.counts()).toEqual(before);
  });
});
