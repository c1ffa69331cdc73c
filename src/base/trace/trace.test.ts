import { describe, expect, it } from 'vitest';
import { ModelError, NtStatusError } from '../errors.js';
import { STATUS } from '../ntstatus.js';
import { Clock } from './clock.js';
import { filterTrace, onChannels } from './filter.js';
import type { SpanJson } from './span.js';
import { Trace } from './trace.js';

const nt = (fn: string, channel: 'ps' | 'mm' | 'ob' = 'ps') =>
  ({ layer: 'kernel', module: 'nt', fn, channel }) as const;
/** The tree as (id module!fn start-end status) lines, to check shape and steps at a glance. */
const shape = (spans: SpanJson[], depth = 0): string[] =>
  spans.flatMap((s) => [
    `${'  '.repeat(depth)}${s.id} ${s.module}!${s.fn} ${s.start}-${s.end} ${s.status}`,
    ...shape(s.children, depth + 1),
  ]);

describe('Trace', () => {
  it('records spans as a tree with steps, arguments, notes, objects, status and result', () => {
    const trace = new Trace(new Clock());
    const args = { ImageName: 'app.exe', Parent: 0xffffa08c3d2e1080n, Flags: 4, Skipped: undefined };
    const outer = trace.open({ ...nt('NtCreateUserProcess'), args, pid: 1234 });
    args.ImageName = 'changed later';
    const inner = trace.open(nt('PspAllocateProcess'));
    inner.object({ type: 'Process', name: 'app.exe', address: 0xffffa08c3e1f0080n });
    trace.note('token: the parent’s, duplicated', { integrity: 'Medium' });
    inner.close(STATUS.SUCCESS, { Peb: 0xb2a1a4f000n });
    outer.close(STATUS.ACCESS_DENIED);
    expect(trace.spanCount).toBe(2);
    expect(trace.toJSON()).toEqual({
      version: 1,
      spans: [
        {
          id: 1,
          layer: 'kernel',
          module: 'nt',
          fn: 'NtCreateUserProcess',
          channel: 'ps',
          pid: 1234,
          args: { ImageName: 'app.exe', Parent: '0xffffa08c3d2e1080', Flags: 4 },
          start: 1,
          end: 6,
          status: 0xc0000022,
          objects: [],
          events: [],
          children: [
            {
              id: 2,
              layer: 'kernel',
              module: 'nt',
              fn: 'PspAllocateProcess',
              channel: 'ps',
              pid: 1234,
              args: {},
              start: 2,
              end: 5,
              status: 0,
              result: { Peb: '0xb2a1a4f000' },
              objects: [{ step: 3, type: 'Process', name: 'app.exe', address: '0xffffa08c3e1f0080' }],
              events: [{ step: 4, text: 'token: the parent’s, duplicated', data: { integrity: 'Medium' } }],
              children: [],
            },
          ],
        },
      ],
      events: [],
      objects: [],
    });
    // JSON key order is part of the format.
    expect(Object.keys(trace.toJSON().spans[0]!.children[0]!)).toEqual([
      'id',
      'layer',
      'module',
      'fn',
      'channel',
      'pid',
      'args',
      'start',
      'end',
      'status',
      'result',
      'objects',
      'events',
      'children',
    ]);
  });

  it('keeps notes and objects made outside any span at the top level', () => {
    const trace = new Trace(new Clock());
    trace.note('boot');
    trace.object({ type: 'Directory', name: '\\KnownDlls' });
    expect(trace.current.id).toBe(0);
    expect(trace.toJSON()).toEqual({
      version: 1,
      spans: [],
      events: [{ step: 1, text: 'boot' }],
      objects: [{ step: 2, type: 'Directory', name: '\\KnownDlls' }],
    });
  });

  it('call: closes with the outcome, or with the thrown status, and passes the throw on', () => {
    const trace = new Trace(new Clock());
    const ok = trace.call(nt('MmCreatePeb', 'mm'), () => ({ status: STATUS.SUCCESS, value: 42, result: 42 }));
    expect(ok.value).toBe(42);
    expect(() =>
      trace.call(nt('ObInsertObject', 'ob'), () => {
        trace.open(nt('ObpCreateHandle', 'ob')); // left open by the throw
        throw new NtStatusError(STATUS.INSUFFICIENT_RESOURCES, 'handle table full');
      }),
    ).toThrow(NtStatusError);
    expect(() =>
      trace.call(nt('PspInsertProcess'), () => {
        throw new ModelError('CID_REUSED', 'a live CID handed out twice');
      }),
    ).toThrow(ModelError);
    const [peb, insert, psp] = trace.toJSON().spans;
    expect(peb).toMatchObject({ status: 0, result: 42, start: 1, end: 2 });
    expect(insert).toMatchObject({
      status: 0xc000009a,
      error: { name: 'NtStatusError', message: 'handle table full' },
      start: 3,
      end: 6,
    });
    expect(insert!.children[0]).toMatchObject({ fn: 'ObpCreateHandle', status: 0xc000009a, end: 5 });
    expect(psp).toMatchObject({
      status: null,
      error: { name: 'ModelError', code: 'CID_REUSED', message: 'a live CID handed out twice' },
    });
    expect(trace.current.id).toBe(0);
  });

  it('refuses to close a span twice or out of order (a bug in the model)', () => {
    const trace = new Trace(new Clock());
    const a = trace.open(nt('A'));
    trace.open(nt('B'));
    expect(() => a.close(0)).toThrow(/closing span 1 \(nt!A\) while span 2 \(nt!B\) inside it is open/);
    const t2 = new Trace(new Clock());
    const c = t2.open(nt('C'));
    c.close(0);
    expect(() => c.close(0)).toThrow(/closed twice/);
    expect(() => t2.call(nt('D'), (span) => (span.close(0), { status: 0 }))).toThrow(/closed twice/);
  });

  it('records only the channels asked for; children of a filtered span join its parent', () => {
    const trace = new Trace(new Clock(), { channels: ['ps'] });
    expect([trace.wants('ps'), trace.wants('mm')]).toEqual([true, false]);
    trace.call(nt('PspAllocateProcess'), () => {
      const mm = trace.open(nt('MmInitializeProcessAddressSpace', 'mm'));
      expect(mm.id).toBe(0);
      trace.call(nt('PspCreateThread'), () => ({ status: 0 }));
      mm.close(0);
      return { status: 0 };
    });
    expect(shape(trace.toJSON().spans)).toEqual([
      '1 nt!PspAllocateProcess 1-4 0',
      '  2 nt!PspCreateThread 2-3 0',
    ]);
  });

  it('filterTrace keeps chosen spans and lifts the children of the others', () => {
    const trace = new Trace(new Clock());
    trace.call(nt('A'), () => {
      trace.call(nt('B', 'mm'), () => {
        trace.call(nt('C'), () => ({ status: 0 }));
        trace.call(nt('D', 'ob'), () => ({ status: 0 }));
        return { status: 0 };
      });
      trace.call(nt('E'), () => ({ status: 0 }));
      return { status: 0 };
    });
    const full = trace.toJSON();
    expect(shape(filterTrace(full, onChannels(['ps'])).spans)).toEqual([
      '1 nt!A 1-10 0',
      '  3 nt!C 3-4 0',
      '  5 nt!E 8-9 0',
    ]);
    expect(shape(full.spans)).toHaveLength(5);
  });
});

describe('Trace.disabled()', () => {
  it('records nothing, hands back one shared span and does not move the clock', () => {
    const trace = Trace.disabled();
    expect(Trace.disabled()).toBe(trace);
    expect(trace.enabled).toBe(false);
    const first = trace.open(nt('NtCreateUserProcess'));
    let others = 0;
    for (let i = 0; i < 100_000; i++) {
      const span = trace.open(nt('PspAllocateProcess'));
      if (span !== first) others++;
      span.note('x');
      span.close(0);
    }
    expect(others).toBe(0);
    const r = trace.call(nt('PspInsertProcess'), (span) => {
      expect(span).toBe(first);
      return { status: STATUS.SUCCESS, value: 'v' };
    });
    expect(r.value).toBe('v');
    trace.note('x');
    trace.object({ type: 'Process' });
    expect([trace.spanCount, trace.wants('ps'), first.id]).toEqual([0, false, 0]);
    expect(trace.toJSON()).toEqual({ version: 1, spans: [], events: [], objects: [] });
    const clock = new Clock();
    const off = new Trace(clock, { enabled: false });
    off.call(nt('A'), () => ({ status: 0 }));
    expect(clock.lastStep).toBe(0);
  });
});
