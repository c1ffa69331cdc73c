import { describe, expect, it } from 'vitest';
import { ERROR, STATUS } from '../../src/base/index.js';
import type { EPROCESS } from '../../src/kernel/ps/index.js';
import {
  CheckRemoteDebuggerPresent,
  ContinueDebugEvent,
  CREATE_FLAGS as F,
  CreateProcessW,
  DEBUG_EVENT_CODE as E,
  DebugActiveProcess,
  DebugActiveProcessStop,
  DebugSetProcessKillOnExit,
  GetProcessId,
  IsDebuggerPresent,
  WaitForDebugEvent,
  type DEBUG_EVENT,
} from '../../src/kernelbase/index.js';
import { DbgUiGetThreadDebugObject, type UserThreadContext } from '../../src/ntdll/index.js';
import type { PeSpec } from '../../src/pe/index.js';
import { req, win32Lab, type Win32Lab } from './support.js';

const DBG_CONTINUE = 0x00010002;
const DBG_REPLY_LATER = 0x40010001;
const ProcessDebugPort = 7;
const ProcessDebugObjectHandle = 30;
const ProcessDebugFlags = 31;

const APP: PeSpec = {
  kind: 'exe',
  subsystem: 'console',
  imports: { 'kernel32.dll': ['ExitProcess'], 'helper.dll': ['Help'] },
  exitCode: 7,
};
const files = (extra: Record<string, PeSpec> = {}) => ({
  'C:\\Acme\\app.exe': APP,
  'C:\\Acme\\helper.dll': { kind: 'dll', exports: ['Help'] } as PeSpec,
  ...extra,
});

function spawn(lab: Win32Lab, flags: number, commandLine = '"C:\\Acme\\app.exe"') {
  const r = CreateProcessW(lab.ctx, req(commandLine, null, { creationFlags: flags }));
  expect(r.returnValue).toBe(1);
  const child = lab.process(r.out!.processId);
  return { ...r.out!, child };
}

/** The scheduler's step for a child's first thread (the scenario runner's `untilIdle` for one thread). */
const start = (lab: Win32Lab, p: EPROCESS) => lab.runtime.startThread(p, p.threads[0]!);
const peb = (p: EPROCESS, offset: number, size: 1 | 4 = 1) => {
  const b = p.addressSpace!.read(p.Peb + offset, size);
  return size === 1 ? b[0]! : new DataView(b.buffer, b.byteOffset).getUint32(0, true);
};

function query(ctx: UserThreadContext, handle: number, cls: number, length: number) {
  const r = ctx.nt.NtQueryInformationProcess({
    ProcessHandle: handle,
    ProcessInformationClass: cls,
    ProcessInformationLength: length,
  });
  return { status: r.status, info: r.out?.ProcessInformation };
}

/** Every event until the queue is empty, each continued with DBG_CONTINUE (a debugger's loop). */
function drain(ctx: UserThreadContext): DEBUG_EVENT[] {
  const out: DEBUG_EVENT[] = [];
  for (;;) {
    const w = WaitForDebugEvent(ctx, 0);
    if (!w.debugEvent) {
      expect([w.lastError, w.status]).toEqual([ERROR.SEM_TIMEOUT, STATUS.TIMEOUT]);
      return out;
    }
    out.push(w.debugEvent);
    expect(
      ContinueDebugEvent(ctx, w.debugEvent.dwProcessId, w.debugEvent.dwThreadId, DBG_CONTINUE).returnValue,
    ).toBe(1);
  }
}

