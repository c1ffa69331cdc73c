import type { UserThreadContext } from '../../ntdll/index.js';
import { CreateProcessInternalW } from './create-process-internal.js';
import type { CreateProcessRequest, CreateProcessResult } from './types.js';

/** CreateProcessW (KernelBase): CreateProcessInternalW without a token (Wine, ReactOS). */
export function CreateProcessW(
  ctx: UserThreadContext,
  req: Omit<CreateProcessRequest, 'token'>,
): CreateProcessResult {
  return CreateProcessInternalW(ctx, { ...req, token: 0 });
}

/**
 * CreateProcessA: CreateProcessInternalA converts the strings and the STARTUPINFOA to Unicode and
 * calls CreateProcessInternalW (Wine dlls/kernelbase/process.c). The model's strings are the same in
 * both forms; an ANSI environment block (no CREATE_UNICODE_ENVIRONMENT) is the same strings too.
 */
export function CreateProcessA(
  ctx: UserThreadContext,
  req: Omit<CreateProcessRequest, 'token'>,
): CreateProcessResult {
  return CreateProcessInternalW(ctx, { ...req, token: 0 });
}

/**
 * CreateProcessAsUserW: CreateProcessInternalW with hToken, which becomes PsAttributeToken (the
 * primary token of the new process; Microsoft Learn, CreateProcessAsUserW: "A handle to the primary
 * token that represents a user … The handle must have the TOKEN_QUERY, TOKEN_DUPLICATE, and
 * TOKEN_ASSIGN_PRIMARY access rights"). A NULL token is the caller's, as CreateProcessW. The kernel
 * checks the handle (TOKEN_ASSIGN_PRIMARY; an impersonation token is ERROR_BAD_TOKEN_TYPE) — and, on
 * Windows, SeAssignPrimaryTokenPrivilege unless the token is derived from the caller's (Learn: "If
 * hToken is a restricted version of the caller's primary token, the SE_ASSIGNPRIMARYTOKEN_NAME
 * privilege is not required"; SeIsTokenChild / SeIsTokenSibling), in NtCreateUserProcess.
 */
export function CreateProcessAsUserW(
  ctx: UserThreadContext,
  token: number,
  req: Omit<CreateProcessRequest, 'token'>,
): CreateProcessResult {
  return CreateProcessInternalW(ctx, { ...req, token });
}

/** CreateProcessAsUserA: the ANSI form (the same strings in the model). */
export function CreateProcessAsUserA(
  ctx: UserThreadContext,
  token: number,
  req: Omit<CreateProcessRequest, 'token'>,
): CreateProcessResult {
  return CreateProcessInternalW(ctx, { ...req, token });
}
