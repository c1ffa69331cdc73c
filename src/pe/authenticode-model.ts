import { concat, encodeOid, encodeTlv, integer, seq, set, utf8String } from './der.js';
import type { PeSigner } from './spec.js';

/**
 * The PeSpec `signature` is the code-integrity verdict the machine's CI would reach for a file. The
 * writer records it as a real WIN_CERTIFICATE holding a PKCS#7 SignedData (the shape Authenticode
 * uses) whose signer certificate carries the EKUs and names the signer level in its subject CN.
 * The signature bytes are placeholders: nothing here claims to be a valid signature, and the
 * model's CI reads the verdict from the subject (`signerFromSubject`), as documented.
 */
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_SPC_INDIRECT_DATA = '1.3.6.1.4.1.311.2.1.4';
const OID_SHA256 = '2.16.840.1.101.3.4.2.1';
const OID_SHA256_RSA = '1.2.840.113549.1.1.11';
const OID_RSA = '1.2.840.113549.1.1.1';
const OID_CN = '2.5.4.3';
const OID_O = '2.5.4.10';
const OID_EKU = '2.5.29.37';
const SUBJECT_PREFIX = 'ntsim test signer: ';

const name = (cn: string): Uint8Array =>
  seq(set(seq(encodeOid(OID_CN), utf8String(cn))), set(seq(encodeOid(OID_O), utf8String('ntsim'))));
const algo = (oid: string): Uint8Array => seq(encodeOid(oid), encodeTlv(0x05, new Uint8Array(0)));
const utcTime = (s: string): Uint8Array => encodeTlv(0x17, new TextEncoder().encode(s));
const bitString = (b: Uint8Array): Uint8Array => encodeTlv(0x03, concat([Uint8Array.of(0), b]));
const octets = (b: Uint8Array): Uint8Array => encodeTlv(0x04, b);

export function buildAuthenticodeModel(signer: PeSigner, ekus: string[]): Uint8Array {
  const issuer = name('ntsim test root');
  const serial = integer(1);
  const extensions = encodeTlv(0xa3, seq(seq(encodeOid(OID_EKU), octets(seq(...ekus.map(encodeOid))))));
  const tbs = seq(
    encodeTlv(0xa0, integer(2)),
    serial,
    algo(OID_SHA256_RSA),
    issuer,
    seq(utcTime('200101000000Z'), utcTime('400101000000Z')),
    name(SUBJECT_PREFIX + signer),
    seq(algo(OID_RSA), bitString(new Uint8Array(8))),
    extensions,
  );
  const cert = seq(tbs, algo(OID_SHA256_RSA), bitString(new Uint8Array(8)));
  const signerInfo = seq(
    integer(1),
    seq(issuer, serial),
    algo(OID_SHA256),
    algo(OID_RSA),
    octets(new Uint8Array(8)),
  );
  const signedData = seq(
    integer(1),
    set(algo(OID_SHA256)),
    seq(encodeOid(OID_SPC_INDIRECT_DATA)),
    encodeTlv(0xa0, cert),
    set(signerInfo),
  );
  return seq(encodeOid(OID_SIGNED_DATA), encodeTlv(0xa0, signedData));
}

/** The signer level a model certificate names, or null for a certificate of any other origin. */
export function signerFromSubject(subject: string | null): PeSigner | null {
  const m = subject?.match(/CN=ntsim test signer: (\w+)/);
  return (m?.[1] as PeSigner | undefined) ?? null;
}
