import { describe, expect, it } from 'vitest';
import { readField } from '../../src/base/index.js';
import {
  NtCreateUserProcess,
  PsAlwaysDuplicate,
  PsCreateState,
  PsNeverDuplicate,
  PsRequestDuplicate,
  type EPROCESS,
  type PsStdHandleInfo,
} from '../../src/kernel/ps/index.js';
import { APP, bootedMachine } from './support.js';

type Machine = ReturnType<typeof bootedMachine>;

/** Creates APP from explorer with standard handles in the parameters and PsAttributeStdHandleInfo. */
function create(
  m: Machine,
  std: [number, number, number],
  info?: PsStdHandleInfo,
  processFlags = 0,
): EPROCESS {
  const k = m.b.kernel;
  const r = NtCreateUserProcess(k.ps, k.caller(m.b.explorer), {
    ProcessDesiredAccess: 0x1fffff,
    ThreadDesiredAccess: 0x1fffff,
    ProcessFlags: processFlags,
    ThreadFlags: 1,
    ProcessParameters: {
      imagePathName: APP.slice(4),
      commandLine: APP.slice(4),
      currentDirectory: 'C:\\',
      standardInput: std[0],
      standardOutput: std[1],
      standardError: std[2],
    },
    CreateInfo: { State: PsCreateState.PsCreateInitialState },
    AttributeList: { ImageName: APP, ...(info ? { StdHandleInfo: info } : {}) },
  });
  expect(r.status).toBe(0);
  return r.process!;
}

function stdOf(m: Machine, p: EPROCESS): bigint[] {
  const as = p.addressSpace!;
  const bytes = as.read(p.processParameters, 0x440);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return ['StandardInput', 'StandardOutput', 'StandardError'].map(
    (f) => readField(view, 0, m.b.kernel.mm.layout, '_RTL_USER_PROCESS_PARAMETERS', f) as bigint,
  );
}

describe('PsAttributeStdHandleInfo (reference §3.3)', () => {
  it("PsAlwaysDuplicate: the parent's standard handles are duplicated into the child and its parameters get the new values", () => {
    const m = bootedMachine();
    // Two objects in explorer's table to stand for stdout/stderr: handles to two processes.
    const a = create(m, [0, 0, 0]);
    const b = create(m, [0, 0, 0]);
    const table = m.b.explorer.ObjectTable!;
    const handles = [...table.rows()].map((r) => r.handle).sort((x, y) => x - y);
    const [hA, , hB] = handles; // process, thread, process, thread
    void a;
    void b;
    const child = create(m, [0, hA!, hB!], { StdHandleState: PsAlwaysDuplicate, PseudoHandleMask: 0 });
    const [sin, sout, serr] = stdOf(m, child);
    expect(sin).toBe(0n);
    expect(Number(sout) % 4).toBe(0);
    expect(sout).not.toBe(0n);
    const childTable = child.ObjectTable!;
    expect(childTable.lookup(Number(sout))!.object).toBe(table.lookup(hA!)!.object);
    expect(childTable.lookup(Number(serr))!.object).toBe(table.lookup(hB!)!.object);
  });
  it('PsNeverDuplicate, the pseudo-handle mask, and PsRequestDuplicate with inheritance leave the values as given', () => {
    const m = bootedMachine();
    create(m, [0, 0, 0]);
    const h = [...m.b.explorer.ObjectTable!.rows()].map((r) => r.handle).sort((x, y) => x - y)[0]!;
    const never = create(m, [0, h, 0], { StdHandleState: PsNeverDuplicate, PseudoHandleMask: 0 });
    expect(stdOf(m, never)).toEqual([0n, BigInt(h), 0n]);
    expect(never.ObjectTable!.handleCount).toBe(0);
    const masked = create(m, [0, h, 0], { StdHandleState: PsAlwaysDuplicate, PseudoHandleMask: 2 });
    expect(masked.ObjectTable!.handleCount).toBe(0);
    const requested = create(
      m,
      [0, h, 0],
      { StdHandleState: PsRequestDuplicate, PseudoHandleMask: 0 },
      0x4 /* INHERIT_HANDLES */,
    );
    expect(stdOf(m, requested)).toEqual([0n, BigInt(h), 0n]);
  });
});
