import { describe, expect, it } from 'vitest';
import { ERROR, STATUS } from '../../src/base/index.js';
import {
  CREATE_FLAGS as F,
  CreateProcessW,
  HANDLE_CREATE_NEW_CONSOLE,
  HANDLE_CREATE_NO_WINDOW,
  HANDLE_DETACHED_PROCESS,
  STARTF,
  SW,
} from '../../src/kernelbase/index.js';
import { req, win32Lab } from './support.js';

const u64 = (n: number): bigint => BigInt.asUintN(64, BigInt(n));

describe('CreateProcessW: dwCreationFlags', () => {
  it('DETACHED_PROCESS with CREATE_NEW_CONSOLE is ERROR_INVALID_PARAMETER (Learn: "cannot be used with DETACHED_PROCESS")', () => {
    const lab = win32Lab();
    const before = lab.counts();
    expect(
      CreateProcessW(
        lab.ctx,
        req('notepad', null, { creationFlags: F.DETACHED_PROCESS | F.CREATE_NEW_CONSOLE }),
      ),
    ).toEqual({
      returnValue: 0,
      lastError: ERROR.INVALID_PARAMETER,
      status: STATUS.INVALID_PARAMETER,
    });
    expect(lab.counts()).toEqual(before);
  });

  it('CREATE_SEPARATE_WOW_VDM with CREATE_SHARED_WOW_VDM is ERROR_INVALID_PARAMETER (ReactOS: "Invalid WOW flags")', () => {
    const lab = win32Lab();
    const flags = F.CREATE_SEPARATE_WOW_VDM | F.CREATE_SHARED_WOW_VDM;
    expect(CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: flags })).lastError).toBe(
      ERROR.INVALID_PARAMETER,
    );
  });

  it('the flag checks come before the search: a bad combination with a missing file is still ERROR_INVALID_PARAMETER', () => {
    const lab = win32Lab();
    const flags = F.DETACHED_PROCESS | F.CREATE_NEW_CONSOLE;
    expect(CreateProcessW(lab.ctx, req('nothere.exe', null, { creationFlags: flags })).lastError).toBe(
      ERROR.INVALID_PARAMETER,
    );
  });

  it('several priority classes are not an error (ReactOS: the first of IDLE … REALTIME wins)', () => {
    const lab = win32Lab();
    const flags = F.IDLE_PRIORITY_CLASS | F.HIGH_PRIORITY_CLASS | F.REALTIME_PRIORITY_CLASS;
    expect(CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: flags })).returnValue).toBe(1);
  });

  it('CREATE_SUSPENDED: the initial thread stays suspended (SuspendCount 1); without it, it was resumed (Wine test_SuspendFlag)', () => {
    const lab = win32Lab();
    const s = CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: F.CREATE_SUSPENDED }));
    const t = lab.process(s.out!.processId).threads[0]!;
    expect([t.SuspendCount, t.State]).toEqual([1, 'Waiting']);
    const r = CreateProcessW(lab.ctx, req('notepad'));
    const t2 = lab.process(r.out!.processId).threads[0]!;
    expect([t2.SuspendCount, t2.State]).toEqual([0, 'Ready']);
  });

  it('the console: DETACHED_PROCESS, CREATE_NEW_CONSOLE, CREATE_NO_WINDOW give ConsoleHandle its special value; CREATE_NEW_PROCESS_GROUP sets ConsoleFlags', () => {
    const lab = win32Lab();
    const console = (creationFlags: number): [bigint, number] => {
      const r = CreateProcessW(lab.ctx, req('notepad', null, { creationFlags }));
      const p = lab.params(lab.process(r.out!.processId));
      return [p.consoleHandle, p.consoleFlags];
    };
    expect(console(F.DETACHED_PROCESS)).toEqual([u64(HANDLE_DETACHED_PROCESS), 0]);
    expect(console(F.CREATE_NEW_CONSOLE | F.CREATE_NEW_PROCESS_GROUP)).toEqual([
      u64(HANDLE_CREATE_NEW_CONSOLE),
      1,
    ]);
    expect(console(F.CREATE_NO_WINDOW)).toEqual([u64(HANDLE_CREATE_NO_WINDOW), 0]);
    // Learn: CREATE_NO_WINDOW "is ignored if … used with either CREATE_NEW_CONSOLE or DETACHED_PROCESS".
    expect(console(F.CREATE_NO_WINDOW | F.DETACHED_PROCESS)).toEqual([u64(HANDLE_DETACHED_PROCESS), 0]);
    expect(console(0)).toEqual([0n, 0]);
  });

  it("PROFILE_USER / _KERNEL / _SERVER become RTL_USER_PROC_PROFILE_* in the parameters' Flags", () => {
    const lab = win32Lab();
    const r = CreateProcessW(
      lab.ctx,
      req('notepad', null, { creationFlags: F.PROFILE_USER | F.PROFILE_SERVER }),
    );
    expect(lab.params(lab.process(r.out!.processId)).flags).toBe(0x1 | 0x2 | 0x8);
  });
});

