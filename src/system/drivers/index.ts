// Kernel drivers the machine can load: a Sysmon-like monitor (notify routines and object callbacks)
// and WSL 1's pico provider, lxcore, in miniature.
export * from './sysmon.js';
export * from './lxcore.js';
export * from './lx-syscalls.js';
