import { STATUS, type NTSTATUS } from '../../base/index.js';
import { IMAGE_FILE } from '../../pe/index.js';
import { DLL_PROCESS_ATTACH, type UserThreadContext } from './context.js';
import { LdrDdagState, type LdrGlobals, type LdrModule } from './globals.js';
import { CsListWalk, InsertTailList } from './lists.js';
import { LdrpSetEntryFlags, LdrpSetModuleState } from './module-entry.js';
import { tlsCallbacks } from './tls.js';

/** The modules a node depends on, read from its Dependencies list in process memory. */
function dependenciesOf(ctx: UserThreadContext, g: LdrGlobals, module: LdrModule): LdrModule[] {
  const o = g.offsets;
  const out: LdrModule[] = [];
  for (const link of CsListWalk(ctx.memory, module.ddag + o.ddag.Dependencies)) {
    const edge = link - o.edge.DependenciesLink;
    const dep = g.byDdag.get(ctx.memory.ptr(edge + o.edge.DependencyNode));
    if (dep) out.push(dep);
  }
  return out;
}

/**
 * LdrpInitializeNode: the module goes on InInitializationOrder, its TLS callbacks run with
 * DLL_PROCESS_ATTACH, then its entry point (DllMain) if it is a DLL that has one
 * (LdrpCallInitRoutine). DllMain returning FALSE marks ProcessAttachFailed and fails the load with
 * STATUS_DLL_INIT_FAILED (Microsoft Learn, "DllMain": "If the return value is FALSE when DllMain
 * is called during process initialization, the process terminates with an error"). The exe is not
 * put on the list and has no DllMain; its TLS callbacks run when its node is reached (last).
 */
function LdrpInitializeNode(ctx: UserThreadContext, g: LdrGlobals, module: LdrModule): NTSTATUS {
  if (module.initialized) return STATUS.SUCCESS;
  module.initialized = true;
  const o = g.offsets;
  return ctx.trace.call(
    {
      layer: 'ntdll',
      module: 'ntdll',
      fn: 'LdrpInitializeNode',
      channel: 'ldr',
      args: { module: module.baseName },
    },
    () => {
      LdrpSetModuleState(ctx, g, module, LdrDdagState.LdrModulesInitializing);
      if (!module.isExe) {
        InsertTailList(
          ctx.memory,
          g.ldrData + o.ldrData.InInitializationOrderModuleList,
          module.entry + o.entry.InInitializationOrderLinks,
        );
        g.initOrder.push(module.baseName);
      }
      for (const routine of tlsCallbacks(module))
        ctx.cpu.callInitRoutine({
          kind: 'TlsCallback',
          routine,
          dllBase: module.base,
          module: module.baseName,
          reason: DLL_PROCESS_ATTACH,
        });
      const isDll = (module.image.fileHeader.Characteristics & IMAGE_FILE.DLL!) !== 0;
      const ep = module.image.optionalHeader.AddressOfEntryPoint;
      if (!module.isExe && isDll && ep) {
        const ok = ctx.cpu.callInitRoutine({
          kind: 'DllMain',
          routine: module.base + ep,
          dllBase: module.base,
          module: module.baseName,
          reason: DLL_PROCESS_ATTACH,
        });
        if (!ok) {
          LdrpSetEntryFlags(ctx, g, module, o.flag.ProcessAttachFailed);
          LdrpSetModuleState(ctx, g, module, LdrDdagState.LdrModulesSnapError);
          ctx.trace.note(`${module.baseName}: DllMain(DLL_PROCESS_ATTACH) returned FALSE`);
          return { status: STATUS.DLL_INIT_FAILED };
        }
        LdrpSetEntryFlags(ctx, g, module, o.flag.ProcessAttachCalled);
      }
      LdrpSetEntryFlags(ctx, g, module, o.flag.EntryProcessed);
      LdrpSetModuleState(ctx, g, module, LdrDdagState.LdrModulesReadyToRun);
      return { status: STATUS.SUCCESS };
    },
  ).status;
}

/**
 * LdrpInitializeGraphRecurse: initialises `root`'s dependencies before `root`, depth first in the
 * order of each node's Dependencies list (import order), each module once; a cycle is broken where
 * it closes (a module already on the way down is not entered again). Stops at the first failure.
 */
export function LdrpInitializeGraphRecurse(ctx: UserThreadContext, g: LdrGlobals, root: LdrModule): NTSTATUS {
  const onPath = new Set<LdrModule>();
  const visit = (m: LdrModule): NTSTATUS => {
    if (m.initialized || onPath.has(m)) return STATUS.SUCCESS;
    onPath.add(m);
    for (const dep of dependenciesOf(ctx, g, m)) {
      const s = visit(dep);
      if (s !== STATUS.SUCCESS) return s;
    }
    return LdrpInitializeNode(ctx, g, m);
  };
  return visit(root);
}
