import { createAce, createAcl, SYSTEM_MANDATORY_LABEL_ACE_TYPE } from './acl.js';
import { createSecurityDescriptor, type SECURITY_DESCRIPTOR } from './security-descriptor.js';
import { SepGetTokenIntegritySid } from './token-sids.js';
import type { TOKEN } from './token.js';

/** Where a new object's mandatory label comes from, and its policy (SYSTEM_MANDATORY_LABEL_*). */
export interface MandatoryLabelSource {
  /** The token whose integrity level the label carries. */
  token: TOKEN;
  /** NO_WRITE_UP | NO_READ_UP for processes and threads (PspProcessTypeMandatoryPolicy). */
  policy: number;
}

/**
 * SeAssignSecurity for an object created without an explicit descriptor and without a parent
 * container — the case of processes, threads and tokens. Microsoft Learn "SeAssignSecurity": the
 * new descriptor mixes what was given explicitly, what is inherited from the parent and what is
 * defaulted from the subject's token; here only the last applies. Owner: the token's default owner
 * (TokenOwner), group: its primary group, DACL: its default DACL (none → no DACL: everyone gets
 * everything). The SACL holds one SYSTEM_MANDATORY_LABEL_ACE with the label source's integrity
 * level and policy — for a process, the new process's own token with NO_WRITE_UP | NO_READ_UP
 * (Windows Internals 7, ch. 7, "Mandatory Integrity Control": processes are protected from
 * read-up as well as write-up). Inheritance, explicit descriptors and CREATOR OWNER substitution
 * are not modelled.
 */
export function SeAssignSecurity(creator: TOKEN, label?: MandatoryLabelSource): SECURITY_DESCRIPTOR {
  const parts: Parameters<typeof createSecurityDescriptor>[0] = {
    owner: creator.owner,
    group: creator.primaryGroup,
  };
  if (creator.defaultDacl) parts.dacl = creator.defaultDacl;
  if (label)
    parts.sacl = createAcl([
      createAce(SYSTEM_MANDATORY_LABEL_ACE_TYPE, 0, label.policy, SepGetTokenIntegritySid(label.token)),
    ]);
  return createSecurityDescriptor(parts);
}
