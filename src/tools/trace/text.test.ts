import { describe, expect, it } from 'vitest';
import { Clock, ModelError, NtStatusError, STATUS, Trace } from '../../base/index.js';
import { sampleTrace } from './sample.js';
import { formatTraceText } from './text.js';

const EXPECTED = String.raw`
        · explorer.exe starts app.exe
user    kernel32!CreateProcessW(lpApplicationName="C:\Users\user\Desktop\app.exe", lpCommandLine="\"app.exe\" /n:1;#2 <in.txt", dwCreationFlags=0x4) → STATUS_SUCCESS = {dwProcessId=7364, dwThreadId=7368}
user    └─ kernelbase!CreateProcessInternalW(hUserToken=null, dwCreationFlags=0x4) → STATUS_SUCCESS
ntdll      ├─ ntdll!NtOpenKey(ObjectName="\Registry\Machine\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\app.exe") → STATUS_OBJECT_NAME_NOT_FOUND
           ├─ · no Image File Execution Options key: no Debugger
ntdll      ├─ ntdll!NtCreateUserProcess() → STATUS_SUCCESS = {ProcessHandle=0x1a4, ThreadHandle=0x1a8}
kernel     │  └─ [syscall] nt!NtCreateUserProcess(ImagePathName="\??\C:\Users\user\Desktop\app.exe") → STATUS_SUCCESS = {ProcessHandle=0x1a4, ThreadHandle=0x1a8}
kernel     │     ├─ nt!PspAllocateProcess(ParentProcess=0xffffa08c3d2e1080) → STATUS_SUCCESS
           │     │  ├─ + Process 0xffffa08c3e1f0080 "app.exe"
kernel     │     │  └─ nt!MmCreatePeb() → STATUS_SUCCESS = {Peb=0xb2a1a4f000}
kernel     │     ├─ nt!PspInsertProcess() → STATUS_SUCCESS
           │     │  └─ · CID allocated {UniqueProcessId=7364}
kernel     │     └─ nt!PspAllocateThread() → STATUS_SUCCESS
           │        └─ + Thread 0xffffa08c3e2a1080
ntdll      └─ ntdll!CsrClientCallServer(ApiNumber="BasepCreateProcess") → STATUS_SUCCESS
csrss         └─ [alpc] basesrv!BaseSrvCreateProcess() → STATUS_SUCCESS
                 └─ + CSR_PROCESS 0x1f2a3b4c50 "app.exe"
`.slice(1);

describe('formatTraceText', () => {
  it('draws the sample CreateProcessW trace: layers, chain, statuses, notes, objects', () => {
    expect(formatTraceText(sampleTrace())).toBe(EXPECTED);
    expect(formatTraceText(sampleTrace(), { color: false })).toBe(EXPECTED);
  });

  it('shows throws, open spans and the secure call; nothing for an empty trace', () => {
    const trace = new Trace(new Clock());
    trace.open({
      layer: 'kernel',
      module: 'nt',
      fn: 'NtCreateUserProcess',
      channel: 'ps',
      args: { Bad: '\t"x"' },
    });
    expect(() =>
      trace.call({ layer: 'kernel', module: 'nt', fn: 'ObCreateObject', channel: 'ob' }, () => {
        throw new NtStatusError(STATUS.INSUFFICIENT_RESOURCES, 'quota');
      }),
    ).toThrow();
    expect(() =>
      trace.call(
        { layer: 'securekernel', module: 'securekernel', fn: 'SkpsIsProcessAccessAllowed', channel: 'sk' },
        () => {
          throw new ModelError('SK_STATE', 'no secure process');
        },
      ),
    ).toThrow();
    expect(formatTraceText(trace.toJSON())).toBe(
      [
        'kernel        nt!NtCreateUserProcess(Bad="\\t\\"x\\"") → (open)',
        'kernel        ├─ nt!ObCreateObject() → STATUS_INSUFFICIENT_RESOURCES (NtStatusError: quota)',
        'securekernel  └─ [securecall] securekernel!SkpsIsProcessAccessAllowed() → threw ModelError SK_STATE: no secure process',
        '',
      ].join('\n'),
    );
    expect(formatTraceText(new Trace(new Clock()).toJSON())).toBe('');
  });

  it('colours with ANSI escapes only when asked', () => {
    const lines = formatTraceText(sampleTrace(), { color: true }).split('\n');
    expect(lines[3]).toBe(
      '\x1b[2mntdll \x1b[0m     ├─ ntdll!NtOpenKey(ObjectName="\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe") → \x1b[31mSTATUS_OBJECT_NAME_NOT_FOUND\x1b[0m',
    );
    expect(lines[6]).toContain('\x1b[33m[syscall]\x1b[0m nt!NtCreateUserProcess');
    expect(formatTraceText(sampleTrace()).includes('\x1b')).toBe(false);
  });
});
