import { describe, expect, it } from 'vitest';
import * as base from '../src/base/index.js';
import * as pe from '../src/pe/index.js';
import * as host from '../src/host/index.js';
import * as ob from '../src/kernel/ob/index.js';
import * as io from '../src/kernel/io/index.js';
import * as cm from '../src/kernel/cm/index.js';
import * as rtl from '../src/ntdll/rtl/index.js';
import * as system from '../src/system/index.js';
import * as se from '../src/kernel/se/index.js';
import * as mm from '../src/kernel/mm/index.js';
import * as ps from '../src/kernel/ps/index.js';
import * as sk from '../src/kernel/sk/index.js';
import * as syscalls from '../src/kernel/syscalls/index.js';
import * as ntdll from '../src/ntdll/index.js';

/** ARCHITECTURE.md: each public index.ts's exports are snapshotted, so the surface changes on purpose only. */
describe('public surface', () => {
  it.each([
    ['base', base],
    ['pe', pe],
    ['host', host],
    ['kernel/ob', ob],
    ['kernel/io', io],
    ['kernel/cm', cm],
    ['ntdll/rtl', rtl],
    ['system', system],
    ['kernel/se', se],
    ['kernel/mm', mm],
    ['kernel/ps', ps],
    ['kernel/sk', sk],
    ['kernel/syscalls', syscalls],
    ['ntdll', ntdll],
  ])('%s/index.ts', (_name, mod) => {
    expect(Object.keys(mod).sort()).toMatchSnapshot();
  });
});
