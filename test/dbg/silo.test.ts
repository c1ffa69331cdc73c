import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DbgEngine } from '../../src/tools/dbg/index.js';
import { runScenario } from '../../src/tools/scenario/runner.js';
import { byImage, lines } from './support.js';

/**
 * The console over a server silo (test/scenarios/silo-server-silo-create.yaml): `dt nt!_EPROCESS`
 * shows ServerSilo (@0x870, internals.md §1.2) pointing at the silo's EJOB, and `dt nt!_EJOB` of it
 * shows the §9 silo fields — JobId, ServerSiloGlobals, JobFlags with Silo (bit 30) set.
 */
const file = new URL('../scenarios/silo-server-silo-create.yaml', import.meta.url).pathname;
const e = new DbgEngine(runScenario(readFileSync(file, 'utf8'), file).booted);
const hex = (n: bigint) => n.toString(16);

describe('dt of a server silo', () => {
  const app = byImage(e, 'app.exe');
  const silo = app.ServerSilo!;
  it('EPROCESS.ServerSilo is the silo EJOB, as EPROCESS.Job', () => {
    const out = lines(e, `dt nt!_EPROCESS ${hex(app.header!.bodyAddress)} ServerSilo Job`);
    const addr = hex(silo.header!.bodyAddress);
    const shown = `0x${addr.slice(0, 8)}\`${addr.slice(8)}`;
    expect(out.find((l) => l.includes('ServerSilo'))).toContain(shown);
    expect(out.find((l) => l.includes(' Job '))).toContain(shown);
  });
  it('dt nt!_EJOB shows JobId, ServerSiloGlobals and JobFlags.Silo', () => {
    const out = lines(e, `dt nt!_EJOB ${hex(silo.header!.bodyAddress)}`);
    expect(out.join('\n')).toMatch(/\+0x4d4 JobId\s+: 0x1\n/);
    expect(out.join('\n')).toMatch(/\+0x528 JobFlags\s+: 0x40000000/);
    expect(out.join('\n')).toMatch(/\+0x528 Silo\s+: 0y1/);
    const globals = hex(silo.ServerSiloGlobals!.address);
    expect(out.find((l) => l.includes('ServerSiloGlobals'))).toContain(
      `${globals.slice(0, 8)}\`${globals.slice(8)}`,
    );
  });
});
