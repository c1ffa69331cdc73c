import { Clock, STATUS, Trace, type TraceJson } from '../../base/index.js';

const SUCCESS = { status: STATUS.SUCCESS };

/**
 * A small, hand-built CreateProcessW trace with the shape the model's real one has (Windows
 * Internals 7th ed., ch. 3, "Flow of CreateProcess"): kernel32 → kernelbase → ntdll → syscall →
 * nt (PspAllocateProcess, PspInsertProcess, PspAllocateThread) and the CSRSS notification, with one
 * failing child (the Image File Execution Options key is absent: STATUS_OBJECT_NAME_NOT_FOUND).
 * For the exporters' tests and documentation; addresses and PIDs are made up.
 */
export function sampleTrace(): TraceJson {
  const trace = new Trace(new Clock());
  trace.note('explorer.exe starts app.exe');
  trace.call(
    {
      layer: 'user',
      module: 'kernel32',
      fn: 'CreateProcessW',
      channel: 'win32',
      pid: 4712,
      args: {
        lpApplicationName: 'C:\\Users\\user\\Desktop\\app.exe',
        lpCommandLine: '"app.exe" /n:1;#2 <in.txt',
        dwCreationFlags: 0x4n,
      },
    },
    () => {
      trace.call(
        {
          layer: 'user',
          module: 'kernelbase',
          fn: 'CreateProcessInternalW',
          channel: 'win32',
          args: { hUserToken: null, dwCreationFlags: 0x4n },
        },
        (span) => {
          const ifeo = trace.open({
            layer: 'ntdll',
            module: 'ntdll',
            fn: 'NtOpenKey',
            channel: 'cm',
            args: {
              ObjectName:
                '\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe',
            },
          });
          ifeo.close(STATUS.OBJECT_NAME_NOT_FOUND);
          span.note('no Image File Execution Options key: no Debugger');
          trace.call({ layer: 'ntdll', module: 'ntdll', fn: 'NtCreateUserProcess', channel: 'ps' }, () =>
            trace.call(
              {
                layer: 'kernel',
                module: 'nt',
                fn: 'NtCreateUserProcess',
                channel: 'ps',
                args: { ImagePathName: '\\??\\C:\\Users\\user\\Desktop\\app.exe' },
              },
              () => {
                trace.call(
                  {
                    layer: 'kernel',
                    module: 'nt',
                    fn: 'PspAllocateProcess',
                    channel: 'ps',
                    args: { ParentProcess: 0xffffa08c3d2e1080n },
                  },
                  (p) => {
                    p.object({ type: 'Process', name: 'app.exe', address: 0xffffa08c3e1f0080n });
                    trace.call({ layer: 'kernel', module: 'nt', fn: 'MmCreatePeb', channel: 'mm' }, () => ({
                      status: STATUS.SUCCESS,
                      result: { Peb: 0xb2a1a4f000n },
                    }));
                    return SUCCESS;
                  },
                );
                trace.call({ layer: 'kernel', module: 'nt', fn: 'PspInsertProcess', channel: 'ps' }, (p) => {
                  p.note('CID allocated', { UniqueProcessId: 7364 });
                  return SUCCESS;
                });
                trace.call({ layer: 'kernel', module: 'nt', fn: 'PspAllocateThread', channel: 'ps' }, (t) => {
                  t.object({ type: 'Thread', address: 0xffffa08c3e2a1080n });
                  return SUCCESS;
                });
                return { status: STATUS.SUCCESS, result: { ProcessHandle: 0x1a4n, ThreadHandle: 0x1a8n } };
              },
            ),
          );
          trace.call(
            {
              layer: 'ntdll',
              module: 'ntdll',
              fn: 'CsrClientCallServer',
              channel: 'csr',
              args: { ApiNumber: 'BasepCreateProcess' },
            },
            () =>
              trace.call(
                { layer: 'csrss', module: 'basesrv', fn: 'BaseSrvCreateProcess', channel: 'csr', pid: 584 },
                (c) => {
                  c.object({ type: 'CSR_PROCESS', name: 'app.exe', address: 0x1f2a3b4c50n });
                  return SUCCESS;
                },
              ),
          );
          return SUCCESS;
        },
      );
      return { status: STATUS.SUCCESS, result: { dwProcessId: 7364, dwThreadId: 7368 } };
    },
  );
  return trace.toJSON();
}
