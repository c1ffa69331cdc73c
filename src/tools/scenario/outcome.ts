import { ERROR } from '../../base/index.js';
import type { Win32Result } from '../../kernelbase/index.js';
import type { ArgSpec } from './args.js';
import type { CallOutcome } from './calls.js';

/** Handles, addresses and modules in a step's result: `0x…`. */
export const hex = (n: number): string => '0x' + n.toString(16);

/** A handle argument: a `0x…` string from an earlier result, a number, or NULL (0). */
export const handleArg = (v: unknown): number =>
  v === null || v === undefined ? 0 : typeof v === 'string' ? parseInt(v, 16) : Number(v);

/** The argument spec, optional. */
export const opt = (spec: ArgSpec): ArgSpec => ({ ...spec, optional: true });

/**
 * A Win32Result as a step outcome: `kind` says how the return value is shown and what success is
 * (a BOOL or handle: non-zero; a number: no last error). A handle's value also goes to `out.handle`.
 */
export function win32(
  r: Win32Result<number>,
  kind: 'bool' | 'handle' | 'number',
  out?: Record<string, unknown>,
): CallOutcome {
  const ok = kind === 'number' ? r.lastError === ERROR.SUCCESS : r.returnValue !== 0;
  const o: CallOutcome = {
    ok,
    returnValue: kind === 'handle' ? hex(r.returnValue) : r.returnValue,
    lastError: r.lastError,
    status: r.status,
  };
  if (out) o.out = out;
  else if (kind === 'handle' && ok) o.out = { handle: hex(r.returnValue) };
  return o;
}

/** The outcome of a process-creating call: PROCESS_INFORMATION's ids, and its handles in hex. */
export function processOutcome(r: {
  returnValue: number;
  lastError: number;
  status: number;
  out?: { processId: number; threadId: number; hProcess: number; hThread: number };
}): CallOutcome {
  return win32(
    r,
    'bool',
    r.out && {
      processId: r.out.processId,
      threadId: r.out.threadId,
      hProcess: hex(r.out.hProcess),
      hThread: hex(r.out.hThread),
    },
  );
}
