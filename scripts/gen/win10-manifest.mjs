// Generates src/system/images/win10-22h2-x64/files/*.ts: the embedded Windows 10 22H2 x64 image's
// manifest (the files process creation touches), as TS data modules that are committed.
//
//   npx tsc -p tsconfig.build.json && node scripts/gen/win10-manifest.mjs
//
// Wine's real x64 PE files (Debian's wine64 package) give export and import lists for every DLL it
// has; the binaries it lacks (csrss's server DLLs, lsasrv, seclogon, iumbase, iumdll,
// bcryptprimitives) and the programs come from the tables below, each with its source. Every import
// the manifest makes is checked here against the target's exports (following forwarders and API
// sets), so a wrong table fails the generator rather than a test.
import { execFileSync } from 'node:child_process';
import console from 'node:console';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import {
  PeImage,
  buildApiSetSchema,
  parseApiSetSchema,
  parseForwarder,
  readApiSetSchema,
  readDelayImports,
  readExports,
  readImports,
  resolveApiSet,
} from '../../dist/pe/index.js';

const WINE_DIR = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const OUT_DIR = fileURLToPath(new URL('../../src/system/images/win10-22h2-x64/files/', import.meta.url));
const PRETTIER = fileURLToPath(new URL('../../node_modules/.bin/prettier', import.meta.url));
const SYSTEM32 = 'C:\\Windows\\System32\\';

/** The DLLs named by the task, whose Wine imports are followed transitively. */
const SEED_DLLS = [
  'ntdll.dll',
  'kernel32.dll',
  'kernelbase.dll',
  'user32.dll',
  'win32u.dll',
  'gdi32.dll',
  'advapi32.dll',
  'sechost.dll',
  'rpcrt4.dll',
  'msvcrt.dll',
  'ucrtbase.dll',
  'combase.dll',
  'shell32.dll',
  'shlwapi.dll',
  'ole32.dll',
  // The KnownDLLs of the image's registry that Wine also ships (smss maps every KnownDLL into
  // \KnownDlls at boot); clbcatq, coml2, wowarmhw and xtajit have no Wine counterpart.
  'difxapi.dll',
  'gdiplus.dll',
  'imagehlp.dll',
  'msctf.dll',
  'normaliz.dll',
  'nsi.dll',
  'oleaut32.dll',
  'psapi.dll',
  'wldap32.dll',
  'ws2_32.dll',
  'wow64.dll',
  'wow64cpu.dll',
  'wow64win.dll',
];

/**
 * DLLs Wine links against that Windows does not ship: Debian builds Wine's user32 against the
 * system zlib (zlib1.dll); Windows 10 has no zlib1.dll in System32. Their imports are dropped.
 */
const WINE_ONLY_DLLS = new Set(['zlib1.dll']);

/** Wine's own entry points (Unix calls, debug channels, wine_get_version …): not in Windows. */
const isWineOnlyExport = (name) => /^(__wine_|wine_)/.test(name);

/**
 * Programs Wine has: their import lists come from Wine's exe, their subsystem from the Windows
 * binary (Wine builds the service hosts as console programs).
 */
const WINE_PROGRAMS = [
  { file: 'cmd.exe', path: `${SYSTEM32}cmd.exe`, subsystem: 'console', role: 'the command interpreter' },
  { file: 'conhost.exe', path: `${SYSTEM32}conhost.exe`, subsystem: 'windows', role: 'the console host' },
  { file: 'notepad.exe', path: `${SYSTEM32}notepad.exe`, subsystem: 'windows', role: 'Notepad' },
  { file: 'explorer.exe', path: 'C:\\Windows\\explorer.exe', subsystem: 'windows', role: 'the shell' },
  { file: 'services.exe', path: `${SYSTEM32}services.exe`, subsystem: 'windows', role: 'the SCM' },
  { file: 'svchost.exe', path: `${SYSTEM32}svchost.exe`, subsystem: 'windows', role: 'the service host' },
  { file: 'spoolsv.exe', path: `${SYSTEM32}spoolsv.exe`, subsystem: 'windows', role: 'the spooler' },
];

/** Signature keys, resolved to the constants of ../signatures.ts in the generated modules. */
const SIGNATURES = {
  windows: 'WINDOWS_SIGNED',
  wintcb: 'WINTCB_LIGHT_SIGNED',
  lsa: 'LSA_LIGHT_SIGNED',
  antimalware: 'ANTIMALWARE_LIGHT_SIGNED',
  ium: 'IUM_SIGNED',
};
/** Which programs run protected (../shared/reference/internals.md §4.1; itm4n 2021). */
const PROGRAM_SIGNATURE = {
  'smss.exe': 'wintcb',
  'csrss.exe': 'wintcb',
  'wininit.exe': 'wintcb',
  'services.exe': 'wintcb',
  'lsass.exe': 'lsa',
  'MsMpEng.exe': 'antimalware',
  'LsaIso.exe': 'ium',
};

const STRONTIC = (file) =>
  `strontic xcyclopedia, https://strontic.github.io/xcyclopedia/library/${file}.html`;
const APPROX_IMPORTS =
  'imports: APPROXIMATION — no public listing of this binary’s imports was found; these are the few ' +
  'functions its role needs, chosen among the exports the manifest has';

/**
 * DLLs Wine does not have. Exports: strontic's xcyclopedia pages of the Windows 10 2004 (19041)
 * x64 binaries, the codebase 22H2 (19045) is serviced from, with their ordinals; `dllName` as the
 * mingw-w64 import-library definitions (gen_exportdef, from the real DLLs' export directories) name
 * them where they have one, else the file name.
 */
