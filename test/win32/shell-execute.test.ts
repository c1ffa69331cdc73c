import { describe, expect, it } from 'vitest';
import { CreateProcessWithLogonW } from '../../src/advapi32/index.js';
import { ERROR, STATUS } from '../../src/base/index.js';
import { ObSnapshotCounts } from '../../src/kernel/ob/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import { NTSTATUS_FROM_WIN32, STARTF } from '../../src/kernelbase/index.js';
import { writePe, type PeSpec } from '../../src/pe/index.js';
import {
  ERROR_CANCELLED,
  ERROR_NO_ASSOCIATION,
  ERROR_SERVICE_NOT_ACTIVE,
  expandEnvironmentStrings,
  SE_ERR,
  SEE_MASK,
  SHELL_ArgifyW,
  ShellExecuteExW,
  ShellExecuteW,
  splitShellParameters,
  type ShellExecuteInfo,
} from '../../src/shell32/index.js';
import { connectLogonServices } from '../../src/system/accounts.js';
import { bootMachine, type BootMode } from '../../src/system/boot.js';
import { Machine } from '../../src/system/machine.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import { connectWindowsSubsystem } from '../../src/system/win32-subsystem.js';
import { processView } from '../../src/tools/views/process-view.js';
import { readChildParameters } from './support.js';

const GUI: PeSpec = { kind: 'exe', subsystem: 'windows' };

/** Associations as Wine's shlexec.c test creates them (a class with verbs whose commands run a child). */
const REGISTRY = String.raw`Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.shlexec]
@="shlexec.shlexec"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\shlexec.shlexec\shell]
@="Params232S"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\shlexec.shlexec\shell\Params232S\command]
@="\"C:\\App\\child.exe\" Params232S %2 %3 \"%2\" \"%*\""

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\shlexec.shlexec\shell\Params2345Etc\command]
@="\"C:\\App\\child.exe\" Params2345Etc ~2=\"%~2\" ~3=\"%~3\" ~4=\"%~4\" ~5=%~5"

[HKEY_LOCAL_MACHINE\SOFTWARE\Classes\shlexec.shlexec\shell\Open\command]
@="\"C:\\App\\child.exe\" Open \"%1\""

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\tool.exe]
@="C:\\Tools\\tool.exe"
`;

function lab(o: { mode?: BootMode } = {}) {
  const machine = Machine.assemble();
  const text = (s: string) => new TextEncoder().encode(s);
  machine.addFile('C:\\notes.txt', text('hello'));
  machine.addFile('C:\\notes.xyz', text('?'));
  machine.addFile('C:\\run.bat', text('@echo off'));
  machine.addFile('C:\\test file.shlexec', text(''));
  machine.addFile('C:\\App\\app.exe', writePe(GUI));
  machine.addFile('C:\\App\\child.exe', writePe(GUI));
  machine.addFile('C:\\App\\lib.dll', writePe({ kind: 'dll' }));
  machine.addFile('C:\\Tools\\tool.exe', writePe(GUI));
  machine.addDirectory('C:\\Dir');
  const imported = machine.importRegistryFile(REGISTRY);
  if (imported.error) throw new Error(JSON.stringify(imported.error));
  const booted = bootMachine(machine, o.mode ? { mode: o.mode } : {});
  const k = booted.kernel;
  const runtime = new UserModeRuntime(k, { record: false });
  const win = connectWindowsSubsystem(booted, runtime);
  const services = connectLogonServices(booted, runtime, {
    users: { alice: { password: 'pw', groups: ['Users'], privileges: [] } },
  });
  const explorer = booted.explorer;
  const ctx = runtime.context(explorer, explorer.threads[0]!);
  const run = (info: ShellExecuteInfo, caller = ctx) => ShellExecuteExW(caller, services.rpc, info);
  /** The process a successful call started (through its hProcess, or the newest one). */
  const started = (hProcess: number): EPROCESS =>
    hProcess
      ? (explorer.ObjectTable!.lookup(hProcess)!.object.body as EPROCESS)
      : k.ps.activeProcesses.at(-1)!;
  const view = (p: EPROCESS) => ({
    ...processView(p, { csrProcess: win.csrProcess(p) }),
    user: services.accounts.displayName(p.Token!.user.sid),
  });
  const counts = () => ({
    ...ObSnapshotCounts(k.ob),
    active: k.ps.activeProcesses.length,
    handlesPerProcess: k.ps.activeProcesses.map((p) => p.ObjectTable?.handleCount ?? -1),
  });
  return { booted, k, runtime, services, explorer, ctx, run, started, view, counts };
}

