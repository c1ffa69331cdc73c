import { ModelError, NtStatusError, STATUS, type NTSTATUS } from '../../base/index.js';
import { KiServiceTable, type SystemService } from './service-table.js';
import type { KPROCESSOR_MODE, ServiceArgs, SystemServiceResult } from './types.js';

/**
 * What reaches the dispatcher: the service number (eax at `syscall`, or the number a Zw* call
 * loads), the arguments, the previous mode and the caller. `name` is undefined for a number
 * that is not in the table.
 */
export interface SystemServiceTrap<TContext> {
  readonly number: number;
  readonly name: string | undefined;
  readonly args: ServiceArgs;
  readonly previousMode: KPROCESSOR_MODE;
  /** The calling thread and process (the model's ETHREAD/EPROCESS; opaque to the dispatcher). */
  readonly context: TContext;
}

/** What a service's handler receives: a trap whose number names a service. */
export interface SystemServiceCall<
  TContext,
  A extends ServiceArgs = ServiceArgs,
> extends SystemServiceTrap<TContext> {
  readonly name: string;
  readonly args: A;
}

/**
 * A kernel service (nt!NtClose & co.). It returns its NTSTATUS, or the status with its out values;
 * it may throw NtStatusError for an expected failure (the dispatcher returns its status), and
 * ModelError only for a broken invariant (which propagates).
 */
export type SystemServiceHandler<TContext, A extends ServiceArgs = ServiceArgs> = (
  call: SystemServiceCall<TContext, A>,
) => NTSTATUS | SystemServiceResult;

/** How a call was answered, for the trace. */
export type SystemServiceRoute = 'service' | 'not-implemented' | 'invalid' | 'alt';

/**
 * Observers around every call, e.g. the trace's `ntdll!NtX → syscall 0x… → nt!NtX` span. `before`
 * hooks run in the order they were added, `after` hooks in the reverse order, so spans nest.
 */
export interface SystemServiceHook<TContext> {
  before?(trap: SystemServiceTrap<TContext>): void;
  after?(trap: SystemServiceTrap<TContext>, result: SystemServiceResult, route: SystemServiceRoute): void;
}

/**
 * The per-thread alternate dispatch. On x64, KiSystemCall64 checks flags of the current thread
 * (in KTHREAD.Header.DebugActive) before it looks at the service number: threads of pico processes
 * go to the pico provider's DispatchSystemCall (PS_PICO_PROVIDER_ROUTINES; WSL 1 runs Linux system
 * calls there) and "alt syscall" threads (bit 0x20) to PsAltSystemCallDispatch. Sources: Alex
 * Ionescu, "The Linux Kernel Hidden Inside Windows 10" (Black Hat USA 2016);
 * https://github.com/HexilionLabs/AltSys. Neither is modelled yet: the hook lets a provider claim a
 * call (return its result) or decline it (return undefined) so that KiServiceTable handles it.
 */
export type AltSystemCallDispatch<TContext> = (
  trap: SystemServiceTrap<TContext>,
) => SystemServiceResult | undefined;

/** A call into the table: by number (from user mode) or by name (a Zw* call from the kernel). */
export interface SystemServiceRequest<TContext> {
  readonly service: number | string;
  readonly args?: ServiceArgs;
  readonly previousMode: KPROCESSOR_MODE;
  readonly context: TContext;
}

/**
 * The system service dispatcher over KiServiceTable. Kernel components register their services by
 * name. A number past KiServiceLimit gives STATUS_INVALID_SYSTEM_SERVICE (as Wine's dispatchers do
 * for `id >= ServiceLimit`: dlls/wow64/syscall.c Wow64SystemServiceEx, ntdll's "bad_syscall" path);
 * a service no component has registered yet gives STATUS_NOT_IMPLEMENTED. Bits 12–13 of the number
 * select the table (Wow64SystemServiceEx: `(num >> 12) & 3`); the win32k shadow table (0x1000 and
 * up) is not modelled, so those numbers are invalid here.
 */
export class SystemServiceTable<TContext = unknown> {
  private readonly byName: Map<string, SystemService>;
  private readonly handlers = new Map<number, SystemServiceHandler<TContext>>();
  private readonly hooks: SystemServiceHook<TContext>[] = [];
  private altDispatch: AltSystemCallDispatch<TContext> | undefined;

  constructor(readonly services: readonly SystemService[] = KiServiceTable) {
    this.byName = new Map(services.map((s) => [s.name, s]));
  }

  /** Registers the handler of a service; the name must be in the table and not yet registered. */
  register<A extends ServiceArgs>(name: string, handler: SystemServiceHandler<TContext, A>): void {
    const service = this.byName.get(name);
    if (!service) throw new ModelError('SERVICE_UNKNOWN', `${name} is not a system service`, { name });
    if (this.handlers.has(service.number))
      throw new ModelError('SERVICE_ALREADY_REGISTERED', `${name} already has a handler`, { name });
    this.handlers.set(service.number, handler as SystemServiceHandler<TContext>);
  }

  isRegistered(name: string): boolean {
    const service = this.byName.get(name);
    return service !== undefined && this.handlers.has(service.number);
  }

  /** The names of the services that have a handler, in number order. */
  registeredServices(): string[] {
    return this.services.filter((s) => this.handlers.has(s.number)).map((s) => s.name);
  }

  /** Adds a hook around every call; the returned function removes it. */
  addHook(hook: SystemServiceHook<TContext>): () => void {
    this.hooks.push(hook);
    return () => {
      const i = this.hooks.indexOf(hook);
      if (i >= 0) this.hooks.splice(i, 1);
    };
  }

  /** Installs (or, with undefined, removes) the alternate dispatch consulted before the table. */
  setAltSystemCallDispatch(dispatch: AltSystemCallDispatch<TContext> | undefined): void {
    this.altDispatch = dispatch;
  }

  /** Dispatches one call and returns the service's status and out values. */
  KiSystemService(request: SystemServiceRequest<TContext>): SystemServiceResult {
    const service = this.lookup(request.service);
    const trap: SystemServiceTrap<TContext> = {
      number: typeof request.service === 'number' ? request.service : service!.number,
      name: service?.name,
      args: request.args ?? {},
      previousMode: request.previousMode,
      context: request.context,
    };
    const hooks = [...this.hooks];
    for (const hook of hooks) hook.before?.(trap);
    const [result, route] = this.answer(trap, service);
    for (const hook of hooks.reverse()) hook.after?.(trap, result, route);
    return result;
  }

  private lookup(service: number | string): SystemService | undefined {
    if (typeof service === 'number')
      return Number.isInteger(service) && service >= 0 ? this.services[service] : undefined;
    const found = this.byName.get(service);
    if (!found)
      throw new ModelError('SERVICE_UNKNOWN', `${service} is not a system service`, { name: service });
    return found;
  }

  private answer(
    trap: SystemServiceTrap<TContext>,
    service: SystemService | undefined,
  ): [SystemServiceResult, SystemServiceRoute] {
    const alt = this.altDispatch?.(trap);
    if (alt) return [alt, 'alt'];
    if (!service) return [{ status: STATUS.INVALID_SYSTEM_SERVICE }, 'invalid'];
    const handler = this.handlers.get(service.number);
    if (!handler) return [{ status: STATUS.NOT_IMPLEMENTED }, 'not-implemented'];
    try {
      const returned = handler({ ...trap, name: service.name });
      return [typeof returned === 'number' ? { status: returned >>> 0 } : returned, 'service'];
    } catch (e) {
      if (e instanceof NtStatusError) return [{ status: e.status }, 'service'];
      throw e;
    }
  }
}
