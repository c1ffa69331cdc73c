import { hexStatus, STATUS } from '../../base/index.js';
import {
  CheckRemoteDebuggerPresent,
  ContinueDebugEvent,
  DEBUG_EVENT_CODE,
  DebugActiveProcess,
  DebugActiveProcessStop,
  DebugSetProcessKillOnExit,
  IsDebuggerPresent,
  WaitForDebugEvent,
  type DEBUG_EVENT,
} from '../../kernelbase/index.js';
import { flagsValue } from './args.js';
import type { CallDef } from './calls.js';
import { handleArg, hex, opt, win32 } from './outcome.js';

/** ContinueDebugEvent's dwContinueStatus names (ntstatus.h DBG_*). */
export const DBG_CONTINUE_STATUS: Readonly<Record<string, number>> = {
  DBG_CONTINUE: 0x00010002,
  DBG_EXCEPTION_NOT_HANDLED: 0x80010001,
  DBG_REPLY_LATER: 0x40010001,
  DBG_TERMINATE_THREAD: 0x40010003,
  DBG_TERMINATE_PROCESS: 0x40010004,
};

/** Fields of DEBUG_EVENT's structures that are handles or addresses: shown as `0x…`. */
const HEX_FIELDS = new Set([
  'hFile',
  'hProcess',
  'hThread',
  'lpBaseOfImage',
  'lpBaseOfDll',
  'lpThreadLocalBase',
  'lpStartAddress',
  'lpImageName',
  'ExceptionAddress',
  'ExceptionRecord',
]);

/** A DEBUG_EVENT as a step's out: the code's name beside its number, handles and addresses in hex. */
function debugEventOut(e: DEBUG_EVENT): Record<string, unknown> {
  const show = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [
        k,
        k === 'ExceptionRecord' && typeof v === 'object'
          ? show(v as Record<string, unknown>)
          : k === 'ExceptionCode'
            ? hexStatus(Number(v))
            : HEX_FIELDS.has(k)
              ? hex(Number(v ?? 0))
              : v,
      ]),
    );
  const name = Object.entries(DEBUG_EVENT_CODE).find(([, v]) => v === e.dwDebugEventCode)?.[0] ?? '';
  return {
    dwDebugEventCode: e.dwDebugEventCode,
    eventName: name,
    dwProcessId: e.dwProcessId,
    dwThreadId: e.dwThreadId,
    u: Object.fromEntries(Object.entries(e.u).map(([k, v]) => [k, show(v as Record<string, unknown>)])),
  };
}

const waitForDebugEvent: CallDef = {
  args: { milliseconds: opt({ kind: 'int' }) },
  run: (e, a) => {
    const ms = a.milliseconds === undefined ? 0xffffffff : Number(a.milliseconds) >>> 0;
    let r = WaitForDebugEvent(e.ctx, ms);
    // A wait with a timeout blocks the debugger's thread: the debuggees (every ready thread) run
    // meanwhile and their events arrive; a zero timeout only polls.
    if (r.status === STATUS.TIMEOUT && ms !== 0 && e.yieldToReadyThreads) {
      e.yieldToReadyThreads();
      r = WaitForDebugEvent(e.ctx, ms);
    }
    return win32(r, 'bool', r.debugEvent ? { debugEvent: debugEventOut(r.debugEvent) } : undefined);
  },
};

/**
 * kernel32's debugging API (Microsoft Learn, "Debugging Functions"): a scenario's process becomes a
 * debugger (CreateProcessW with DEBUG_PROCESS, or DebugActiveProcess) and reads its debuggees'
 * events one by one (WaitForDebugEvent, ContinueDebugEvent), as a debugger's loop does.
 * `milliseconds` defaults to INFINITE.
 */
export const DEBUG_CALLS: Readonly<Record<string, CallDef>> = {
  WaitForDebugEvent: waitForDebugEvent,
  WaitForDebugEventEx: waitForDebugEvent,
  ContinueDebugEvent: {
    args: {
      processId: { kind: 'pid' },
      threadId: { kind: 'int' },
      continueStatus: { kind: 'flags', table: DBG_CONTINUE_STATUS, what: 'continue status' },
    },
    run: (e, a) =>
      win32(
        ContinueDebugEvent(
          e.ctx,
          e.pid(a.processId),
          Number(a.threadId),
          flagsValue(a.continueStatus, DBG_CONTINUE_STATUS),
        ),
        'bool',
      ),
  },
  DebugActiveProcess: {
    args: { processId: { kind: 'pid' } },
    run: (e, a) => win32(DebugActiveProcess(e.ctx, e.pid(a.processId)), 'bool'),
  },
  DebugActiveProcessStop: {
    args: { processId: { kind: 'pid' } },
    run: (e, a) => win32(DebugActiveProcessStop(e.ctx, e.pid(a.processId)), 'bool'),
  },
  DebugSetProcessKillOnExit: {
    args: { killOnExit: { kind: 'bool' } },
    run: (e, a) => win32(DebugSetProcessKillOnExit(e.ctx, a.killOnExit === true), 'bool'),
  },
  IsDebuggerPresent: {
    args: {},
    run: (e) => {
      const r = IsDebuggerPresent(e.ctx);
      // Never fails: the BOOL is the answer, so the step is ok whatever it says.
      return { ok: true, returnValue: r.returnValue };
    },
  },
  CheckRemoteDebuggerPresent: {
    args: { process: { kind: 'handle' } },
    run: (e, a) => {
      const r = CheckRemoteDebuggerPresent(e.ctx, handleArg(a.process));
      return win32(
        r,
        'bool',
        r.debuggerPresent !== undefined ? { debuggerPresent: r.debuggerPresent } : undefined,
      );
    },
  },
};
