import { describe, expect, it } from 'vitest';
import { ERROR, STATUS } from '../../src/base/index.js';
import { CreateProcessW, NTSTATUS_FROM_WIN32 } from '../../src/kernelbase/index.js';
import { dosImage, req, win16Image, win32Lab } from './support.js';

const APP = { kind: 'exe' as const };

/**
 * What CreateProcessInternalW does when NtCreateUserProcess cannot make the process from the file
 * (PS_CREATE_INFO.State, reference §3.1; Windows Internals 7 ch. 3 "Stage 1"/"Stage 2").
 */
describe('CreateProcessW: files that are not Win32 executables', () => {
  const lab = () =>
    win32Lab({
      files: {
        'C:\\App\\lib.dll': { kind: 'dll' },
        'C:\\App\\readme.txt': { text: 'hello' },
        'C:\\App\\old16.exe': { bytes: win16Image() },
        'C:\\App\\dos.exe': { bytes: dosImage() },
        'C:\\App\\arm.exe': { kind: 'exe', machine: 'ARM64' },
        'C:\\App\\native.exe': { kind: 'exe', subsystem: 'native' },
      },
    });

  it('a DLL is ERROR_BAD_EXE_FORMAT (IMAGE_FILE_DLL is a prohibited characteristic; ReactOS: "Trying to launch a DLL")', () => {
    const l = lab();
    const before = l.counts();
    expect(CreateProcessW(l.ctx, req(null, 'C:\\App\\lib.dll'))).toEqual({
      returnValue: 0,
      lastError: ERROR.BAD_EXE_FORMAT,
      status: STATUS.INVALID_IMAGE_FORMAT,
    });
    expect(CreateProcessW(l.ctx, req('C:\\App\\lib.dll')).lastError).toBe(ERROR.BAD_EXE_FORMAT);
    expect(l.counts()).toEqual(before);
  });

  it('a file that is not an image (and not .bat/.cmd) is ERROR_BAD_EXE_FORMAT from STATUS_INVALID_IMAGE_NOT_MZ', () => {
    const l = lab();
    expect(CreateProcessW(l.ctx, req(null, 'C:\\App\\readme.txt'))).toEqual({
      returnValue: 0,
      lastError: ERROR.BAD_EXE_FORMAT,
      status: STATUS.INVALID_IMAGE_NOT_MZ,
    });
  });

  it('16-bit Windows and MS-DOS programs: ERROR_BAD_EXE_FORMAT on x64 (Learn: 16-bit applications "fail with … ERROR_BAD_EXE_FORMAT")', () => {
    const l = lab();
    const before = l.counts();
    expect(CreateProcessW(l.ctx, req('C:\\App\\old16.exe'))).toEqual({
      returnValue: 0,
      lastError: ERROR.BAD_EXE_FORMAT,
      status: STATUS.INVALID_IMAGE_WIN_16,
    });
    expect(CreateProcessW(l.ctx, req('C:\\App\\dos.exe'))).toEqual({
      returnValue: 0,
      lastError: ERROR.BAD_EXE_FORMAT,
      status: STATUS.INVALID_IMAGE_PROTECT,
    });
    expect(l.counts()).toEqual(before);
  });

  it('an image for another machine: ERROR_EXE_MACHINE_TYPE_MISMATCH (ReactOS: "a more modern error")', () => {
    const l = lab();
    const r = CreateProcessW(l.ctx, req('C:\\App\\arm.exe'));
    expect([r.returnValue, r.lastError, r.status]).toEqual([
      0,
      ERROR.EXE_MACHINE_TYPE_MISMATCH,
      STATUS.INVALID_IMAGE_FORMAT,
    ]);
  });

  it('a native image cannot be run in Win32 mode: ERROR_CHILD_NOT_COMPLETE, and the process made for it is gone', () => {
    const l = lab();
    const before = l.counts();
    for (const cmd of ['C:\\App\\native.exe', 'smss.exe']) {
      expect(CreateProcessW(l.ctx, req(cmd))).toEqual({
        returnValue: 0,
        lastError: ERROR.CHILD_NOT_COMPLETE,
        status: NTSTATUS_FROM_WIN32(ERROR.CHILD_NOT_COMPLETE),
      });
    }
    expect(l.counts()).toEqual(before);
    expect(l.csr.calls).toEqual([]);
  });
});

