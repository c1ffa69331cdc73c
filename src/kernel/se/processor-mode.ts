/** KPROCESSOR_MODE (ntdef.h MODE): who made the call. Kernel-mode callers skip access checks. */
export const KernelMode = 0;
export const UserMode = 1;
export type KPROCESSOR_MODE = typeof KernelMode | typeof UserMode;
