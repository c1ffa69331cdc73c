import type { Channel, Span, Trace } from '../../base/index.js';
import type { NtStubHook } from './stubs.js';

/**
 * A stub hook that opens a user-mode span around each system call, `ntdll!NtX` with its service
 * number, on `channel`, for the process `pid()` names; the kernel's own span nests inside it. A
 * disabled trace gets no hook at all.
 */
export function ntStubTraceHook(trace: Trace, channel: Channel, pid: () => number): NtStubHook | undefined {
  if (!trace.enabled) return undefined;
  const open: Span[] = [];
  return {
    before: (e) =>
      open.push(
        trace.open({
          layer: 'ntdll',
          module: 'ntdll',
          fn: e.name,
          channel,
          pid: pid(),
          args: { syscall: '0x' + e.number.toString(16) },
        }),
      ),
    after: (_e, r) => open.pop()?.close(r.status),
  };
}