describe('CreateProcessW with DEBUG_PROCESS / DEBUG_ONLY_THIS_PROCESS (Microsoft Learn, Process Creation Flags)', () => {
  it('the caller becomes a debugger; the child reports to its debug object with PEB.BeingDebugged set', () => {
    const lab = win32Lab({ files: files() });
    expect(DbgUiGetThreadDebugObject(lab.ctx)).toBe(0);
    const { child, hProcess } = spawn(lab, F.DEBUG_PROCESS);
    const object = DbgUiGetThreadDebugObject(lab.ctx);
    expect(object).not.toBe(0);
    expect(lab.explorer.ObjectTable!.lookup(object)!.object.type.name).toBe('DebugObject');
    expect(child.DebugPort).not.toBeNull();
    expect(peb(child, 2)).toBe(1);
    // Wine ntdll/tests/info.c (Windows' expectations): ProcessDebugPort is ~0 for the debugged child,
    // 0 for the debugger itself; ProcessDebugObjectHandle is STATUS_PORT_NOT_SET with a NULL handle
    // for a process that is not debugged, a handle for the child.
    expect(query(lab.ctx, hProcess, ProcessDebugPort, 8)).toEqual({ status: STATUS.SUCCESS, info: -1 });
    expect(query(lab.ctx, -1, ProcessDebugPort, 8)).toEqual({ status: STATUS.SUCCESS, info: 0 });
    expect(query(lab.ctx, -1, ProcessDebugObjectHandle, 8)).toEqual({ status: STATUS.PORT_NOT_SET, info: 0 });
    expect(query(lab.ctx, -1, ProcessDebugObjectHandle, 9).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    const h = query(lab.ctx, hProcess, ProcessDebugObjectHandle, 8);
    expect(h.status).toBe(STATUS.SUCCESS);
    expect(lab.explorer.ObjectTable!.lookup(Number(h.info))!.object.body).toBe(child.DebugPort);
    expect(CheckRemoteDebuggerPresent(lab.ctx, hProcess).debuggerPresent).toBe(true);
    expect(CheckRemoteDebuggerPresent(lab.ctx, -1).debuggerPresent).toBe(false);
    expect(CheckRemoteDebuggerPresent(lab.ctx, 0).lastError).toBe(ERROR.INVALID_PARAMETER);
    expect(IsDebuggerPresent(lab.ctx).returnValue).toBe(0);
    expect(IsDebuggerPresent(lab.contextOf(child)).returnValue).toBe(1);
  });

  it('ProcessDebugFlags: TRUE for the debugger, FALSE for a DEBUG_ONLY_THIS_PROCESS child (Wine test_query_process_debug_flags)', () => {
    const lab = win32Lab({ files: files() });
    const only = spawn(lab, F.DEBUG_PROCESS | F.DEBUG_ONLY_THIS_PROCESS);
    const tree = spawn(lab, F.DEBUG_PROCESS);
    expect(query(lab.ctx, -1, ProcessDebugFlags, 4)).toEqual({ status: STATUS.SUCCESS, info: 1 });
    expect(query(lab.ctx, only.hProcess, ProcessDebugFlags, 4)).toEqual({ status: STATUS.SUCCESS, info: 0 });
    expect(query(lab.ctx, tree.hProcess, ProcessDebugFlags, 4)).toEqual({ status: STATUS.SUCCESS, info: 1 });
    expect(query(lab.ctx, -1, ProcessDebugFlags, 5).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    // Both children report to the one object of the debugger's thread.
    expect(only.child.DebugPort).toBe(tree.child.DebugPort);
  });

  it('the events of a start, one at a time: create-process and ntdll before any code runs, then the loader', () => {
    const lab = win32Lab({ files: files() });
    const { child, processId, threadId } = spawn(lab, F.DEBUG_ONLY_THIS_PROCESS);
    // Nothing until the child's thread takes its first step (PspUserThreadStartup → DbgkCreateThread).
    expect(WaitForDebugEvent(lab.ctx, 0).lastError).toBe(ERROR.SEM_TIMEOUT);
    expect(start(lab, child)).toBeNull();
    const thread = child.threads[0]!;
    expect(thread.debugWait).not.toBeNull();
    const first = WaitForDebugEvent(lab.ctx, 0).debugEvent!;
    expect(first.dwDebugEventCode).toBe(E.CREATE_PROCESS_DEBUG_EVENT);
    expect([first.dwProcessId, first.dwThreadId]).toEqual([processId, threadId]);
    const cp = first.u.CreateProcessInfo as Record<string, number>;
    expect(cp.lpBaseOfImage).toBe(child.SectionBaseAddress);
    expect(cp.lpStartAddress).toBe(thread.Win32StartAddress);
    expect(cp.lpThreadLocalBase).toBe(thread.Teb);
    expect([cp.lpImageName, cp.fUnicode]).toEqual([0, 1]);
    expect(GetProcessId(lab.ctx, cp.hProcess!).returnValue).toBe(processId);
    expect(lab.explorer.ObjectTable!.lookup(cp.hFile!)!.object.type.name).toBe('File');
    // The next event of the same process waits for this one to be continued.
    expect(WaitForDebugEvent(lab.ctx, 0).lastError).toBe(ERROR.SEM_TIMEOUT);
    // ContinueDebugEvent: an unknown status or ids of no read event are ERROR_INVALID_PARAMETER.
    expect(ContinueDebugEvent(lab.ctx, processId, threadId, 0).lastError).toBe(ERROR.INVALID_PARAMETER);
    expect(ContinueDebugEvent(lab.ctx, processId, threadId + 4, DBG_CONTINUE).lastError).toBe(
      ERROR.INVALID_PARAMETER,
    );
    expect(ContinueDebugEvent(lab.ctx, processId, threadId, DBG_CONTINUE).returnValue).toBe(1);
    const ntdll = WaitForDebugEvent(lab.ctx, 0).debugEvent!;
    expect(ntdll.dwDebugEventCode).toBe(E.LOAD_DLL_DEBUG_EVENT);
    expect((ntdll.u.LoadDll as Record<string, number>).lpBaseOfDll).toBe(child.ntdllView!.baseAddress);
    // lpImageName: &TEB.NtTib.ArbitraryUserPointer, which points at "ntdll.dll" in the TEB.
    const namePtr = (ntdll.u.LoadDll as Record<string, number>).lpImageName!;
    expect(namePtr).toBe(thread.Teb + 0x28);
    const nameAt = child.addressSpace!.ptr(namePtr);
    expect(new TextDecoder('utf-16le').decode(child.addressSpace!.read(nameAt, 18))).toBe('ntdll.dll');
    // Still waiting on that reply: the thread has not run.
    expect(start(lab, child)).toBeNull();
    expect(ContinueDebugEvent(lab.ctx, processId, threadId, DBG_CONTINUE).returnValue).toBe(1);
    expect(thread.debugWait).toBeNull();
    expect(start(lab, child)!.status).toBe(STATUS.SUCCESS);
    const rest = drain(lab.ctx);
    const modules = lab.runtime.processData(child).ldr!.modules;
    const loads = rest.filter((e) => e.dwDebugEventCode === E.LOAD_DLL_DEBUG_EVENT);
    // One load-DLL event per DLL the loader mapped, in its mapping order (ntdll's came first).
    expect(loads.map((e) => (e.u.LoadDll as Record<string, number>).lpBaseOfDll)).toEqual(
      modules.filter((m) => !m.isExe && m.baseName !== 'ntdll.dll').map((m) => m.base),
    );
    expect(modules.map((m) => m.baseName)).toEqual([
      'app.exe',
      'ntdll.dll',
      'kernel32.dll',
      'kernelbase.dll',
      'helper.dll',
    ]);
    // Then the initial breakpoint (ntdll!LdrpDoDebuggerBreak → DbgBreakPoint), first chance.
    const bp = rest[loads.length]!;
    expect(bp.dwDebugEventCode).toBe(E.EXCEPTION_DEBUG_EVENT);
    const ex = bp.u.Exception as { ExceptionRecord: Record<string, number>; dwFirstChance: number };
    expect(ex.ExceptionRecord.ExceptionCode).toBe(STATUS.BREAKPOINT);
    expect(ex.dwFirstChance).toBe(1);
    expect(rest.length).toBe(loads.length + 1);
    // The debug heap flags (FLG_HEAP_ENABLE_TAIL_CHECK | FREE_CHECK | VALIDATE_PARAMETERS).
    expect(peb(child, 0xbc, 4)).toBe(0x70);
  });

  it('the initial breakpoint comes before any DllMain: a DLL refusing to load ends the process after it', () => {
    const lab = win32Lab({
      files: files({ 'C:\\Acme\\helper.dll': { kind: 'dll', exports: ['Help'], dllMainReturns: false } }),
    });
    const { child } = spawn(lab, F.DEBUG_PROCESS);
    start(lab, child);
    drain(lab.ctx);
    start(lab, child);
    const events = drain(lab.ctx);
    expect(events.map((e) => e.dwDebugEventCode).slice(-2)).toEqual([
      E.EXCEPTION_DEBUG_EVENT,
      E.EXIT_PROCESS_DEBUG_EVENT,
    ]);
    expect((events.at(-1)!.u.ExitProcess as { dwExitCode: number }).dwExitCode).toBe(STATUS.DLL_INIT_FAILED);
  });

  it('_NO_DEBUG_HEAP=1 keeps the normal heap (WinDbg -hd)', () => {
    const lab = win32Lab({ files: files() });
    const r = CreateProcessW(
      lab.ctx,
      req('"C:\\Acme\\app.exe"', null, {
        creationFlags: F.DEBUG_PROCESS | F.CREATE_UNICODE_ENVIRONMENT,
        environment: ['SystemRoot=C:\\Windows', '_NO_DEBUG_HEAP=1'],
      }),
    );
    const child = lab.process(r.out!.processId);
    start(lab, child);
    drain(lab.ctx);
    start(lab, child);
    expect(peb(child, 0xbc, 4)).toBe(0);
    expect(peb(child, 2)).toBe(1);
  });

  it('the IFEO Debugger value is not applied to a process started under a debugger', () => {
    const key =
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe';
    const lab = win32Lab({
      files: files({ 'C:\\Tools\\dbg.exe': { kind: 'exe', subsystem: 'console' } }),
      registry: `Windows Registry Editor Version 5.00\n\n[${key}]\n"Debugger"="C:\\\\Tools\\\\dbg.exe"\n`,
    });
    expect(spawn(lab, 0).child.ImageFileName).toBe('dbg.exe');
    expect(spawn(lab, F.DEBUG_PROCESS).child.ImageFileName).toBe('app.exe');
  });

  it('DEBUG_PROCESS debugs the tree, DEBUG_ONLY_THIS_PROCESS only the child', () => {
    const lab = win32Lab({ files: files() });
    const tree = spawn(lab, F.DEBUG_PROCESS).child;
    const only = spawn(lab, F.DEBUG_ONLY_THIS_PROCESS).child;
    for (const p of [tree, only]) {
      start(lab, p);
    }
    drain(lab.ctx);
    for (const p of [tree, only]) start(lab, p);
    drain(lab.ctx);
    const grandchild = (parent: EPROCESS) => spawn({ ...lab, ctx: lab.contextOf(parent) }, 0).child;
    const g1 = grandchild(tree);
    const g2 = grandchild(only);
    expect(g1.DebugPort).toBe(tree.DebugPort);
    expect(peb(g1, 2)).toBe(1);
    expect(g2.DebugPort).toBeNull();
    expect(peb(g2, 2)).toBe(0);
  });
});

describe('the debugger goes away (DebugSetProcessKillOnExit; DbgkpCloseObject)', () => {
  it('by default its debuggees die with STATUS_DEBUGGER_INACTIVE when its debug object closes', () => {
    const lab = win32Lab({ files: files() });
    const { child } = spawn(lab, F.DEBUG_PROCESS);
    lab.ctx.nt.NtClose({ Handle: DbgUiGetThreadDebugObject(lab.ctx) });
    expect(child.exited).toBe(true);
    expect(child.ExitStatus).toBe(STATUS.DEBUGGER_INACTIVE);
  });

  it('with KillOnExit FALSE they are detached and run on, BeingDebugged cleared', () => {
    const lab = win32Lab({ files: files() });
    expect(DebugSetProcessKillOnExit(lab.ctx, false).lastError).toBe(ERROR.INVALID_HANDLE);
    const { child } = spawn(lab, F.DEBUG_PROCESS);
    start(lab, child);
    expect(DebugSetProcessKillOnExit(lab.ctx, false).returnValue).toBe(1);
    lab.ctx.nt.NtClose({ Handle: DbgUiGetThreadDebugObject(lab.ctx) });
    expect(child.exited).toBe(false);
    expect(child.DebugPort).toBeNull();
    expect(peb(child, 2)).toBe(0);
    // Its waiting thread was let go.
    expect(start(lab, child)!.status).toBe(STATUS.SUCCESS);
  });
});

describe('DebugActiveProcess / DebugActiveProcessStop (Microsoft Learn; ReactOS dbgkobj.c)', () => {
  it('attaching to a running process: its state as fake events, then the break-in thread', () => {
    const lab = win32Lab({ files: files() });
    const { child, processId, threadId } = spawn(lab, 0);
    expect(start(lab, child)!.status).toBe(STATUS.SUCCESS);
    expect(peb(child, 2)).toBe(0);
    expect(DebugActiveProcess(lab.ctx, processId).returnValue).toBe(1);
    expect(peb(child, 2)).toBe(1);
    const fake = drain(lab.ctx);
    const modules = lab.runtime.processData(child).ldr!.modules;
    expect(fake[0]!.dwDebugEventCode).toBe(E.CREATE_PROCESS_DEBUG_EVENT);
    expect(fake[0]!.dwThreadId).toBe(threadId);
    // A load-DLL event for each module of the PEB's load-order list after the exe.
    expect(fake.slice(1).map((e) => (e.u.LoadDll as Record<string, number>).lpBaseOfDll)).toEqual(
      modules.filter((m) => !m.isExe).map((m) => m.base),
    );
    // DbgUiIssueRemoteBreakin's thread: created in the debuggee at ntdll!DbgUiRemoteBreakin.
    const breakin = child.threads[1]!;
    expect(breakin).toBeDefined();
    expect(lab.runtime.startThread(child, breakin)).toBeNull();
    const ct = drain(lab.ctx);
    expect(ct.map((e) => e.dwDebugEventCode)).toEqual([E.CREATE_THREAD_DEBUG_EVENT]);
    expect(ct[0]!.dwThreadId).toBe(breakin.Cid.UniqueThread);
    expect((ct[0]!.u.CreateThread as Record<string, number>).lpStartAddress).toBe(breakin.Win32StartAddress);
    expect(lab.runtime.startThread(child, breakin)!.status).toBe(STATUS.SUCCESS);
    const after = drain(lab.ctx);
    expect(after.map((e) => [e.dwDebugEventCode, e.dwThreadId])).toEqual([
      [E.EXCEPTION_DEBUG_EVENT, breakin.Cid.UniqueThread],
      [E.EXIT_THREAD_DEBUG_EVENT, breakin.Cid.UniqueThread],
    ]);
    expect(breakin.State).toBe('Terminated');
    // A second debugger: STATUS_PORT_ALREADY_SET → ERROR_INVALID_PARAMETER.
    const other = spawn(lab, 0).child;
    start(lab, other);
    expect(DebugActiveProcess(lab.contextOf(other), processId).lastError).toBe(ERROR.INVALID_PARAMETER);
    // Stop: detached, BeingDebugged cleared; stopping again fails.
    expect(DebugActiveProcessStop(lab.ctx, processId).returnValue).toBe(1);
    expect(child.DebugPort).toBeNull();
    expect(peb(child, 2)).toBe(0);
    const again = DebugActiveProcessStop(lab.ctx, processId);
    expect([again.returnValue, again.status]).toEqual([0, STATUS.PORT_NOT_SET]);
  });

  it('a process cannot debug itself (STATUS_ACCESS_DENIED)', () => {
    const lab = win32Lab();
    const r = DebugActiveProcess(lab.ctx, lab.explorer.UniqueProcessId);
    expect([r.returnValue, r.lastError, r.status]).toEqual([0, ERROR.ACCESS_DENIED, STATUS.ACCESS_DENIED]);
  });
});

describe('debug object services (phnt ntdbg.h; ReactOS dbgkobj.c)', () => {
  it('NtCreateDebugObject and NtSetInformationDebugObject validate their arguments', () => {
    const lab = win32Lab();
    const nt = lab.ctx.nt;
    expect(nt.NtCreateDebugObject({ DesiredAccess: 0x1f000f, Flags: 2 }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
    const h = Number(nt.NtCreateDebugObject({ DesiredAccess: 0x1f000f, Flags: 0 }).out!.DebugObjectHandle);
    const set = (cls: number, length: number) =>
      nt.NtSetInformationDebugObject({
        DebugObjectHandle: h,
        DebugObjectInformationClass: cls,
        DebugInformation: 1,
        DebugInformationLength: length,
      }).status;
    expect(set(2, 4)).toBe(STATUS.INVALID_PARAMETER);
    expect(set(1, 8)).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(set(1, 4)).toBe(STATUS.SUCCESS);
    // A handle without DEBUG_READ_EVENT cannot wait.
    const weak = Number(nt.NtCreateDebugObject({ DesiredAccess: 0x2, Flags: 0 }).out!.DebugObjectHandle);
    expect(nt.NtWaitForDebugEvent({ DebugObjectHandle: weak, Timeout: 0n }).status).toBe(
      STATUS.ACCESS_DENIED,
    );
    expect(nt.NtWaitForDebugEvent({ DebugObjectHandle: h, Timeout: 0n }).status).toBe(STATUS.TIMEOUT);
  });

  it('DBG_REPLY_LATER puts the event back at the end of the queue, unread', () => {
    const lab = win32Lab({ files: files() });
    const a = spawn(lab, F.DEBUG_PROCESS);
    const b = spawn(lab, F.DEBUG_PROCESS);
    start(lab, a.child);
    start(lab, b.child);
    const e1 = WaitForDebugEvent(lab.ctx, 0).debugEvent!;
    expect(e1.dwProcessId).toBe(a.processId);
    expect(ContinueDebugEvent(lab.ctx, a.processId, a.threadId, DBG_REPLY_LATER).returnValue).toBe(1);
    // b's create-process event is next; a's comes back after b's queued ones.
    const order = drain(lab.ctx).map((e) => [e.dwProcessId, e.dwDebugEventCode]);
    expect(order[0]).toEqual([a.processId, E.LOAD_DLL_DEBUG_EVENT]);
    expect(order).toContainEqual([b.processId, E.CREATE_PROCESS_DEBUG_EVENT]);
    expect(order.at(-1)).toEqual([a.processId, E.CREATE_PROCESS_DEBUG_EVENT]);
  });
});
