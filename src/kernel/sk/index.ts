// The secure kernel (VTL1) for trustlets: the only door into kernel/sk (ARCHITECTURE.md).
export * from './constants.js';
export * from './signing.js';
export * from './policy.js';
export * from './allowed-images.js';
export * from './system-calls.js';
export * from './secure-kernel.js';
export * from './syscall-gate.js';
