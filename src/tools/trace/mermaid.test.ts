import { describe, expect, it } from 'vitest';
import { Clock, Trace } from '../../base/index.js';
import { formatMermaid, mermaidText } from './mermaid.js';
import { sampleTrace } from './sample.js';

const EXPECTED = String.raw`
sequenceDiagram
    actor caller
    participant K32 as kernel32
    participant KB as kernelbase
    participant NTDLL as ntdll
    participant NT as nt
    participant BASESRV as basesrv
    Note over caller: explorer.exe starts app.exe
    caller->>+K32: CreateProcessW(lpApplicationName="C:\Users\user\Desktop\app.exe", lpCommandLine="\"app.exe\" /n:1#59;#35;2 #lt;in.txt", dwCreationFlags=0x4)
    K32->>+KB: CreateProcessInternalW(hUserToken=null, dwCreationFlags=0x4)
    KB->>+NTDLL: NtOpenKey(ObjectName="\Registry\Machine\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\app.exe")
    NTDLL--x-KB: STATUS_OBJECT_NAME_NOT_FOUND
    Note over KB: no Image File Execution Options key: no Debugger
    KB->>+NTDLL: NtCreateUserProcess()
    NTDLL->>+NT: [syscall] NtCreateUserProcess(ImagePathName="\??\C:\Users\user\Desktop\app.exe")
    NT->>+NT: PspAllocateProcess(ParentProcess=0xffffa08c3d2e1080)
    Note right of NT: + Process 0xffffa08c3e1f0080 "app.exe"
    NT->>+NT: MmCreatePeb()
    NT-->>-NT: STATUS_SUCCESS = {Peb=0xb2a1a4f000}
    NT-->>-NT: STATUS_SUCCESS
    NT->>+NT: PspInsertProcess()
    Note over NT: CID allocated {UniqueProcessId=7364}
    NT-->>-NT: STATUS_SUCCESS
    NT->>+NT: PspAllocateThread()
    Note right of NT: + Thread 0xffffa08c3e2a1080
    NT-->>-NT: STATUS_SUCCESS
    NT-->>-NTDLL: STATUS_SUCCESS = {ProcessHandle=0x1a4, ThreadHandle=0x1a8}
    NTDLL-->>-KB: STATUS_SUCCESS = {ProcessHandle=0x1a4, ThreadHandle=0x1a8}
    KB->>+NTDLL: CsrClientCallServer(ApiNumber="BasepCreateProcess")
    NTDLL->>+BASESRV: [alpc] BaseSrvCreateProcess()
    Note right of BASESRV: + CSR_PROCESS 0x1f2a3b4c50 "app.exe"
    BASESRV-->>-NTDLL: STATUS_SUCCESS
    NTDLL-->>-KB: STATUS_SUCCESS
    KB-->>-K32: STATUS_SUCCESS
    K32-->>-caller: STATUS_SUCCESS = {dwProcessId=7364, dwThreadId=7368}
`.slice(1);

describe('formatMermaid', () => {
  it('draws the sample as a sequence diagram: participants, calls, returns (x on failure), notes', () => {
    expect(formatMermaid(sampleTrace())).toBe(EXPECTED);
  });

  it('can leave arguments out and name the caller', () => {
    const out = formatMermaid(sampleTrace(), { args: false, caller: 'explorer.exe; #1' }).split('\n');
    expect(out.slice(0, 3)).toEqual([
      'sequenceDiagram',
      '    actor caller as explorer.exe#59; #35;1',
      '    participant K32 as kernel32',
    ]);
    expect(out[8]).toBe('    caller->>+K32: CreateProcessW');
    expect(out[14]).toBe('    NTDLL->>+NT: [syscall] NtCreateUserProcess');
  });

  it('escapes what Mermaid reads as syntax, with its entity codes', () => {
    expect(mermaidText('a;b #c %%d <e> & f\ng')).toBe('a#59;b #35;c #37;#37;d #lt;e#gt; #amp; f<br/>g');
  });

  it('makes safe, unique participant ids (no keyword prefixes, no punctuation)', () => {
    const trace = new Trace(new Clock());
    const call = (layer: 'user' | 'driver', module: string): void => {
      trace.call({ layer, module, fn: 'F', channel: 'io' }, () => ({ status: 0 }));
    };
    call('user', 'notepad');
    call('user', 'my-driver');
    call('driver', 'my_driver');
    call('driver', '3rdparty');
    call('user', 'notepad');
    const participants = formatMermaid(trace.toJSON())
      .split('\n')
      .filter((l) => l.includes('participant'));
    expect(participants).toEqual([
      '    participant M_NOTEPAD as notepad',
      '    participant MY_DRIVER as my-driver',
      '    participant MY_DRIVER_2 as my_driver',
      '    participant M_3RDPARTY as 3rdparty',
    ]);
  });
});
