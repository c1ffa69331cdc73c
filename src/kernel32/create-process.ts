import {
  CreateProcessA as KernelBaseCreateProcessA,
  CreateProcessAsUserW as KernelBaseCreateProcessAsUserW,
  CreateProcessW as KernelBaseCreateProcessW,
  type CreateProcessRequest,
  type CreateProcessResult,
} from '../kernelbase/index.js';
import type { UserThreadContext } from '../ntdll/index.js';

type Request = Omit<CreateProcessRequest, 'token'>;

/**
 * kernel32!CreateProcessW: since Windows 7 kernel32 forwards it to KernelBase (kernel32's export is
 * a stub that jumps there), so the trace shows the chain the cli.md main job names —
 * kernel32!CreateProcessW → KernelBase!CreateProcessInternalW → ntdll!NtCreateUserProcess → …
 */
export function CreateProcessW(ctx: UserThreadContext, req: Request): CreateProcessResult {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'kernel32',
      fn: 'CreateProcessW',
      channel: 'win32',
      args: { commandLine: req.commandLine },
    },
    () => {
      const r = KernelBaseCreateProcessW(ctx, req);
      return { status: r.status, value: r };
    },
  ).value!;
}

export function CreateProcessA(ctx: UserThreadContext, req: Request): CreateProcessResult {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'kernel32',
      fn: 'CreateProcessA',
      channel: 'win32',
      args: { commandLine: req.commandLine },
    },
    () => {
      const r = KernelBaseCreateProcessA(ctx, req);
      return { status: r.status, value: r };
    },
  ).value!;
}

/** kernel32!CreateProcessAsUserW (forwarded to KernelBase like CreateProcessW). */
export function CreateProcessAsUserW(
  ctx: UserThreadContext,
  token: number,
  req: Request,
): CreateProcessResult {
  return ctx.trace.call(
    {
      layer: 'user',
      module: 'kernel32',
      fn: 'CreateProcessAsUserW',
      channel: 'win32',
      args: { token, commandLine: req.commandLine },
    },
    () => {
      const r = KernelBaseCreateProcessAsUserW(ctx, token, req);
      return { status: r.status, value: r };
    },
  ).value!;
}