const HAND_DLLS = [
  {
    file: 'csrsrv.dll',
    dllName: 'CSRSRV.dll',
    count: 32,
    source: `exports: ${STRONTIC('csrsrv.dll-D6C9B4703BCCC4CCA879818089AB9A33')} (csrsrv.dll 10.0.19041.1 x64, ordinals 1-32); dllName: mingw-w64 lib64/csrsrv.def; ${APPROX_IMPORTS} (ReactOS csrsrv: LPC ports, the shared section, LdrLoadDll of the server DLLs)`,
    exports: `CsrAddStaticServerThread CsrCallServerFromServer CsrConnectToUser CsrCreateProcess CsrCreateRemoteThread
      CsrCreateThread CsrDeferredCreateProcess CsrDereferenceProcess CsrDereferenceThread CsrDestroyProcess
      CsrDestroyThread CsrExecServerThread CsrGetProcessLuid CsrImpersonateClient CsrIsClientSandboxed
      CsrLockProcessByClientId CsrLockThreadByClientId CsrLockedReferenceProcess CsrQueryApiPort CsrReferenceThread
      CsrRegisterClientThreadSetup CsrReplyToMessage CsrRevertToSelf CsrServerInitialization CsrSetBackgroundPriority
      CsrSetForegroundPriority CsrShutdownProcesses CsrUnhandledExceptionFilter CsrUnlockProcess CsrUnlockThread
      CsrValidateMessageBuffer CsrValidateMessageString`,
    imports: `ntdll.dll: NtCreatePort NtListenPort NtAcceptConnectPort NtCompleteConnectPort NtReplyWaitReceivePort
      ntdll.dll: NtRequestWaitReplyPort NtCreateSection NtMapViewOfSection NtOpenProcess NtDuplicateObject NtClose
      ntdll.dll: NtCreateDirectoryObject NtCreateSymbolicLinkObject NtSetInformationProcess NtQueryInformationProcess
      ntdll.dll: NtResumeThread NtTerminateProcess RtlCreateUserThread RtlCreateHeap RtlAllocateHeap RtlFreeHeap
      ntdll.dll: RtlInitializeCriticalSection RtlEnterCriticalSection RtlLeaveCriticalSection RtlInitUnicodeString
      ntdll.dll: LdrLoadDll LdrGetProcedureAddress`,
  },
  {
    file: 'basesrv.dll',
    count: 6,
    dllName: 'BASESRV.dll',
    source: `exports: ${STRONTIC('basesrv.dll-522F9EFF8C957F906154B91A8DA698AE')} (basesrv.dll 10.0.19041.1 x64, ordinals 1-6); dllName: mingw-w64 lib64/basesrv.def; ${APPROX_IMPORTS} (the CSR_PROCESS calls a server DLL makes, ReactOS basesrv)`,
    exports: `BaseGetProcessCrtlRoutine BaseSetProcessCreateNotify BaseSrvNlsLogon BaseSrvNlsUpdateRegistryCache
      BaseSrvRegisterSxS ServerDllInitialization`,
    imports: `CSRSRV.dll: CsrValidateMessageBuffer CsrValidateMessageString CsrLockProcessByClientId CsrUnlockProcess
      CSRSRV.dll: CsrImpersonateClient CsrRevertToSelf CsrCreateProcess CsrCreateThread CsrDereferenceProcess
      ntdll.dll: NtDuplicateObject NtClose NtOpenProcess NtQueryInformationProcess RtlAllocateHeap RtlFreeHeap
      ntdll.dll: RtlInitUnicodeString NtCreateDirectoryObject NtCreateSymbolicLinkObject`,
  },
  {
    file: 'winsrv.dll',
    count: 4,
    dllName: 'winsrv.dll',
    source: `exports: ${STRONTIC('winsrv.dll-19979E1729CFA0E56EB4CCCB198DFD05')} (winsrv.dll 10.0.19041.1 x64, ordinals 1-4); dllName: mingw-w64 lib64/winsrv.def; ${APPROX_IMPORTS}`,
    exports: 'SrvEndTask UserCreateCallbackThread UserHardError UserServerDllInitialization',
    imports: `CSRSRV.dll: CsrAddStaticServerThread CsrCreateRemoteThread CsrImpersonateClient CsrRevertToSelf
      CSRSRV.dll: CsrShutdownProcesses CsrLockProcessByClientId CsrUnlockProcess
      ntdll.dll: NtClose NtRaiseHardError RtlAllocateHeap RtlFreeHeap`,
  },
  {
    file: 'sxssrv.dll',
    count: 1,
    dllName: 'sxssrv.dll',
    source: `exports: ${STRONTIC('sxssrv.dll-1985068B049D1FFBB8D3F837393DF81F')} (sxssrv.dll 10.0.19041.207 x64); dllName: the file name (no public listing); ${APPROX_IMPORTS}`,
    exports: 'ServerDllInitialization',
    imports: `CSRSRV.dll: CsrValidateMessageBuffer CsrValidateMessageString
      ntdll.dll: RtlAllocateHeap RtlFreeHeap NtClose`,
  },
  {
    file: 'lsasrv.dll',
    count: 276,
    dllName: 'LSASRV.dll',
    source: `exports: ${STRONTIC('lsasrv.dll-E862003AEA8C3463F72D7225D1DFBCF0')} (lsasrv.dll 10.0.19041.1 x64, ordinals 1-276); dllName: mingw-w64 lib64/lsasrv.def; ${APPROX_IMPORTS} (an RPC server over the LSA database)`,
    exports: `InitializeLsaExtension QueryLsaInterface LsaDbLookupSidChainRequest LsaIAddNamesToLogonSession
      LsaIAdjustTokenObjectIntegrity LsaIAdtAuditingEnabledByCategory LsaIAdtAuditingEnabledBySubCategory
      LsaIAllocateHeap LsaIAllocateHeapZero LsaIAllowProtectedCredLogon LsaIAuditAccountLogon LsaIAuditAccountLogonEx
      LsaIAuditInitializeParametersAndWriteEvent LsaIAuditKdcEvent LsaIAuditKerberosLogon LsaIAuditLogonEx
      LsaIAuditLogonUsingExplicitCreds LsaIAuditNotifyPackageLoad LsaIAuditPasswordAccessEvent LsaIAuditReplay
      LsaIAuditSamEvent LsaICallPackage LsaICallPackageEx LsaICallPackagePassthrough LsaICancelNotification
      LsaIChangeSecretCipherKey LsaICheckProtectedUserByTokenInfo LsaICheckRestrictedMode LsaIClearOldSyskey
      LsaICryptProtectData LsaICryptProtectDataEx LsaICryptUnprotectData LsaICryptUnprotectDataEx
      LsaIDereferenceCredHandle LsaIDeriveCredentialKey LsaIDsNotifiedObjectChange LsaIEfsAcceptSmartcardCredentials
      LsaIEqualLogonProcessName LsaIEqualSupplementalTokenInfo LsaIEventWritePackageNoCredential
      LsaIEventWritePackageNotCacheLogonUser LsaIFilterNamespace LsaIFilterSids LsaIFlushIdentityCacheForSid
      LsaIForestTrustFindMatch LsaIFreeForestTrustInfo LsaIFreeHeap LsaIFreeReturnBuffer LsaIFreeSupplementalTokenInfo
      LsaIFree_LSAI_PRIVATE_DATA LsaIFree_LSAI_SECRET_ENUM_BUFFER LsaIFree_LSAPR_ACCOUNT_ENUM_BUFFER
      LsaIFree_LSAPR_CR_CIPHER_VALUE LsaIFree_LSAPR_POLICY_DOMAIN_INFORMATION LsaIFree_LSAPR_POLICY_INFORMATION
      LsaIFree_LSAPR_PRIVILEGE_ENUM_BUFFER LsaIFree_LSAPR_PRIVILEGE_SET LsaIFree_LSAPR_REFERENCED_DOMAIN_LIST
      LsaIFree_LSAPR_SR_SECURITY_DESCRIPTOR LsaIFree_LSAPR_TRANSLATED_NAMES LsaIFree_LSAPR_TRANSLATED_SIDS
      LsaIFree_LSAPR_TRUSTED_DOMAIN_INFO LsaIFree_LSAPR_TRUSTED_ENUM_BUFFER LsaIFree_LSAPR_TRUSTED_ENUM_BUFFER_EX
      LsaIFree_LSAPR_TRUST_INFORMATION LsaIFree_LSAPR_UNICODE_STRING LsaIFree_LSAPR_UNICODE_STRING_BUFFER
      LsaIFree_LSAP_SITENAME_INFO LsaIFree_LSAP_SITE_INFO LsaIFree_LSAP_SUBNET_INFO LsaIFree_LSAP_UPN_SUFFIXES
      LsaIFree_LSA_FOREST_TRUST_COLLISION_INFORMATION LsaIFree_LSA_FOREST_TRUST_INFORMATION LsaIGetCallInfo
      LsaIGetCcgClient LsaIGetClientOsInfo LsaIGetForestTrustInformation LsaIGetLogonGuid LsaIGetNameFromLuid
      LsaIGetNbAndDnsDomainNames LsaIGetNego2Package LsaIGetRemoteCredGuardLogonBuffer
      LsaIGetRemoteCredGuardSupplementalCreds LsaIGetSiteName LsaIGetSupplementalTokenInfo
      LsaIGetTokenInformationForLocalUser LsaIHealthCheck LsaIImpersonateClient LsaIInitializeNetlogonFuncPtrs
      LsaIIsContainerized LsaIIsDomainWithinForest LsaIIsDsPaused LsaIIsInEmulatedDomainJoinMode
      LsaIIsLastInteractiveLogonInfoEnabled LsaIIsLocalHost LsaIIsMachineSecureByDefault
      LsaIIsSuppressChannelBindingInfo LsaIIsTargetPrivate LsaIIsTrustedDomainsEnabled LsaIIsUserMSA
      LsaIKerberosRegisterTrustNotification LsaILookupUserAccountType LsaILookupWellKnownName
      LsaIModifyPerformanceCounter LsaINoConnectedUserPolicy LsaINoMoreWin2KDomain LsaINotifyChangeNotification
      LsaINotifyGCStatusChange LsaINotifyNetlogonParametersChangeW LsaINotifyNewPassword LsaINotifyPasswordChanged
      LsaIOpenPolicyTrusted LsaIQueryForestTrustInfo LsaIQueryForestTrustInformation LsaIQueryInformationPolicyTrusted
      LsaIQueryPackageAttrInLogonSession LsaIQuerySiteInfo LsaIQuerySubnetInfo LsaIQueryUpnSuffixes
      LsaIReferenceCredHandle LsaIRegisterLogonSessionCallback LsaIRegisterNotification
      LsaIRegisterPolicyChangeNotificationCallback LsaIRenewCertificate LsaIReplicateClientObject
      LsaIRetrieveCurrentUserSid LsaISafeMode LsaISamIndicatedDsStarted LsaISanitizeSAMName LsaISetClientDnsHostName
      LsaISetLogonGuidInLogonSession LsaISetLogonInfo LsaISetNewSyskey LsaISetPackageAttrInLogonSession
      LsaISetSupplementalTokenInfo LsaISetTokenDacl LsaISetUserFlags LsaITransformAuthorizationData
      LsaIUnregisterAllPolicyChangeNotificationCallback LsaIUnregisterLogonSessionCallback
      LsaIUnregisterPolicyChangeNotificationCallback LsaIUpdateForestTrustInformation LsaIUpdateKerbMaxTokenSize
      LsaIUpdateLogonSession LsaIUserProfileLoaded LsaIValidateTargetInfo LsaIVerifyCachability LsaIWriteAuditEvent
      LsaIWriteKdcAuthenticationEvent LsapAdtAuditingEnabledByLogonId LsapAdtAuditingEnabledBySubCategory
      LsapAdtAuditingEnabledHint LsapAdtGetCallerProcessInfo LsapAdtInitParametersArray LsapAdtWriteLog
      LsapAllocateLsaHeap LsapAllocatePrivateHeap LsapAuOpenSam LsapAuditFailed LsapBuildPrivilegeAuditString
      LsapCheckBootMode LsapCloseHandle LsapCompareDomainNames LsapCrServerGetSessionKey LsapCrServerGetSessionKeySafe
      LsapDbAcquireLockEx LsapDbApplyTransaction LsapDbBuildObjectCaches LsapDbCloseHandle LsapDbCloseObject
      LsapDbCopyUnicodeAttribute LsapDbCopyUnicodeAttributeNoAlloc LsapDbCreateObject LsapDbDeleteAttributesObject
      LsapDbDeleteObject LsapDbDereferenceHandle LsapDbDereferenceObject LsapDbEnumerateSids
      LsapDbEnumerateTrustedDomainsEx LsapDbExpAcquireReadLockTrustedDomainList
      LsapDbExpAcquireWriteLockTrustedDomainList LsapDbExpConvertReadLockTrustedDomainListToExclusive
      LsapDbExpConvertWriteLockTrustedDomainListToShared LsapDbExpIsCacheBuilding LsapDbExpIsCacheValid
      LsapDbExpIsLockedTrustedDomainList LsapDbExpMakeCacheBuilding LsapDbExpMakeCacheInvalid LsapDbExpMakeCacheValid
      LsapDbExpReleaseLockTrustedDomainList LsapDbFreeAttributes LsapDbFreeTrustedDomainsEx LsapDbGetDbObjectTypeName
      LsapDbGetDbPolicyHandle LsapDbGetSecretType LsapDbInitializeAttribute LsapDbIsStatusConnectionFailure
      LsapDbLookupAddListReferencedDomains LsapDbLookupCreateListReferencedDomains LsapDbLookupGetDomainInfo
      LsapDbLookupListReferencedDomains LsapDbLookupMergeDisjointReferencedDomains LsapDbLookupNameChainRequest
      LsapDbLookupNamesInPrimaryDomain LsapDbLookupSidsInPrimaryDomain LsapDbMakeGuidAttribute LsapDbMakeSidAttribute
      LsapDbMakeUnicodeAttribute LsapDbOpenObject LsapDbQueryInformationPolicy LsapDbReadAttribute
      LsapDbReadAttributesObject LsapDbReferenceObject LsapDbReleaseLockEx LsapDbSecretIsMachineAcc
      LsapDbSidToLogicalNameObject LsapDbSlowEnumerateTrustedDomains LsapDbUpdateCountCompUnmappedNames
      LsapDbVerifyHandle LsapDbVerifyInfoQueryTrustedDomain LsapDbVerifyInfoSetTrustedDomain LsapDbWriteAttributesObject
      LsapDomainRenameHandlerForLogonSessions LsapDsInitializeDsStateInfo LsapDsUnitializeDsStateInfo
      LsapDssetupInitializeGetPrimaryDomainInformationOpState LsapDuplicateSid LsapDuplicateString LsapFreeLsaHeap
      LsapFreePrivateHeap LsapFreeString LsapGetAccountDomainHandle LsapGetCapeNamesForCap
      LsapGetGlobalRestrictAnonymous LsapGetHourlyLogLevel LsapGetLogonSessionAccountInfoEx
      LsapGetLookupRestrictIsolatedNameLevel LsapGetPolicyHandle LsapGetWellKnownSid LsapInitLsa LsapInitializeLsaDb
      LsapIsBuiltinDomain LsapIsSamOpened LsapOpenSam LsapQueryClientInfo LsapRemoveTrailingDot LsapRpcCopySid
      LsapRpcCopyUnicodeString LsapRtlValidateControllerTrustedDomain LsapRtlValidateControllerTrustedDomainByHandle
      LsapSetErrorInfo LsapSidListSize LsapTraceEvent LsapTraceEventWithData LsapTruncateUnicodeString LsarClose
      LsarCreateSecret LsarDeleteObject LsarEnumerateTrustedDomainsEx LsarLookupSids LsarOpenPolicy LsarOpenSecret
      LsarQueryDomainInformationPolicy LsarQueryInformationPolicy LsarQuerySecret LsarQueryTrustedDomainInfoByName
      LsarRetrievePrivateData LsarSetInformationPolicy LsarSetSecret LsarSetTrustedDomainInfoByName
      LsarStorePrivateData ServiceInit _fgs__LSAPR_TRUSTED_ENUM_BUFFER _fgs__LSAPR_TRUSTED_ENUM_BUFFER_EX
      _fgs__LSAPR_TRUST_INFORMATION _fgu__LSAPR_TRUSTED_DOMAIN_INFO`,
    imports: `ntdll.dll: RtlAllocateHeap RtlFreeHeap RtlInitUnicodeString NtOpenProcessToken NtQueryInformationToken
      ntdll.dll: NtDuplicateObject NtClose RtlNtStatusToDosError EtwEventWrite
      rpcrt4.dll: RpcServerRegisterIf RpcServerUseProtseqEpW RpcServerListen RpcImpersonateClient RpcRevertToSelf
      advapi32.dll: RegOpenKeyExW RegQueryValueExW RegCloseKey
      sechost.dll: StartServiceCtrlDispatcherW`,
  },
  {
    file: 'seclogon.dll',
    count: 2,
    dllName: 'seclogon.dll',
    source: `exports: ${STRONTIC('seclogon.dll-016706A76857F914C99D2472B1E79BF9')} (seclogon.dll 10.0.19041.1 x64, ordinals 1-2); dllName: the file name; ${APPROX_IMPORTS} (Windows Internals 7: SeclCreateProcessWithLogonW ends in CreateProcessAsUser, after LogonUser and the user's profile and environment)`,
    exports: 'SvcEntry_Seclogon SvchostPushServiceGlobals',
    imports: `advapi32.dll: LogonUserW CreateProcessAsUserW ImpersonateLoggedOnUser RevertToSelf
      advapi32.dll: RegisterServiceCtrlHandlerExW SetServiceStatus
      userenv.dll: LoadUserProfileW UnloadUserProfile CreateEnvironmentBlock DestroyEnvironmentBlock
      rpcrt4.dll: RpcServerRegisterIfEx RpcServerUnregisterIf RpcImpersonateClient RpcRevertToSelf
      api-ms-win-core-handle-l1-1-0.dll: CloseHandle DuplicateHandle
      api-ms-win-core-processthreads-l1-1-0.dll: OpenProcess GetCurrentProcess ResumeThread`,
  },
  {
    file: 'iumbase.dll',
    count: 35,
    dllName: 'iumbase.dll',
    source: `exports: ${STRONTIC('iumbase.dll-FDB3C7D85D50A51C365EA2ADACAB37B6')} (iumbase.dll 10.0.19041.1 x64, ordinals 1-35); dllName: the file name; imports: APPROXIMATION after ../shared/reference/internals.md §5.3 (iumbase calls into iumdll.dll, the VTL1 ntdll): each Win32-style wrapper imports its Ium* counterpart`,
    exports: `AssignMemoryToSocDomain AwaitSmc CreateSecureDevice CreateSecureSection CreateSecureSectionSpecifyPages
      DecryptData DecryptISKBoundData DmaMapMemory EmitSmc EncryptData FlushSecureSectionBuffers GetDmaEnabler
      GetExposedSecureSection GetFipsModeFromIumKernelState GetSecureIdentityKey GetSecureIdentitySigningKey
      GetSeedFromIumKernelState GetSignedReport GetTaggedData GetTaggedDataSize GetTpmBindingInfo IsSecureProcess
      MapSecureIo OpenCurrentExtension OpenSecureSection PostMailbox ProtectSecureIo QuerySecureDeviceInformation
      SecureStorageGet SecureStoragePut SetDmaTargetProperties SetPolicyExtension UnmapSecureIo UpdateSecureDeviceState
      VbsVmSysCall`,
    imports: `iumdll.dll: IumAssignMemoryToSocDomain IumAwaitSmc IumCreateSecureDevice IumCreateSecureSection
      iumdll.dll: IumCreateSecureSectionSpecifyPages IumCrypto IumDmaMapMemory IumEmitSmc IumFlushSecureSectionBuffers
      iumdll.dll: IumGetDmaEnabler IumGetExposedSecureSection IumGetIdk IumMapSecureIo IumOpenCurrentExtension
      iumdll.dll: IumOpenSecureSection IumPostMailbox IumProtectSecureIo IumQuerySecureDeviceInformation
      iumdll.dll: IumSecureStorageGet IumSecureStoragePut IumSetDmaTargetProperties IumSetPolicyExtension
      iumdll.dll: IumUnmapSecureIo IumUpdateSecureDeviceState
      ntdll.dll: RtlNtStatusToDosError`,
  },
  {
    file: 'iumdll.dll',
    count: 24,
    dllName: 'iumdll.dll',
    source: `exports: ${STRONTIC('iumdll.dll-F32B73AB2F27CB8D1E46479DEDEB60A7')} (iumdll.dll 10.0.19041.1 x64, ordinals 1-24); dllName: the file name; imports: none (APPROXIMATION: the bottom of VTL1 user mode, as ntdll is of VTL0); in the manifest because iumbase.dll imports it`,
    exports: `IumAssignMemoryToSocDomain IumAwaitSmc IumCreateSecureDevice IumCreateSecureSection
      IumCreateSecureSectionSpecifyPages IumCrypto IumDmaMapMemory IumEmitSmc IumFlushSecureSectionBuffers
      IumGetDmaEnabler IumGetExposedSecureSection IumGetIdk IumMapSecureIo IumOpenCurrentExtension IumOpenSecureSection
      IumPostMailbox IumProtectSecureIo IumQuerySecureDeviceInformation IumSecureStorageGet IumSecureStoragePut
      IumSetDmaTargetProperties IumSetPolicyExtension IumUnmapSecureIo IumUpdateSecureDeviceState`,
    imports: '',
  },
  {
    file: 'bcryptprimitives.dll',
    count: 10,
    dllName: 'bcryptprimitives.dll',
    source: `exports: APPROXIMATION — the 11 exports a public listing of a later x64 bcryptprimitives.dll gives (GetAsymmetricEncryptionInterface … ProcessPrngGuid, ordinals by name), less GetKeyEncapsulationInterface (the ML-KEM interface, newer than 22H2); no 19041 listing was found; dllName: the file name; ${APPROX_IMPORTS}`,
    exports: `GetAsymmetricEncryptionInterface GetCipherInterface GetHashInterface GetKeyDerivationInterface GetRngInterface
      GetSecretAgreementInterface GetSignatureInterface MSCryptConvertRsaPrivateBlobToFullRsaBlob ProcessPrng
      ProcessPrngGuid`,
    imports: `ntdll.dll: RtlAllocateHeap RtlFreeHeap NtQuerySystemInformation NtDeviceIoControlFile NtOpenFile NtClose`,
  },
];

