import { describe, expect, it } from 'vitest';
import { createCodeIntegrityCatalog } from './code-integrity-catalog.js';
import { Machine, SYSTEM_VOLUME_DEVICE } from './machine.js';

describe('the machine catalog for system files without an embedded signature (code-integrity-catalog.ts)', () => {
  const catalog = createCodeIntegrityCatalog(Machine.assemble());
  const dev = (p: string): string => SYSTEM_VOLUME_DEVICE + p;

  it('a path the manifest lists gets the manifest signature for that path (csrss.exe: WinTcb-Light)', () => {
    expect(catalog(dev('\\Windows\\System32\\csrss.exe'))).toEqual({
      signer: 'WinTcb',
      ekus: ['1.3.6.1.4.1.311.10.3.6', '1.3.6.1.4.1.311.10.3.22', '1.3.6.1.4.1.311.10.3.23'],
    });
    expect(catalog('\\??\\C:\\Windows\\System32\\csrss.exe')?.signer).toBe('WinTcb');
  });

  it('another file directly in System32 is a Windows binary; elsewhere no catalog covers it', () => {
    expect(catalog(dev('\\Windows\\System32\\wine-only.dll'))).toEqual({
      signer: 'Windows',
      ekus: ['1.3.6.1.4.1.311.10.3.6'],
    });
    expect(catalog(dev('\\Windows\\System32\\sub\\x.dll'))).toBeNull();
    expect(catalog(dev('\\Acme\\plugin.dll'))).toBeNull();
    expect(catalog('\\Device\\HarddiskVolume9\\Windows\\System32\\x.dll')).toBeNull();
  });
});