describe('CreateProcessW: batch files run in the command interpreter', () => {
  const lab = () =>
    win32Lab({
      files: { 'C:\\App\\run.bat': { text: '@echo %*' }, 'C:\\App\\go.CMD': { text: '@echo go' } },
    });

  it('"x.bat" args → %ComSpec% /c ""x.bat" args" (Learn: "To run a batch file, you must start the command interpreter")', () => {
    const l = lab();
    const r = CreateProcessW(l.ctx, req('"C:\\App\\run.bat" a "b c"'));
    expect(r.returnValue).toBe(1);
    const p = l.params(l.process(r.out!.processId));
    expect(p.imagePathName).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(p.commandLine).toBe('C:\\Windows\\system32\\cmd.exe /c ""C:\\App\\run.bat" a "b c""');
    expect(l.process(r.out!.processId).ImageFileName).toBe('cmd.exe');
  });

  it('.cmd, any case, found by the search with .exe not applying; the application-name form quotes the name', () => {
    const l = lab();
    const a = CreateProcessW(l.ctx, req('C:\\App\\go.CMD now'));
    expect(l.params(l.process(a.out!.processId)).commandLine).toBe(
      'C:\\Windows\\system32\\cmd.exe /c "C:\\App\\go.CMD now"',
    );
    const b = CreateProcessW(l.ctx, req(null, 'C:\\App\\run.bat'));
    expect(l.params(l.process(b.out!.processId)).commandLine).toBe(
      'C:\\Windows\\system32\\cmd.exe /c "C:\\App\\run.bat"',
    );
  });

  it("ComSpec comes from the caller's environment", () => {
    const l = win32Lab({
      files: { 'C:\\App\\run.bat': { text: 'x' }, 'C:\\Shell\\shell.exe': APP, 'C:\\Tools\\my cmd.exe': APP },
    });
    const shell = CreateProcessW(
      l.ctx,
      req('C:\\Shell\\shell.exe', null, { environment: { ComSpec: 'C:\\Tools\\my cmd.exe' } }),
    );
    const r = CreateProcessW(l.contextOf(l.process(shell.out!.processId)), req('C:\\App\\run.bat'));
    const p = l.params(l.process(r.out!.processId));
    expect([p.imagePathName, p.commandLine]).toEqual([
      'C:\\Tools\\my cmd.exe',
      '"C:\\Tools\\my cmd.exe" /c "C:\\App\\run.bat"',
    ]);
  });
});

const IFEO = String.raw`Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\app.exe]
"Debugger"="\"C:\\Tools\\dbg.exe\" -x"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\dbg.exe]
"Debugger"="C:\\Tools\\other.exe"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\lost.exe]
"Debugger"="C:\\Tools\\missing.exe"
`;

describe('CreateProcessW: Image File Execution Options Debugger', () => {
  const lab = () =>
    win32Lab({
      files: {
        'C:\\App\\app.exe': APP,
        'C:\\App\\lost.exe': APP,
        'C:\\Tools\\dbg.exe': APP,
        'C:\\Tools\\other.exe': APP,
      },
      registry: IFEO,
    });

  it('the debugger runs instead, with the original command line after it (Windows Internals 7 ch. 3; ReactOS proc.c)', () => {
    const l = lab();
    const r = CreateProcessW(l.ctx, req('C:\\App\\app.exe --flag'));
    expect([r.returnValue, r.lastError]).toEqual([1, ERROR.SUCCESS]);
    const child = l.process(r.out!.processId);
    const p = l.params(child);
    expect(p.imagePathName).toBe('C:\\Tools\\dbg.exe');
    expect(p.commandLine).toBe('"C:\\Tools\\dbg.exe" -x C:\\App\\app.exe --flag');
    expect(child.ImageFileName).toBe('dbg.exe');
  });

  it("the debugger's own Debugger value is not applied (IFEOSkipDebugger): no chain to other.exe", () => {
    const l = lab();
    const r = CreateProcessW(l.ctx, req(null, 'C:\\App\\app.exe'));
    expect(l.process(r.out!.processId).ImageFileName).toBe('dbg.exe');
    // Run directly, dbg.exe is redirected as usual.
    const d = CreateProcessW(l.ctx, req('C:\\Tools\\dbg.exe'));
    expect(l.params(l.process(d.out!.processId)).commandLine).toBe('C:\\Tools\\other.exe C:\\Tools\\dbg.exe');
  });

  it('a debugger that does not exist fails the call with its error, leaving nothing behind', () => {
    const l = lab();
    const before = l.counts();
    expect(CreateProcessW(l.ctx, req('C:\\App\\lost.exe'))).toEqual({
      returnValue: 0,
      lastError: ERROR.FILE_NOT_FOUND,
      status: STATUS.OBJECT_NAME_NOT_FOUND,
    });
    expect(l.counts()).toEqual(before);
  });
});
