import { describe, expect, it } from 'vitest';
import { structLayout } from './codec.js';
import { LAYOUT_19045_X64 as T } from './win10-19045-x64.js';

/**
 * The tables against public WinDbg `dt` listings of the same types: offsets, names, order and type
 * texts, line by line (spacing collapsed). Sources (see win10-19045-x64.ts): `dt ntdll!_PEB`,
 * `dt ntdll!_TEB` and `dt _NT_TIB` from [DT-TEB]; `dt _LDR_DATA_TABLE_ENTRY` and
 * `dt _PEB_LDR_DATA` from [DT-LDR]; `dt nt!_KPROCESS` and `dt nt!_EPROCESS` from [DT-19044], whose
 * WinDbg prints an unnamed union member's type as an empty text where newer ones print
 * <unnamed-tag> (another public 19041+ transcript, search index id 2721088530).
 */
const norm = (s: string) => s.trim().replace(/ +/g, ' ');
const listing = (struct: string) =>
  structLayout(T, struct).fields.map((f) =>
    norm(`+0x${f.offset.toString(16).padStart(3, '0')} ${f.name} : ${f.display}`),
  );
const lines = (text: string) => text.split('\n').map(norm).filter(Boolean);

describe('dt listings', () => {
  it('_PEB', () => {
    expect(listing('_PEB')).toEqual(
      lines(`
        +0x000 InheritedAddressSpace : UChar
        +0x001 ReadImageFileExecOptions : UChar
        +0x002 BeingDebugged    : UChar
        +0x003 BitField         : UChar
        +0x003 ImageUsesLargePages : Pos 0, 1 Bit
        +0x003 IsProtectedProcess : Pos 1, 1 Bit
        +0x003 IsImageDynamicallyRelocated : Pos 2, 1 Bit
        +0x003 SkipPatchingUser32Forwarders : Pos 3, 1 Bit
        +0x003 IsPackagedProcess : Pos 4, 1 Bit
        +0x003 IsAppContainer   : Pos 5, 1 Bit
        +0x003 IsProtectedProcessLight : Pos 6, 1 Bit
        +0x003 IsLongPathAwareProcess : Pos 7, 1 Bit
        +0x004 Padding0         : [4] UChar
        +0x008 Mutant           : Ptr64 Void
        +0x010 ImageBaseAddress : Ptr64 Void
        +0x018 Ldr              : Ptr64 _PEB_LDR_DATA
        +0x020 ProcessParameters : Ptr64 _RTL_USER_PROCESS_PARAMETERS
        +0x028 SubSystemData    : Ptr64 Void
        +0x030 ProcessHeap      : Ptr64 Void
        +0x038 FastPebLock      : Ptr64 _RTL_CRITICAL_SECTION
        +0x040 AtlThunkSListPtr : Ptr64 _SLIST_HEADER
        +0x048 IFEOKey          : Ptr64 Void
        +0x050 CrossProcessFlags : Uint4B
        +0x050 ProcessInJob     : Pos 0, 1 Bit
        +0x050 ProcessInitializing : Pos 1, 1 Bit
        +0x050 ProcessUsingVEH  : Pos 2, 1 Bit
        +0x050 ProcessUsingVCH  : Pos 3, 1 Bit
        +0x050 ProcessUsingFTH  : Pos 4, 1 Bit
        +0x050 ProcessPreviouslyThrottled : Pos 5, 1 Bit
        +0x050 ProcessCurrentlyThrottled : Pos 6, 1 Bit
        +0x050 ProcessImagesHotPatched : Pos 7, 1 Bit
        +0x050 ReservedBits0    : Pos 8, 24 Bits
        +0x054 Padding1         : [4] UChar
        +0x058 KernelCallbackTable : Ptr64 Void
        +0x058 UserSharedInfoPtr : Ptr64 Void
        +0x060 SystemReserved   : Uint4B
        +0x064 AtlThunkSListPtr32 : Uint4B
        +0x068 ApiSetMap        : Ptr64 Void
        +0x070 TlsExpansionCounter : Uint4B
        +0x074 Padding2         : [4] UChar
        +0x078 TlsBitmap        : Ptr64 Void
        +0x080 TlsBitmapBits    : [2] Uint4B
        +0x088 ReadOnlySharedMemoryBase : Ptr64 Void
        +0x090 SharedData       : Ptr64 Void
        +0x098 ReadOnlyStaticServerData : Ptr64 Ptr64 Void
        +0x0a0 AnsiCodePageData : Ptr64 Void
        +0x0a8 OemCodePageData  : Ptr64 Void
        +0x0b0 UnicodeCaseTableData : Ptr64 Void
        +0x0b8 NumberOfProcessors : Uint4B
        +0x0bc NtGlobalFlag     : Uint4B
        +0x0c0 CriticalSectionTimeout : _LARGE_INTEGER
        +0x0c8 HeapSegmentReserve : Uint8B
        +0x0d0 HeapSegmentCommit : Uint8B
        +0x0d8 HeapDeCommitTotalFreeThreshold : Uint8B
        +0x0e0 HeapDeCommitFreeBlockThreshold : Uint8B
        +0x0e8 NumberOfHeaps    : Uint4B
        +0x0ec MaximumNumberOfHeaps : Uint4B
        +0x0f0 ProcessHeaps     : Ptr64 Ptr64 Void
        +0x0f8 GdiSharedHandleTable : Ptr64 Void
        +0x100 ProcessStarterHelper : Ptr64 Void
        +0x108 GdiDCAttributeList : Uint4B
        +0x10c Padding3         : [4] UChar
        +0x110 LoaderLock       : Ptr64 _RTL_CRITICAL_SECTION
        +0x118 OSMajorVersion   : Uint4B
        +0x11c OSMinorVersion   : Uint4B
        +0x120 OSBuildNumber    : Uint2B
        +0x122 OSCSDVersion     : Uint2B
        +0x124 OSPlatformId     : Uint4B
        +0x128 ImageSubsystem   : Uint4B
        +0x12c ImageSubsystemMajorVersion : Uint4B
        +0x130 ImageSubsystemMinorVersion : Uint4B
        +0x134 Padding4         : [4] UChar
        +0x138 ActiveProcessAffinityMask : Uint8B
        +0x140 GdiHandleBuffer  : [60] Uint4B
        +0x230 PostProcessInitRoutine : Ptr64     void
        +0x238 TlsExpansionBitmap : Ptr64 Void
        +0x240 TlsExpansionBitmapBits : [32] Uint4B
        +0x2c0 SessionId        : Uint4B
        +0x2c4 Padding5         : [4] UChar
        +0x2c8 AppCompatFlags   : _ULARGE_INTEGER
        +0x2d0 AppCompatFlagsUser : _ULARGE_INTEGER
        +0x2d8 pShimData        : Ptr64 Void
        +0x2e0 AppCompatInfo    : Ptr64 Void
        +0x2e8 CSDVersion       : _UNICODE_STRING
        +0x2f8 ActivationContextData : Ptr64 _ACTIVATION_CONTEXT_DATA
        +0x300 ProcessAssemblyStorageMap : Ptr64 _ASSEMBLY_STORAGE_MAP
        +0x308 SystemDefaultActivationContextData : Ptr64 _ACTIVATION_CONTEXT_DATA
        +0x310 SystemAssemblyStorageMap : Ptr64 _ASSEMBLY_STORAGE_MAP
        +0x318 MinimumStackCommit : Uint8B
        +0x320 SparePointers    : [4] Ptr64 Void
        +0x340 SpareUlongs      : [5] Uint4B
        +0x358 WerRegistrationData : Ptr64 Void
        +0x360 WerShipAssertPtr : Ptr64 Void
        +0x368 pUnused          : Ptr64 Void
        +0x370 pImageHeaderHash : Ptr64 Void
        +0x378 TracingFlags     : Uint4B
        +0x378 HeapTracingEnabled : Pos 0, 1 Bit
        +0x378 CritSecTracingEnabled : Pos 1, 1 Bit
        +0x378 LibLoaderTracingEnabled : Pos 2, 1 Bit
        +0x378 SpareTracingBits : Pos 3, 29 Bits
        +0x37c Padding6         : [4] UChar
        +0x380 CsrServerReadOnlySharedMemoryBase : Uint8B
        +0x388 TppWorkerpListLock : Uint8B
        +0x390 TppWorkerpList   : _LIST_ENTRY
        +0x3a0 WaitOnAddressHashTable : [128] Ptr64 Void
        +0x7a0 TelemetryCoverageHeader : Ptr64 Void
        +0x7a8 CloudFileFlags   : Uint4B
        +0x7ac CloudFileDiagFlags : Uint4B
        +0x7b0 PlaceholderCompatibilityMode : Char
        +0x7b1 PlaceholderCompatibilityModeReserved : [7] Char
        +0x7b8 LeapSecondData   : Ptr64 _LEAP_SECOND_DATA
        +0x7c0 LeapSecondFlags  : Uint4B
        +0x7c0 SixtySecondEnabled : Pos 0, 1 Bit
        +0x7c0 Reserved         : Pos 1, 31 Bits
        +0x7c4 NtGlobalFlag2    : Uint4B`),
    );
    // The function pointer keeps WinDbg's spacing.
    expect(structLayout(T, '_PEB').fields.find((f) => f.name === 'PostProcessInitRoutine')!.display).toBe(
      'Ptr64     void ',
    );
  });

  it('_PEB_LDR_DATA, _LDR_DATA_TABLE_ENTRY, _UNICODE_STRING', () => {
    expect(listing('_PEB_LDR_DATA')).toEqual(
      lines(`
        +0x000 Length           : Uint4B
        +0x004 Initialized      : UChar
        +0x008 SsHandle         : Ptr64 Void
        +0x010 InLoadOrderModuleList : _LIST_ENTRY
        +0x020 InMemoryOrderModuleList : _LIST_ENTRY
        +0x030 InInitializationOrderModuleList : _LIST_ENTRY
        +0x040 EntryInProgress  : Ptr64 Void
        +0x048 ShutdownInProgress : UChar
        +0x050 ShutdownThreadId : Ptr64 Void`),
    );
    expect(listing('_LDR_DATA_TABLE_ENTRY')).toEqual(
      lines(`
        +0x000 InLoadOrderLinks : _LIST_ENTRY
        +0x010 InMemoryOrderLinks : _LIST_ENTRY
        +0x020 InInitializationOrderLinks : _LIST_ENTRY
        +0x030 DllBase          : Ptr64 Void
        +0x038 EntryPoint       : Ptr64 Void
        +0x040 SizeOfImage      : Uint4B
        +0x048 FullDllName      : _UNICODE_STRING
        +0x058 BaseDllName      : _UNICODE_STRING
        +0x068 FlagGroup        : [4] UChar
        +0x068 Flags            : Uint4B
        +0x068 PackagedBinary   : Pos 0, 1 Bit
        +0x068 MarkedForRemoval : Pos 1, 1 Bit
        +0x068 ImageDll         : Pos 2, 1 Bit
        +0x068 LoadNotificationsSent : Pos 3, 1 Bit
        +0x068 TelemetryEntryProcessed : Pos 4, 1 Bit
        +0x068 ProcessStaticImport : Pos 5, 1 Bit
        +0x068 InLegacyLists    : Pos 6, 1 Bit
        +0x068 InIndexes        : Pos 7, 1 Bit
        +0x068 ShimDll          : Pos 8, 1 Bit
        +0x068 InExceptionTable : Pos 9, 1 Bit
        +0x068 ReservedFlags1   : Pos 10, 2 Bits
        +0x068 LoadInProgress   : Pos 12, 1 Bit
        +0x068 LoadConfigProcessed : Pos 13, 1 Bit
        +0x068 EntryProcessed   : Pos 14, 1 Bit
        +0x068 ProtectDelayLoad : Pos 15, 1 Bit
        +0x068 ReservedFlags3   : Pos 16, 2 Bits
        +0x068 DontCallForThreads : Pos 18, 1 Bit
        +0x068 ProcessAttachCalled : Pos 19, 1 Bit
        +0x068 ProcessAttachFailed : Pos 20, 1 Bit
        +0x068 CorDeferredValidate : Pos 21, 1 Bit
        +0x068 CorImage         : Pos 22, 1 Bit
        +0x068 DontRelocate     : Pos 23, 1 Bit
        +0x068 CorILOnly        : Pos 24, 1 Bit
        +0x068 ChpeImage        : Pos 25, 1 Bit
        +0x068 ReservedFlags5   : Pos 26, 2 Bits
        +0x068 Redirected       : Pos 28, 1 Bit
        +0x068 ReservedFlags6   : Pos 29, 2 Bits
        +0x068 CompatDatabaseProcessed : Pos 31, 1 Bit
        +0x06c ObsoleteLoadCount : Uint2B
        +0x06e TlsIndex         : Uint2B
        +0x070 HashLinks        : _LIST_ENTRY
        +0x080 TimeDateStamp    : Uint4B
        +0x088 EntryPointActivationContext : Ptr64 _ACTIVATION_CONTEXT
        +0x090 Lock             : Ptr64 Void
        +0x098 DdagNode         : Ptr64 _LDR_DDAG_NODE
        +0x0a0 NodeModuleLink   : _LIST_ENTRY
        +0x0b0 LoadContext      : Ptr64 _LDRP_LOAD_CONTEXT
        +0x0b8 ParentDllBase    : Ptr64 Void
        +0x0c0 SwitchBackContext : Ptr64 Void
        +0x0c8 BaseAddressIndexNode : _RTL_BALANCED_NODE
        +0x0e0 MappingInfoIndexNode : _RTL_BALANCED_NODE
        +0x0f8 OriginalBase     : Uint8B
        +0x100 LoadTime         : _LARGE_INTEGER
        +0x108 BaseNameHashValue : Uint4B
        +0x10c LoadReason       : _LDR_DLL_LOAD_REASON
        +0x110 ImplicitPathOptions : Uint4B
        +0x114 ReferenceCount   : Uint4B
        +0x118 DependentLoadFlags : Uint4B
        +0x11c SigningLevel     : UChar`),
    );
    expect(listing('_UNICODE_STRING')).toEqual(
      lines(`
        +0x000 Length           : Uint2B
        +0x002 MaximumLength    : Uint2B
        +0x008 Buffer           : Ptr64 Wchar`),
    );
  });

  it('_NT_TIB and the _TEB', () => {
    expect(listing('_NT_TIB')).toEqual(
      lines(`
        +0x000 ExceptionList    : Ptr64 _EXCEPTION_REGISTRATION_RECORD
        +0x008 StackBase        : Ptr64 Void
        +0x010 StackLimit       : Ptr64 Void
        +0x018 SubSystemTib     : Ptr64 Void
        +0x020 FiberData        : Ptr64 Void
        +0x020 Version          : Uint4B
        +0x028 ArbitraryUserPointer : Ptr64 Void
        +0x030 Self             : Ptr64 _NT_TIB`),
    );
    const teb = listing('_TEB');
    expect(teb.slice(0, 21)).toEqual(
      lines(`
        +0x000 NtTib            : _NT_TIB
        +0x038 EnvironmentPointer : Ptr64 Void
        +0x040 ClientId         : _CLIENT_ID
        +0x050 ActiveRpcHandle  : Ptr64 Void
        +0x058 ThreadLocalStoragePointer : Ptr64 Void
        +0x060 ProcessEnvironmentBlock : Ptr64 _PEB
        +0x068 LastErrorValue   : Uint4B
        +0x06c CountOfOwnedCriticalSections : Uint4B
        +0x070 CsrClientThread  : Ptr64 Void
        +0x078 Win32ThreadInfo  : Ptr64 Void
        +0x080 User32Reserved   : [26] Uint4B
        +0x0e8 UserReserved     : [5] Uint4B
        +0x100 WOW32Reserved    : Ptr64 Void
        +0x108 CurrentLocale    : Uint4B
        +0x10c FpSoftwareStatusRegister : Uint4B
        +0x110 ReservedForDebuggerInstrumentation : [16] Ptr64 Void
        +0x190 SystemReserved1  : [30] Ptr64 Void
        +0x280 PlaceholderCompatibilityMode : Char
        +0x281 PlaceholderHydrationAlwaysExplicit : UChar
        +0x282 PlaceholderReserved : [10] Char
        +0x28c ProxiedProcessId : Uint4B`),
    );
    const from = (offset: string) => teb.slice(teb.findIndex((l) => l.startsWith(`+0x${offset} `)));
    expect(from('1250').slice(0, 7)).toEqual(
      lines(`
        +0x1250 LastStatusValue  : Uint4B
        +0x1254 Padding2         : [4] UChar
        +0x1258 StaticUnicodeString : _UNICODE_STRING
        +0x1268 StaticUnicodeBuffer : [261] Wchar
        +0x1472 Padding3         : [6] UChar
        +0x1478 DeallocationStack : Ptr64 Void
        +0x1480 TlsSlots         : [64] Ptr64 Void`),
    );
    expect(from('1740').slice(0, 8)).toEqual(
      lines(`
        +0x1740 GdiBatchCount    : Uint4B
        +0x1744 CurrentIdealProcessor : _PROCESSOR_NUMBER
        +0x1744 IdealProcessorValue : Uint4B
        +0x1744 ReservedPad0     : UChar
        +0x1745 ReservedPad1     : UChar
        +0x1746 ReservedPad2     : UChar
        +0x1747 IdealProcessor   : UChar
        +0x1748 GuaranteedStackBytes : Uint4B`),
    );
    expect(from('17e8')).toEqual(
      lines(`
        +0x17e8 MuiImpersonation : Uint4B
        +0x17ec CrossTebFlags    : Uint2B
        +0x17ec SpareCrossTebBits : Pos 0, 16 Bits
        +0x17ee SameTebFlags     : Uint2B
        +0x17ee SafeThunkCall    : Pos 0, 1 Bit
        +0x17ee InDebugPrint     : Pos 1, 1 Bit
        +0x17ee HasFiberData     : Pos 2, 1 Bit
        +0x17ee SkipThreadAttach : Pos 3, 1 Bit
        +0x17ee WerInShipAssertCode : Pos 4, 1 Bit
        +0x17ee RanProcessInit   : Pos 5, 1 Bit
        +0x17ee ClonedThread     : Pos 6, 1 Bit
        +0x17ee SuppressDebugMsg : Pos 7, 1 Bit
        +0x17ee DisableUserStackWalk : Pos 8, 1 Bit
        +0x17ee RtlExceptionAttached : Pos 9, 1 Bit
        +0x17ee InitialThread    : Pos 10, 1 Bit
        +0x17ee SessionAware     : Pos 11, 1 Bit
        +0x17ee LoadOwner        : Pos 12, 1 Bit
        +0x17ee LoaderWorker     : Pos 13, 1 Bit
        +0x17ee SkipLoaderInit   : Pos 14, 1 Bit
        +0x17ee SpareSameTebBits : Pos 15, 1 Bit
        +0x17f0 TxnScopeEnterCallback : Ptr64 Void
        +0x17f8 TxnScopeExitCallback : Ptr64 Void
        +0x1800 TxnScopeContext  : Ptr64 Void
        +0x1808 LockCount        : Uint4B
        +0x180c WowTebOffset     : Int4B
        +0x1810 ResourceRetValue : Ptr64 Void
        +0x1818 ReservedForWdf   : Ptr64 Void
        +0x1820 ReservedForCrt   : Uint8B
        +0x1828 EffectiveContainerId : _GUID`),
    );
  });

  it('_KPROCESS', () => {
    expect(listing('_KPROCESS')).toEqual(
      lines(`
        +0x000 Header           : _DISPATCHER_HEADER
        +0x018 ProfileListHead  : _LIST_ENTRY
        +0x028 DirectoryTableBase : Uint8B
        +0x030 ThreadListHead   : _LIST_ENTRY
        +0x040 ProcessLock      : Uint4B
        +0x044 ProcessTimerDelay : Uint4B
        +0x048 DeepFreezeStartTime : Uint8B
        +0x050 Affinity         : _KAFFINITY_EX
        +0x0f8 AffinityPadding  : [12] Uint8B
        +0x158 ReadyListHead    : _LIST_ENTRY
        +0x168 SwapListEntry    : _SINGLE_LIST_ENTRY
        +0x170 ActiveProcessors : _KAFFINITY_EX
        +0x218 ActiveProcessorsPadding : [12] Uint8B
        +0x278 AutoAlignment    : Pos 0, 1 Bit
        +0x278 DisableBoost     : Pos 1, 1 Bit
        +0x278 DisableQuantum   : Pos 2, 1 Bit
        +0x278 DeepFreeze       : Pos 3, 1 Bit
        +0x278 TimerVirtualization : Pos 4, 1 Bit
        +0x278 CheckStackExtents : Pos 5, 1 Bit
        +0x278 CacheIsolationEnabled : Pos 6, 1 Bit
        +0x278 PpmPolicy        : Pos 7, 3 Bits
        +0x278 VaSpaceDeleted   : Pos 10, 1 Bit
        +0x278 ReservedFlags    : Pos 11, 21 Bits
        +0x278 ProcessFlags     : Int4B
        +0x27c ActiveGroupsMask : Uint4B
        +0x280 BasePriority     : Char
        +0x281 QuantumReset     : Char
        +0x282 Visited          : Char
        +0x283 Flags            : _KEXECUTE_OPTIONS
        +0x284 ThreadSeed       : [20] Uint2B
        +0x2ac ThreadSeedPadding : [12] Uint2B
        +0x2c4 IdealProcessor   : [20] Uint2B
        +0x2ec IdealProcessorPadding : [12] Uint2B
        +0x304 IdealNode        : [20] Uint2B
        +0x32c IdealNodePadding : [12] Uint2B
        +0x344 IdealGlobalNode  : Uint2B
        +0x346 Spare1           : Uint2B
        +0x348 StackCount       : _KSTACK_COUNT
        +0x350 ProcessListEntry : _LIST_ENTRY
        +0x360 CycleTime        : Uint8B
        +0x368 ContextSwitches  : Uint8B
        +0x370 SchedulingGroup  : Ptr64 _KSCHEDULING_GROUP
        +0x378 FreezeCount      : Uint4B
        +0x37c KernelTime       : Uint4B
        +0x380 UserTime         : Uint4B
        +0x384 ReadyTime        : Uint4B
        +0x388 UserDirectoryTableBase : Uint8B
        +0x390 AddressPolicy    : UChar
        +0x391 Spare2           : [71] UChar
        +0x3d8 InstrumentationCallback : Ptr64 Void
        +0x3e0 SecureState      : <unnamed-tag>
        +0x3e8 KernelWaitTime   : Uint8B
        +0x3f0 UserWaitTime     : Uint8B
        +0x3f8 EndPadding       : [8] Uint8B`),
    );
  });

  it('_EPROCESS', () => {
    const eprocess = listing('_EPROCESS');
    const expected = lines(`
      +0x000 Pcb              : _KPROCESS
      +0x438 ProcessLock      : _EX_PUSH_LOCK
      +0x440 UniqueProcessId  : Ptr64 Void
      +0x448 ActiveProcessLinks : _LIST_ENTRY
      +0x458 RundownProtect   : _EX_RUNDOWN_REF
      +0x460 Flags2           : Uint4B
      +0x460 JobNotReallyActive : Pos 0, 1 Bit
      +0x460 AccountingFolded : Pos 1, 1 Bit
      +0x460 NewProcessReported : Pos 2, 1 Bit
      +0x460 ExitProcessReported : Pos 3, 1 Bit
      +0x460 ReportCommitChanges : Pos 4, 1 Bit
      +0x460 LastReportMemory : Pos 5, 1 Bit
      +0x460 ForceWakeCharge  : Pos 6, 1 Bit
      +0x460 CrossSessionCreate : Pos 7, 1 Bit
      +0x460 NeedsHandleRundown : Pos 8, 1 Bit
      +0x460 RefTraceEnabled  : Pos 9, 1 Bit
      +0x460 PicoCreated      : Pos 10, 1 Bit
      +0x460 EmptyJobEvaluated : Pos 11, 1 Bit
      +0x460 DefaultPagePriority : Pos 12, 3 Bits
      +0x460 PrimaryTokenFrozen : Pos 15, 1 Bit
      +0x460 ProcessVerifierTarget : Pos 16, 1 Bit
      +0x460 RestrictSetThreadContext : Pos 17, 1 Bit
      +0x460 AffinityPermanent : Pos 18, 1 Bit
      +0x460 AffinityUpdateEnable : Pos 19, 1 Bit
      +0x460 PropagateNode    : Pos 20, 1 Bit
      +0x460 ExplicitAffinity : Pos 21, 1 Bit
      +0x460 ProcessExecutionState : Pos 22, 2 Bits
      +0x460 EnableReadVmLogging : Pos 24, 1 Bit
      +0x460 EnableWriteVmLogging : Pos 25, 1 Bit
      +0x460 FatalAccessTerminationRequested : Pos 26, 1 Bit
      +0x460 DisableSystemAllowedCpuSet : Pos 27, 1 Bit
      +0x460 ProcessStateChangeRequest : Pos 28, 2 Bits
      +0x460 ProcessStateChangeInProgress : Pos 30, 1 Bit
      +0x460 InPrivate        : Pos 31, 1 Bit
      +0x464 Flags            : Uint4B
      +0x464 CreateReported   : Pos 0, 1 Bit
      +0x464 NoDebugInherit   : Pos 1, 1 Bit
      +0x464 ProcessExiting   : Pos 2, 1 Bit
      +0x464 ProcessDelete    : Pos 3, 1 Bit
      +0x464 ManageExecutableMemoryWrites : Pos 4, 1 Bit
      +0x464 VmDeleted        : Pos 5, 1 Bit
      +0x464 OutswapEnabled   : Pos 6, 1 Bit
      +0x464 Outswapped       : Pos 7, 1 Bit
      +0x464 FailFastOnCommitFail : Pos 8, 1 Bit
      +0x464 Wow64VaSpace4Gb  : Pos 9, 1 Bit
      +0x464 AddressSpaceInitialized : Pos 10, 2 Bits
      +0x464 SetTimerResolution : Pos 12, 1 Bit
      +0x464 BreakOnTermination : Pos 13, 1 Bit
      +0x464 DeprioritizeViews : Pos 14, 1 Bit
      +0x464 WriteWatch       : Pos 15, 1 Bit
      +0x464 ProcessInSession : Pos 16, 1 Bit
      +0x464 OverrideAddressSpace : Pos 17, 1 Bit
      +0x464 HasAddressSpace  : Pos 18, 1 Bit
      +0x464 LaunchPrefetched : Pos 19, 1 Bit
      +0x464 Background       : Pos 20, 1 Bit
      +0x464 VmTopDown        : Pos 21, 1 Bit
      +0x464 ImageNotifyDone  : Pos 22, 1 Bit
      +0x464 PdeUpdateNeeded  : Pos 23, 1 Bit
      +0x464 VdmAllowed       : Pos 24, 1 Bit
      +0x464 ProcessRundown   : Pos 25, 1 Bit
      +0x464 ProcessInserted  : Pos 26, 1 Bit
      +0x464 DefaultIoPriority : Pos 27, 3 Bits
      +0x464 ProcessSelfDelete : Pos 30, 1 Bit
      +0x464 SetTimerResolutionLink : Pos 31, 1 Bit
      +0x468 CreateTime       : _LARGE_INTEGER
      +0x470 ProcessQuotaUsage : [2] Uint8B
      +0x480 ProcessQuotaPeak : [2] Uint8B
      +0x490 PeakVirtualSize  : Uint8B
      +0x498 VirtualSize      : Uint8B
      +0x4a0 SessionProcessLinks : _LIST_ENTRY
      +0x4b0 ExceptionPortData : Ptr64 Void
      +0x4b0 ExceptionPortValue : Uint8B
      +0x4b0 ExceptionPortState : Pos 0, 3 Bits
      +0x4b8 Token            : _EX_FAST_REF
      +0x4c0 MmReserved       : Uint8B
      +0x4c8 AddressCreationLock : _EX_PUSH_LOCK
      +0x4d0 PageTableCommitmentLock : _EX_PUSH_LOCK
      +0x4d8 RotateInProgress : Ptr64 _ETHREAD
      +0x4e0 ForkInProgress   : Ptr64 _ETHREAD
      +0x4e8 CommitChargeJob  : Ptr64 _EJOB
      +0x4f0 CloneRoot        : _RTL_AVL_TREE
      +0x4f8 NumberOfPrivatePages : Uint8B
      +0x500 NumberOfLockedPages : Uint8B
      +0x508 Win32Process     : Ptr64 Void
      +0x510 Job              : Ptr64 _EJOB
      +0x518 SectionObject    : Ptr64 Void
      +0x520 SectionBaseAddress : Ptr64 Void
      +0x528 Cookie           : Uint4B
      +0x530 WorkingSetWatch  : Ptr64 _PAGEFAULT_HISTORY
      +0x538 Win32WindowStation : Ptr64 Void
      +0x540 InheritedFromUniqueProcessId : Ptr64 Void
      +0x548 OwnerProcessId   : Uint8B
      +0x550 Peb              : Ptr64 _PEB
      +0x558 Session          : Ptr64 _MM_SESSION_SPACE
      +0x560 Spare1           : Ptr64 Void
      +0x568 QuotaBlock       : Ptr64 _EPROCESS_QUOTA_BLOCK
      +0x570 ObjectTable      : Ptr64 _HANDLE_TABLE
      +0x578 DebugPort        : Ptr64 Void
      +0x580 WoW64Process     : Ptr64 _EWOW64PROCESS
      +0x588 DeviceMap        : Ptr64 Void
      +0x590 EtwDataSource    : Ptr64 Void
      +0x598 PageDirectoryPte : Uint8B
      +0x5a0 ImageFilePointer : Ptr64 _FILE_OBJECT
      +0x5a8 ImageFileName    : [15] UChar
      +0x5b7 PriorityClass    : UChar
      +0x5b8 SecurityPort     : Ptr64 Void
      +0x5c0 SeAuditProcessCreationInfo : _SE_AUDIT_PROCESS_CREATION_INFO
      +0x5c8 JobLinks         : _LIST_ENTRY
      +0x5d8 HighestUserAddress : Ptr64 Void
      +0x5e0 ThreadListHead   : _LIST_ENTRY
      +0x5f0 ActiveThreads    : Uint4B
      +0x5f4 ImagePathHash    : Uint4B
      +0x5f8 DefaultHardErrorProcessing : Uint4B
      +0x5fc LastThreadExitStatus : Int4B
      +0x600 PrefetchTrace    : _EX_FAST_REF
      +0x608 LockedPagesList  : Ptr64 Void
      +0x610 ReadOperationCount : _LARGE_INTEGER
      +0x618 WriteOperationCount : _LARGE_INTEGER
      +0x620 OtherOperationCount : _LARGE_INTEGER
      +0x628 ReadTransferCount : _LARGE_INTEGER
      +0x630 WriteTransferCount : _LARGE_INTEGER
      +0x638 OtherTransferCount : _LARGE_INTEGER
      +0x640 CommitChargeLimit : Uint8B
      +0x648 CommitCharge     : Uint8B
      +0x650 CommitChargePeak : Uint8B
      +0x680 Vm               : _MMSUPPORT_FULL
      +0x7c0 MmProcessLinks   : _LIST_ENTRY
      +0x7d0 ModifiedPageCount : Uint4B
      +0x7d4 ExitStatus       : Int4B
      +0x7d8 VadRoot          : _RTL_AVL_TREE
      +0x7e0 VadHint          : Ptr64 Void
      +0x7e8 VadCount         : Uint8B
      +0x7f0 VadPhysicalPages : Uint8B
      +0x7f8 VadPhysicalPagesLimit : Uint8B
      +0x800 AlpcContext      : _ALPC_PROCESS_CONTEXT
      +0x820 TimerResolutionLink : _LIST_ENTRY
      +0x830 TimerResolutionStackRecord : Ptr64 _PO_DIAG_STACK_RECORD
      +0x838 RequestedTimerResolution : Uint4B
      +0x83c SmallestTimerResolution : Uint4B
      +0x840 ExitTime         : _LARGE_INTEGER
      +0x848 InvertedFunctionTable : Ptr64 _INVERTED_FUNCTION_TABLE
      +0x850 InvertedFunctionTableLock : _EX_PUSH_LOCK
      +0x858 ActiveThreadsHighWatermark : Uint4B
      +0x85c LargePrivateVadCount : Uint4B
      +0x860 ThreadListLock   : _EX_PUSH_LOCK
      +0x868 WnfContext       : Ptr64 Void
      +0x870 ServerSilo       : Ptr64 _EJOB
      +0x878 SignatureLevel   : UChar
      +0x879 SectionSignatureLevel : UChar
      +0x87a Protection       : _PS_PROTECTION
      +0x87b HangCount        : Pos 0, 3 Bits
      +0x87b GhostCount       : Pos 3, 3 Bits
      +0x87b PrefilterException : Pos 6, 1 Bit
      +0x87c Flags3           : Uint4B
      +0x87c Minimal          : Pos 0, 1 Bit
      +0x87c ReplacingPageRoot : Pos 1, 1 Bit
      +0x87c Crashed          : Pos 2, 1 Bit
      +0x87c JobVadsAreTracked : Pos 3, 1 Bit
      +0x87c VadTrackingDisabled : Pos 4, 1 Bit
      +0x87c AuxiliaryProcess : Pos 5, 1 Bit
      +0x87c SubsystemProcess : Pos 6, 1 Bit
      +0x87c IndirectCpuSets  : Pos 7, 1 Bit
      +0x87c RelinquishedCommit : Pos 8, 1 Bit
      +0x87c HighGraphicsPriority : Pos 9, 1 Bit
      +0x87c CommitFailLogged : Pos 10, 1 Bit
      +0x87c ReserveFailLogged : Pos 11, 1 Bit
      +0x87c SystemProcess    : Pos 12, 1 Bit
      +0x87c HideImageBaseAddresses : Pos 13, 1 Bit
      +0x87c AddressPolicyFrozen : Pos 14, 1 Bit
      +0x87c ProcessFirstResume : Pos 15, 1 Bit
      +0x87c ForegroundExternal : Pos 16, 1 Bit
      +0x87c ForegroundSystem : Pos 17, 1 Bit
      +0x87c HighMemoryPriority : Pos 18, 1 Bit
      +0x87c EnableProcessSuspendResumeLogging : Pos 19, 1 Bit
      +0x87c EnableThreadSuspendResumeLogging : Pos 20, 1 Bit
      +0x87c SecurityDomainChanged : Pos 21, 1 Bit
      +0x87c SecurityFreezeComplete : Pos 22, 1 Bit
      +0x87c VmProcessorHost  : Pos 23, 1 Bit
      +0x87c VmProcessorHostTransition : Pos 24, 1 Bit
      +0x87c AltSyscall       : Pos 25, 1 Bit
      +0x87c TimerResolutionIgnore : Pos 26, 1 Bit
      +0x87c DisallowUserTerminate : Pos 27, 1 Bit
      +0x880 DeviceAsid       : Int4B
      +0x888 SvmData          : Ptr64 Void
      +0x890 SvmProcessLock   : _EX_PUSH_LOCK
      +0x898 SvmLock          : Uint8B
      +0x8a0 SvmProcessDeviceListHead : _LIST_ENTRY
      +0x8b0 LastFreezeInterruptTime : Uint8B
      +0x8b8 DiskCounters     : Ptr64 _PROCESS_DISK_COUNTERS
      +0x8c0 PicoContext      : Ptr64 Void
      +0x8c8 EnclaveTable     : Ptr64 Void
      +0x8d0 EnclaveNumber    : Uint8B
      +0x8d8 EnclaveLock      : _EX_PUSH_LOCK
      +0x8e0 HighPriorityFaultsAllowed : Uint4B
      +0x8e8 EnergyContext    : Ptr64 _PO_PROCESS_ENERGY_CONTEXT
      +0x8f0 VmContext        : Ptr64 Void
      +0x8f8 SequenceNumber   : Uint8B
      +0x900 CreateInterruptTime : Uint8B
      +0x908 CreateUnbiasedInterruptTime : Uint8B
      +0x910 TotalUnbiasedFrozenTime : Uint8B
      +0x918 LastAppStateUpdateTime : Uint8B
      +0x920 LastAppStateUptime : Pos 0, 61 Bits
      +0x920 LastAppState     : Pos 61, 3 Bits
      +0x928 SharedCommitCharge : Uint8B
      +0x930 SharedCommitLock : _EX_PUSH_LOCK
      +0x938 SharedCommitLinks : _LIST_ENTRY
      +0x948 AllowedCpuSets   : Uint8B
      +0x950 DefaultCpuSets   : Uint8B
      +0x948 AllowedCpuSetsIndirect : Ptr64 Uint8B
      +0x950 DefaultCpuSetsIndirect : Ptr64 Uint8B
      +0x958 DiskIoAttribution : Ptr64 Void
      +0x960 DxgProcess       : Ptr64 Void
      +0x968 Win32KFilterSet  : Uint4B
      +0x970 ProcessTimerDelay : _PS_INTERLOCKED_TIMER_DELAY_VALUES
      +0x978 KTimerSets       : Uint4B
      +0x97c KTimer2Sets      : Uint4B
      +0x980 ThreadTimerSets  : Uint4B
      +0x988 VirtualTimerListLock : Uint8B
      +0x990 VirtualTimerListHead : _LIST_ENTRY
      +0x9a0 WakeChannel      : _WNF_STATE_NAME
      +0x9a0 WakeInfo         : _PS_PROCESS_WAKE_INFORMATION
      +0x9d0 MitigationFlags  : Uint4B
      +0x9d0 MitigationFlagsValues : <unnamed-tag>
      +0x9d4 MitigationFlags2 : Uint4B
      +0x9d4 MitigationFlags2Values : <unnamed-tag>
      +0x9d8 PartitionObject  : Ptr64 Void
      +0x9e0 SecurityDomain   : Uint8B
      +0x9e8 ParentSecurityDomain : Uint8B
      +0x9f0 CoverageSamplerContext : Ptr64 Void
      +0x9f8 MmHotPatchContext : Ptr64 Void
      +0xa00 DynamicEHContinuationTargetsTree : _RTL_AVL_TREE
      +0xa08 DynamicEHContinuationTargetsLock : _EX_PUSH_LOCK
      +0xa10 DynamicEnforcedCetCompatibleRanges : _PS_DYNAMIC_ENFORCED_ADDRESS_RANGES
      +0xa20 DisabledComponentFlags : Uint4B
      +0xa28 PathRedirectionHashes : Ptr64 Uint4B`);
    expect(eprocess).toEqual(expected);
  });
});
