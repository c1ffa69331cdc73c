import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { IoWriteFile } from '../../src/kernel/io/index.js';
import { NtCreateUserProcess } from '../../src/kernel/ps/index.js';
import { bootedMachine, userProcessParameters } from '../kernel/support.js';
import { realImagesRequired } from './corpus.js';

/**
 * Protected creation from a real image's Authenticode signature (issue 8: "the PeSpec `signature`,
 * or a real image's Authenticode EKUs"): mingw-built tlsapp.exe signed by osslsigncode with test
 * certificates (programs/build.sh). Code integrity reads the signer certificate's EKUs
 * (kernel/se code-integrity.ts: a certificate the model did not write is judged by its EKUs, here
 * the Authenticode signer, signing level 4) and the PP/PPL EKU the type needs
 * (internals.md §4.4: Protected Process Verification 1.3.6.1.4.1.311.10.3.24 for a PP, Protected
 * Process Light Verification …10.3.22 for a PPL). PS_PROTECTED_AUTHENTICODE (0x12, PP) then runs
 * only the image whose certificate has …10.3.24; the PPL-EKU image and the unsigned build are
 * refused with STATUS_INVALID_IMAGE_HASH (Ionescu, "The Evolution of Protected Processes" Part 3),
 * and a level above the Authenticode signing level (Windows-Light, 0x51) refuses even the PP one.
 */
const BUILD = new URL('./programs/build.sh', import.meta.url).pathname;
const haveTools = (() => {
  try {
    execFileSync('x86_64-w64-mingw32-gcc', ['--version'], { stdio: 'ignore' });
    execFileSync('osslsigncode', ['--version'], { stdio: 'ignore' });
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!haveTools && realImagesRequired())
  throw new Error('gcc-mingw-w64-x86-64, osslsigncode and openssl are required for test/real');

describe.runIf(haveTools)('protected creation from a real Authenticode-signed image', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-pp-'));
  execFileSync('bash', [BUILD, dir]);
  const m = bootedMachine();
  const k = m.b.kernel;
  const put = (name: string): string => {
    const nt = `\\??\\C:\\Users\\user\\Desktop\\${name}`;
    IoWriteFile(k.ob.namespace, nt, readFileSync(join(dir, name)));
    return nt;
  };
  const create = (image: string, level: number) =>
    NtCreateUserProcess(
      k.ps,
      k.caller(m.b.explorer),
      userProcessParameters(image, { access: 0x02000000, attributes: { ProtectionLevel: level } }),
    );

  it('the PP-EKU image runs as PS_PROTECTED_AUTHENTICODE (0x12) with SignatureLevel Authenticode (4)', () => {
    const r = create(put('tlsapp-pp.exe'), 0x12);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(r.process!.Protection).toBe(0x12);
    expect([r.process!.SignatureLevel, r.process!.SectionSignatureLevel]).toEqual([0x4, 0x4]);
  });

  it('the PPL-EKU image, the unsigned build and a level above the signature are STATUS_INVALID_IMAGE_HASH, nothing made', () => {
    const before = m.counts();
    expect(create(put('tlsapp-signed.exe'), 0x12).status).toBe(STATUS.INVALID_IMAGE_HASH);
    expect(create(put('tlsapp.exe'), 0x12).status).toBe(STATUS.INVALID_IMAGE_HASH);
    expect(create(put('tlsapp-pp.exe'), 0x51).status).toBe(STATUS.INVALID_IMAGE_HASH);
    expect(m.counts()).toEqual(before);
  });
});
