import { viewOf } from '../base/index.js';
import { IMAGE_DIRECTORY_ENTRY } from './constants.js';
import { children, decodeOid, DerError, readTlv, type Tlv } from './der.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/** WIN_CERT_TYPE_* (wintrust.h) */
export const WIN_CERT_TYPE = { X509: 1, PKCS_SIGNED_DATA: 2, TS_STACK_SIGNED: 4 } as const;

/** A WIN_CERTIFICATE entry; for Authenticode, what could be read of its signer certificate. */
export interface WinCertificate {
  dwLength: number;
  wRevision: number;
  wCertificateType: number;
  /** File offset of bCertificate. */
  offset: number;
  signer: {
    subject: string | null;
    issuer: string | null;
    /** Extended key usage OIDs of the signer certificate (2.5.29.37), in certificate order. */
    ekus: string[];
  } | null;
  /** Why the PKCS#7 blob could not be read, when it could not. */
  parseError: string | null;
}

const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_EKU = '2.5.29.37';
const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const MAX_ENTRIES = 64;

/**
 * The security directory. Unlike every other directory its VirtualAddress is a file offset: the
 * certificate table is not mapped. Entries are WIN_CERTIFICATE {DWORD dwLength; WORD wRevision;
 * WORD wCertificateType; BYTE bCertificate[]}, each 8-byte aligned.
 */
export function readSecurity(image: PeImage): WinCertificate[] {
  return image.cached('security', parseSecurity);
}

function parseSecurity(image: PeImage): WinCertificate[] {
  const dir = image.directory(IMAGE_DIRECTORY_ENTRY.SECURITY);
  const out: WinCertificate[] = [];
  if (dir.VirtualAddress !== 0 && dir.Size !== 0) {
    const where = 'WIN_CERTIFICATE[]';
    const end = dir.VirtualAddress + dir.Size;
    if (end > image.source.size)
      throw malformed(
        where,
        `table [${hexOff(dir.VirtualAddress)}, ${hexOff(end)}) runs past the end of the file`,
      );
    let at = dir.VirtualAddress;
    while (at + 8 <= end) {
      if (out.length >= MAX_ENTRIES) throw malformed(where, 'too many certificates');
      const dv = viewOf(image.source.bytes(at, 8));
      const dwLength = dv.getUint32(0, true);
      if (dwLength < 8 || at + dwLength > end)
        throw malformed(where, `dwLength ${dwLength} at ${hexOff(at)} is invalid`);
      const cert: WinCertificate = {
        dwLength,
        wRevision: dv.getUint16(4, true),
        wCertificateType: dv.getUint16(6, true),
        offset: at + 8,
        signer: null,
        parseError: null,
      };
      if (cert.wCertificateType === WIN_CERT_TYPE.PKCS_SIGNED_DATA) {
        try {
          cert.signer = readSignedDataSigner(image.source.bytes(at + 8, dwLength - 8));
        } catch (e) {
          if (!(e instanceof DerError)) throw e;
          cert.parseError = e.message;
        }
      }
      out.push(cert);
      at += (dwLength + 7) & ~7;
    }
  }
  return out;
}

/** ContentInfo → SignedData → the certificate that SignerInfos[0] names (issuer + serial). */
export function readSignedDataSigner(b: Uint8Array): NonNullable<WinCertificate['signer']> {
  const ci = readTlv(b, 0);
  const [ct, content] = children(b, ci);
  if (!ct || decodeOid(b, ct) !== OID_SIGNED_DATA || !content || content.tag !== 0xa0)
    throw new DerError('not a PKCS#7 SignedData');
  const sd = children(b, content)[0];
  if (!sd || sd.tag !== 0x30) throw new DerError('SignedData is not a SEQUENCE');
  const parts = children(b, sd);
  const certsTlv = parts.find((p) => p.tag === 0xa0);
  const signerInfos = parts[parts.length - 1];
  const certs = certsTlv ? children(b, certsTlv).filter((c) => c.tag === 0x30) : [];
  if (certs.length === 0) throw new DerError('SignedData has no certificates');
  let signerCert = certs[0]!;
  const si = signerInfos && signerInfos.tag === 0x31 ? children(b, signerInfos)[0] : undefined;
  if (si) {
    const ias = children(b, si)[1];
    if (ias && ias.tag === 0x30) {
      const serial = children(b, ias)[1];
      if (serial) {
        const want = b.subarray(serial.start, serial.end);
        const match = certs.find((c) => {
          const s = tbsParts(b, c).serial;
          return s !== undefined && equalBytes(b.subarray(s.start, s.end), want);
        });
        if (match) signerCert = match;
      }
    }
  }
  const tbs = tbsParts(b, signerCert);
  return {
    subject: tbs.subject ? nameString(b, tbs.subject) : null,
    issuer: tbs.issuer ? nameString(b, tbs.issuer) : null,
    ekus: tbs.extensions ? ekusOf(b, tbs.extensions) : [],
  };
}

function tbsParts(b: Uint8Array, cert: Tlv): { serial?: Tlv; issuer?: Tlv; subject?: Tlv; extensions?: Tlv } {
  const tbs = children(b, cert)[0];
  if (!tbs || tbs.tag !== 0x30) throw new DerError('certificate has no TBSCertificate');
  const f = children(b, tbs);
  const i = f[0]?.tag === 0xa0 ? 1 : 0; // [0] EXPLICIT version is optional
  const r: { serial?: Tlv; issuer?: Tlv; subject?: Tlv; extensions?: Tlv } = {};
  if (f[i]) r.serial = f[i];
  if (f[i + 2]) r.issuer = f[i + 2];
  if (f[i + 4]) r.subject = f[i + 4];
  const ext = f.find((x) => x.tag === 0xa3);
  if (ext) r.extensions = ext;
  return r;
}

/** "CN=…, O=…" from the RDNs we care about, in certificate order. */
function nameString(b: Uint8Array, name: Tlv): string {
  const out: string[] = [];
  for (const rdn of children(b, name))
    for (const atv of children(b, rdn)) {
      const [oid, value] = children(b, atv);
      if (!oid || !value) continue;
      const o = decodeOid(b, oid);
      const label = o === OID_CN ? 'CN' : o === OID_O ? 'O' : null;
      if (label) out.push(`${label}=${new TextDecoder().decode(b.subarray(value.start, value.end))}`);
    }
  return out.join(', ');
}

function ekusOf(b: Uint8Array, extensions: Tlv): string[] {
  const list = children(b, extensions)[0];
  if (!list) return [];
  for (const ext of children(b, list)) {
    const f = children(b, ext);
    if (!f[0] || decodeOid(b, f[0]) !== OID_EKU) continue;
    const value = f[f.length - 1]!; // OCTET STRING wrapping SEQUENCE OF OID
    const inner = readTlv(b, value.start, value.end);
    return children(b, inner).map((t) => decodeOid(b, t));
  }
  return [];
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
