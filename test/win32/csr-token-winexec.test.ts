import { describe, expect, it } from 'vitest';
import { ERROR, STATUS } from '../../src/base/index.js';
import { CreateProcessA, CreateProcessAsUserW, CreateProcessW, WinExec } from '../../src/kernel32/index.js';
import { CREATE_FLAGS as F, NTSTATUS_FROM_WIN32, STARTF, SW } from '../../src/kernelbase/index.js';
import { req, win32Lab, type Win32Lab } from './support.js';

const TOKEN_ASSIGN_PRIMARY = 0x1;
const TOKEN_DUPLICATE = 0x2;
const TOKEN_QUERY = 0x8;
const TokenPrimary = 1;
const TokenImpersonation = 2;
const SecurityImpersonation = 2;

describe('CSRSS registration (Windows Internals 7 ch. 3, stage 6: BasepCreateProcess)', () => {
  it('after NtCreateUserProcess, CSRSS gets the handles, the client id, the flags, the subsystem and the creator', () => {
    const lab = win32Lab({ files: { 'C:\\App\\cui.exe': { kind: 'exe', subsystem: 'console' } } });
    const r = CreateProcessW(lab.ctx, req('C:\\App\\cui.exe', null, { creationFlags: F.CREATE_NEW_CONSOLE }));
    expect(lab.csr.calls).toHaveLength(1);
    const call = lab.csr.calls[0]!;
    expect(call.api).toBe('BasepCreateProcess');
    expect(call.client.processId).toBe(lab.explorer.UniqueProcessId);
    expect(call.message).toEqual({
      ProcessHandle: r.out!.hProcess,
      ThreadHandle: r.out!.hThread,
      ClientId: { UniqueProcess: r.out!.processId, UniqueThread: r.out!.threadId },
      CreationFlags: F.CREATE_NEW_CONSOLE,
      Subsystem: 3,
      ParentProcessId: lab.explorer.UniqueProcessId,
      VdmBinaryType: 0,
    });
  });

  it("a CSRSS failure terminates the new process and fails the call with the server's status; nothing is left", () => {
    const lab = win32Lab();
    const before = lab.counts();
    lab.csr.answer = STATUS.ACCESS_DENIED;
    expect(CreateProcessW(lab.ctx, req('notepad'))).toEqual({
      returnValue: 0,
      lastError: ERROR.ACCESS_DENIED,
      status: STATUS.ACCESS_DENIED,
    });
    expect(lab.counts()).toEqual(before);
  });

  it('a Windows image with no CSRSS connection: STATUS_INVALID_PORT_HANDLE (ERROR_INVALID_HANDLE), nothing left', () => {
    const lab = win32Lab({ noCsr: true });
    const before = lab.counts();
    expect(CreateProcessW(lab.ctx, req('notepad'))).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_HANDLE,
      status: STATUS.INVALID_PORT_HANDLE,
    });
    expect(lab.counts()).toEqual(before);
  });
});

describe('CreateProcessAsUserW: hToken → PsAttributeToken', () => {
  /** A copy of the token of a process explorer made (its token object has explorer's descriptor). */
  function token(lab: Win32Lab, type: number, access: number): number {
    const made = CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: F.CREATE_SUSPENDED }));
    const own = lab.ctx.nt.NtOpenProcessToken({
      ProcessHandle: made.out!.hProcess,
      DesiredAccess: TOKEN_DUPLICATE | TOKEN_QUERY,
    });
    expect(own.status).toBe(STATUS.SUCCESS);
    const dup = lab.ctx.nt.NtDuplicateToken({
      ExistingTokenHandle: own.out!.TokenHandle,
      DesiredAccess: access,
      ObjectAttributes: {
        Attributes: 0,
        SecurityQualityOfService: { ImpersonationLevel: SecurityImpersonation },
      },
      EffectiveOnly: false,
      TokenType: type,
    });
    expect(dup.status).toBe(STATUS.SUCCESS);
    lab.ctx.nt.NtClose({ Handle: own.out!.TokenHandle });
    return Number(dup.out!.NewTokenHandle);
  }

  it('a primary token becomes the child\'s token (Learn: "the new process runs in the security context of the user represented by the specified token")', () => {
    const lab = win32Lab();
    const h = token(lab, TokenPrimary, TOKEN_ASSIGN_PRIMARY | TOKEN_DUPLICATE | TOKEN_QUERY);
    const r = CreateProcessAsUserW(lab.ctx, h, req('notepad'));
    expect([r.returnValue, r.lastError]).toEqual([1, ERROR.SUCCESS]);
    expect(lab.process(r.out!.processId).Token).toBe(lab.explorer.ObjectTable!.lookup(h)!.object.body);
  });

  it("NULL token: the caller's, as CreateProcessW (a copy of it)", () => {
    const lab = win32Lab();
    const r = CreateProcessAsUserW(lab.ctx, 0, req('notepad'));
    const t = lab.process(r.out!.processId).Token!;
    expect(t).not.toBe(lab.explorer.Token);
    expect(t.user).toEqual(lab.explorer.Token!.user);
  });

  it('an impersonation token is ERROR_BAD_TOKEN_TYPE; no TOKEN_ASSIGN_PRIMARY ERROR_ACCESS_DENIED; a bad handle ERROR_INVALID_HANDLE', () => {
    const lab = win32Lab();
    const imp = token(lab, TokenImpersonation, TOKEN_ASSIGN_PRIMARY | TOKEN_QUERY);
    const noAssign = token(lab, TokenPrimary, TOKEN_QUERY);
    const before = lab.counts();
    expect(CreateProcessAsUserW(lab.ctx, imp, req('notepad'))).toEqual({
      returnValue: 0,
      lastError: ERROR.BAD_TOKEN_TYPE,
      status: STATUS.BAD_TOKEN_TYPE,
    });
    expect(CreateProcessAsUserW(lab.ctx, noAssign, req('notepad')).lastError).toBe(ERROR.ACCESS_DENIED);
    expect(CreateProcessAsUserW(lab.ctx, 0x1234, req('notepad')).lastError).toBe(ERROR.INVALID_HANDLE);
    expect(lab.counts()).toEqual(before);
  });
});