const failure = (instApp: number, lastError: number, status: number) => ({
  returnValue: 0,
  lastError,
  status,
  out: { hInstApp: instApp, hProcess: 0 },
});

describe('SHELL_ArgifyW: the verb command template (Wine dlls/shell32/tests/shlexec.c test_argify, as Windows behaves)', () => {
  const FILE = 'C:\\test file.shlexec';
  it('"%2 %3 \\"%2\\" \\"%*\\"" (Params232S): parameters reordered and repeated; %* is lpParameters raw, trailing spaces kept', () => {
    expect(SHELL_ArgifyW('Params232S %2 %3 "%2" "%*"', FILE, 'p2 p3 p4 ')).toBe(
      'Params232S p2 p3 "p2" "p2 p3 p4 "',
    );
    expect(SHELL_ArgifyW('Params232S %2 %3 "%2" "%*"', FILE, '"p two" p3 p4  ')).toBe(
      'Params232S p two p3 "p two" ""p two" p3 p4  "',
    );
  });

  it('only one digit is read (Params20), and a quote is the only special character in a parameter (Params23456)', () => {
    expect(SHELL_ArgifyW('Params20 "%20"', FILE, 'p')).toBe('Params20 "p0"');
    expect(SHELL_ArgifyW('Params23456 "%2" "%3" "%4" "%5" "%6"', FILE, "'p2 p3` p4\\ $even")).toBe(
      'Params23456 "\'p2" "p3`" "p4\\" "$even" ""',
    );
  });

  it('quotes in parameters: 2n quotes are n quotes, 2n+1 end the parameter; an unclosed quoted one is lost', () => {
    const T = 'P "%2" "%3" "%4" "%5" "%6" "%7" "%8" "%9"';
    expect(SHELL_ArgifyW(T, FILE, 'one"quote "p four" one"quote p7')).toBe(
      'P "one" "quote" "p four" "one" "quote" "p7" "" ""',
    );
    expect(SHELL_ArgifyW(T, FILE, 'two""quotes "p three" two""quotes p5')).toBe(
      'P "two"quotes" "p three" "two"quotes" "p5" "" "" "" ""',
    );
    expect(SHELL_ArgifyW(T, FILE, '"""three quotes" "p three" """three quotes" p5')).toBe(
      'P ""three quotes" "p three" ""three quotes" "p5" "" "" "" ""',
    );
    expect(SHELL_ArgifyW('P "%2" "%3" "%4" "%5" "%6"', FILE, 'p2 "p3" "p4 is lost')).toBe(
      'P "p2" "p3" "" "" ""',
    );
    expect(splitShellParameters('\\"p\\three "pfour\\" pfive').map((p) => p.value)).toEqual([
      '\\',
      'p\\three',
      'pfour\\',
      'pfive',
    ]);
  });

  it('%~n: lpParameters from the nth parameter on, %~3 and up with the spaces before it (Params2345Etc, Params9Etc)', () => {
    expect(
      SHELL_ArgifyW('Params2345Etc ~2="%~2" ~3="%~3" ~4="%~4" ~5=%~5', FILE, 'p2  p3 "p4"  p5 p6 '),
    ).toBe('Params2345Etc ~2="p2  p3 "p4"  p5 p6 " ~3="  p3 "p4"  p5 p6 " ~4=" "p4"  p5 p6 " ~5=  p5 p6 ');
    expect(SHELL_ArgifyW('Params9Etc ~9="%~9"', FILE, 'p2 p3 p4 p5 p6 p7 p8   ')).toBe('Params9Etc ~9="   "');
    expect(SHELL_ArgifyW('Params9Etc ~9="%~9"', FILE, 'p2 p3 p4 p5 p6 p7   ')).toBe('Params9Etc ~9=""');
    expect(SHELL_ArgifyW('Params9Etc ~9="%~9"', FILE, 'p2 p3 p4 p5 p6 p7 p8 p9 p10 p11 and beyond!')).toBe(
      'Params9Etc ~9=" p9 p10 p11 and beyond!"',
    );
  });

  it('bad directives lose their %, except %~ (ParamsBad); %1 and %L are the file', () => {
    expect(SHELL_ArgifyW('ParamsBad "%% %- %~ %~0 %~1 %~a %~* %a %b %c %TMPDIR%"', FILE, 'p2 p3 p4 p5')).toBe(
      'ParamsBad "% - %~ %~0 %~1 %~a %~* a b c TMPDIR"',
    );
    expect(SHELL_ArgifyW('"%1" %L', FILE, '')).toBe(`"${FILE}" ${FILE}`);
  });

  it('ExpandEnvironmentStrings leaves %1 and undefined names as they are', () => {
    expect(
      expandEnvironmentStrings('%SystemRoot%\\system32\\NOTEPAD.EXE %1', ['SystemRoot=C:\\Windows']),
    ).toBe('C:\\Windows\\system32\\NOTEPAD.EXE %1');
    expect(expandEnvironmentStrings('"%1" %NOPE% %*', [])).toBe('"%1" %NOPE% %*');
  });
});

