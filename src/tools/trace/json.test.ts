import { describe, expect, it } from 'vitest';
import { Clock, STATUS, Trace } from '../../base/index.js';
import { formatTraceJson, toTraceDocument } from './json.js';
import { sampleTrace } from './sample.js';

describe('formatTraceJson', () => {
  it('writes the documented span tree, statuses as the CLI contract writes them', () => {
    const trace = new Trace(new Clock());
    trace.note('boot', { session: 1 });
    trace.call(
      { layer: 'user', module: 'kernelbase', fn: 'CreateProcessInternalW', channel: 'win32', pid: 8 },
      () => {
        trace.call(
          {
            layer: 'kernel',
            module: 'nt',
            fn: 'NtCreateUserProcess',
            channel: 'ps',
            args: { Flags: 0x200n },
          },
          (span) => {
            span.object({ type: 'Process', name: 'a.exe', address: 0xffff8000n });
            return { status: STATUS.ACCESS_DENIED, result: { Handle: null } };
          },
        );
        return { status: STATUS.ACCESS_DENIED };
      },
    );
    expect(formatTraceJson(trace.toJSON())).toBe(
      String.raw`
{
  "format": "ntsim-trace",
  "version": 1,
  "spans": [
    {
      "id": 1,
      "layer": "user",
      "module": "kernelbase",
      "fn": "CreateProcessInternalW",
      "channel": "win32",
      "pid": 8,
      "args": {},
      "start": 2,
      "end": 6,
      "status": "0xC0000022",
      "statusName": "STATUS_ACCESS_DENIED",
      "objects": [],
      "events": [],
      "children": [
        {
          "id": 2,
          "layer": "kernel",
          "module": "nt",
          "fn": "NtCreateUserProcess",
          "channel": "ps",
          "pid": 8,
          "args": {
            "Flags": "0x200"
          },
          "start": 3,
          "end": 5,
          "status": "0xC0000022",
          "statusName": "STATUS_ACCESS_DENIED",
          "result": {
            "Handle": null
          },
          "objects": [
            {
              "step": 4,
              "type": "Process",
              "name": "a.exe",
              "address": "0xffff8000"
            }
          ],
          "events": [],
          "children": []
        }
      ]
    }
  ],
  "events": [
    {
      "step": 1,
      "text": "boot",
      "data": {
        "session": 1
      }
    }
  ],
  "objects": []
}
`.slice(1),
    );
  });

  it('carries the whole sample, the failing child included', () => {
    const doc = JSON.parse(formatTraceJson(sampleTrace()));
    expect(doc).toEqual(toTraceDocument(sampleTrace()));
    const internal = doc.spans[0].children[0];
    expect(
      internal.children.map((c: { fn: string; statusName: string }) => `${c.fn} ${c.statusName}`),
    ).toEqual([
      'NtOpenKey STATUS_OBJECT_NAME_NOT_FOUND',
      'NtCreateUserProcess STATUS_SUCCESS',
      'CsrClientCallServer STATUS_SUCCESS',
    ]);
  });
});
