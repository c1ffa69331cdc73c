import { STATUS, type NTSTATUS, type Trace } from '../../base/index.js';
import type { SeImageSignature } from '../se/index.js';
import type { SkTrustletPolicies, SkValidatedTrustlet } from './policy.js';

/** The secure kernel's record of one trustlet (its VTL1 process). */
export interface SkSecureProcess {
  /**
   * KPROCESS.SecureState.SecureHandle on the NT side (internals.md §1.1 @0x3e0): opaque to NT; bit 0
   * (Flags.SecureProcess) is set, bit 1 (Flags.Unused) clear. The model puts the secure kernel's own
   * process id above those bits.
   */
  readonly SecureHandle: bigint;
  /** The secure kernel's id for the process (its VTL1 process table), distinct from the NT PID. */
  readonly SecurePid: number;
  /** The trustlet ID (the policy's ApplicationId, internals.md §5.1–5.2). */
  readonly TrustletId: bigint;
  /** The image it runs (EPROCESS.ImageFileName of its VTL0 shadow). */
  readonly ImageName: string;
  readonly policies: SkTrustletPolicies;
  /** Code integrity's verdict on its image (signer, EKUs). */
  readonly signature: SeImageSignature;
  /** KTHREAD.SecureThreadCookie of each of its threads, by NT thread id. */
  readonly threadCookies: Map<number, number>;
}

/**
 * The secure kernel (securekernel.exe, VTL1) as the NT kernel sees it: the calls NT makes into it
 * for trustlets (Vsl* in ntoskrnl: VslCreateSecureProcess, VslCreateSecureThread,
 * VslDeleteSecureProcess) and the table of secure processes it keeps. Present only when the machine
 * runs with virtualization-based security (VslVsmEnabled; internals.md §7 on "Secure System").
 */
export class SecureKernel {
  private readonly processes = new Map<bigint, SkSecureProcess>();
  private nextSecurePid = 4;
  private nextThreadCookie = 1;

  constructor(readonly deps: { trace: Trace }) {}

  /**
   * VslCreateSecureProcess: the VTL1 side of a trustlet, once NT has its EPROCESS (before its CID:
   * the secure kernel keeps its own ids). The image was checked by SkValidateTrustletImage before
   * anything was made.
   */
  VslCreateSecureProcess(
    trustlet: SkValidatedTrustlet,
    o: { ImageName: string },
  ): { status: NTSTATUS; secure?: SkSecureProcess } {
    return this.deps.trace.call(
      {
        layer: 'securekernel',
        module: 'securekernel',
        fn: 'VslCreateSecureProcess',
        channel: 'sk',
        args: { TrustletId: Number(trustlet.TrustletId), ImageName: o.ImageName },
      },
      () => {
        const SecurePid = this.nextSecurePid;
        this.nextSecurePid += 4;
        const secure: SkSecureProcess = {
          SecureHandle: (BigInt(SecurePid) << 2n) | 1n,
          SecurePid,
          TrustletId: trustlet.TrustletId,
          ImageName: o.ImageName,
          policies: trustlet.policies,
          signature: trustlet.signature,
          threadCookies: new Map(),
        };
        this.processes.set(secure.SecureHandle, secure);
        return {
          status: STATUS.SUCCESS,
          value: { status: STATUS.SUCCESS, secure },
          result: { SecureHandle: `0x${secure.SecureHandle.toString(16)}`, SecurePid },
        };
      },
    ).value!;
  }

  /** VslCreateSecureThread: a thread of a secure process gets its SecureThreadCookie (non-zero). */
  VslCreateSecureThread(SecureHandle: bigint, ThreadId: number): { status: NTSTATUS; cookie?: number } {
    const secure = this.processes.get(SecureHandle);
    if (!secure) return { status: STATUS.INVALID_HANDLE };
    const cookie = this.nextThreadCookie++;
    secure.threadCookies.set(ThreadId, cookie);
    return { status: STATUS.SUCCESS, cookie };
  }

  /** VslDeleteSecureProcess: the VTL1 side goes with the NT process object (or a failed creation). */
  VslDeleteSecureProcess(SecureHandle: bigint): void {
    this.processes.delete(SecureHandle);
  }

  /** The secure process behind a SecureHandle, or null. */
  lookup(SecureHandle: bigint): SkSecureProcess | null {
    return this.processes.get(SecureHandle) ?? null;
  }

  /** The live secure processes, in creation order. */
  secureProcesses(): SkSecureProcess[] {
    return [...this.processes.values()];
  }
}
