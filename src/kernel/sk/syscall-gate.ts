import type { Trace } from '../../base/index.js';
import { systemServiceByNumber, type SyscallGate } from '../syscalls/index.js';
import { SK_STATUS } from './constants.js';
import type { SkTrustletPolicies } from './policy.js';
import { SK_TRUSTLET_SYSTEM_CALL_GROUPS, SkIsSystemCallAllowed } from './system-calls.js';

const ETW_CALLS: ReadonlySet<string> = new Set(SK_TRUSTLET_SYSTEM_CALL_GROUPS.etw);

/**
 * A trustlet's system calls do not reach KiSystemCall64: its ntdll's `syscall` enters the secure
 * kernel, which forwards the calls it supports to the NT kernel and answers the rest itself
 * (Microsoft Learn, "Isolated User Mode (IUM) Processes": trustlets "complete system calls by
 * marshalling them over to the Windows kernel running in VTL0 ring 0"; the set is
 * SK_TRUSTLET_SYSTEM_CALLS). The ETW services are forwarded only when the trustlet's Etw policy
 * allows it (IMAGE_POLICY_ID Etw, "enable/disable ETW": internals.md §5.1) — the one policy whose
 * effect the model can show. Each refused call leaves a `securekernel!NtX` span with its status.
 */
export function SkCreateTrustletSyscallGate(
  gate: SyscallGate,
  o: { trace: Trace; pid: () => number; policies?: () => SkTrustletPolicies | null },
): SyscallGate {
  return {
    syscall: (number, args) => {
      const name = systemServiceByNumber(number)?.name;
      const etwOff = name !== undefined && ETW_CALLS.has(name) && !(o.policies?.()?.etw ?? false);
      if (SkIsSystemCallAllowed(name) && !etwOff) return gate.syscall(number, args);
      const status = SK_STATUS.REFUSED_CALL;
      o.trace.call(
        {
          layer: 'securekernel',
          module: 'securekernel',
          fn: name ?? `syscall 0x${number.toString(16)}`,
          channel: 'sk',
          pid: o.pid(),
        },
        (span) => {
          span.note(
            etwOff
              ? "the trustlet's Etw policy does not allow ETW"
              : 'not a system call the secure kernel forwards for trustlets',
          );
          return { status };
        },
      );
      return { status };
    },
  };
}
