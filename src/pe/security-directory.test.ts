import { describe, expect, it } from 'vitest';
import { Patch } from '../../test/support/pe-patch.js';
import { signerFromSubject } from './authenticode-model.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import { decodeOid, encodeOid, readTlv } from './der.js';
import { PeImage } from './image.js';
import { readSecurity } from './security-directory.js';
import { writePe } from './writer.js';

describe('security directory (WIN_CERTIFICATE, Authenticode PKCS#7)', () => {
  it('reads the signer certificate the writer records for a PeSpec signature', () => {
    const image = PeImage.open(
      writePe({
        signature: { signer: 'Antimalware', ekus: ['1.3.6.1.4.1.311.10.3.22', '1.3.6.1.4.1.311.76.11.1'] },
      }),
    );
    const [cert] = readSecurity(image);
    expect([cert!.wRevision, cert!.wCertificateType, cert!.offset % 8]).toEqual([0x200, 2, 0]);
    expect(cert!.signer!.ekus).toEqual(['1.3.6.1.4.1.311.10.3.22', '1.3.6.1.4.1.311.76.11.1']);
    expect(signerFromSubject(cert!.signer!.subject)).toBe('Antimalware');
    // The directory's VirtualAddress is a file offset, past every section's raw data.
    const dir = image.directory(IMAGE_DIRECTORY_ENTRY.SECURITY);
    const last = image.sections[image.sections.length - 1]!;
    expect(dir.VirtualAddress).toBeGreaterThanOrEqual(last.PointerToRawData + last.SizeOfRawData);
  });
  it('a table past the end of the file or a bad dwLength is malformed; a bad PKCS#7 blob is reported, not thrown', () => {
    const bytes = writePe({ signature: { signer: 'Windows', ekus: [] } });
    const p = new Patch(bytes);
    const at = p.directory(IMAGE_DIRECTORY_ENTRY.SECURITY).rva;
    expect(() =>
      readSecurity(
        PeImage.open(
          new Patch(bytes).u32(p.dataDirectory(IMAGE_DIRECTORY_ENTRY.SECURITY) + 4, 0x100000).bytes,
        ),
      ),
    ).toThrow(/runs past the end of the file/);
    expect(() => readSecurity(PeImage.open(new Patch(bytes).u32(at, 4).bytes))).toThrow(/dwLength 4/);
    const garbled = new Patch(bytes).u32(at + 8, 0xdeadbeef).bytes;
    const [cert] = readSecurity(PeImage.open(garbled));
    expect(cert!.signer).toBeNull();
    expect(cert!.parseError).toMatch(/./);
  });
  it('DER: OIDs round-trip, multi-byte arcs included; lengths past the buffer are errors', () => {
    for (const oid of ['1.3.6.1.4.1.311.10.3.22', '2.5.29.37', '1.2.840.113549.1.7.2', '2.999.1'])
      expect(decodeOid(encodeOid(oid), readTlv(encodeOid(oid), 0))).toBe(oid);
    expect(() => readTlv(Uint8Array.of(0x30, 0x05, 1), 0)).toThrow(/runs past/);
    expect(() => readTlv(Uint8Array.of(0x30, 0x85, 1, 1, 1, 1, 1), 0)).toThrow(/bad length/);
  });
});
