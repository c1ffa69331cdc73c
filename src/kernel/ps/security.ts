import { STATUS, type NTSTATUS } from '../../base/index.js';
import {
  KernelMode,
  ObCreateObject,
  ObGrantRequestedAccess,
  ObInsertObject,
  ObReferenceObject,
  type ObAccessCheck,
  type ObjectHeader,
} from '../ob/index.js';
import {
  PspProcessTypeMandatoryPolicy,
  PspThreadTypeMandatoryPolicy,
  SeAccessCheck,
  SeAssignSecurity,
  SepDuplicateToken,
  SecurityAnonymous,
  SYSTEM_MANDATORY_LABEL_NO_WRITE_UP,
  TokenPrimary,
  type GENERIC_MAPPING,
  type SECURITY_DESCRIPTOR,
  type TOKEN,
} from '../se/index.js';
import type { EPROCESS } from './objects.js';
import type { PsSystem } from './ps-system.js';

/**
 * The descriptor of a new process: owner, group and DACL from the creator's token (WRK ps/create.c
 * PspCreateProcess: the access state of ObInsertObject is the current process's, or the System
 * process's when the parent is System), the label from the new process's own token with the
 * Process type's NO_WRITE_UP | NO_READ_UP policy.
 */
export function PspProcessSecurityDescriptor(creator: TOKEN, processToken: TOKEN): SECURITY_DESCRIPTOR {
  return SeAssignSecurity(creator, { token: processToken, policy: PspProcessTypeMandatoryPolicy });
}

/**
 * The descriptor of a new thread: from the creator's token (WRK ps/create.c PspCreateThread: the
 * current process's for a user thread), labelled with its process's token integrity, NW | NR.
 */
export function PspThreadSecurityDescriptor(creator: TOKEN, processToken: TOKEN): SECURITY_DESCRIPTOR {
  return SeAssignSecurity(creator, { token: processToken, policy: PspThreadTypeMandatoryPolicy });
}

/**
 * The descriptor of a token object: from its creator's token, labelled with the token's own
 * integrity and the default NO_WRITE_UP policy (the model's reading; no public dump was found).
 */
export function SepTokenSecurityDescriptor(creator: TOKEN, token: TOKEN): SECURITY_DESCRIPTOR {
  return SeAssignSecurity(creator, { token, policy: SYSTEM_MANDATORY_LABEL_NO_WRITE_UP });
}

/**
 * ObCheckObjectAccess as this kernel wires it into the object manager: an object with a security
 * descriptor (processes, threads, tokens) is checked by SeAccessCheck against the primary token of
 * the process that will hold the handle, with the type's generic mapping; an object without one
 * (the namespace's, which have no descriptors yet) gets what is asked, as before.
 */
export const PspCheckObjectAccess: ObAccessCheck = (request) => {
  const sd = request.object.securityDescriptor as SECURITY_DESCRIPTOR | null;
  if (!sd) return ObGrantRequestedAccess(request);
  const token = (request.process as EPROCESS | null)?.Token;
  if (!token) return { status: STATUS.ACCESS_DENIED, grantedAccess: 0 };
  const r = SeAccessCheck(
    sd,
    token,
    request.desiredAccess,
    request.object.type.genericMapping as GENERIC_MAPPING,
    { previousMode: request.accessMode },
  );
  return { status: r.status, grantedAccess: r.grantedAccess };
};

/**
 * The primary token a new process gets (PspInitializeProcessSecurity): without an explicit token a
 * primary copy of the parent's (SeSubProcessToken); with one, that token itself — or, when another
 * process already uses it, a primary copy (ReactOS se/token.c SeExchangePrimaryToken: a token in
 * use is duplicated).
 */
export function PspSelectPrimaryToken(ps: PsSystem, parentToken: TOKEN, explicit: TOKEN | null): TOKEN {
  const { luids, trace } = ps.deps;
  if (explicit && !ps.tokensInUse.has(explicit)) return explicit;
  const source = explicit ?? parentToken;
  return trace.call(
    {
      layer: 'kernel',
      module: 'nt',
      fn: explicit ? 'SepDuplicateToken' : 'SeSubProcessToken',
      channel: 'se',
      args: {},
    },
    () => ({
      status: STATUS.SUCCESS,
      value: SepDuplicateToken(source, false, TokenPrimary, SecurityAnonymous, luids),
    }),
  ).value!;
}

/**
 * A referenced token object for `token`: the one it already has, or a new one (ObCreateObject of
 * SeTokenObjectType, inserted without a handle) with its creator's descriptor. The caller owns the
 * reference.
 */
export function PspReferenceTokenObject(
  ps: PsSystem,
  creator: TOKEN,
  token: TOKEN,
): { status: NTSTATUS; object?: ObjectHeader<TOKEN> } {
  const { ob } = ps.deps;
  const known = ps.tokenObjects.get(token);
  if (known && !known.deleted) {
    ObReferenceObject(known);
    return { status: STATUS.SUCCESS, object: known };
  }
  const created = ObCreateObject(ob, {
    type: ps.tokenType.typeInfo,
    body: token,
    securityDescriptor: SepTokenSecurityDescriptor(creator, token),
    accessMode: KernelMode,
  });
  if (!created.object) return { status: created.status };
  const inserted = ObInsertObject(ob, created.object, {
    desiredAccess: 0,
    process: null,
    accessMode: KernelMode,
    noHandle: true,
  });
  if (inserted.status !== STATUS.SUCCESS) return { status: inserted.status };
  const header = created.object as ObjectHeader<TOKEN>;
  ps.tokenObjects.set(token, header);
  return { status: STATUS.SUCCESS, object: header };
}

/**
 * PspInitializeProcessSecurity's last step: the process takes its primary token (EPROCESS.Token
 * holds a reference to the token object, dropped by PspProcessDelete) and the token is in use.
 */
export function PspAssignPrimaryToken(
  ps: PsSystem,
  creator: TOKEN,
  process: EPROCESS,
  token: TOKEN,
): NTSTATUS {
  const r = PspReferenceTokenObject(ps, creator, token);
  if (r.status !== STATUS.SUCCESS) return r.status;
  process.Token = token;
  ps.tokensInUse.add(token);
  return STATUS.SUCCESS;
}
