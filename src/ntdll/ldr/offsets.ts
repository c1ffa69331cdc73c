import { resolveField, structLayout, type LayoutTable } from '../../base/index.js';

/**
 * Field offsets of the user-mode structures the loader reads and writes, taken from the build's
 * layout table (base/layout, the one source of truth that `dt` also prints) once per table.
 */
export interface LdrOffsets {
  teb: {
    ProcessEnvironmentBlock: number;
    ThreadLocalStoragePointer: number;
    ClientIdProcess: number;
    ClientIdThread: number;
  };
  peb: {
    Ldr: number;
    ProcessParameters: number;
    ProcessHeap: number;
    ImageBaseAddress: number;
    ApiSetMap: number;
    NumberOfHeaps: number;
    MaximumNumberOfHeaps: number;
    ProcessHeaps: number;
    HeapSegmentReserve: number;
    HeapSegmentCommit: number;
    ImageSubsystem: number;
    BeingDebugged: number;
    NtGlobalFlag: number;
    SessionId: number;
  };
  params: {
    Flags: number;
    CurrentDirectory: number;
    DllPath: number;
    ImagePathName: number;
    CommandLine: number;
    Environment: number;
    EnvironmentSize: number;
  };
  ldrData: {
    size: number;
    Length: number;
    Initialized: number;
    InLoadOrderModuleList: number;
    InMemoryOrderModuleList: number;
    InInitializationOrderModuleList: number;
    EntryInProgress: number;
  };
  entry: Record<
    | 'InLoadOrderLinks'
    | 'InMemoryOrderLinks'
    | 'InInitializationOrderLinks'
    | 'DllBase'
    | 'EntryPoint'
    | 'SizeOfImage'
    | 'FullDllName'
    | 'BaseDllName'
    | 'Flags'
    | 'ObsoleteLoadCount'
    | 'TlsIndex'
    | 'HashLinks'
    | 'TimeDateStamp'
    | 'DdagNode'
    | 'NodeModuleLink'
    | 'ParentDllBase'
    | 'OriginalBase'
    | 'LoadTime'
    | 'BaseNameHashValue'
    | 'LoadReason'
    | 'ImplicitPathOptions'
    | 'ReferenceCount'
    | 'DependentLoadFlags'
    | 'SigningLevel'
    | 'size',
    number
  >;
  ddag: Record<
    | 'Modules'
    | 'LoadCount'
    | 'LowestLink'
    | 'Dependencies'
    | 'IncomingDependencies'
    | 'State'
    | 'PreorderNumber'
    | 'size',
    number
  >;
  edge: Record<
    'DependenciesLink' | 'DependencyNode' | 'IncomingDependenciesLink' | 'ParentNode' | 'size',
    number
  >;
  /** LDR_DATA_TABLE_ENTRY.Flags bit masks, from the layout's bitfield positions. */
  flag: Record<
    | 'ImageDll'
    | 'LoadNotificationsSent'
    | 'ProcessStaticImport'
    | 'InLegacyLists'
    | 'InIndexes'
    | 'LoadInProgress'
    | 'EntryProcessed'
    | 'DontCallForThreads'
    | 'ProcessAttachCalled'
    | 'ProcessAttachFailed'
    | 'Redirected'
    | 'MarkedForRemoval',
    number
  >;
}

const cache = new WeakMap<LayoutTable, LdrOffsets>();

export function ldrOffsets(table: LayoutTable): LdrOffsets {
  let o = cache.get(table);
  if (!o) {
    o = compute(table);
    cache.set(table, o);
  }
  return o;
}