describe('CreateProcessW: STARTUPINFO → RTL_USER_PROCESS_PARAMETERS (Wine test_Startup)', () => {
  it('the window fields are copied as given, title and desktop included', () => {
    const lab = win32Lab();
    const r = CreateProcessW(
      lab.ctx,
      req('notepad', null, {
        startupInfo: {
          flags: STARTF.USESHOWWINDOW,
          showWindow: SW.SHOWNORMAL,
          title: "I'm the title string",
          desktop: 'winsta0\\default',
          xCountChars: 0x12121212,
          yCountChars: 0x23232323,
          x: 0x34343434,
          y: 0x45454545,
          xSize: 0x56565656,
          ySize: 0x67676767,
          fillAttribute: 0xa55a,
        },
      }),
    );
    const p = lab.params(lab.process(r.out!.processId));
    expect(p).toMatchObject({
      windowTitle: "I'm the title string",
      desktopInfo: 'winsta0\\default',
      countCharsX: 0x12121212,
      countCharsY: 0x23232323,
      startingX: 0x34343434,
      startingY: 0x45454545,
      countX: 0x56565656,
      countY: 0x67676767,
      fillAttribute: 0xa55a,
      windowFlags: STARTF.USESHOWWINDOW,
      showWindowFlags: SW.SHOWNORMAL,
    });
  });

  it("no title: the image path (Wine: lpTitle is the program name); no desktop: the caller's", () => {
    const lab = win32Lab();
    const r = CreateProcessW(lab.ctx, req('notepad'));
    const p = lab.params(lab.process(r.out!.processId));
    expect([p.windowTitle, p.desktopInfo]).toEqual(['C:\\Windows\\System32\\notepad.exe', '']);
  });

  it('STARTF_USESTDHANDLES: the handles go into StandardInput/Output/Error; not without the flag', () => {
    const lab = win32Lab();
    const si = { stdInput: 0x40, stdOutput: 0x44, stdError: 0x48 };
    const a = CreateProcessW(
      lab.ctx,
      req('notepad', null, { startupInfo: { ...si, flags: STARTF.USESTDHANDLES } }),
    );
    const pa = lab.params(lab.process(a.out!.processId));
    expect([pa.standardInput, pa.standardOutput, pa.standardError]).toEqual([0x40, 0x44, 0x48]);
    const b = CreateProcessW(lab.ctx, req('notepad', null, { startupInfo: si }));
    const pb = lab.params(lab.process(b.out!.processId));
    expect([pb.standardInput, pb.standardOutput, pb.standardError]).toEqual([0, 0, 0]);
  });
  it("no STARTF_USESTDHANDLES: the caller's standard handles, duplicated by the kernel unless handles are inherited", () => {
    const lab = win32Lab({ files: { 'C:\\Shell\\shell.exe': { kind: 'exe' } } });
    const target = CreateProcessW(lab.ctx, req('notepad', null, { creationFlags: F.CREATE_SUSPENDED }));
    const open = lab.ctx.nt.NtOpenProcess({
      DesiredAccess: 0x1000,
      ObjectAttributes: { Attributes: 0x2 },
      ClientId: { UniqueProcess: target.out!.processId, UniqueThread: 0 },
    });
    const h = Number(open.out!.ProcessHandle);
    // A console program whose standard output is that (inheritable) handle.
    const shell = CreateProcessW(
      lab.ctx,
      req('C:\\Shell\\shell.exe', null, {
        inheritHandles: true,
        startupInfo: { flags: STARTF.USESTDHANDLES, stdOutput: h },
      }),
    );
    const sh = lab.process(shell.out!.processId);
    expect(lab.params(sh).standardOutput).toBe(h);
    const sctx = lab.contextOf(sh);
    // Not inheriting: the kernel duplicates it (PsRequestDuplicate) and the child's block has the copy.
    const a = lab.process(CreateProcessW(sctx, req('notepad')).out!.processId);
    const out = lab.params(a).standardOutput;
    expect(a.ObjectTable!.lookup(out)!.object.body).toBe(lab.process(target.out!.processId));
    expect(a.ObjectTable!.handleCount).toBe(1);
    // Inheriting: the inherited handle is the same value; nothing is duplicated.
    const b = lab.process(
      CreateProcessW(sctx, req('notepad', null, { inheritHandles: true })).out!.processId,
    );
    expect(lab.params(b).standardOutput).toBe(h);
    expect(b.ObjectTable!.handleCount).toBe(1);
    // A new console gets none of them.
    const c = lab.process(
      CreateProcessW(sctx, req('notepad', null, { creationFlags: F.CREATE_NEW_CONSOLE })).out!.processId,
    );
    expect(lab.params(c).standardOutput).toBe(0);
  });
});

