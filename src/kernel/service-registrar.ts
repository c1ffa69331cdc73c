import type { PsCaller } from './ps/index.js';
import type { KPROCESSOR_MODE, ServiceArgs, SystemServiceTable } from './syscalls/index.js';

/** What a service handler answers: its status and the out parameters it wrote. */
export type ServiceAnswer = { status: number; out?: Record<string, unknown> };

/** Registers a handler of KiServiceTable that takes the phnt-named arguments and the caller. */
export type ServiceRegistrar = (
  name: string,
  handler: (args: ServiceArgs, caller: PsCaller) => ServiceAnswer,
) => void;

/** The registrar over `table`: the caller context gets the trap's PreviousMode. */
export function serviceRegistrar(table: SystemServiceTable<PsCaller>): ServiceRegistrar {
  // PreviousMode is KPROCESSOR_MODE (0 KernelMode, 1 UserMode) everywhere: kernel/se's type.
  const mode = (m: KPROCESSOR_MODE): PsCaller['previousMode'] => m;
  return (name, handler) =>
    table.register(name, ({ args, context, previousMode }) => {
      const r = handler(args, { ...context, previousMode: mode(previousMode) });
      return r.out ? { status: r.status, out: r.out } : { status: r.status };
    });
}

/** A HANDLE argument: an omitted one is NULL (0). */
export const handle = (v: unknown): number => (v === undefined || v === null ? 0 : Number(v));
/** A number argument: an omitted one is 0. */
export const num = (v: unknown): number => (v === undefined || v === null ? 0 : Number(v));

/** The answer with the out parameters the service wrote (the ones it did not are left out). */
export function answer(r: { status: number } & object, names: string[]): ServiceAnswer {
  const o: Record<string, unknown> = {};
  for (const n of names) {
    const v = (r as Record<string, unknown>)[n];
    if (v !== undefined) o[n] = v;
  }
  return Object.keys(o).length ? { status: r.status, out: o } : { status: r.status };
}