function compute(t: LayoutTable): LdrOffsets {
  const at = (s: string, p: string): number => resolveField(t, s, p).offset;
  const pick = <K extends string>(s: string, names: readonly K[]): Record<K, number> =>
    Object.fromEntries(names.map((n) => [n, at(s, n)])) as Record<K, number>;
  const size = (s: string): number => structLayout(t, s).size;
  const bit = (p: string): number => {
    const f = resolveField(t, '_LDR_DATA_TABLE_ENTRY', p).field;
    return 2 ** (f.bits?.position ?? 0);
  };
  return {
    teb: {
      ProcessEnvironmentBlock: at('_TEB', 'ProcessEnvironmentBlock'),
      ThreadLocalStoragePointer: at('_TEB', 'ThreadLocalStoragePointer'),
      ClientIdProcess: at('_TEB', 'ClientId.UniqueProcess'),
      ClientIdThread: at('_TEB', 'ClientId.UniqueThread'),
    },
    peb: pick('_PEB', [
      'Ldr',
      'ProcessParameters',
      'ProcessHeap',
      'ImageBaseAddress',
      'ApiSetMap',
      'NumberOfHeaps',
      'MaximumNumberOfHeaps',
      'ProcessHeaps',
      'HeapSegmentReserve',
      'HeapSegmentCommit',
      'ImageSubsystem',
      'BeingDebugged',
      'NtGlobalFlag',
      'SessionId',
    ] as const),
    params: pick('_RTL_USER_PROCESS_PARAMETERS', [
      'Flags',
      'CurrentDirectory',
      'DllPath',
      'ImagePathName',
      'CommandLine',
      'Environment',
      'EnvironmentSize',
    ] as const),
    ldrData: {
      size: size('_PEB_LDR_DATA'),
      ...pick('_PEB_LDR_DATA', [
        'Length',
        'Initialized',
        'InLoadOrderModuleList',
        'InMemoryOrderModuleList',
        'InInitializationOrderModuleList',
        'EntryInProgress',
      ] as const),
    },
    entry: {
      size: size('_LDR_DATA_TABLE_ENTRY'),
      ...pick('_LDR_DATA_TABLE_ENTRY', [
        'InLoadOrderLinks',
        'InMemoryOrderLinks',
        'InInitializationOrderLinks',
        'DllBase',
        'EntryPoint',
        'SizeOfImage',
        'FullDllName',
        'BaseDllName',
        'Flags',
        'ObsoleteLoadCount',
        'TlsIndex',
        'HashLinks',
        'TimeDateStamp',
        'DdagNode',
        'NodeModuleLink',
        'ParentDllBase',
        'OriginalBase',
        'LoadTime',
        'BaseNameHashValue',
        'LoadReason',
        'ImplicitPathOptions',
        'ReferenceCount',
        'DependentLoadFlags',
        'SigningLevel',
      ] as const),
    },
    ddag: {
      size: size('_LDR_DDAG_NODE'),
      ...pick('_LDR_DDAG_NODE', [
        'Modules',
        'LoadCount',
        'LowestLink',
        'Dependencies',
        'IncomingDependencies',
        'State',
        'PreorderNumber',
      ] as const),
    },
    edge: {
      size: size('_LDRP_CSLIST_ENTRY'),
      ...pick('_LDRP_CSLIST_ENTRY', [
        'DependenciesLink',
        'DependencyNode',
        'IncomingDependenciesLink',
        'ParentNode',
      ] as const),
    },
    flag: {
      ImageDll: bit('ImageDll'),
      LoadNotificationsSent: bit('LoadNotificationsSent'),
      ProcessStaticImport: bit('ProcessStaticImport'),
      InLegacyLists: bit('InLegacyLists'),
      InIndexes: bit('InIndexes'),
      LoadInProgress: bit('LoadInProgress'),
      EntryProcessed: bit('EntryProcessed'),
      DontCallForThreads: bit('DontCallForThreads'),
      ProcessAttachCalled: bit('ProcessAttachCalled'),
      ProcessAttachFailed: bit('ProcessAttachFailed'),
      Redirected: bit('Redirected'),
      MarkedForRemoval: bit('MarkedForRemoval'),
    },
  };
}

/**
 * RtlGetCurrentPeb (NtCurrentPeb()): the calling thread's TEB.ProcessEnvironmentBlock, read from
 * the process's memory — the one way ntdll and kernelbase code reaches its PEB.
 */
export function RtlGetCurrentPeb(ctx: {
  readonly memory: { ptr(va: number): number };
  readonly layout: LayoutTable;
  readonly teb: number;
}): number {
  return ctx.memory.ptr(ctx.teb + ldrOffsets(ctx.layout).teb.ProcessEnvironmentBlock);
}

/**
 * NtCurrentTeb()->ClientId: the calling thread's process and thread ids, read from its TEB as
 * GetCurrentProcessId / GetCurrentThreadId and CsrClientCallServer do.
 */
export function NtCurrentTebClientId(ctx: {
  readonly memory: { ptr(va: number): number };
  readonly layout: LayoutTable;
  readonly teb: number;
}): { processId: number; threadId: number } {
  const o = ldrOffsets(ctx.layout).teb;
  return {
    processId: ctx.memory.ptr(ctx.teb + o.ClientIdProcess),
    threadId: ctx.memory.ptr(ctx.teb + o.ClientIdThread),
  };
}