describe('CreateProcessW: environment and current directory', () => {
  it("NULL environment: the caller's block, read from its PEB (Wine test_Environment: the child has the parent's variables)", () => {
    const lab = win32Lab();
    const r = CreateProcessW(lab.ctx, req('notepad'));
    expect(lab.params(lab.process(r.out!.processId)).environment).toEqual([
      'SystemRoot=C:\\Windows',
      'Path=C:\\Windows\\system32;C:\\Windows',
      'ComSpec=C:\\Windows\\system32\\cmd.exe',
    ]);
  });

  it("a given block is the child's, in order, =C: drive variables included (Wine test_Environment)", () => {
    const lab = win32Lab();
    const env = [
      '=C:=C:\\FOO\\BAR',
      'PATH=C:\\WINDOWS;C:\\WINDOWS\\SYSTEM;C:\\MY\\OWN\\DIR',
      'FOO=BAR',
      'BAR=FOOBAR',
    ];
    const a = CreateProcessW(lab.ctx, req('notepad', null, { environment: env }));
    expect(lab.params(lab.process(a.out!.processId)).environment).toEqual(env);
    const b = CreateProcessW(
      lab.ctx,
      req('notepad', null, { environment: { A: 'ü€', B: '2' }, creationFlags: F.CREATE_UNICODE_ENVIRONMENT }),
    );
    expect(lab.params(lab.process(b.out!.processId)).environment).toEqual(['A=ü€', 'B=2']);
  });

  it("NULL current directory: the caller's; a given one is made full and gets its backslash (Wine test_Directory)", () => {
    const lab = win32Lab({ directories: ['C:\\App\\Data'] });
    const a = CreateProcessW(lab.ctx, req('notepad'));
    expect(lab.params(lab.process(a.out!.processId)).currentDirectory).toBe('C:\\Windows\\System32\\');
    const b = CreateProcessW(lab.ctx, req('notepad', null, { currentDirectory: 'C:\\Windows' }));
    expect(lab.params(lab.process(b.out!.processId)).currentDirectory).toBe('C:\\Windows\\');
    const c = CreateProcessW(lab.ctx, req('notepad', null, { currentDirectory: '..\\..\\App\\Data\\' }));
    expect(lab.params(lab.process(c.out!.processId)).currentDirectory).toBe('C:\\App\\Data\\');
  });

  it('a current directory that does not exist, or is a file, is ERROR_DIRECTORY (Wine: "non\\existent\\directory")', () => {
    const lab = win32Lab();
    const before = lab.counts();
    for (const currentDirectory of ['non\\existent\\directory', 'C:\\Windows\\System32\\notepad.exe']) {
      expect(CreateProcessW(lab.ctx, req('notepad', null, { currentDirectory }))).toEqual({
        returnValue: 0,
        lastError: ERROR.DIRECTORY,
        status: STATUS.NOT_A_DIRECTORY,
      });
    }
    expect(lab.counts()).toEqual(before);
  });
});