/**
 * Programs Wine does not have. Subsystems: smss and csrss are native images (Windows Internals 7,
 * ch. 2: "Smss.exe is a native image"; csrss is started by smss as a native process). The others
 * are Windows GUI images, as Windows' service and shell processes are (APPROXIMATION where no
 * public header dump was found). MsMpEng: "PE32+ executable (GUI)" per the atlas.exfiltrace.com
 * process page.
 */
const HAND_PROGRAMS = [
  {
    file: 'smss.exe',
    path: `${SYSTEM32}smss.exe`,
    subsystem: 'native',
    source: `subsystem native: Windows Internals 7 ch. 2 (the Session Manager is a native application, so it imports ntdll.dll only); imports: APPROXIMATION — the ntdll services its role needs (process creation with RtlCreateUserProcess, the \\SmApiPort LPC port, object directories and symbolic links, the registry)`,
    imports: `ntdll.dll: NtCreateUserProcess RtlCreateUserProcess RtlCreateProcessParametersEx RtlDestroyProcessParameters
      ntdll.dll: NtResumeThread NtWaitForSingleObject NtWaitForMultipleObjects NtTerminateProcess NtClose NtCreateFile
      ntdll.dll: NtOpenFile NtOpenKey NtQueryValueKey NtCreateDirectoryObject NtCreateSymbolicLinkObject NtCreatePort
      ntdll.dll: NtListenPort NtAcceptConnectPort NtCompleteConnectPort NtReplyWaitReceivePort NtRequestWaitReplyPort
      ntdll.dll: NtQuerySystemInformation NtSetInformationProcess RtlAdjustPrivilege RtlInitUnicodeString
      ntdll.dll: RtlAllocateHeap RtlFreeHeap RtlDosPathNameToNtPathName_U RtlNtStatusToDosError`,
  },
  {
    file: 'csrss.exe',
    path: `${SYSTEM32}csrss.exe`,
    subsystem: 'native',
    source: `subsystem native (Windows Internals 7 ch. 2); imports: APPROXIMATION after ReactOS subsystems/win32/csrss/csrss.c — main() sets the hard-error mode and the unhandled-exception filter, calls CSRSRV!CsrServerInitialization and ends its own thread — so CSRSRV.dll and ntdll.dll only`,
    imports: `CSRSRV.dll: CsrServerInitialization CsrUnhandledExceptionFilter
      ntdll.dll: NtSetInformationProcess RtlSetHeapInformation RtlSetUnhandledExceptionFilter NtTerminateThread`,
  },
  {
    file: 'wininit.exe',
    path: `${SYSTEM32}wininit.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (wininit starts services.exe and lsass.exe, then waits on them); kernel32 functions through API set contracts, as Windows 10 system programs import them`,
    imports: `ntdll.dll: NtSetInformationProcess NtQuerySystemInformation RtlAdjustPrivilege RtlNtStatusToDosError
      api-ms-win-core-processthreads-l1-1-0.dll: CreateProcessW GetCurrentProcess ExitProcess TerminateProcess
      api-ms-win-core-synch-l1-2-0.dll: CreateEventW SetEvent WaitForSingleObject WaitForMultipleObjects
      api-ms-win-core-handle-l1-1-0.dll: CloseHandle
      api-ms-win-core-heap-l1-1-0.dll: GetProcessHeap HeapAlloc HeapFree
      api-ms-win-core-registry-l1-1-0.dll: RegOpenKeyExW RegQueryValueExW RegCloseKey
      advapi32.dll: OpenProcessToken AdjustTokenPrivileges`,
  },
  {
    file: 'winlogon.exe',
    path: `${SYSTEM32}winlogon.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (winlogon creates WinSta0 and its desktops and starts userinit.exe as the user)`,
    imports: `user32.dll: CreateWindowStationW SetProcessWindowStation CreateDesktopW SwitchDesktop SetThreadDesktop
      advapi32.dll: CreateProcessAsUserW OpenProcessToken DuplicateTokenEx ImpersonateLoggedOnUser RevertToSelf
      userenv.dll: CreateEnvironmentBlock DestroyEnvironmentBlock LoadUserProfileW
      api-ms-win-core-processthreads-l1-1-0.dll: CreateProcessW GetCurrentProcess ExitProcess
      api-ms-win-core-synch-l1-2-0.dll: CreateEventW SetEvent WaitForSingleObject
      api-ms-win-core-handle-l1-1-0.dll: CloseHandle
      ntdll.dll: NtSetInformationProcess RtlAdjustPrivilege`,
  },
  {
    file: 'lsass.exe',
    path: `${SYSTEM32}lsass.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS}: lsass.exe is a thin host whose main calls LSASRV!LsapCheckBootMode, ServiceInit and LsapInitLsa (names in lsasrv's export list, ${STRONTIC('lsasrv.dll-E862003AEA8C3463F72D7225D1DFBCF0')}); SAMSRV.dll (SamIInitialize) is left out: samsrv.dll is not in this manifest`,
    imports: `LSASRV.dll: LsapCheckBootMode ServiceInit LsapInitLsa
      ntdll.dll: NtSetInformationProcess RtlSetHeapInformation RtlNtStatusToDosError
      api-ms-win-core-synch-l1-2-0.dll: CreateEventW WaitForSingleObject
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess GetCurrentProcess`,
  },
  {
    file: 'userinit.exe',
    path: `${SYSTEM32}userinit.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (userinit runs logon scripts and starts the shell named by Winlogon\\Shell)`,
    imports: `shell32.dll: ShellExecuteExW
      advapi32.dll: RegOpenKeyExW RegQueryValueExW RegCloseKey
      api-ms-win-core-processthreads-l1-1-0.dll: CreateProcessW ExitProcess
      api-ms-win-core-processenvironment-l1-1-0.dll: ExpandEnvironmentStringsW GetEnvironmentVariableW
      api-ms-win-core-handle-l1-1-0.dll: CloseHandle`,
  },
  {
    file: 'LsaIso.exe',
    path: `${SYSTEM32}LsaIso.exe`,
    subsystem: 'windows',
    trustletPolicy: { trustletId: 1, policies: { etw: true, debug: false, crashDump: true } },
    source: `trustlet policy: ../shared/reference/internals.md §5.2 (trustlet ID 1, Credential Guard: ETW allowed, debugging disabled, crash dumps allowed); signature §5.3; imports: APPROXIMATION restricted to the DLLs a trustlet may import (§5.3: ntdll, kernelbase, advapi32, rpcrt4, bcryptprimitives, the C runtime, iumbase), kernelbase reached through API set contracts; subsystem: APPROXIMATION`,
    imports: `iumbase.dll: EncryptData DecryptData GetSecureIdentityKey IsSecureProcess
      bcryptprimitives.dll: ProcessPrng GetHashInterface GetCipherInterface
      rpcrt4.dll: RpcServerRegisterIf RpcServerUseProtseqEpW RpcServerListen
      ntdll.dll: RtlAllocateHeap RtlFreeHeap RtlInitUnicodeString EtwEventWrite
      msvcrt.dll: memcpy memset
      api-ms-win-core-synch-l1-2-0.dll: InitializeCriticalSection EnterCriticalSection LeaveCriticalSection
      api-ms-win-core-heap-l1-1-0.dll: GetProcessHeap`,
  },
  {
    file: 'MsMpEng.exe',
    path: 'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.2211.5-0\\MsMpEng.exe',
    subsystem: 'windows',
    source: `path: Defender's monthly platform updates (KB4052623, versions 4.18.YYMM.x; Microsoft Learn "Microsoft Defender Antivirus security intelligence and product updates") install to C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\<version>-0\\MsMpEng.exe (atlas.exfiltrace.com and anavem.com process pages); 4.18.2211.5 (4.18.YYMM: the November 2022 platform, shipped to 22H2 machines around the turn of 2023) is one public write-ups quote with this exact folder; subsystem GUI per atlas.exfiltrace.com ("PE32+ executable (GUI)"); signature: Antimalware-Light (internals.md §4.1); ${APPROX_IMPORTS} (a service process; the engine DLLs it loads are not in this manifest)`,
    imports: `advapi32.dll: StartServiceCtrlDispatcherW RegisterServiceCtrlHandlerExW SetServiceStatus
      api-ms-win-core-libraryloader-l1-2-0.dll: LoadLibraryExW GetProcAddress FreeLibrary
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess GetCurrentProcess
      api-ms-win-core-synch-l1-2-0.dll: CreateEventW WaitForSingleObject
      ntdll.dll: RtlNtStatusToDosError`,
  },
  {
    file: 'fontdrvhost.exe',
    path: `${SYSTEM32}fontdrvhost.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (the user-mode font driver host)`,
    imports: `gdi32.dll: CreateFontIndirectW DeleteObject
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess
      api-ms-win-core-synch-l1-2-0.dll: WaitForSingleObject
      ntdll.dll: RtlAllocateHeap RtlFreeHeap`,
  },
  {
    file: 'dwm.exe',
    path: `${SYSTEM32}dwm.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (the Desktop Window Manager)`,
    imports: `user32.dll: CreateWindowExW DefWindowProcW GetMessageW DispatchMessageW RegisterClassExW
      gdi32.dll: CreateCompatibleDC DeleteDC
      combase.dll: CoInitializeEx CoUninitialize
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess`,
  },
  {
    file: 'sihost.exe',
    path: `${SYSTEM32}sihost.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (the Shell Infrastructure Host)`,
    imports: `user32.dll: GetMessageW DispatchMessageW
      combase.dll: CoInitializeEx CoUninitialize CoCreateInstance
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess`,
  },
  {
    file: 'taskhostw.exe',
    path: `${SYSTEM32}taskhostw.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (the host of scheduled-task DLLs)`,
    imports: `combase.dll: CoInitializeEx CoUninitialize CoCreateInstance
      api-ms-win-core-libraryloader-l1-2-0.dll: LoadLibraryExW GetProcAddress
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess`,
  },
  {
    file: 'RuntimeBroker.exe',
    path: `${SYSTEM32}RuntimeBroker.exe`,
    subsystem: 'windows',
    source: `${APPROX_IMPORTS} (the broker of WinRT permissions for packaged apps)`,
    imports: `combase.dll: CoInitializeEx CoUninitialize CoRegisterClassObject
      advapi32.dll: OpenProcessToken GetTokenInformation
      api-ms-win-core-processthreads-l1-1-0.dll: ExitProcess`,
  },
];

