/**
 * The object types of Windows 10 (19041–19045, 22H2) with their type indexes (ObTypeIndexTable):
 * the order the kernel and its drivers create them in, starting at 2 (entries 0 and 1 of
 * ObTypeIndexTable are never types). 67 types, as `!object \ObjectTypes` counts them.
 *
 * Sources: the creation order is the TypeList walk of the Type type's creator info in
 * rayanfam.com, "Reversing Windows Internals (Part 1)" (2019), with its `!object \ObjectTypes`
 * listing of 67 types; the numbers are pinned by a public Windows 10 handle-dump tool's
 * SYSTEM_HANDLE ObjectTypeNumber enum (Directory 3, Token 5, Process 7, Thread 8, Event 16,
 * TpWorkerFactory 30, File 37, Section 42, Key 44, ALPC Port 46, WmiGuid 49, DxgkSharedResource 59,
 * DxgkCompositionObject 67 — search index id 24406449927), and by a Windows 11 enum of the same
 * list shifted by its three new types (ProcessStateChange, ThreadStateChange, IoRing; index id
 * 13363389836), which puts FilterConnectionPort before FilterCommunicationPort and
 * VRegConfigurationContext (created late, by vrega.sys) last. ActivationObject (29) is in Windows 10
 * 2004+ too, though it is missing from some lists of type names.
 */
export const WIN10_22H2_OBJECT_TYPES: readonly (readonly [index: number, name: string])[] = [
  [2, 'Type'],
  [3, 'Directory'],
  [4, 'SymbolicLink'],
  [5, 'Token'],
  [6, 'Job'],
  [7, 'Process'],
  [8, 'Thread'],
  [9, 'Partition'],
  [10, 'UserApcReserve'],
  [11, 'IoCompletionReserve'],
  [12, 'ActivityReference'],
  [13, 'PsSiloContextPaged'],
  [14, 'PsSiloContextNonPaged'],
  [15, 'DebugObject'],
  [16, 'Event'],
  [17, 'Mutant'],
  [18, 'Callback'],
  [19, 'Semaphore'],
  [20, 'Timer'],
  [21, 'IRTimer'],
  [22, 'Profile'],
  [23, 'KeyedEvent'],
  [24, 'WindowStation'],
  [25, 'Desktop'],
  [26, 'Composition'],
  [27, 'RawInputManager'],
  [28, 'CoreMessaging'],
  [29, 'ActivationObject'],
  [30, 'TpWorkerFactory'],
  [31, 'Adapter'],
  [32, 'Controller'],
  [33, 'Device'],
  [34, 'Driver'],
  [35, 'IoCompletion'],
  [36, 'WaitCompletionPacket'],
  [37, 'File'],
  [38, 'TmTm'],
  [39, 'TmTx'],
  [40, 'TmRm'],
  [41, 'TmEn'],
  [42, 'Section'],
  [43, 'Session'],
  [44, 'Key'],
  [45, 'RegistryTransaction'],
  [46, 'ALPC Port'],
  [47, 'EnergyTracker'],
  [48, 'PowerRequest'],
  [49, 'WmiGuid'],
  [50, 'EtwRegistration'],
  [51, 'EtwSessionDemuxEntry'],
  [52, 'EtwConsumer'],
  [53, 'CoverageSampler'],
  [54, 'DmaAdapter'],
  [55, 'PcwObject'],
  [56, 'FilterConnectionPort'],
  [57, 'FilterCommunicationPort'],
  [58, 'NdisCmState'],
  [59, 'DxgkSharedResource'],
  [60, 'DxgkSharedKeyedMutexObject'],
  [61, 'DxgkSharedSyncObject'],
  [62, 'DxgkSharedSwapChainObject'],
  [63, 'DxgkDisplayManagerObject'],
  [64, 'DxgkCurrentDxgProcessObject'],
  [65, 'DxgkSharedProtectedSessionObject'],
  [66, 'DxgkSharedBundleObject'],
  [67, 'DxgkCompositionObject'],
  [68, 'VRegConfigurationContext'],
];

/** The 22H2 index of a type name (case-insensitive), or undefined for a type Windows 10 lacks. */
export function win10TypeIndex(name: string): number | undefined {
  const upper = name.toUpperCase();
  return WIN10_22H2_OBJECT_TYPES.find(([, n]) => n.toUpperCase() === upper)?.[0];
}
