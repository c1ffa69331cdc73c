import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  IMAGE_DIRECTORY_ENTRY,
  readBoundImports,
  type ImportDescriptor,
  type ImportedFunction,
} from '../../pe/index.js';
import type { UserThreadContext } from './context.js';
import { LdrpLookupExport, snapBytes, snapPlan, type ExportTarget } from './exports.js';
import type { LdrGlobals, LdrModule } from './globals.js';
import { LdrpUnprotect } from './protect.js';

/** Loads (maps) the module a forwarder names, on behalf of `importer`; see graph.ts. */
export type LdrpForwarderLoader = (
  name: string,
  importer: LdrModule,
) => { status: NTSTATUS; module?: LdrModule };

/** Forwarder chains longer than this are treated as a loop (the loader would recurse forever). */
const MAX_FORWARDER_DEPTH = 32;

/**
 * LdrpResolveProcedureAddress: the address `want` has in `module`, following forwarders
 * (`kernel32.Sleep` → `kernelbase.Sleep`, `x.#12`, `api-ms-win-…` contracts) through the modules
 * they name, which `load` maps as forwarder dependencies of `importer`.
 */
export function LdrpResolveProcedureAddress(
  module: LdrModule,
  want: ImportedFunction,
  importer: LdrModule,
  load: LdrpForwarderLoader,
  first?: ExportTarget,
): { status: NTSTATUS; address?: number; module?: LdrModule } {
  let target = first ?? LdrpLookupExport(module.image, want);
  let where = module;
  for (let depth = 0; ; depth++) {
    if (target.kind === 'rva')
      return { status: STATUS.SUCCESS, address: where.base + target.rva, module: where };
    if (target.kind === 'missing') return { status: target.status, module: where };
    if (depth >= MAX_FORWARDER_DEPTH) return { status: STATUS.INVALID_IMAGE_FORMAT, module: where };
    const f = target.forwarder;
    const next = load(f.dll, where === module ? importer : where);
    if (!next.module) return { status: next.status, module: where };
    where = next.module;
    target = LdrpLookupExport(
      where.image,
      f.name !== null ? { name: f.name, hint: -1 } : { ordinal: f.ordinal! },
    );
  }
}

/** Bound imports still valid: bound to this exact DLL build, which sits at its preferred base. */
function boundStillValid(module: LdrModule, d: ImportDescriptor, target: LdrModule): boolean {
  if (d.TimeDateStamp === 0) return false;
  let bound;
  try {
    bound = readBoundImports(module.image);
  } catch {
    return false;
  }
  const b = bound.find((x) => x.dll.toLowerCase() === d.dll.toLowerCase());
  if (!b || b.TimeDateStamp !== target.image.fileHeader.TimeDateStamp) return false;
  return target.base === Number(target.image.optionalHeader.ImageBase);
}

export interface SnapFailure {
  dll: string;
  function: string | null;
  ordinal: number | null;
  status: NTSTATUS;
}

/**
 * LdrpSnapModule: fills each import descriptor's IAT with the resolved addresses (the IAT made
 * writable around the writes, DataDirectory[IAT] when the image has one), skipping descriptors
 * whose bound addresses are still valid (the bound import directory's time stamps match and the
 * DLL is at its preferred base). Every import that does not resolve is reported; the status is the
 * first failure.
 */
export function LdrpSnapModule(
  ctx: UserThreadContext,
  g: LdrGlobals,
  module: LdrModule,
  descriptors: readonly { descriptor: ImportDescriptor; target: LdrModule }[],
  load: LdrpForwarderLoader,
  failures: SnapFailure[],
): NTSTATUS {
  let status: NTSTATUS = STATUS.SUCCESS;
  if (descriptors.length === 0) return status;
  const iat = module.image.directory(IMAGE_DIRECTORY_ENTRY.IAT);
  const restoreIat =
    iat.VirtualAddress && iat.Size ? LdrpUnprotect(ctx, module.base + iat.VirtualAddress, iat.Size) : null;
  try {
    for (const { descriptor: d, target } of descriptors) {
      if (boundStillValid(module, d, target)) {
        ctx.trace.note(`${d.dll}: bound imports still valid, IAT kept`);
        continue;
      }
      const plan = snapPlan(d, d.functions, target.image);
      let bytes = snapBytes(plan, target.base);
      if (plan.others.length) {
        bytes = bytes.slice();
        const dv = new DataView(bytes.buffer);
        for (const i of plan.others) {
          const f = d.functions[i]!;
          const r = LdrpResolveProcedureAddress(target, f, module, load, plan.targets[i]);
          if (r.address === undefined) {
            failures.push({
              dll: d.dll,
              function: 'name' in f ? f.name : null,
              ordinal: 'ordinal' in f ? f.ordinal : null,
              status: r.status,
            });
            if (status === STATUS.SUCCESS) status = r.status;
            continue;
          }
          dv.setUint32(8 * i, r.address % 0x100000000, true);
          dv.setUint32(8 * i + 4, Math.floor(r.address / 0x100000000), true);
        }
      }
      const at = module.base + d.FirstThunk;
      const restore = restoreIat ? null : LdrpUnprotect(ctx, at, bytes.length);
      ctx.memory.write(at, bytes);
      restore?.();
    }
  } finally {
    restoreIat?.();
  }
  void g;
  return status;
}
