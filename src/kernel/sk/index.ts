// The secure kernel (VTL1) for trustlets: the only door into kernel/sk (ARCHITECTURE.md).
export * from './constants.js';
export { EKU_ISOLATED_USER_MODE, EKU_WINDOWS_SYSTEM_COMPONENT } from './signing.js';
export { SkValidateTrustletImage, type SkTrustletPolicies, type SkValidatedTrustlet } from './policy.js';
export * from './allowed-images.js';
export * from './system-calls.js';
export * from './secure-kernel.js';
export * from './syscall-gate.js';