describe('ShellExecuteExW (Microsoft Learn "ShellExecuteExW", "SHELLEXECUTEINFOW", "Launching Applications")', () => {
  it('a document: .txt → txtfile → shell\\open\\command, %SystemRoot% expanded, %1 the file — notepad as the user, explorer the parent', () => {
    const { run, started, view, explorer } = lab();
    const handles = explorer.ObjectTable!.handleCount;
    const r = run({ file: 'C:\\notes.txt', show: 3 });
    expect(r).toEqual({ returnValue: 1, lastError: 0, status: 0, out: { hInstApp: 42, hProcess: 0 } });
    const p = started(0);
    const v = view(p);
    expect([v.imageName, v.commandLine, v.user, v.integrityLevel, v.parentPid]).toEqual([
      'NOTEPAD.EXE',
      'C:\\Windows\\system32\\NOTEPAD.EXE C:\\notes.txt',
      'DESKTOP\\user',
      'Medium',
      explorer.UniqueProcessId,
    ]);
    const params = readChildParameters(p);
    expect([params.windowFlags, params.showWindowFlags]).toEqual([STARTF.USESHOWWINDOW, 3]);
    // Without SEE_MASK_NOCLOSEPROCESS the process and thread handles are closed again.
    expect(explorer.ObjectTable!.handleCount).toBe(handles);
  });

  it("SEE_MASK_NOCLOSEPROCESS: hProcess is the new process's handle; a failed call leaves it NULL (Wine shlexec.c shell_execute_ex_)", () => {
    const { run, started, explorer } = lab();
    expect(run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'C:\\none.txt' }).out.hProcess).toBe(0);
    const r = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'C:\\notes.txt' });
    expect(r.out.hInstApp).toBe(42);
    expect(r.out.hProcess).not.toBe(0);
    expect(explorer.ObjectTable!.lookup(r.out.hProcess)!.grantedAccess).toBe(0x1fffff);
    expect(started(r.out.hProcess).ImageFileName).toBe('NOTEPAD.EXE');
  });

  it('a program: exefile\'s "%1" %* — the full path quoted, lpParameters after it; a bare name is searched with .exe appended', () => {
    const { run, started, view } = lab();
    const r = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'C:\\App\\app.exe', parameters: '--fast x' });
    expect(view(started(r.out.hProcess)).commandLine).toBe('"C:\\App\\app.exe" --fast x');
    const n = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'notepad' });
    expect(view(started(n.out.hProcess)).commandLine).toBe('"C:\\Windows\\System32\\notepad.exe" ');
  });

  it('lpDirectory: the file is looked for there first and the process runs there', () => {
    const { run, started, view } = lab();
    const r = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'app.exe', directory: 'C:\\App' });
    const v = view(started(r.out.hProcess));
    expect([v.imagePath, v.currentDirectory]).toEqual(['C:\\App\\app.exe', 'C:\\App\\']);
  });

  it("the default verb is the class's shell default value (Params232S), and a verb is looked up case-insensitively (Wine test_filename / test_argify)", () => {
    const { run, started, view } = lab();
    const r = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'C:\\test file.shlexec', parameters: 'p2 p3 p4 ' });
    expect(view(started(r.out.hProcess)).commandLine).toBe(
      '"C:\\App\\child.exe" Params232S p2 p3 "p2" "p2 p3 p4 "',
    );
    const open = run({ mask: SEE_MASK.NOCLOSEPROCESS, verb: 'open', file: '"C:\\test file.shlexec"' });
    expect(view(started(open.out.hProcess)).commandLine).toBe(
      '"C:\\App\\child.exe" Open "C:\\test file.shlexec"',
    );
  });

  it("another verb: batfile's edit opens the script in Notepad; SEE_MASK_CLASSNAME uses lpClass instead of the extension", () => {
    const { run, started, view } = lab();
    const edit = run({ mask: SEE_MASK.NOCLOSEPROCESS, verb: 'edit', file: 'C:\\run.bat' });
    expect(view(started(edit.out.hProcess)).commandLine).toBe(
      'C:\\Windows\\System32\\NOTEPAD.EXE C:\\run.bat',
    );
    const cls = run({
      mask: SEE_MASK.NOCLOSEPROCESS | SEE_MASK.CLASSNAME,
      class: 'txtfile',
      file: 'C:\\notes.xyz',
    });
    expect(view(started(cls.out.hProcess)).commandLine).toBe(
      'C:\\Windows\\system32\\NOTEPAD.EXE C:\\notes.xyz',
    );
  });

  it('App Paths names a program by its bare name; a folder opens in Explorer', () => {
    const { run, started, view } = lab();
    const tool = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'tool' });
    expect(view(started(tool.out.hProcess)).commandLine).toBe('"C:\\Tools\\tool.exe" ');
    const dir = run({ mask: SEE_MASK.NOCLOSEPROCESS, file: 'C:\\Dir' });
    expect(view(started(dir.out.hProcess)).commandLine).toBe('C:\\Windows\\explorer.exe "C:\\Dir"');
  });

  it('no association: SE_ERR_NOASSOC (31) with ERROR_NO_ASSOCIATION (1155) — an unregistered extension, or a verb the class lacks; nothing is left', () => {
    const { run, counts } = lab();
    const before = counts();
    const noAssoc = failure(SE_ERR.NOASSOC, ERROR_NO_ASSOCIATION, NTSTATUS_FROM_WIN32(ERROR_NO_ASSOCIATION));
    expect(run({ file: 'C:\\notes.xyz' })).toEqual(noAssoc);
    expect(run({ verb: 'print', file: 'C:\\notes.txt' })).toEqual(noAssoc);
    expect(run({ verb: 'runas', file: 'C:\\notes.txt' })).toEqual(noAssoc);
    expect(counts()).toEqual(before);
  });

  it('SE_ERR_FNF (2) / ERROR_FILE_NOT_FOUND for a missing file, SE_ERR_PNF (3) / ERROR_PATH_NOT_FOUND for a missing directory (Wine test_filename)', () => {
    const { run } = lab();
    expect(run({ file: 'C:\\nonexistent.shlexec' })).toEqual(
      failure(SE_ERR.FNF, ERROR.FILE_NOT_FOUND, STATUS.OBJECT_NAME_NOT_FOUND),
    );
    expect(run({ file: 'nothere' })).toEqual(
      failure(SE_ERR.FNF, ERROR.FILE_NOT_FOUND, STATUS.OBJECT_NAME_NOT_FOUND),
    );
    expect(run({ file: 'C:\\NoDir\\x.txt' })).toEqual(
      failure(SE_ERR.PNF, ERROR.PATH_NOT_FOUND, STATUS.OBJECT_PATH_NOT_FOUND),
    );
    expect(run({ file: null })).toEqual(
      failure(SE_ERR.FNF, ERROR.FILE_NOT_FOUND, STATUS.OBJECT_NAME_NOT_FOUND),
    );
  });

  it('a CreateProcess failure is the last error; at 32 and above hInstApp is ERROR_BAD_FORMAT (Wine SHELL_ExecuteW)', () => {
    const { run } = lab();
    const r = run({ file: 'C:\\App\\lib.dll' });
    expect(r).toEqual(
      failure(SE_ERR.NOASSOC, ERROR_NO_ASSOCIATION, NTSTATUS_FROM_WIN32(ERROR_NO_ASSOCIATION)),
    );
    const exe = run({ file: 'C:\\App\\lib.dll', mask: SEE_MASK.CLASSNAME, class: 'exefile' });
    expect([exe.returnValue, exe.lastError, exe.out.hInstApp]).toEqual([
      0,
      ERROR.BAD_EXE_FORMAT,
      SE_ERR.BAD_FORMAT,
    ]);
  });

  it('ShellExecuteW returns hInstApp: 42 on success, SE_ERR_* on failure', () => {
    const { ctx, services } = lab();
    expect(ShellExecuteW(ctx, services.rpc, null, 'C:\\notes.txt', null, null, 1).returnValue).toBe(42);
    expect(ShellExecuteW(ctx, services.rpc, 'open', 'C:\\nothing.txt', null, null, 1)).toEqual({
      returnValue: SE_ERR.FNF,
      lastError: ERROR.FILE_NOT_FOUND,
      status: STATUS.OBJECT_NAME_NOT_FOUND,
    });
  });
});

