import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  ObCreateObject,
  ObDereferenceObject,
  ObInsertObject,
  ObOpenObjectByPointer,
  ObReferenceObjectByHandle,
  type ObjectHeader,
} from '../ob/index.js';
import {
  NtDuplicateToken as SepNtDuplicateTokenRules,
  PROCESS_QUERY_LIMITED_INFORMATION,
  TOKEN_DUPLICATE,
  type TOKEN,
} from '../se/index.js';
import type { PsCaller } from './caller.js';
import { PspReferenceProcessByHandle } from './handles.js';
import type { PsSystem } from './ps-system.js';
import { SepTokenSecurityDescriptor } from './security.js';

/**
 * NtOpenProcessTokenEx (Microsoft Learn "NtOpenProcessTokenEx"; m417z/ntdoc: the process handle
 * must grant PROCESS_QUERY_LIMITED_INFORMATION): a handle to the process's primary token, with
 * HandleAttributes (OBJ_INHERIT, OBJ_KERNEL_HANDLE from kernel mode; others are
 * STATUS_INVALID_PARAMETER). The rights come from the token object's own access check
 * (SeAccessCheck of its descriptor against the caller's token); STATUS_ACCESS_DENIED when refused.
 */
export function NtOpenProcessTokenEx(
  ps: PsSystem,
  caller: PsCaller,
  processHandle: number,
  desiredAccess: number,
  handleAttributes: number,
): { status: NTSTATUS; TokenHandle?: number } {
  const { ob, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtOpenProcessTokenEx',
      channel: 'se',
      args: {
        ProcessHandle: processHandle,
        DesiredAccess: desiredAccess >>> 0,
        HandleAttributes: handleAttributes,
      },
    },
    () => {
      const ref = PspReferenceProcessByHandle(ps, caller, processHandle, PROCESS_QUERY_LIMITED_INFORMATION);
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const process = ref.object!;
      // PsReferencePrimaryToken: the token object (every process's token has one).
      const token = process.Token ? ps.tokenObjects.get(process.Token) : undefined;
      let h: { status: NTSTATUS; handle?: number } = { status: STATUS.NO_TOKEN };
      if (token && !token.deleted)
        h = ObOpenObjectByPointer(ob, token, {
          attributes: handleAttributes,
          desiredAccess: desiredAccess >>> 0,
          type: ps.tokenType.typeInfo,
          accessMode: caller.previousMode,
          process: caller.process,
        });
      ObDereferenceObject(ob, ref.header!);
      return h.handle !== undefined
        ? { status: h.status, value: h.handle, result: h.handle }
        : { status: h.status };
    },
  );
  return out.value !== undefined ? { status: out.status, TokenHandle: out.value } : { status: out.status };
}

/** NtOpenProcessToken: NtOpenProcessTokenEx with no handle attributes. */
export function NtOpenProcessToken(
  ps: PsSystem,
  caller: PsCaller,
  processHandle: number,
  desiredAccess: number,
): { status: NTSTATUS; TokenHandle?: number } {
  return NtOpenProcessTokenEx(ps, caller, processHandle, desiredAccess, 0);
}

export interface NtDuplicateTokenParameters {
  ExistingTokenHandle: number;
  /** 0: the rights of ExistingTokenHandle (Microsoft Learn "DuplicateTokenEx"). */
  DesiredAccess: number;
  /** Attributes (OBJ_INHERIT …) and SecurityQualityOfService.ImpersonationLevel. */
  ObjectAttributes?: {
    Attributes?: number;
    SecurityQualityOfService?: { ImpersonationLevel: number } | null;
  } | null;
  EffectiveOnly?: boolean;
  TokenType: number;
}

/**
 * NtDuplicateToken (Microsoft Learn "NtDuplicateToken"; ReactOS se/tokenlif.c): the existing handle
 * must grant TOKEN_DUPLICATE; kernel/se's rules make the copy (TokenType, impersonation levels:
 * STATUS_INVALID_PARAMETER, STATUS_BAD_IMPERSONATION_LEVEL); the copy becomes a new Token object
 * (its descriptor from the caller's token) and the caller gets a handle with DesiredAccess — or,
 * when that is 0, the existing handle's rights.
 */
export function NtDuplicateToken(
  ps: PsSystem,
  caller: PsCaller,
  p: NtDuplicateTokenParameters,
): { status: NTSTATUS; NewTokenHandle?: number; token?: TOKEN } {
  const { ob, luids, trace } = ps.deps;
  const out = trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: 'NtDuplicateToken',
      channel: 'se',
      args: { ExistingTokenHandle: p.ExistingTokenHandle, TokenType: p.TokenType },
    },
    () => {
      const ref = ObReferenceObjectByHandle(ob, {
        handle: p.ExistingTokenHandle,
        desiredAccess: TOKEN_DUPLICATE,
        type: ps.tokenType.typeInfo,
        accessMode: caller.previousMode,
        process: caller.process,
      });
      if (ref.status !== STATUS.SUCCESS) return { status: ref.status };
      const existing = ref.object!.body as TOKEN;
      const qos = p.ObjectAttributes?.SecurityQualityOfService;
      const copy = SepNtDuplicateTokenRules(
        existing,
        {
          tokenType: p.TokenType,
          effectiveOnly: p.EffectiveOnly ?? false,
          ...(qos ? { securityQos: { impersonationLevel: qos.ImpersonationLevel } } : {}),
        },
        luids,
      );
      const desired = p.DesiredAccess >>> 0 || ref.grantedAccess!;
      ObDereferenceObject(ob, ref.object!);
      if (!copy.token) return { status: copy.status };
      const creator = caller.process.Token ?? existing;
      const created = ObCreateObject(ob, {
        type: ps.tokenType.typeInfo,
        body: copy.token,
        attributes: p.ObjectAttributes?.Attributes ?? 0,
        securityDescriptor: SepTokenSecurityDescriptor(creator, copy.token),
        accessMode: caller.previousMode,
      });
      if (!created.object) return { status: created.status };
      const header = created.object as ObjectHeader<TOKEN>;
      const ins = ObInsertObject(ob, header, {
        desiredAccess: desired,
        process: caller.process,
        accessMode: caller.previousMode,
      });
      if (ins.status !== STATUS.SUCCESS) return { status: ins.status };
      ps.tokenObjects.set(copy.token, header);
      return {
        status: STATUS.SUCCESS,
        value: { handle: ins.handle!, token: copy.token },
        result: ins.handle!,
      };
    },
  );
  return out.value
    ? { status: out.status, NewTokenHandle: out.value.handle, token: out.value.token }
    : { status: out.status };
}
