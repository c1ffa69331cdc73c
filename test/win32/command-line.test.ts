import { describe, expect, it } from 'vitest';
import { ERROR, STATUS } from '../../src/base/index.js';
import { CreateProcessW } from '../../src/kernelbase/index.js';
import { req, win32Lab } from './support.js';

const APP = { kind: 'exe' as const };

/**
 * The application name and the command line (Microsoft Learn, CreateProcessW: lpApplicationName and
 * lpCommandLine; Wine dlls/kernel32/tests/process.c test_CommandLine; ReactOS proc.c).
 */
describe('CreateProcessW: which module runs, and the command line it gets', () => {
  it('NULL application name: a bare name is searched and gets .exe (Learn: "If the file name does not contain an extension, .exe is appended")', () => {
    const lab = win32Lab();
    const r = CreateProcessW(lab.ctx, req('notepad /A file.txt'));
    expect([r.returnValue, r.lastError, r.status]).toEqual([1, ERROR.SUCCESS, STATUS.SUCCESS]);
    const child = lab.process(r.out!.processId);
    expect(child.InheritedFromUniqueProcessId).toBe(lab.explorer.UniqueProcessId);
    expect(child.threads[0]!.Cid.UniqueThread).toBe(r.out!.threadId);
    const p = lab.params(child);
    expect(p.imagePathName).toBe('C:\\Windows\\System32\\notepad.exe');
    expect(p.commandLine).toBe('notepad /A file.txt');
    expect(child.imageFileNtPath).toBe('\\??\\C:\\Windows\\System32\\notepad.exe');
  });

  it('a quoted module name with spaces is taken whole; the command line is kept (Wine: "not getting confused by the leading and trailing")', () => {
    const lab = win32Lab({ files: { 'C:\\Program Files\\Acme\\app.exe': APP } });
    const cmd = '"C:\\Program Files\\Acme\\app.exe" --fast "C:\\Program Files\\my nice app.exe"';
    const r = CreateProcessW(lab.ctx, req(cmd));
    expect(r.returnValue).toBe(1);
    const p = lab.params(lab.process(r.out!.processId));
    expect([p.imagePathName, p.commandLine]).toEqual(['C:\\Program Files\\Acme\\app.exe', cmd]);
  });

  it('unquoted path with spaces: C:\\Program.exe, then C:\\Program Files\\Sub.exe, then the full name; quotes are added (Learn, lpCommandLine)', () => {
    const lab = win32Lab({ files: { 'C:\\Program Files\\Sub Dir\\app.exe': APP } });
    const r = CreateProcessW(lab.ctx, req('C:\\Program Files\\Sub Dir\\app.exe -x'));
    expect(r.returnValue).toBe(1);
    const p = lab.params(lab.process(r.out!.processId));
    expect(p.imagePathName).toBe('C:\\Program Files\\Sub Dir\\app.exe');
    expect(p.commandLine).toBe('"C:\\Program Files\\Sub Dir\\app.exe" -x');
  });

  it('the trace lists the files probed, in order: each candidate through the whole search path', () => {
    const lab = win32Lab({ files: { 'C:\\Program Files\\Sub Dir\\app.exe': APP }, trace: true });
    CreateProcessW(lab.ctx, req('C:\\Program Files\\Sub Dir\\app.exe -x'));
    CreateProcessW(lab.ctx, req('nothere'));
    const spans = lab.booted.kernel.trace.toJSON().spans.filter((s) => s.fn === 'CreateProcessInternalW');
    const probes = spans.map((s) => s.events.map((e) => e.text.replace(/^probe /, '')));
    expect(probes[0]).toEqual([
      'C:\\Program.exe',
      'C:\\Program Files\\Sub.exe',
      'C:\\Program Files\\Sub Dir\\app.exe',
    ]);
    // A bare name: the caller's exe directory, its current directory, System32, System, Windows, PATH.
    expect(probes[1]).toEqual([
      'C:\\Windows\\nothere.exe',
      'C:\\Windows\\System32\\nothere.exe',
      'C:\\Windows\\System32\\nothere.exe',
      'C:\\Windows\\System\\nothere.exe',
      'C:\\Windows\\nothere.exe',
      'C:\\Windows\\system32\\nothere.exe',
      'C:\\Windows\\nothere.exe',
    ]);
    expect(spans.map((s) => [s.layer, s.module, s.status])).toEqual([
      ['user', 'kernelbase', 0],
      ['user', 'kernelbase', STATUS.OBJECT_NAME_NOT_FOUND],
    ]);
  });

  it("the probe order is observable: an attacker's C:\\Program.exe wins (the unquoted-service-path weakness)", () => {
    const lab = win32Lab({
      files: { 'C:\\Program Files\\Sub Dir\\app.exe': APP, 'C:\\Program.exe': APP },
    });
    const r = CreateProcessW(lab.ctx, req('C:\\Program Files\\Sub Dir\\app.exe -x'));
    expect(r.returnValue).toBe(1);
    const p = lab.params(lab.process(r.out!.processId));
    expect([p.imagePathName, p.commandLine]).toEqual([
      'C:\\Program.exe',
      'C:\\Program Files\\Sub Dir\\app.exe -x',
    ]);
  });

  it('the second candidate wins over the full name: C:\\Program Files\\Sub.exe', () => {
    const lab = win32Lab({
      files: { 'C:\\Program Files\\Sub Dir\\app.exe': APP, 'C:\\Program Files\\Sub.exe': APP },
    });
    const r = CreateProcessW(lab.ctx, req('C:\\Program Files\\Sub Dir\\app.exe -x'));
    const p = lab.params(lab.process(r.out!.processId));
    expect([p.imagePathName, p.commandLine]).toEqual([
      'C:\\Program Files\\Sub.exe',
      '"C:\\Program Files\\Sub" Dir\\app.exe -x',
    ]);
  });

  it('search order: the caller\'s exe directory before System32 (Learn: "The directory from which the application loaded")', () => {
    const lab = win32Lab({ files: { 'C:\\Windows\\tool.exe': APP, 'C:\\Windows\\System32\\tool.exe': APP } });
    const r = CreateProcessW(lab.ctx, req('tool'));
    expect(lab.params(lab.process(r.out!.processId)).imagePathName).toBe('C:\\Windows\\tool.exe');
  });

  it("search order: the caller's current directory before System32, then PATH last — read from the caller's own PEB", () => {
    const lab = win32Lab({
      files: {
        'C:\\Shell\\shell.exe': APP,
        'C:\\Work\\tool.exe': APP,
        'C:\\Windows\\System32\\tool.exe': APP,
        'C:\\Tools\\only.exe': APP,
      },
      directories: ['C:\\Work'],
    });
    // A shell whose current directory is C:\Work and whose PATH has C:\Tools.
    const shell = CreateProcessW(
      lab.ctx,
      req('C:\\Shell\\shell.exe', null, {
        currentDirectory: 'C:\\Work',
        environment: { SystemRoot: 'C:\\Windows', Path: 'C:\\Windows\\system32;C:\\Tools' },
      }),
    );
    const sctx = lab.contextOf(lab.process(shell.out!.processId));
    const a = CreateProcessW(sctx, req('tool'));
    expect(lab.params(lab.process(a.out!.processId)).imagePathName).toBe('C:\\Work\\tool.exe');
    const b = CreateProcessW(sctx, req('only -v'));
    const pb = lab.params(lab.process(b.out!.processId));
    expect([pb.imagePathName, pb.currentDirectory]).toEqual(['C:\\Tools\\only.exe', 'C:\\Work\\']);
    // NoDefaultCurrentDirectoryInExePath takes the current directory out of the search (Learn,
    // NeedCurrentDirectoryForExePathW).
    const strict = CreateProcessW(
      lab.ctx,
      req('C:\\Shell\\shell.exe', null, {
        currentDirectory: 'C:\\Work',
        environment: ['SystemRoot=C:\\Windows', 'NoDefaultCurrentDirectoryInExePath=1'],
      }),
    );
    const c = CreateProcessW(lab.contextOf(lab.process(strict.out!.processId)), req('tool'));
    expect(lab.params(lab.process(c.out!.processId)).imagePathName).toBe('C:\\Windows\\System32\\tool.exe');
  });

  it('application name given: it runs, the command line is passed as is (argv[0] "dummy"; Wine test_CommandLine "Using AppName")', () => {
    const lab = win32Lab({ files: { 'C:\\App\\app.exe': APP } });
    const r = CreateProcessW(lab.ctx, req('dummy process dump "x"', 'C:\\App\\app.exe'));
    const p = lab.params(lab.process(r.out!.processId));
    expect([p.imagePathName, p.commandLine]).toEqual(['C:\\App\\app.exe', 'dummy process dump "x"']);
  });

  it('application name with a NULL command line: the name is the command line (KB175986 case 1)', () => {
    const lab = win32Lab();
    const r = CreateProcessW(lab.ctx, req(null, 'notepad.exe'));
    const p = lab.params(lab.process(r.out!.processId));
    // A partial name is completed with the current directory (explorer's: System32), not searched.
    // The command line is the application name as given, in quotes (Wine kernelbase and ReactOS
    // CreateProcessInternalW both build `"<lpApplicationName>"` when lpCommandLine is NULL).
    expect([p.imagePathName, p.commandLine]).toEqual(['C:\\Windows\\System32\\notepad.exe', '"notepad.exe"']);
  });

  it('application name: no default extension and no search (Learn: "must include the file name extension")', () => {
    const lab = win32Lab();
    const before = lab.counts();
    expect(CreateProcessW(lab.ctx, req(null, 'notepad'))).toEqual({
      returnValue: 0,
      lastError: ERROR.FILE_NOT_FOUND,
      status: STATUS.OBJECT_NAME_NOT_FOUND,
    });
    // explorer.exe is in C:\Windows — the caller's own directory, the first place a command line's
    // module is searched — but an application name is only completed with the current directory.
    expect(CreateProcessW(lab.ctx, req(null, 'explorer.exe')).lastError).toBe(ERROR.FILE_NOT_FOUND);
    expect(lab.counts()).toEqual(before);
    expect(CreateProcessW(lab.ctx, req('explorer.exe')).returnValue).toBe(1);
  });

  it('Wine: nonexistent application name or command line is ERROR_FILE_NOT_FOUND, with or without spaces', () => {
    const lab = win32Lab();
    const before = lab.counts();
    for (const [cmd, app] of [
      [null, 'doesnotexist.exe'],
      [null, 'does not exist.exe'],
      ['doesnotexist.exe', null],
      ['does not exist.exe', null],
    ] as const) {
      const r = CreateProcessW(lab.ctx, req(cmd, app));
      expect([r.returnValue, r.lastError, r.status]).toEqual([
        0,
        ERROR.FILE_NOT_FOUND,
        STATUS.OBJECT_NAME_NOT_FOUND,
      ]);
      expect(r.out).toBeUndefined();
    }
    expect(lab.counts()).toEqual(before);
  });

  it('Wine: an empty application name is ERROR_PATH_NOT_FOUND; an empty command line ERROR_FILE_NOT_FOUND', () => {
    const lab = win32Lab();
    expect(CreateProcessW(lab.ctx, req(null, '')).lastError).toBe(ERROR.PATH_NOT_FOUND);
    expect(CreateProcessW(lab.ctx, req('', '')).lastError).toBe(ERROR.PATH_NOT_FOUND);
    expect(CreateProcessW(lab.ctx, req('', null)).lastError).toBe(ERROR.FILE_NOT_FOUND);
  });

  it("NULL application name and command line: ERROR_INVALID_PARAMETER (Windows faults; Wine's test is disabled)", () => {
    const lab = win32Lab();
    expect(CreateProcessW(lab.ctx, req(null, null))).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_PARAMETER,
      status: STATUS.INVALID_PARAMETER,
    });
  });

  it("a missing folder is ERROR_PATH_NOT_FOUND (the first candidate's error is the one reported)", () => {
    const lab = win32Lab();
    expect(CreateProcessW(lab.ctx, req('C:\\NoSuchDir\\app.exe -x')).lastError).toBe(ERROR.PATH_NOT_FOUND);
    expect(CreateProcessW(lab.ctx, req(null, 'C:\\NoSuchDir\\app.exe')).lastError).toBe(ERROR.PATH_NOT_FOUND);
    // C:\Program Files\Nope\app.exe: the first try, C:\Program, is a missing file → ERROR_FILE_NOT_FOUND.
    expect(CreateProcessW(lab.ctx, req('C:\\Program Files\\Nope\\app.exe')).lastError).toBe(
      ERROR.FILE_NOT_FOUND,
    );
  });

  it('a directory is ERROR_ACCESS_DENIED, as a command line and as an application name', () => {
    const lab = win32Lab();
    const before = lab.counts();
    expect(CreateProcessW(lab.ctx, req('C:\\Windows'))).toEqual({
      returnValue: 0,
      lastError: ERROR.ACCESS_DENIED,
      status: STATUS.FILE_IS_A_DIRECTORY,
    });
    expect(CreateProcessW(lab.ctx, req(null, 'C:\\Windows'))).toEqual({
      returnValue: 0,
      lastError: ERROR.ACCESS_DENIED,
      status: STATUS.FILE_IS_A_DIRECTORY,
    });
    expect(lab.counts()).toEqual(before);
  });

  it('relative names with a path: ".\\x" and "..\\dir\\x" are resolved against the current directory (Wine test_CommandLine)', () => {
    const lab = win32Lab({
      files: { 'C:\\Windows\\System32\\sub\\app.exe': APP, 'C:\\Windows\\here.exe': APP },
    });
    const a = CreateProcessW(lab.ctx, req('.\\sub\\app.exe arg'));
    expect(lab.params(lab.process(a.out!.processId)).imagePathName).toBe(
      'C:\\Windows\\System32\\sub\\app.exe',
    );
    const b = CreateProcessW(lab.ctx, req('../here arg'));
    const pb = lab.params(lab.process(b.out!.processId));
    expect([pb.imagePathName, pb.commandLine]).toEqual(['C:\\Windows\\here.exe', '../here arg']);
  });
});