/**
 * API set contracts the manifest imports that Wine's schema lacks, with the host Windows uses
 * (cite Microsoft Learn's API set pages), in the syntax of ../apiset-list.ts. Empty today: every
 * contract the tables above import is in Wine's schema, and verify() fails on any that is not.
 */
const EXTRA_CONTRACTS = [];

// ---------------------------------------------------------------------------------------------

function wineVersion() {
  const out = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'wine64'], { encoding: 'utf8' });
  return out.trim();
}

function openWine(file) {
  return PeImage.open(new Uint8Array(readFileSync(join(WINE_DIR, file))));
}

const lower = (s) => s.toLowerCase();
const isApiSet = (dll) => /^(api|ext)-/i.test(dll);
const words = (text) => text.split(/\s+/).filter(Boolean);
const SUBSYSTEMS = { WINDOWS_CUI: 'console', WINDOWS_GUI: 'windows', NATIVE: 'native' };

function importsFrom(image, dropped) {
  const out = [];
  for (const d of readImports(image)) {
    const dll = lower(d.dll);
    if (WINE_ONLY_DLLS.has(dll)) {
      dropped.dlls.add(d.dll);
      continue;
    }
    const fns = [];
    for (const f of d.functions) {
      if ('ordinal' in f) fns.push(`#${f.ordinal}`);
      else if (isWineOnlyExport(f.name)) dropped.functions.push(`${d.dll}!${f.name}`);
      else fns.push(f.name);
    }
    if (fns.length) out.push({ dll: d.dll, fns });
  }
  return out;
}

