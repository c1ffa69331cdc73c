import { ModelError } from '../../base/index.js';
import {
  systemServiceByName,
  type ServiceArgs,
  type SyscallGate,
  type SystemServiceResult,
} from '../../kernel/syscalls/index.js';
import { NT_STUB_DECLARATIONS, type NtStubArgs, type NtStubName } from './declarations.js';

/** One stub call as the trace sees it on the user-mode side. */
export interface NtStubEvent {
  readonly name: NtStubName;
  readonly number: number;
  readonly args: ServiceArgs;
}

/** Observers of the stubs: `before` as the stub is entered, `after` with what the kernel returned. */
export interface NtStubHook {
  before?(event: NtStubEvent): void;
  after?(event: NtStubEvent, result: SystemServiceResult): void;
}

/** ntdll's Nt* stubs: each loads its service number and executes `syscall` through the gate. */
export type NtStubs = { readonly [N in NtStubName]: (args?: NtStubArgs<N>) => SystemServiceResult };

/** The service number a stub loads into eax (from KiServiceTable, the one source of the numbers). */
export function ntStubServiceNumber(name: NtStubName): number {
  const service = systemServiceByName(name);
  if (!service) throw new ModelError('NT_STUB_NOT_A_SERVICE', `${name} is not in KiServiceTable`, { name });
  return service.number;
}

/** `ntdll!NtClose → syscall 0x00F → nt!NtClose`: the chain a stub call stands for, for the trace. */
export function ntStubTraceLabel(name: NtStubName): string {
  const number = ntStubServiceNumber(name).toString(16).toUpperCase().padStart(3, '0');
  return `ntdll!${name} → syscall 0x${number} → nt!${name}`;
}

/**
 * Makes the stubs over a gate. Like the real stubs (mov r10, rcx; mov eax, n; syscall; ret) they
 * do nothing but select the service and cross: argument checks belong to the kernel.
 */
export function createNtStubs(gate: SyscallGate, hook?: NtStubHook): NtStubs {
  const stubs: Partial<Record<NtStubName, (args?: ServiceArgs) => SystemServiceResult>> = {};
  for (const name of Object.keys(NT_STUB_DECLARATIONS) as NtStubName[]) {
    const number = ntStubServiceNumber(name);
    stubs[name] = (args = {}) => {
      const event: NtStubEvent = { name, number, args };
      hook?.before?.(event);
      const result = gate.syscall(number, args);
      hook?.after?.(event, result);
      return result;
    };
  }
  return Object.freeze(stubs) as NtStubs;
}

/**
 * An out parameter a stub's service wrote, as a number: a HANDLE, ULONG or ULONG64 (a bigint); an
 * absent one (the service failed before writing it) is 0, as the caller's zeroed variable.
 */
export function ntStubOutNumber(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : 0;
}