describe('ShellExecuteExW "runas": the elevated start (Windows Internals 7 ch. 7 "Elevation"; Application Information service)', () => {
  it("the interactive user's linked token: High, elevated, DESKTOP\\user, explorer the parent; hInstApp 42", () => {
    const { run, started, view, explorer } = lab();
    const r = run({
      mask: SEE_MASK.NOCLOSEPROCESS,
      verb: 'runas',
      file: 'C:\\App\\app.exe',
      parameters: '/x',
    });
    expect([r.returnValue, r.lastError, r.out.hInstApp]).toEqual([1, 0, 42]);
    const v = view(started(r.out.hProcess));
    expect([v.commandLine, v.user, v.integrityLevel, v.elevated, v.parentPid, v.sessionId]).toEqual([
      '"C:\\App\\app.exe" /x',
      'DESKTOP\\user',
      'High',
      true,
      explorer.UniqueProcessId,
      1,
    ]);
  });

  it("a batch file runs elevated through batfile's runas command (cmd.exe /C)", () => {
    const { run, started, view } = lab();
    const r = run({ mask: SEE_MASK.NOCLOSEPROCESS, verb: 'runas', file: 'C:\\run.bat', parameters: 'a' });
    const v = view(started(r.out.hProcess));
    expect([v.commandLine, v.integrityLevel]).toEqual([
      'C:\\Windows\\System32\\cmd.exe /C "C:\\run.bat" a',
      'High',
    ]);
  });

  it('a standard user has no linked token: consent would ask for credentials; without UI the request is cancelled — ERROR_CANCELLED, SE_ERR_ACCESSDENIED', () => {
    const { ctx, services, runtime, k, run, counts } = lab();
    const alice = CreateProcessWithLogonW(ctx, services.rpc, {
      userName: 'alice',
      domain: '.',
      password: 'pw',
      logonFlags: 0,
      applicationName: null,
      commandLine: 'cmd.exe',
      creationFlags: 0,
      environment: null,
      currentDirectory: null,
      startupInfo: null,
    });
    const p = k.ps.cid.lookup(alice.out!.processId) as EPROCESS;
    const before = counts();
    const r = run({ verb: 'runas', file: 'C:\\App\\app.exe' }, runtime.context(p, p.threads[0]!));
    expect(r).toEqual(failure(SE_ERR.ACCESSDENIED, ERROR_CANCELLED, NTSTATUS_FROM_WIN32(ERROR_CANCELLED)));
    expect(counts()).toEqual(before);
  });

  it('from an elevated process runas stays elevated (a copy of its own token)', () => {
    const { run, started, runtime, view } = lab();
    const first = started(
      run({ mask: SEE_MASK.NOCLOSEPROCESS, verb: 'runas', file: 'cmd.exe' }).out.hProcess,
    );
    const second = run(
      { verb: 'runas', file: 'C:\\App\\app.exe' },
      runtime.context(first, first.threads[0]!),
    );
    expect(second.returnValue).toBe(1);
    const v = view(started(0));
    expect([v.integrityLevel, v.parentPid]).toEqual(['High', first.UniqueProcessId]);
  });

  it('a minimal boot has no AppInfo service: ERROR_SERVICE_NOT_ACTIVE', () => {
    const { run } = lab({ mode: 'minimal' });
    expect(run({ verb: 'runas', file: 'C:\\App\\app.exe' })).toEqual(
      failure(SE_ERR.ACCESSDENIED, ERROR_SERVICE_NOT_ACTIVE, NTSTATUS_FROM_WIN32(ERROR_SERVICE_NOT_ACTIVE)),
    );
  });
});