/** Wine's exports as manifest lines, with explicit ordinals from the first gap on. */
function exportsFrom(image, dropped) {
  const dir = readExports(image);
  if (!dir) return { dllName: null, lines: [] };
  const funcs = dir.functions.filter((f) => {
    if (f.name !== null && isWineOnlyExport(f.name)) {
      dropped.exports.push(f.name);
      return false;
    }
    return true;
  });
  return { dllName: dir.dllName, lines: exportLines(funcs) };
}

/**
 * normalizePeSpec gives explicit ordinals first and the rest the lowest free ones in order, so the
 * exports listed by ordinal keep implicit ordinals while they run 1, 2, 3 … and are explicit after.
 */
function exportLines(funcs) {
  const lines = [];
  let next = 1;
  let implicit = true;
  for (const f of [...funcs].sort((a, b) => a.ordinal - b.ordinal)) {
    implicit = implicit && f.ordinal === next;
    next++;
    const parts = [];
    if (f.name !== null) parts.push(f.name);
    if (!implicit || f.name === null) parts.push(`#${f.ordinal}`);
    let line = parts.join(' ');
    if (f.forwarder) line += ` -> ${f.forwarder}`;
    lines.push(line);
  }
  return lines;
}

function subsystemOf(image) {
  const name = Object.entries({ 1: 'NATIVE', 2: 'WINDOWS_GUI', 3: 'WINDOWS_CUI' }).find(
    ([n]) => Number(n) === image.optionalHeader.Subsystem,
  )?.[1];
  const s = SUBSYSTEMS[name];
  if (!s) throw new Error(`unexpected subsystem ${image.optionalHeader.Subsystem}`);
  return s;
}

