import { describe, expect, it } from 'vitest';
import * as base from '../src/base/index.js';
import * as pe from '../src/pe/index.js';
import * as host from '../src/host/index.js';

/** ARCHITECTURE.md: each public index.ts's exports are snapshotted, so the surface changes on purpose only. */
describe('public surface', () => {
  it.each([
    ['base', base],
    ['pe', pe],
    ['host', host],
  ])('%s/index.ts', (_name, mod) => {
    expect(Object.keys(mod).sort()).toMatchSnapshot();
  });
});
