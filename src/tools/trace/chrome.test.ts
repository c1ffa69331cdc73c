import { describe, expect, it } from 'vitest';
import { Clock, Trace } from '../../base/index.js';
import { formatChromeTrace, toChromeTrace, type ChromeTraceEvent } from './chrome.js';
import { sampleTrace } from './sample.js';

const EXPECTED = String.raw`
{"traceEvents":[
{"name":"process_name","ph":"M","pid":584,"tid":0,"args":{"name":"pid 584"}},
{"name":"thread_name","ph":"M","pid":584,"tid":3,"args":{"name":"csrss"}},
{"name":"thread_sort_index","ph":"M","pid":584,"tid":3,"args":{"sort_index":3}},
{"name":"process_name","ph":"M","pid":4712,"tid":0,"args":{"name":"pid 4712"}},
{"name":"thread_name","ph":"M","pid":4712,"tid":1,"args":{"name":"user"}},
{"name":"thread_sort_index","ph":"M","pid":4712,"tid":1,"args":{"sort_index":1}},
{"name":"thread_name","ph":"M","pid":4712,"tid":2,"args":{"name":"ntdll"}},
{"name":"thread_sort_index","ph":"M","pid":4712,"tid":2,"args":{"sort_index":2}},
{"name":"thread_name","ph":"M","pid":4712,"tid":4,"args":{"name":"kernel"}},
{"name":"thread_sort_index","ph":"M","pid":4712,"tid":4,"args":{"sort_index":4}},
{"name":"explorer.exe starts app.exe","cat":"trace","ph":"i","ts":1,"pid":0,"tid":0,"s":"g"},
{"name":"kernel32!CreateProcessW","cat":"win32","ph":"X","ts":2,"dur":26,"pid":4712,"tid":1,"args":{"args":{"lpApplicationName":"C:\\Users\\user\\Desktop\\app.exe","lpCommandLine":"\"app.exe\" /n:1;#2 <in.txt","dwCreationFlags":"0x4"},"status":"STATUS_SUCCESS","result":{"dwProcessId":7364,"dwThreadId":7368}}},
{"name":"kernelbase!CreateProcessInternalW","cat":"win32","ph":"X","ts":3,"dur":24,"pid":4712,"tid":1,"args":{"args":{"hUserToken":null,"dwCreationFlags":"0x4"},"status":"STATUS_SUCCESS"}},
{"name":"ntdll!NtOpenKey","cat":"cm","ph":"X","ts":4,"dur":1,"pid":4712,"tid":2,"args":{"args":{"ObjectName":"\\Registry\\Machine\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe"},"status":"STATUS_OBJECT_NAME_NOT_FOUND"}},
{"name":"no Image File Execution Options key: no Debugger","cat":"win32","ph":"i","ts":6,"pid":4712,"tid":1,"s":"t"},
{"name":"ntdll!NtCreateUserProcess","cat":"ps","ph":"X","ts":7,"dur":14,"pid":4712,"tid":2,"args":{"args":{},"status":"STATUS_SUCCESS","result":{"ProcessHandle":"0x1a4","ThreadHandle":"0x1a8"}}},
{"name":"nt!NtCreateUserProcess","cat":"ps","ph":"X","ts":8,"dur":12,"pid":4712,"tid":4,"args":{"args":{"ImagePathName":"\\??\\C:\\Users\\user\\Desktop\\app.exe"},"status":"STATUS_SUCCESS","result":{"ProcessHandle":"0x1a4","ThreadHandle":"0x1a8"}}},
{"name":"nt!PspAllocateProcess","cat":"ps","ph":"X","ts":9,"dur":4,"pid":4712,"tid":4,"args":{"args":{"ParentProcess":"0xffffa08c3d2e1080"},"status":"STATUS_SUCCESS"}},
{"name":"+ Process 0xffffa08c3e1f0080 \"app.exe\"","cat":"ps","ph":"i","ts":10,"pid":4712,"tid":4,"s":"t","args":{"type":"Process","name":"app.exe","address":"0xffffa08c3e1f0080"}},
{"name":"nt!MmCreatePeb","cat":"mm","ph":"X","ts":11,"dur":1,"pid":4712,"tid":4,"args":{"args":{},"status":"STATUS_SUCCESS","result":{"Peb":"0xb2a1a4f000"}}},
{"name":"nt!PspInsertProcess","cat":"ps","ph":"X","ts":14,"dur":2,"pid":4712,"tid":4,"args":{"args":{},"status":"STATUS_SUCCESS"}},
{"name":"CID allocated","cat":"ps","ph":"i","ts":15,"pid":4712,"tid":4,"s":"t","args":{"data":{"UniqueProcessId":7364}}},
{"name":"nt!PspAllocateThread","cat":"ps","ph":"X","ts":17,"dur":2,"pid":4712,"tid":4,"args":{"args":{},"status":"STATUS_SUCCESS"}},
{"name":"+ Thread 0xffffa08c3e2a1080","cat":"ps","ph":"i","ts":18,"pid":4712,"tid":4,"s":"t","args":{"type":"Thread","address":"0xffffa08c3e2a1080"}},
{"name":"ntdll!CsrClientCallServer","cat":"csr","ph":"X","ts":22,"dur":4,"pid":4712,"tid":2,"args":{"args":{"ApiNumber":"BasepCreateProcess"},"status":"STATUS_SUCCESS"}},
{"name":"basesrv!BaseSrvCreateProcess","cat":"csr","ph":"X","ts":23,"dur":2,"pid":584,"tid":3,"args":{"args":{},"status":"STATUS_SUCCESS"}},
{"name":"+ CSR_PROCESS 0x1f2a3b4c50 \"app.exe\"","cat":"csr","ph":"i","ts":24,"pid":584,"tid":3,"s":"t","args":{"type":"CSR_PROCESS","name":"app.exe","address":"0x1f2a3b4c50"}}
],
"otherData":{"producer":"ntsim","clock":"1 µs per model step"}}
`.slice(1);