function parseImportsText(text) {
  const out = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const colon = t.indexOf(':');
    const dll = t.slice(0, colon).trim();
    const fns = words(t.slice(colon + 1));
    const prev = out.find((e) => e.dll === dll);
    if (prev) prev.fns.push(...fns);
    else out.push({ dll, fns });
  }
  return out;
}

function droppedNote(dropped) {
  const notes = [];
  if (dropped.dlls.size)
    notes.push(
      `imports of ${[...dropped.dlls].join(', ')} dropped (a Wine-only DLL: Debian links Wine against the system zlib; Windows has none)`,
    );
  if (dropped.functions.length)
    notes.push(
      `${dropped.functions.length} imports of Wine-only functions dropped (${dropped.functions.join(' ')})`,
    );
  if (dropped.exports.length)
    notes.push(`${dropped.exports.length} Wine-only exports dropped (${dropped.exports.join(' ')})`);
  return notes.length ? `; ${notes.join('; ')}` : '';
}

// ---------------------------------------------------------------------------------------------

function collect() {
  const version = wineVersion();
  const wineSource = (file) =>
    `exports and imports: Debian wine64 ${version} x86_64-windows/${file}, read with ntsim's PE reader`;
  const entries = [];
  const queue = [...SEED_DLLS];
  const seen = new Set();
  const enqueue = (dll) => {
    const l = lower(dll);
    if (!seen.has(l) && !WINE_ONLY_DLLS.has(l) && !isApiSet(l)) queue.push(l);
  };

  const wineEntry = (file, path, kind, subsystemOverride, extraSource) => {
    const image = openWine(file);
    const dropped = { dlls: new Set(), functions: [], exports: [] };
    const imports = importsFrom(image, dropped);
    const delayImports = readDelayImports(image).map((d) => ({
      dll: d.dll,
      fns: d.functions.map((f) => ('ordinal' in f ? `#${f.ordinal}` : f.name)),
    }));
    const { dllName, lines } = exportsFrom(image, dropped);
    const wineSubsystem = subsystemOf(image);
    const subsystem = subsystemOverride ?? wineSubsystem;
    let source = wineSource(file) + droppedNote(dropped);
    if (kind === 'dll')
      source +=
        '; Windows 10 imports api-ms-win-* contracts where Wine names kernelbase/ntdll directly: the lists are Wine’s';
    if (subsystem !== wineSubsystem)
      source += `; subsystem ${subsystem} is the Windows binary's (Wine builds it as ${wineSubsystem})`;
    if (extraSource) source += `; ${extraSource}`;
    for (const i of imports) enqueue(i.dll);
    for (const i of delayImports) enqueue(i.dll);
    return { file, path, kind, subsystem, dllName, exports: lines, imports, delayImports, source };
  };

  for (const p of WINE_PROGRAMS) {
    entries.push(
      wineEntry(
        p.file,
        p.path,
        'exe',
        p.subsystem,
        `the program: ${p.role}; signature: ${signatureNote(p.file)}`,
      ),
    );
  }
  while (queue.length) {
    const dll = queue.shift();
    if (seen.has(dll)) continue;
    seen.add(dll);
    if (HAND_DLLS.some((h) => h.file === dll)) continue;
    entries.push(wineEntry(dll, SYSTEM32 + dll, 'dll', null, null));
  }
  for (const h of HAND_DLLS) {
    // The listings give ordinals 1..count: a miscount here is a mistyped list.
    if (words(h.exports).length !== h.count)
      throw new Error(`${h.file}: ${words(h.exports).length} exports listed, the source has ${h.count}`);
    entries.push({
      file: h.file,
      path: SYSTEM32 + h.file,
      kind: 'dll',
      subsystem: 'console',
      dllName: h.dllName,
      exports: exportLines(words(h.exports).map((name, i) => ({ name, ordinal: i + 1, forwarder: null }))),
      imports: parseImportsText(h.imports),
      delayImports: [],
      source: `${h.source}; subsystem console (Windows CUI), as Windows' system DLLs are built; signature: Windows`,
    });
  }
  for (const p of HAND_PROGRAMS) {
    entries.push({
      file: p.file,
      path: p.path,
      kind: 'exe',
      subsystem: p.subsystem,
      dllName: p.file,
      exports: [],
      imports: parseImportsText(p.imports),
      delayImports: [],
      trustletPolicy: p.trustletPolicy,
      source: `${p.source}; signature: ${signatureNote(p.file)}`,
    });
  }

  // apisetschema.dll: Wine's contracts, plus the extras above.
  const wineSchema = readApiSetSchema(openWine('apisetschema.dll'));
  const contracts = wineSchema.contracts.map((c) => ({
    name: c.name,
    hosts: c.hosts.filter((h) => h.host !== '' || h.importer !== null),
  }));
  for (const line of EXTRA_CONTRACTS) {
    // The syntax of ../apiset-list.ts: `name [host] [importer=host …]`.
    const [name, ...rest] = words(line);
    const hosts = rest.map((w) =>
      w.includes('=')
        ? { importer: w.slice(0, w.indexOf('=')), host: w.slice(w.indexOf('=') + 1) }
        : { importer: null, host: w },
    );
    contracts.push({ name, hosts });
  }
  entries.push({
    file: 'apisetschema.dll',
    path: `${SYSTEM32}apisetschema.dll`,
    kind: 'dll',
    subsystem: subsystemOf(openWine('apisetschema.dll')),
    dllName: null,
    exports: [],
    imports: [],
    delayImports: [],
    contracts,
    extraCount: EXTRA_CONTRACTS.length,
    source: `contracts: Debian wine64 ${version} x86_64-windows/apisetschema.dll (schema v6, ${wineSchema.contracts.length} contracts), read with ntsim's readApiSetSchema${EXTRA_CONTRACTS.length ? `, plus ${EXTRA_CONTRACTS.length} contracts it lacks (listed last, each with its Microsoft Learn source)` : '; every contract the manifest imports is in it'}`,
  });
  return { version, entries };
}

