import { STATUS, NtStatusError, type NTSTATUS } from '../../base/index.js';
import { readImports, type ImportDescriptor } from '../../pe/index.js';
import type { UserThreadContext } from './context.js';
import { LdrDdagState, LoadReason, type LdrGlobals, type LdrModule } from './globals.js';
import { LdrpFindOrMapDll } from './map-dll.js';
import { LdrpAddDependency, LdrpSetModuleState } from './module-entry.js';
import { LdrpSnapModule, type SnapFailure } from './snap.js';

export interface GraphOptions {
  /** Process start: everything loaded is pinned. */
  pinned: boolean;
  /** LoadLibraryExW's flags, which the static dependencies of a dynamically loaded DLL inherit. */
  flags: number;
  /**
   * The folder of the DLL a LoadLibraryExW call named: LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR and
   * LOAD_WITH_ALTERED_SEARCH_PATH search it for every dependency of that load, however deep (one
   * search path per load). Absent: each importer's own folder.
   */
  loadDir?: string;
}

/**
 * Maps and snaps everything `roots` need: LdrpMapAndSnapDependency over a FIFO work queue, as
 * the Windows 10 loader drains LdrpWorkQueue (LdrpQueueWork / LdrpDrainWorkQueue): a module's
 * imports are looked up in descriptor order and each newly mapped DLL is queued, so InLoadOrder is
 * breadth-first (the exe's direct imports, then theirs). When every queued module is mapped, each
 * is snapped (LdrpSnapModule), in load order; forwarders met while snapping map their DLLs and
 * queue them in turn. A DLL that is missing or an import that does not resolve is recorded
 * (LdrGlobals.missing / unresolved, for `ntsim deps`) and the work goes on, so the report lists
 * every problem; the status is the first failure, as the process start would end with it.
 */
export function LdrpLoadDependencies(
  ctx: UserThreadContext,
  g: LdrGlobals,
  roots: readonly LdrModule[],
  o: GraphOptions,
): NTSTATUS {
  let status: NTSTATUS = STATUS.SUCCESS;
  const fail = (s: NTSTATUS): void => {
    if (status === STATUS.SUCCESS) status = s;
  };
  const toMap: LdrModule[] = [...roots];
  const toSnap: LdrModule[] = [];
  const targets = new Map<LdrModule, { descriptor: ImportDescriptor; target: LdrModule }[]>();

  const loadForwarder = (name: string, importer: LdrModule): { status: NTSTATUS; module?: LdrModule } => {
    const r = LdrpFindOrMapDll(ctx, g, {
      name,
      importer,
      loadReason: LoadReason.StaticForwarderDependency,
      flags: o.flags,
      pinned: o.pinned,
      ...(o.loadDir !== undefined ? { loadDir: o.loadDir } : {}),
    });
    if (!r.module) {
      g.missing.push({ name, importedBy: importer.baseName, status: r.status });
      return { status: r.status };
    }
    LdrpAddDependency(ctx, g, importer, r.module);
    if (r.mapped) toMap.push(r.module);
    return { status: STATUS.SUCCESS, module: r.module };
  };

  while (toMap.length > 0 || toSnap.length > 0) {
    const module = toMap.shift();
    if (module) {
      toSnap.push(module);
      const span = ctx.trace.open({
        layer: 'ntdll',
        module: 'ntdll',
        fn: 'LdrpMapAndSnapDependency',
        channel: 'ldr',
        args: { module: module.baseName },
      });
      let descriptors: ImportDescriptor[];
      try {
        descriptors = readImports(module.image);
      } catch (e) {
        const s = e instanceof NtStatusError ? e.status : STATUS.INVALID_IMAGE_FORMAT;
        fail(s);
        span.close(s);
        continue;
      }
      const list: { descriptor: ImportDescriptor; target: LdrModule }[] = [];
      for (const d of descriptors) {
        const r = ctx.trace.call(
          {
            layer: 'ntdll',
            module: 'ntdll',
            fn: 'LdrpLoadDependentModule',
            channel: 'ldr',
            args: { dll: d.dll, importer: module.baseName },
          },
          () => {
            const f = LdrpFindOrMapDll(ctx, g, {
              name: d.dll,
              importer: module,
              loadReason: LoadReason.StaticDependency,
              flags: o.flags,
              pinned: o.pinned,
              ...(o.loadDir !== undefined ? { loadDir: o.loadDir } : {}),
            });
            return { status: f.status, value: f };
          },
        ).value!;
        if (!r.module) {
          g.missing.push({ name: d.dll, importedBy: module.baseName, status: r.status });
          fail(r.status);
          continue;
        }
        LdrpAddDependency(ctx, g, module, r.module);
        list.push({ descriptor: d, target: r.module });
        if (r.mapped) toMap.push(r.module);
      }
      targets.set(module, list);
      span.close(STATUS.SUCCESS);
      continue;
    }
    const next = toSnap.shift()!;
    const failures: SnapFailure[] = [];
    LdrpSetModuleState(ctx, g, next, LdrDdagState.LdrModulesSnapping);
    const s = ctx.trace.call(
      {
        layer: 'ntdll',
        module: 'ntdll',
        fn: 'LdrpSnapModule',
        channel: 'ldr',
        args: { module: next.baseName },
      },
      () => ({ status: LdrpSnapModule(ctx, g, next, targets.get(next) ?? [], loadForwarder, failures) }),
    ).status;
    for (const f of failures) g.unresolved.push({ ...f, importedBy: next.baseName });
    if (s !== STATUS.SUCCESS) {
      fail(s);
      LdrpSetModuleState(ctx, g, next, LdrDdagState.LdrModulesSnapError);
    } else LdrpSetModuleState(ctx, g, next, LdrDdagState.LdrModulesReadyToInit);
  }
  return status;
}
