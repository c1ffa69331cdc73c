import type { NTSTATUS, Span, TraceValue } from '../../base/index.js';
import type { ObjectManager } from './object-manager.js';

/**
 * Runs an Ob routine inside a span on the `ob` channel (layer kernel, module nt): the routine's
 * status and result are recorded; a disabled trace costs a branch.
 */
export function obCall<T>(
  ob: ObjectManager,
  fn: string,
  args: { readonly [name: string]: TraceValue },
  body: (span: Span) => { status: NTSTATUS; value?: T; result?: TraceValue },
): { status: NTSTATUS; value?: T } {
  return ob.trace.call({ layer: 'kernel', module: 'nt', fn, channel: 'ob', args }, body);
}