function signatureNote(file) {
  const key = PROGRAM_SIGNATURE[file] ?? 'windows';
  return {
    windows: 'Windows',
    wintcb: 'WinTcb-Light (internals.md §4.1, itm4n 2021)',
    lsa: 'Lsa-Light when RunAsPPL is set (internals.md §4.1)',
    antimalware: 'Antimalware-Light (internals.md §4.1)',
    ium: 'Windows with the IUM EKU (internals.md §5.3)',
  }[key];
}

// ---------------------------------------------------------------------------------------------
// The closure check: every import resolves to an export of a file in the manifest.

function verify(entries) {
  const byName = new Map(entries.map((e) => [lower(e.file), e]));
  const schemaEntry = entries.find((e) => e.file === 'apisetschema.dll');
  const schema = parseApiSetSchema(buildApiSetSchema(schemaEntry.contracts));
  const exportsOf = new Map();
  for (const e of entries) {
    const names = new Map();
    const ordinals = new Set();
    let next = 1;
    for (const line of e.exports) {
      const [left, fwd] = line.split(' -> ');
      const parts = words(left);
      const ord = parts.find((p) => p.startsWith('#'));
      const name = parts.find((p) => !p.startsWith('#'));
      const ordinal = ord ? Number(ord.slice(1)) : next;
      next = ordinal + 1;
      ordinals.add(ordinal);
      if (name) names.set(name, fwd ?? null);
    }
    exportsOf.set(lower(e.file), { names, ordinals });
  }
  const target = (dll, importer) => {
    let name = lower(dll);
    if (isApiSet(name)) {
      const r = resolveApiSet(schema, name.replace(/\.dll$/, ''), importer);
      if (r.host === null) return { error: `${dll}: API set not resolved (0x${r.status.toString(16)})` };
      name = lower(r.host);
    }
    if (!name.includes('.')) name += '.dll';
    if (!byName.has(name)) return { error: `${dll}: not in the manifest` };
    return { name };
  };
  const misses = [];
  let checked = 0;
  const resolve = (dll, fn, importer, depth) => {
    const t = target(dll, importer);
    if (t.error) return t.error;
    const ex = exportsOf.get(t.name);
    if (fn.startsWith('#'))
      return ex.ordinals.has(Number(fn.slice(1))) ? null : `${t.name}!${fn}: no such ordinal`;
    if (!ex.names.has(fn)) return `${t.name}!${fn}: not exported`;
    const fwd = ex.names.get(fn);
    if (fwd && depth < 8) {
      const f = parseForwarder(fwd);
      return resolve(f.dll, f.name ?? `#${f.ordinal}`, t.name, depth + 1);
    }
    return null;
  };
  for (const e of entries)
    for (const { dll, fns } of [...e.imports, ...e.delayImports])
      for (const fn of fns) {
        checked++;
        const err = resolve(dll, fn, lower(e.file), 0);
        if (err) misses.push(`${e.file} imports ${dll}!${fn} → ${err}`);
      }
  return { misses, checked };
}

