import {
  array,
  bitfields,
  enumOf,
  field,
  layout,
  ptr,
  PtrVoid,
  struct,
  UChar,
  Uint2B,
  Uint4B,
  Uint8B,
} from '../define.js';
import type { StructLayout } from '../types.js';
import { LARGE_INTEGER, LIST, USTR } from './common.js';

/** _PEB_LDR_DATA (0x58): internals.md §2.2 ([VG-W10-UM]); texts from [DT-LDR]. */
export const PEB_LDR_DATA: StructLayout = layout('_PEB_LDR_DATA', 0x58, [
  field(0x0, 'Length', Uint4B),
  field(0x4, 'Initialized', UChar),
  field(0x8, 'SsHandle', PtrVoid),
  field(0x10, 'InLoadOrderModuleList', LIST),
  field(0x20, 'InMemoryOrderModuleList', LIST),
  field(0x30, 'InInitializationOrderModuleList', LIST),
  field(0x40, 'EntryInProgress', PtrVoid),
  field(0x48, 'ShutdownInProgress', UChar),
  field(0x50, 'ShutdownThreadId', PtrVoid),
]);

/**
 * _LDR_DATA_TABLE_ENTRY (0x120 on 19041–19045): internals.md §2.3 ([VG-W10-UM]); FlagGroup[4] is
 * overlaid by Flags and its bits (positions as §2.3 gives them), texts and order from [DT-LDR].
 */
export const LDR_DATA_TABLE_ENTRY: StructLayout = layout('_LDR_DATA_TABLE_ENTRY', 0x120, [
  field(0x0, 'InLoadOrderLinks', LIST),
  field(0x10, 'InMemoryOrderLinks', LIST),
  field(0x20, 'InInitializationOrderLinks', LIST),
  field(0x30, 'DllBase', PtrVoid),
  field(0x38, 'EntryPoint', PtrVoid),
  field(0x40, 'SizeOfImage', Uint4B),
  field(0x48, 'FullDllName', USTR),
  field(0x58, 'BaseDllName', USTR),
  field(0x68, 'FlagGroup', array(UChar, 4)),
  field(0x68, 'Flags', Uint4B, { overlay: true }),
  bitfields(0x68, Uint4B, [
    ['PackagedBinary', 1],
    ['MarkedForRemoval', 1],
    ['ImageDll', 1],
    ['LoadNotificationsSent', 1],
    ['TelemetryEntryProcessed', 1],
    ['ProcessStaticImport', 1],
    ['InLegacyLists', 1],
    ['InIndexes', 1],
    ['ShimDll', 1],
    ['InExceptionTable', 1],
    ['ReservedFlags1', 2],
    ['LoadInProgress', 1],
    ['LoadConfigProcessed', 1],
    ['EntryProcessed', 1],
    ['ProtectDelayLoad', 1],
    ['ReservedFlags3', 2],
    ['DontCallForThreads', 1],
    ['ProcessAttachCalled', 1],
    ['ProcessAttachFailed', 1],
    ['CorDeferredValidate', 1],
    ['CorImage', 1],
    ['DontRelocate', 1],
    ['CorILOnly', 1],
    ['ChpeImage', 1],
    ['ReservedFlags5', 2],
    ['Redirected', 1],
    ['ReservedFlags6', 2],
    ['CompatDatabaseProcessed', 1],
  ]),
  field(0x6c, 'ObsoleteLoadCount', Uint2B),
  field(0x6e, 'TlsIndex', Uint2B),
  field(0x70, 'HashLinks', LIST),
  field(0x80, 'TimeDateStamp', Uint4B),
  field(0x88, 'EntryPointActivationContext', ptr('_ACTIVATION_CONTEXT')),
  field(0x90, 'Lock', PtrVoid),
  field(0x98, 'DdagNode', ptr('_LDR_DDAG_NODE')),
  field(0xa0, 'NodeModuleLink', LIST),
  field(0xb0, 'LoadContext', ptr('_LDRP_LOAD_CONTEXT')),
  field(0xb8, 'ParentDllBase', PtrVoid),
  field(0xc0, 'SwitchBackContext', PtrVoid),
  field(0xc8, 'BaseAddressIndexNode', struct('_RTL_BALANCED_NODE')),
  field(0xe0, 'MappingInfoIndexNode', struct('_RTL_BALANCED_NODE')),
  field(0xf8, 'OriginalBase', Uint8B),
  field(0x100, 'LoadTime', LARGE_INTEGER),
  field(0x108, 'BaseNameHashValue', Uint4B),
  field(0x10c, 'LoadReason', enumOf('_LDR_DLL_LOAD_REASON')),
  field(0x110, 'ImplicitPathOptions', Uint4B),
  field(0x114, 'ReferenceCount', Uint4B),
  field(0x118, 'DependentLoadFlags', Uint4B),
  field(0x11c, 'SigningLevel', UChar),
]);

/**
 * _LDR_DDAG_NODE (0x50), the dependency-graph node every LDR_DATA_TABLE_ENTRY points at (DdagNode):
 * offsets from the ntdiff/headers dump of Windows 10 19H1 x64 ntoskrnl symbols (same on 19041–19045,
 * whose LDR_DATA_TABLE_ENTRY is unchanged); State is _LDR_DDAG_STATE (LdrModulesMerged -5 …
 * LdrModulesReadyToRun 9).
 */
export const LDR_DDAG_NODE: StructLayout = layout('_LDR_DDAG_NODE', 0x50, [
  field(0x0, 'Modules', LIST),
  field(0x10, 'ServiceTagList', ptr('_LDR_SERVICE_TAG_RECORD')),
  field(0x18, 'LoadCount', Uint4B),
  field(0x1c, 'LoadWhileUnloadingCount', Uint4B),
  field(0x20, 'LowestLink', Uint4B),
  field(0x28, 'Dependencies', struct('_LDRP_CSLIST')),
  field(0x30, 'IncomingDependencies', struct('_LDRP_CSLIST')),
  field(0x38, 'State', enumOf('_LDR_DDAG_STATE')),
  field(0x40, 'CondenseLink', struct('_SINGLE_LIST_ENTRY')),
  field(0x48, 'PreorderNumber', Uint4B),
]);

/** _LDRP_CSLIST (0x8): a circular singly linked list kept by its tail (same source). */
export const LDRP_CSLIST: StructLayout = layout('_LDRP_CSLIST', 0x8, [
  field(0x0, 'Tail', ptr('_SINGLE_LIST_ENTRY')),
]);

/**
 * _LDRP_CSLIST_ENTRY (0x20): one edge of the graph, on the importer's Dependencies list and the
 * imported node's IncomingDependencies list. The type is not in the public symbols; the layout is
 * the one ReactOS's Vista+ loader (dll/ntdll/ldr, ldrp.h) reconstructs.
 */
export const LDRP_CSLIST_ENTRY: StructLayout = layout('_LDRP_CSLIST_ENTRY', 0x20, [
  field(0x0, 'DependenciesLink', struct('_SINGLE_LIST_ENTRY')),
  field(0x8, 'DependencyNode', ptr('_LDR_DDAG_NODE')),
  field(0x10, 'IncomingDependenciesLink', struct('_SINGLE_LIST_ENTRY')),
  field(0x18, 'ParentNode', ptr('_LDR_DDAG_NODE')),
]);
