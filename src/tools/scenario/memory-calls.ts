import { CreateFileW, ReadProcessMemory, WriteProcessMemory } from '../../kernelbase/index.js';
import type { CallDef } from './calls.js';
import { handleArg, win32 } from './outcome.js';

/** An address argument: a number or a `0x…` string (e.g. a query's `$q.view.peb.address`). */
const address = (v: unknown): number => (typeof v === 'string' ? parseInt(v, 16) : Number(v));

/** Bytes as a step shows them: lowercase hex, two digits each. */
const hexBytes = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');

/** The memory and file calls a scenario (or a program's behavior) can make. */
export const MEMORY_CALLS: Readonly<Record<string, CallDef>> = {
  ReadProcessMemory: {
    args: { process: { kind: 'handle' }, baseAddress: { kind: 'any' }, size: { kind: 'int' } },
    run: (e, a) => {
      const r = ReadProcessMemory(e.ctx, handleArg(a.process), address(a.baseAddress), Number(a.size));
      return win32(r, 'bool', { numberOfBytesRead: r.numberOfBytesRead, buffer: hexBytes(r.buffer) });
    },
  },
  WriteProcessMemory: {
    args: { process: { kind: 'handle' }, baseAddress: { kind: 'any' }, buffer: { kind: 'string' } },
    run: (e, a) => {
      const text = String(a.buffer);
      const bytes = Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));
      const r = WriteProcessMemory(e.ctx, handleArg(a.process), address(a.baseAddress), bytes);
      return win32(r, 'bool', { numberOfBytesWritten: r.numberOfBytesWritten });
    },
  },
  CreateFileW: {
    args: {
      fileName: { kind: 'string' },
      desiredAccess: { kind: 'int' },
      shareMode: { kind: 'int', optional: true },
    },
    run: (e, a) => {
      const r = CreateFileW(e.ctx, String(a.fileName), Number(a.desiredAccess), Number(a.shareMode ?? 0));
      // INVALID_HANDLE_VALUE, not NULL, is CreateFileW's failure.
      if (r.returnValue === 0xffffffff)
        return { ok: false, returnValue: '0xffffffff', lastError: r.lastError, status: r.status };
      return win32(r, 'handle');
    },
  },
};