// ---------------------------------------------------------------------------------------------
// Output.

const moduleName = (file) => file.replace(/\./g, '_').replace(/-/g, '_').toUpperCase();

function templateText(lines) {
  for (const l of lines)
    if (/[`\\]|\$\{/.test(l)) throw new Error(`line ${JSON.stringify(l)} cannot go into a template literal`);
  return lines.join('\n');
}

/** `dll: f1 f2 …` lines of at most ~110 characters (importList merges repeated DLL lines). */
function importText(imports) {
  const lines = [];
  for (const { dll, fns } of imports) {
    let line = `${dll}:`;
    for (const fn of fns) {
      if (line.length + fn.length + 1 > 110 && line !== `${dll}:`) {
        lines.push(line);
        line = `${dll}:`;
      }
      line += ` ${fn}`;
    }
    lines.push(line);
  }
  return templateText(lines);
}

function contractText(contracts, extraCount) {
  const line = (c) =>
    [c.name, ...c.hosts.map((h) => (h.importer === null ? h.host : `${h.importer}=${h.host}`))].join(' ');
  const wine = contracts.slice(0, contracts.length - extraCount).map(line);
  const extras = EXTRA_CONTRACTS.length ? ['; Not in Wine’s schema:', ...EXTRA_CONTRACTS] : [];
  return templateText([...wine, ...extras]);
}

function renderModule(e) {
  const constName = moduleName(e.file);
  const sigKey = PROGRAM_SIGNATURE[e.file] ?? 'windows';
  const usesApiSet = !!e.contracts;
  const helpers = [
    e.exports.length ? 'exportList' : null,
    e.imports.length || e.delayImports.length ? 'importList' : null,
  ].filter(Boolean);
  const out = [];
  out.push('// Generated by scripts/gen/win10-manifest.mjs from the sources named in `source`: do not edit.');
  out.push(
    `import { ${[...helpers, 'lazyManifest'].join(', ')}, type ManifestFile } from '../../manifest.js';`,
  );
  if (usesApiSet) out.push("import { apiSetList } from '../apiset-list.js';");
  out.push(`import { ${SIGNATURES[sigKey]} } from '../signatures.js';`);
  out.push('');
  // lazyManifest: the lists are parsed when the file is first synthesized, not when the image loads.
  out.push(`export const ${constName}: ManifestFile = lazyManifest({`);
  out.push(`  path: ${JSON.stringify(e.path)},`);
  out.push(`  source: ${JSON.stringify(e.source)},`);
  out.push('  pe: () => ({');
  out.push(`    kind: '${e.kind}',`);
  out.push("    machine: 'AMD64',");
  out.push(`    subsystem: '${e.subsystem}',`);
  if (e.dllName && e.kind === 'dll') out.push(`    dllName: ${JSON.stringify(e.dllName)},`);
  out.push(`    signature: ${SIGNATURES[sigKey]},`);
  if (e.trustletPolicy) out.push(`    trustletPolicy: ${JSON.stringify(e.trustletPolicy)},`);
  if (e.imports.length) out.push(`    imports: importList(\`\n${importText(e.imports)}\n\`),`);
  if (e.delayImports.length) out.push(`    delayImports: importList(\`\n${importText(e.delayImports)}\n\`),`);
  if (e.exports.length) out.push(`    exports: exportList(\`\n${templateText(e.exports)}\n\`),`);
  if (usesApiSet)
    out.push(`    apiSetSchema: apiSetList(\`\n${contractText(e.contracts, e.extraCount)}\n\`),`);
  out.push('  }),');
  out.push('});');
  out.push('');
  return out.join('\n');
}

function renderIndex(entries) {
  const sorted = [...entries].sort((a, b) => (lower(a.path) < lower(b.path) ? -1 : 1));
  const out = ['// Generated by scripts/gen/win10-manifest.mjs: do not edit.'];
  out.push("import type { ManifestFile } from '../../manifest.js';");
  for (const e of sorted) out.push(`import { ${moduleName(e.file)} } from './${e.file}.js';`);
  out.push('');
  out.push('/** Every file of the image, sorted by path. */');
  out.push('export const MANIFEST_FILES: readonly ManifestFile[] = [');
  for (const e of sorted) out.push(`  ${moduleName(e.file)},`);
  out.push('];');
  out.push('');
  return out.join('\n');
}

function main() {
  const { version, entries } = collect();
  const { misses, checked } = verify(entries);
  if (misses.length) {
    console.error(`${misses.length} imports do not resolve:\n${misses.join('\n')}`);
    process.exitCode = 1;
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  for (const f of readdirSync(OUT_DIR)) if (f.endsWith('.ts')) rmSync(join(OUT_DIR, f));
  for (const e of entries) writeFileSync(join(OUT_DIR, `${e.file}.ts`), renderModule(e));
  writeFileSync(join(OUT_DIR, 'index.ts'), renderIndex(entries));
  // The house format, so a regenerated tree diffs only where the facts changed.
  execFileSync(PRETTIER, ['--write', '--log-level', 'warn', OUT_DIR], { stdio: 'inherit' });
  const exportsTotal = entries.reduce((n, e) => n + e.exports.length, 0);
  console.log(
    `wine64 ${version}: ${entries.length} files, ${exportsTotal} exports, ${checked} imports resolved → ${OUT_DIR}`,
  );
}

main();
