import type { Trace } from '../../base/index.js';
import { systemServiceByNumber, type SyscallGate } from '../syscalls/index.js';
import { SK_STATUS } from './constants.js';
import { SkIsSystemCallAllowed } from './system-calls.js';

/**
 * A trustlet's system calls do not reach KiSystemCall64: its ntdll's `syscall` enters the secure
 * kernel, which forwards the calls it supports to the NT kernel and answers the rest itself
 * (Microsoft Learn, "Isolated User Mode (IUM) Processes": trustlets "complete system calls by
 * marshalling them over to the Windows kernel running in VTL0 ring 0"; the set is
 * SK_TRUSTLET_SYSTEM_CALLS). Each refused call leaves a `securekernel!NtX` span with its status.
 */
export function SkCreateTrustletSyscallGate(
  gate: SyscallGate,
  o: { trace: Trace; pid: () => number },
): SyscallGate {
  return {
    syscall: (number, args) => {
      const name = systemServiceByNumber(number)?.name;
      if (SkIsSystemCallAllowed(name)) return gate.syscall(number, args);
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
          span.note('not a system call the secure kernel forwards for trustlets');
          return { status };
        },
      );
      return { status };
    },
  };
}