describe('WinExec (Microsoft Learn: "greater than 31" on success)', () => {
  it('runs the command line with STARTF_USESHOWWINDOW and the show command, returns 33, and closes its handles', () => {
    const lab = win32Lab();
    const handles = lab.explorer.ObjectTable!.handleCount;
    const r = WinExec(lab.ctx, 'notepad readme.txt', SW.SHOWMINIMIZED);
    expect([r.returnValue, r.lastError]).toEqual([33, ERROR.SUCCESS]);
    expect(lab.explorer.ObjectTable!.handleCount).toBe(handles);
    const child = lab.booted.kernel.ps.activeProcesses.at(-1)!;
    const p = lab.params(child);
    expect([p.commandLine, p.windowFlags, p.showWindowFlags]).toEqual([
      'notepad readme.txt',
      STARTF.USESHOWWINDOW,
      SW.SHOWMINIMIZED,
    ]);
  });

  it('failures return ERROR_FILE_NOT_FOUND / ERROR_PATH_NOT_FOUND, and ERROR_BAD_FORMAT for errors of 32 and above', () => {
    const lab = win32Lab({ files: { 'C:\\App\\lib.dll': { kind: 'dll' } } });
    expect(WinExec(lab.ctx, 'nothere.exe', SW.SHOW).returnValue).toBe(ERROR.FILE_NOT_FOUND);
    expect(WinExec(lab.ctx, 'C:\\NoDir\\x.exe', SW.SHOW).returnValue).toBe(ERROR.PATH_NOT_FOUND);
    const dll = WinExec(lab.ctx, 'C:\\App\\lib.dll', SW.SHOW);
    expect([dll.returnValue, dll.lastError]).toEqual([ERROR.BAD_FORMAT, ERROR.BAD_EXE_FORMAT]);
    const native = WinExec(lab.ctx, 'smss.exe', SW.SHOW);
    expect([native.returnValue, native.lastError, native.status]).toEqual([
      ERROR.BAD_FORMAT,
      ERROR.CHILD_NOT_COMPLETE,
      NTSTATUS_FROM_WIN32(ERROR.CHILD_NOT_COMPLETE),
    ]);
  });
});

describe('kernel32 exports', () => {
  it('CreateProcessA is CreateProcessW with the same strings (CreateProcessInternalA converts and calls the W form)', () => {
    const lab = win32Lab();
    const a = CreateProcessA(lab.ctx, req('notepad "a b"', null, { currentDirectory: 'C:\\Windows' }));
    const w = CreateProcessW(lab.ctx, req('notepad "a b"', null, { currentDirectory: 'C:\\Windows' }));
    const pa = lab.params(lab.process(a.out!.processId));
    const pw = lab.params(lab.process(w.out!.processId));
    expect(pa).toEqual(pw);
    expect(CreateProcessA(lab.ctx, req('nothere')).lastError).toBe(ERROR.FILE_NOT_FOUND);
  });

  it('every failure leaves nothing behind: no process, thread, CID, handle or mapping', () => {
    const lab = win32Lab({ files: { 'C:\\App\\lib.dll': { kind: 'dll' }, 'C:\\App\\t.txt': { text: 'x' } } });
    const before = lab.counts();
    const failures = [
      req('nothere'),
      req('C:\\NoDir\\a.exe'),
      req('C:\\Windows'),
      req(null, 'C:\\App\\lib.dll'),
      req(null, 'C:\\App\\t.txt'),
      req('smss.exe'),
      req('notepad', null, { currentDirectory: 'C:\\nope' }),
      req('notepad', null, { creationFlags: F.DETACHED_PROCESS | F.CREATE_NEW_CONSOLE }),
    ];
    for (const f of failures) expect(CreateProcessW(lab.ctx, f).returnValue).toBe(0);
    expect(lab.counts()).toEqual(before);
  });
});
