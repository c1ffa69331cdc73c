import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PeImage, readDebug, readManifest, readSecurity, readTls } from '../../src/pe/index.js';
import { describeFile } from '../../src/tools/cli/commands/pe.js';
import { DEBIAN_PYTHON, hasPefile, pefileDump, realImagesRequired } from './corpus.js';

/**
 * Programs built from C by a real toolchain (mingw-w64), and signed by a real Authenticode signer
 * (osslsigncode): TLS callbacks, an RT_MANIFEST resource, a CodeView RSDS record and a
 * WIN_CERTIFICATE whose signer certificate carries EKUs. Sources and build command: programs/.
 */
const BUILD = new URL('./programs/build.sh', import.meta.url).pathname;
const MANIFEST = new URL('./programs/tlsapp.manifest', import.meta.url).pathname;
const haveTools = (() => {
  try {
    execFileSync('x86_64-w64-mingw32-gcc', ['--version'], { stdio: 'ignore' });
    execFileSync('osslsigncode', ['--version'], { stdio: 'ignore' });
    return hasPefile();
  } catch {
    return false;
  }
})();
if (!haveTools && realImagesRequired())
  throw new Error('gcc-mingw-w64-x86-64, osslsigncode and python3-pefile are required for test/real');

describe.runIf(haveTools)('mingw-w64-built programs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-progs-'));
  execFileSync('bash', [BUILD, dir]);
  const exe = join(dir, 'tlsapp.exe');
  const signed = join(dir, 'tlsapp-signed.exe');

  it('agree with python3-pefile on headers, sections, imports and TLS callbacks', () => {
    const ref = pefileDump([exe]).get(exe)!;
    const v = describeFile(exe);
    if (v.error) throw new Error(v.error.message);
    const ours = v as Exclude<typeof v, { error: object }>;
    expect(ours.imageBase).toBe(ref.imageBase);
    expect(ours.entryPoint).toBe(ref.entryPoint);
    expect(
      ours.sections.map((s) => ({
        name: s.name,
        virtualAddress: s.virtualAddress,
        sizeOfRawData: s.sizeOfRawData,
      })),
    ).toEqual(ref.sections);
    expect(
      ours.imports.map((d) => ({
        dll: d.dll,
        functions: d.functions.map((f) => ('name' in f ? { name: f.name } : f)),
      })),
    ).toEqual(ref.imports);
    // mingw's CRT registers two callbacks of its own; ours is the third.
    expect(ours.tls!.callbacks.length).toBe(ref.tlsCallbacks);
    expect(ref.tlsCallbacks).toBe(3);
    const image = PeImage.open(readFileSync(exe));
    for (const cb of readTls(image)!.callbacks)
      expect(image.sections[image.sectionIndexOf(cb.rva)]!.Name).toBe('.text');
  });

  it('reads the CodeView RSDS record as pefile does (PDB path, GUID, age)', () => {
    const [cv] = readDebug(PeImage.open(readFileSync(exe))).filter((d) => d.codeView);
    const py = execFileSync(DEBIAN_PYTHON, [
      '-c',
      `import pefile,sys
pe=pefile.PE(sys.argv[1])
e=[d.entry for d in pe.DIRECTORY_ENTRY_DEBUG if d.struct.Type==2][0]
print('%08X-%04X-%04X-%02X%02X-%s %d %s' % (e.Signature_Data1, e.Signature_Data2, e.Signature_Data3, e.Signature_Data4, e.Signature_Data5, e.Signature_Data6.hex().upper(), e.Age, e.PdbFileName.rstrip(b'\\0').decode()))`,
      exe,
    ])
      .toString()
      .trim();
    expect(`${cv!.codeView!.guid} ${cv!.codeView!.age} ${cv!.codeView!.pdb}`).toBe(py);
    expect(cv!.codeView!.pdb).toBe('tlsapp.pdb');
  });

  it('finds the RT_MANIFEST resource, byte for byte', () => {
    const m = readManifest(PeImage.open(readFileSync(exe)))!;
    expect(m.id).toBe(1);
    expect(m.text).toBe(readFileSync(MANIFEST, 'utf8'));
  });

  it('reads the Authenticode signer certificate: subject and EKUs in certificate order', () => {
    expect(existsSync(signed)).toBe(true);
    const [cert] = readSecurity(PeImage.open(readFileSync(signed)));
    expect(cert!.wRevision).toBe(0x200);
    expect(cert!.wCertificateType).toBe(2);
    expect(cert!.parseError).toBeNull();
    expect(cert!.signer).toEqual({
      subject: 'CN=ntsim PPL test signer, O=ntsim tests',
      issuer: 'CN=ntsim PPL test signer, O=ntsim tests',
      ekus: ['1.3.6.1.5.5.7.3.3', '1.3.6.1.4.1.311.10.3.22'],
    });
    // The unsigned build has no security directory.
    expect(readSecurity(PeImage.open(readFileSync(exe)))).toEqual([]);
  });
});
