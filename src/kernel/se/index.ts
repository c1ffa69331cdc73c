/**
 * The security reference monitor's data and decisions for process creation: SIDs, privileges,
 * tokens (and the machine's SYSTEM, service and UAC split tokens), security descriptors and
 * SDDL, access masks with the Process/Thread/Token generic mappings, the mandatory integrity
 * check and SeAccessCheck, PP/PPL protection (RtlTestProtectedAccess) and signing levels. The only
 * door into kernel/se.
 */
export * from './luid.js';
export * from './sid.js';
export * from './well-known-sids.js';
export { RtlCreateServiceSid, SeTrustedInstallerSid } from './service-sid.js';
export * from './sid-names.js';
export * from './flag-names.js';
export * from './access-mask.js';
export * from './process-rights.js';
export * from './thread-rights.js';
export * from './token-rights.js';
export * from './section-rights.js';
export * from './file-rights.js';
export * from './privileges.js';
export * from './processor-mode.js';
export * from './acl.js';
export * from './security-descriptor.js';
export { parseSddl, formatSddl, type SddlParseResult } from './sddl.js';
export * from './token.js';
export { SepCreateToken, type TokenSpec } from './token-create.js';
export * from './token-sids.js';
export * from './token-duplicate.js';
export * from './token-privileges.js';
export { SepCreateSystemProcessToken } from './system-token.js';
export { createLocalServiceToken, createNetworkServiceToken } from './service-tokens.js';
export {
  createInteractiveUserTokens,
  SepUserDefaultDacl,
  type InteractiveUserTokens,
} from './user-tokens.js';
export * from './integrity.js';
export * from './access-check.js';
export { SeAssignSecurity, type MandatoryLabelSource } from './object-security.js';
export * from './key-rights.js';
export * from './protection.js';
export * from './signing-level.js';
export { CiValidateImageHeader, type SeCatalog } from './code-integrity.js';
