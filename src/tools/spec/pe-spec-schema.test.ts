import { describe, expect, it } from 'vitest';
import { parsePeSpec } from './pe-spec-schema.js';
import { didYouMean } from './did-you-mean.js';

describe('PeSpec validation', () => {
  it('accepts the scenario.md example', () => {
    const r = parsePeSpec({
      kind: 'exe',
      machine: 'AMD64',
      subsystem: 'console',
      imageBase: 0x140000000,
      dynamicBase: true,
      imports: { 'kernel32.dll': ['CreateProcessW', 'ExitProcess'] },
      delayImports: { 'user32.dll': ['MessageBoxW'] },
      exports: ['Run', { name: 'Old', ordinal: 7 }, { name: 'Sleepy', forward: 'kernel32.Sleep' }],
      tlsCallbacks: 2,
      dllMainReturns: true,
      signature: { signer: 'none', ekus: [] },
      trustletPolicy: { trustletId: 1, policies: { etw: true, debug: false, crashDump: true } },
      behavior: [],
      exitCode: 0,
    });
    expect(r.ok).toBe(true);
  });
  it('names the place of every error, with did-you-mean hints', () => {
    const r = parsePeSpec({
      knd: 'exe',
      machine: 'AMD46',
      exports: [{ name: 'a', ordinal: 'x' }],
      signature: { signer: 'WinTbc' },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'pe.machine: unknown value "AMD46" (one of AMD64 | I386 | ARM64; did you mean AMD64?)',
      'pe.exports[0].ordinal: Invalid input: expected number, received string',
      'pe.signature.signer: unknown value "WinTbc" (one of none | Authenticode | CodeGen | Antimalware | Lsa | Windows | WinTcb | WinSystem | App; did you mean WinTcb?)',
      'pe.knd: unknown field (did you mean kind?)',
    ]);
  });
  it('didYouMean finds near misses only', () => {
    expect(didYouMean('CREATE_SUSPEND', ['CREATE_SUSPENDED', 'CREATE_NEW_CONSOLE'])).toBe('CREATE_SUSPENDED');
    expect(didYouMean('zzz', ['kind', 'machine'])).toBeNull();
  });
});
