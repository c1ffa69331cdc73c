// kernel32: the exports that forward to KernelBase (kernel32.dll's export table forwards them, as on
// Windows 7 and later), and the few it implements itself (WinExec).
export { CreateProcessA, CreateProcessAsUserW, CreateProcessW } from './create-process.js';
export {
  CreateProcessAsUserA,
  DeleteProcThreadAttributeList,
  InitializeProcThreadAttributeList,
  UpdateProcThreadAttribute,
} from '../kernelbase/index.js';
export { WinExec } from './win-exec.js';
