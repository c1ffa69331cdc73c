import { FILE_SYNCHRONOUS_IO_NONALERT } from './io/index.js';
import {
  NtCreateDebugObject,
  NtDebugActiveProcess,
  NtDebugContinue,
  NtOpenFile,
  NtQueryInformationThread,
  NtRemoveProcessDebug,
  NtSetInformationDebugObject,
  NtWaitForDebugEvent,
  type NtCreateDebugObjectParameters,
  type PsCaller,
  type PsSystem,
} from './ps/index.js';
import { GENERIC_READ, KernelMode, SYNCHRONIZE } from './se/index.js';
import { answer, handle, num, type ServiceRegistrar } from './service-registrar.js';

/** FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE. */
const FILE_SHARE_ALL = 0x7;

/**
 * The user-mode debugging services (kernel/ps debug-services.ts): what ntdll's DbgUi* routines call
 * for kernel32's debugging API.
 */
export function registerDebugServices(on: ServiceRegistrar, ps: PsSystem): void {
  on('NtQueryInformationThread', (args, caller) =>
    answer(
      NtQueryInformationThread(ps, caller, {
        ThreadHandle: handle(args.ThreadHandle),
        ThreadInformationClass: num(args.ThreadInformationClass),
        ...(args.ThreadInformationLength !== undefined
          ? { ThreadInformationLength: num(args.ThreadInformationLength) }
          : {}),
      }),
      ['ThreadInformation', 'ReturnLength'],
    ),
  );
  on('NtCreateDebugObject', (args, caller) =>
    answer(NtCreateDebugObject(ps, caller, args as unknown as NtCreateDebugObjectParameters), [
      'DebugObjectHandle',
    ]),
  );
  on('NtDebugActiveProcess', (args, caller) =>
    NtDebugActiveProcess(ps, caller, {
      ProcessHandle: handle(args.ProcessHandle),
      DebugObjectHandle: handle(args.DebugObjectHandle),
    }),
  );
  on('NtRemoveProcessDebug', (args, caller) =>
    NtRemoveProcessDebug(ps, caller, {
      ProcessHandle: handle(args.ProcessHandle),
      DebugObjectHandle: handle(args.DebugObjectHandle),
    }),
  );
  on('NtWaitForDebugEvent', (args, caller) => {
    // DbgkpOpenHandles' file handle: the image opened for the debugger (ReactOS dbgkobj.c:
    // GENERIC_READ | SYNCHRONIZE, every share mode, synchronous I/O).
    const openFile = (ntPath: string): number => {
      const kernelCaller: PsCaller = { ...caller, previousMode: KernelMode };
      const r = NtOpenFile(ps, kernelCaller, {
        DesiredAccess: GENERIC_READ | SYNCHRONIZE,
        ObjectAttributes: { ObjectName: ntPath },
        ShareAccess: FILE_SHARE_ALL,
        OpenOptions: FILE_SYNCHRONOUS_IO_NONALERT,
      });
      return r.FileHandle ?? 0;
    };
    return answer(
      NtWaitForDebugEvent(
        ps,
        caller,
        {
          DebugObjectHandle: handle(args.DebugObjectHandle),
          Alertable: args.Alertable === true,
          Timeout: (args.Timeout ?? null) as bigint | number | null,
        },
        openFile,
      ),
      ['WaitStateChange'],
    );
  });
  on('NtDebugContinue', (args, caller) =>
    NtDebugContinue(ps, caller, {
      DebugObjectHandle: handle(args.DebugObjectHandle),
      ClientId: (args.ClientId ?? { UniqueProcess: 0, UniqueThread: 0 }) as {
        UniqueProcess: number;
        UniqueThread: number;
      },
      ContinueStatus: num(args.ContinueStatus),
    }),
  );
  on('NtSetInformationDebugObject', (args, caller) =>
    answer(
      NtSetInformationDebugObject(ps, caller, {
        DebugObjectHandle: handle(args.DebugObjectHandle),
        DebugObjectInformationClass: num(args.DebugObjectInformationClass),
        DebugInformation: num(args.DebugInformation),
        ...(args.DebugInformationLength !== undefined
          ? { DebugInformationLength: num(args.DebugInformationLength) }
          : {}),
      }),
      ['ReturnLength'],
    ),
  );
}
