/**
 * Where a traced routine runs. The order is the order of the chain a call crosses, top to bottom,
 * as Windows Internals (7th ed., ch. 3, "Flow of CreateProcess") draws it; exporters lay tracks
 * out in it.
 */
export const LAYERS = ['user', 'ntdll', 'csrss', 'kernel', 'win32k', 'driver', 'securekernel'] as const;
export type Layer = (typeof LAYERS)[number];

/** Layers that run in kernel mode (VTL0); `securekernel` is VTL1. */
const KERNEL_MODE: ReadonlySet<Layer> = new Set<Layer>(['kernel', 'win32k', 'driver']);

export function isKernelMode(layer: Layer): boolean {
  return KERNEL_MODE.has(layer);
}

/**
 * How a call from `caller` reaches `callee` when it changes privilege or process: `syscall`
 * (user mode → the system service dispatcher), `alpc` (a client → CSRSS's API port),
 * `securecall` (the normal kernel → the secure kernel, VTL0 → VTL1). Null within one mode.
 */
export function crossing(caller: Layer, callee: Layer): 'syscall' | 'alpc' | 'securecall' | null {
  if (!isKernelMode(caller) && caller !== 'securekernel' && isKernelMode(callee)) return 'syscall';
  if ((caller === 'user' || caller === 'ntdll') && callee === 'csrss') return 'alpc';
  if (caller !== 'securekernel' && callee === 'securekernel') return 'securecall';
  return null;
}

/**
 * Trace channels: one per component, named after its routine prefix (Ps, Mm, Ob, …) so a reader
 * can turn on "everything the memory manager did". `win32` is KernelBase's Win32 API layer, `csr`
 * the CSRSS client and server, `ci` code integrity, `sk` the secure kernel, `dbgk` the kernel's
 * user-mode debugging support.
 */
export const CHANNELS = [
  'win32',
  'rtl',
  'ldr',
  'csr',
  'sxs',
  'ps',
  'ke',
  'mm',
  'ob',
  'se',
  'io',
  'cm',
  'ex',
  'ci',
  'sk',
  'win32k',
  'dbgk',
] as const;
export type Channel = (typeof CHANNELS)[number];