describe('formatChromeTrace', () => {
  it('writes the sample in the JSON Object Format: metadata, X spans per layer track, i notes', () => {
    expect(formatChromeTrace(sampleTrace())).toBe(EXPECTED);
    expect(JSON.parse(EXPECTED)).toEqual(toChromeTrace(sampleTrace()));
  });

  it('nests the complete events of each track, as the viewers require', () => {
    const xs = toChromeTrace(sampleTrace()).traceEvents.filter((e) => e.ph === 'X');
    const byTrack = new Map<string, ChromeTraceEvent[]>();
    for (const e of xs) byTrack.set(`${e.pid}/${e.tid}`, [...(byTrack.get(`${e.pid}/${e.tid}`) ?? []), e]);
    for (const track of byTrack.values())
      for (const a of track)
        for (const b of track) {
          const [a0, a1, b0, b1] = [a.ts!, a.ts! + a.dur!, b.ts!, b.ts! + b.dur!];
          expect(a1 <= b0 || b1 <= a0 || (a0 <= b0 && b1 <= a1) || (b0 <= a0 && a1 <= b1)).toBe(true);
        }
  });

  it('scales steps, names processes, and runs open spans to the last step', () => {
    const trace = new Trace(new Clock());
    trace.open({ layer: 'kernel', module: 'nt', fn: 'PspAllocateProcess', channel: 'ps' });
    trace.note('still going');
    const events = toChromeTrace(trace.toJSON(), {
      usPerStep: 10,
      processNames: { 0: 'System' },
    }).traceEvents;
    expect(events).toEqual([
      { name: 'process_name', ph: 'M', pid: 0, tid: 0, args: { name: 'System' } },
      { name: 'thread_name', ph: 'M', pid: 0, tid: 4, args: { name: 'kernel' } },
      { name: 'thread_sort_index', ph: 'M', pid: 0, tid: 4, args: { sort_index: 4 } },
      {
        name: 'nt!PspAllocateProcess',
        cat: 'ps',
        ph: 'X',
        ts: 10,
        dur: 20,
        pid: 0,
        tid: 4,
        args: { args: {} },
      },
      { name: 'still going', cat: 'ps', ph: 'i', ts: 20, pid: 0, tid: 4, s: 't' },
    ]);
  });
});
