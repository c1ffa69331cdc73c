import { ModelError, type Clock, type Trace } from '../../base/index.js';
import type { CmRegistry } from '../cm/index.js';
import { IoFileObjectTypeInfo } from '../io/index.js';
import {
  ObCreateObjectType,
  ObDereferenceObject,
  type ObjectHeader,
  type ObjectManager,
  type ObjectTypeObject,
} from '../ob/index.js';
import type { MmSystem, Section } from '../mm/index.js';
import {
  MmpSectionMapping,
  CmpKeyMapping,
  KEY_ALL_ACCESS,
  PROCESS_ALL_ACCESS,
  PspProcessMapping,
  PspThreadMapping,
  SECTION_ALL_ACCESS,
  SepTokenMapping,
  THREAD_ALL_ACCESS,
  TOKEN_ALL_ACCESS,
  type KPROCESSOR_MODE,
  type LuidAllocator,
  type SeCatalog,
  type TOKEN,
} from '../se/index.js';
import { CidTable } from './cid-table.js';
import { DbgkDebugObjectMapping, DEBUG_ALL_ACCESS, type DEBUG_OBJECT } from './debug-object.js';
import { DbgkpCloseObject } from './debug-services.js';
import { PspJobMapping, PspRemoveProcessFromJob, JOB_OBJECT_ALL_ACCESS } from './job.js';
import { PsNotifyRoutines } from './notify.js';
import { PspDeleteSecureProcess } from './secure-process.js';
import type { SecureKernel } from '../sk/index.js';
import type { EPROCESS, ETHREAD } from './objects.js';
import {
  PspCheckForInvalidAccessByProtection,
  PspCheckProtectedProcessCreation,
  PspProtectedOpenProcedure,
  type PsProtectedAccessCheck,
  type PsProtectedCreationCheck,
} from './protection.js';

/** The OpenProcedure's arguments (kernel/ob ObjectType.open) for a body type. */
type PsOpenProcedureInfo<T> = {
  accessMode: KPROCESSOR_MODE;
  process: unknown;
  object: T;
  grantedAccess: number;
};

/** What the process manager needs from the rest of the kernel. */
export interface PsDependencies {
  ob: ObjectManager;
  mm: MmSystem;
  luids: LuidAllocator;
  registry: CmRegistry;
  clock: Clock;
  trace: Trace;
  /** The API set schema every new process maps (PEB.ApiSetMap); null when the machine has none. */
  apiSetSchema: Uint8Array | null;
}

/**
 * The process manager's global state: the Process and Thread object types (and, until kernel/se and
 * kernel/mm register their own, the Token and Section types), PspCidTable, PsActiveProcessHead
 * (creation order) and the notify routines.
 */
export class PsSystem {
  readonly processType: ObjectTypeObject;
  readonly threadType: ObjectTypeObject;
  /** SeTokenObjectType: tokens as objects, so processes can hold token handles. */
  readonly tokenType: ObjectTypeObject;
  /** MmSectionObjectType: sections as objects, so NtCreateProcessEx can take a section handle. */
  readonly sectionType: ObjectTypeObject;
  /** CmKeyObjectType: registry keys opened with NtOpenKey. */
  readonly keyType: ObjectTypeObject;
  /** PsJobType: job objects (PspInitPhase0 creates it with Process and Thread). */
  readonly jobType: ObjectTypeObject;
  /** DbgkDebugObjectType: the debug objects of user-mode debuggers (DbgkInitialize). */
  readonly debugObjectType: ObjectTypeObject;
  /** IoFileObjectType: file objects (IopCreateObjectTypes), for NtOpenFile and file-backed sections. */
  readonly fileType: ObjectTypeObject;
  readonly cid = new CidTable<EPROCESS | ETHREAD>();
  /** PsActiveProcessHead: live processes in the order they were inserted. */
  readonly activeProcesses: EPROCESS[] = [];
  readonly notify = new PsNotifyRoutines();
  systemProcess: EPROCESS | null = null;
  /** Each TOKEN's object (a token gets one header, the first time it is made an object). */
  readonly tokenObjects = new WeakMap<TOKEN, ObjectHeader<TOKEN>>();
  /** TOKEN.TokenInUse: primary tokens assigned to a process that has not been deleted. */
  readonly tokensInUse = new WeakSet<TOKEN>();
  /**
   * The file a section was made from (ControlArea → FilePointer → FileName), as its opener named it:
   * the load-image notify routines get it, NtQueryVirtualMemory resolves it to the device path.
   */
  readonly sectionFileNames = new WeakMap<Section, string>();
  /**
   * Where PP/PPL protection cuts the rights of an open (PspCheckForInvalidAccessByProtection calling
   * RtlTestProtectedAccess; protection.ts).
   */
  checkForInvalidAccessByProtection: PsProtectedAccessCheck = PspCheckForInvalidAccessByProtection;
  /** Whether a process may be created at a PS_PROTECTION level (PspValidateCreateProcessProtection). */
  checkProtectedProcessCreation: PsProtectedCreationCheck = PspCheckProtectedProcessCreation;
  /**
   * The machine's code-integrity catalog (system files without an embedded signature); null: none,
   * such files are unsigned. The composition root (src/system) installs the machine's.
   */
  codeIntegrityCatalog: SeCatalog | null = null;
  /**
   * Virtualization-based security (VslVsmEnabled): set with the machine setting `vbs`; without it
   * PsAttributeSecureProcess is STATUS_NOT_SUPPORTED (kernel/sk SK_STATUS.VSM_OFF).
   */
  vbsEnabled = false;
  /**
   * The secure kernel (VTL1) when the machine runs with VBS (Kernel's `vbs` option): it validates and
   * hosts trustlets (kernel/sk; kernel/ps secure-process.ts). Null without VSM.
   */
  secureKernel: SecureKernel | null = null;

