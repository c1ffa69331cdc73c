import { hex, NtStatusError } from '../base/index.js';
import { countRelocations, readRelocations } from './base-relocation.js';
import { readClrHeader } from './clr-header.js';
import {
  debugTypeName,
  flagNames,
  IMAGE_DLLCHARACTERISTICS,
  IMAGE_FILE,
  machineName,
  subsystemName,
} from './constants.js';
import { readDebug } from './debug-directory.js';
import { readDelayImports } from './delay-import-directory.js';
import { readExports } from './export-directory.js';
import { PeImage } from './image.js';
import { readImports } from './import-directory.js';
import { readLoadConfig } from './load-config-directory.js';
import { readApiSetSchema } from './apiset-schema.js';
import { readSecurity } from './security-directory.js';
import { readTls } from './tls-directory.js';
import { readTrustletPolicy } from './trustlet-policy.js';
import type { ByteSource } from '../base/index.js';

/** The `ntsim pe --json` object for one image (../shared/spec/cli.md, `ntsim pe`). */
export interface PeView {
  path: string;
  format: 'PE32' | 'PE32+';
  machine: string;
  characteristics: string[];
  timeDateStamp: number;
  imageBase: string;
  entryPoint: number;
  sizeOfImage: number;
  sectionAlignment: number;
  fileAlignment: number;
  checksum: number;
  subsystem: string;
  dllCharacteristics: string[];
  sections: {
    name: string;
    virtualAddress: number;
    virtualSize: number;
    pointerToRawData: number;
    sizeOfRawData: number;
    characteristics: string;
  }[];
  imports: { dll: string; functions: ({ name: string; hint: number } | { ordinal: number })[] }[];
  delayImports: { dll: string; functions: ({ name: string; hint: number } | { ordinal: number })[] }[];
  exports: {
    dllName: string;
    ordinalBase: number;
    functions: { ordinal: number; name: string | null; rva: number | null; forwarder: string | null }[];
  } | null;
  tls: { callbacks: string[] } | null;
  relocations: { blocks: number; entries: number } | null;
  debug: { type: string; pdb?: string; guid?: string | null; age?: number }[];
  loadConfig: { guardFlags: string; dependentLoadFlags: string } | null;
  clr: boolean;
  signature: {
    present: boolean;
    certificates?: {
      revision: string;
      type: number;
      length: number;
      subject: string | null;
      ekus: string[];
    }[];
  };
  apiSetSchema: { version: number; flags: string; count: number } | null;
  trustletPolicy: { trustletId: number; policies: Record<string, boolean | number | string> } | null;
  error: null;
}

export interface PeErrorView {
  path: string;
  error: { status: string; statusName: string; message: string };
}

export function describePe(image: PeImage, path: string): PeView {
  const fh = image.fileHeader;
  const oh = image.optionalHeader;
  const exp = readExports(image);
  const tls = readTls(image);
  const relocs = readRelocations(image);
  const lc = readLoadConfig(image);
  const certs = readSecurity(image);
  const apiset = readApiSetSchema(image);
  const tp = readTrustletPolicy(image);
  return {
    path,
    format: image.format,
    machine: machineName(fh.Machine),
    characteristics: flagNames(fh.Characteristics, IMAGE_FILE),
    timeDateStamp: fh.TimeDateStamp,
    imageBase: hex(oh.ImageBase),
    entryPoint: oh.AddressOfEntryPoint,
    sizeOfImage: oh.SizeOfImage,
    sectionAlignment: oh.SectionAlignment,
    fileAlignment: oh.FileAlignment,
    checksum: oh.CheckSum,
    subsystem: subsystemName(oh.Subsystem),
    dllCharacteristics: flagNames(oh.DllCharacteristics, IMAGE_DLLCHARACTERISTICS),
    sections: image.sections.map((s) => ({
      name: s.Name,
      virtualAddress: s.VirtualAddress,
      virtualSize: s.VirtualSize,
      pointerToRawData: s.PointerToRawData,
      sizeOfRawData: s.SizeOfRawData,
      characteristics: hex(s.Characteristics),
    })),
    // ImportedFunction and ExportedFunction already have the contract's shape: no copies.
    imports: readImports(image).map((d) => ({ dll: d.dll, functions: d.functions })),
    delayImports: readDelayImports(image).map((d) => ({ dll: d.dll, functions: d.functions })),
    exports: exp && {
      dllName: exp.dllName,
      ordinalBase: exp.Base,
      functions: exp.functions,
    },
    tls: tls && { callbacks: tls.callbacks.map((c) => hex(c.va)) },
    relocations: relocs && { blocks: relocs.length, entries: countRelocations(relocs) },
    debug: readDebug(image).map((d) =>
      d.codeView
        ? { type: debugTypeName(d.Type), pdb: d.codeView.pdb, guid: d.codeView.guid, age: d.codeView.age }
        : { type: debugTypeName(d.Type) },
    ),
    loadConfig: lc && {
      guardFlags: hex(lc.GuardFlags ?? 0),
      dependentLoadFlags: hex(lc.DependentLoadFlags ?? 0),
    },
    clr: readClrHeader(image) !== null,
    signature: certs.length
      ? {
          present: true,
          certificates: certs.map((c) => ({
            revision: '0x' + c.wRevision.toString(16).padStart(4, '0'),
            type: c.wCertificateType,
            length: c.dwLength,
            subject: c.signer?.subject ?? null,
            ekus: c.signer?.ekus ?? [],
          })),
        }
      : { present: false },
    apiSetSchema: apiset && {
      version: apiset.version,
      flags: hex(apiset.flags),
      count: apiset.contracts.length,
    },
    trustletPolicy: tp && {
      trustletId: Number(tp.trustletId),
      policies: tp.policies as Record<string, boolean | number | string>,
    },
    error: null,
  };
}

/** Opens and describes; a bad image gives the error object of the CLI contract instead of throwing. */
export function describePeSource(source: ByteSource | Uint8Array, path: string): PeView | PeErrorView {
  try {
    return describePe(PeImage.open(source), path);
  } catch (e) {
    if (e instanceof NtStatusError) return { path, error: e.toJSON() };
    throw e;
  }
}