  constructor(readonly deps: PsDependencies) {
    // PspInitPhase0 creates the Process and Thread types (Windows Internals 7 ch. 3); SeTokenObjectType
    // comes from SepInitializeTokenImplementation and MmSectionObjectType from MiSectionInitialization.
    const free = (cid: number): void => {
      if (cid && this.cid.lookup(cid)) this.cid.destroy(cid);
    };
    const make = (
      name: string,
      validAccessMask: number,
      genericMapping: unknown,
      remove?: (body: never) => void,
      bodySize?: number,
      open?: (info: never) => number,
    ): ObjectTypeObject => {
      const r = ObCreateObjectType(deps.ob, {
        name,
        validAccessMask,
        genericMapping,
        ...(remove ? { delete: remove } : {}),
        ...(bodySize ? { bodySize } : {}),
        ...(open ? { open } : {}),
      } as never);
      if (!r.type) throw new ModelError('ps.types', `ObCreateObjectType(${name}) failed: ${r.status}`);
      return r.type;
    };
    // PspProcessDelete: the CID goes, and the process's reference to its primary token.
    this.processType = make(
      'Process',
      PROCESS_ALL_ACCESS,
      PspProcessMapping,
      (p: EPROCESS) => {
        free(p.UniqueProcessId);
        // PspProcessDelete → DbgkClearProcessDebugObject: the process's reference to its debug port.
        const port = p.DebugPort;
        p.DebugPort = null;
        if (port?.header && !port.header.deleted) ObDereferenceObject(deps.ob, port.header);
        PspRemoveProcessFromJob(this, p);
        PspDeleteSecureProcess(this, p);
        this.releaseProcessToken(p);
        // The body is the whole EPROCESS (0xa40, reference §1.2): `dt nt!_EPROCESS <addr>` in the
        // console never runs into the next pool allocation.
      },
      0xa40,
      // PspProcessOpen / PspThreadOpen: PP/PPL protection refuses handles with denied rights.
      (i: PsOpenProcedureInfo<EPROCESS>) =>
        PspProtectedOpenProcedure(
          i.accessMode,
          i.process as EPROCESS | null,
          i.object,
          'Process',
          i.grantedAccess,
          deps.trace,
        ),
    );
    // PspThreadDelete: the TID goes. The body is the whole ETHREAD (0x898, reference §1.5).
    this.threadType = make(
      'Thread',
      THREAD_ALL_ACCESS,
      PspThreadMapping,
      (t: ETHREAD) => free(t.Cid.UniqueThread),
      0x898,
      (i: PsOpenProcedureInfo<ETHREAD>) =>
        PspProtectedOpenProcedure(
          i.accessMode,
          i.process as EPROCESS | null,
          i.object.process,
          'Thread',
          i.grantedAccess,
          deps.trace,
        ),
    );
    this.tokenType = make('Token', TOKEN_ALL_ACCESS, SepTokenMapping, (t: TOKEN) => {
      this.tokenObjects.delete(t);
    });
    this.sectionType = make('Section', SECTION_ALL_ACCESS, MmpSectionMapping);
    // The body is the whole EJOB (0x640, reference §9), so `dt nt!_EJOB` of a silo stays in it.
    this.jobType = make('Job', JOB_OBJECT_ALL_ACCESS, PspJobMapping, undefined, 0x640);
    // CmpKeyObjectType (CmpCreateObjectTypes): registry keys as handle-able objects for NtOpenKey.
    this.keyType = make('Key', KEY_ALL_ACCESS, CmpKeyMapping);
    // DbgkInitialize: DbgkDebugObjectType, whose CloseProcedure detaches (or kills) the debuggees
    // when the debugger's last handle goes.
    const debug = ObCreateObjectType<DEBUG_OBJECT>(deps.ob, {
      name: 'DebugObject',
      validAccessMask: DEBUG_ALL_ACCESS,
      genericMapping: DbgkDebugObjectMapping,
      close: (info) => DbgkpCloseObject(this, info.object, info.systemHandleCount),
    });
    if (!debug.type)
      throw new ModelError('ps.types', `ObCreateObjectType(DebugObject) failed: ${debug.status}`);
    this.debugObjectType = debug.type;
    const file = ObCreateObjectType(deps.ob, IoFileObjectTypeInfo);
    if (!file.type) throw new ModelError('ps.types', `ObCreateObjectType(File) failed: ${file.status}`);
    this.fileType = file.type;
  }

  /** SeDeassignPrimaryToken at process deletion: the token is no longer in use, its reference goes. */
  private releaseProcessToken(process: EPROCESS): void {
    const token = process.Token;
    if (!token) return;
    this.tokensInUse.delete(token);
    const header = this.tokenObjects.get(token);
    if (header && !header.deleted) ObDereferenceObject(this.deps.ob, header);
  }
}
