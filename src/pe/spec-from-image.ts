import { readApiSetSchema } from './apiset-schema.js';
import { signerFromSubject } from './authenticode-model.js';
import { latin1 } from '../base/index.js';
import { IMAGE_DLLCHARACTERISTICS, IMAGE_FILE, IMAGE_SUBSYSTEM, machineName } from './constants.js';
import { readDelayImports } from './delay-import-directory.js';
import { readExports } from './export-directory.js';
import type { PeImage } from './image.js';
import { readImports } from './import-directory.js';
import { readSecurity } from './security-directory.js';
import type { NormalizedPeSpec, PeMachine, PeSubsystem } from './spec.js';
import { readTls } from './tls-directory.js';
import { IMAGE_POLICY_EXPORT, readTrustletPolicy } from './trustlet-policy.js';
import type { ImportedFunction } from './thunks.js';
import { NTSIM_NOTE_SECTION } from './writer.js';

const SUBSYSTEM_SPEC: Record<number, PeSubsystem> = {
  [IMAGE_SUBSYSTEM.WINDOWS_CUI!]: 'console',
  [IMAGE_SUBSYSTEM.WINDOWS_GUI!]: 'windows',
  [IMAGE_SUBSYSTEM.NATIVE!]: 'native',
  [IMAGE_SUBSYSTEM.EFI_APPLICATION!]: 'efi-application',
  [IMAGE_SUBSYSTEM.POSIX_CUI!]: 'posix',
};

const fnName = (f: ImportedFunction): string => ('name' in f ? f.name : `#${f.ordinal}`);

/** The model's note of a synthesized program (`.ntsim` section), or null for other images. */
export function readNtsimNote(
  image: PeImage,
): { behavior: unknown[]; exitCode: number | null; dllMainReturns: boolean } | null {
  const s = image.sections.find((x) => x.Name === NTSIM_NOTE_SECTION);
  if (!s) return null;
  const bytes = image.read(s.VirtualAddress, s.VirtualSize, `${NTSIM_NOTE_SECTION} section`);
  try {
    return JSON.parse(latin1(bytes)) as {
      behavior: unknown[];
      exitCode: number | null;
      dllMainReturns: boolean;
    };
  } catch {
    return null;
  }
}

/** Reads a PeSpec back from an image: the inverse of writePe for every field of the spec. */
export function specFromImage(image: PeImage): NormalizedPeSpec {
  const fh = image.fileHeader;
  const oh = image.optionalHeader;
  const note = readNtsimNote(image);
  const apiset = readApiSetSchema(image);
  const tp = readTrustletPolicy(image);
  const cert = readSecurity(image).find((c) => c.signer);
  const group = (list: { dll: string; functions: ImportedFunction[] }[]): Record<string, string[]> =>
    Object.fromEntries(list.map((d) => [d.dll, d.functions.map(fnName)]));
  const exp = readExports(image);
  const exports = (exp?.functions ?? [])
    .filter((f) => !(tp && f.name === IMAGE_POLICY_EXPORT))
    .map((f) =>
      f.forwarder
        ? { name: f.name, ordinal: f.ordinal, forward: f.forwarder }
        : { name: f.name, ordinal: f.ordinal },
    );
  return {
    kind: fh.Characteristics & IMAGE_FILE.DLL! ? 'dll' : 'exe',
    machine: machineName(fh.Machine) as PeMachine,
    subsystem: SUBSYSTEM_SPEC[oh.Subsystem] ?? 'console',
    imageBase: oh.ImageBase,
    dynamicBase: (oh.DllCharacteristics & IMAGE_DLLCHARACTERISTICS.DYNAMIC_BASE!) !== 0,
    imports: group(readImports(image)),
    delayImports: group(readDelayImports(image)),
    exports,
    dllName: exp?.dllName ?? (fh.Characteristics & IMAGE_FILE.DLL! ? 'image.dll' : 'image.exe'),
    tlsCallbacks: readTls(image)?.callbacks.length ?? 0,
    dllMainReturns: note?.dllMainReturns ?? true,
    signature: cert?.signer
      ? { signer: signerFromSubject(cert.signer.subject) ?? 'Authenticode', ekus: cert.signer.ekus }
      : { signer: 'none', ekus: [] },
    trustletPolicy: tp ? { trustletId: Number(tp.trustletId), policies: tp.policies } : null,
    behavior: note?.behavior ?? [],
    exitCode: note?.exitCode ?? null,
    apiSetSchema:
      apiset &&
      apiset.contracts.map((c) => ({
        name: c.name,
        hosts: c.hosts.filter((h) => h.host !== '' || h.importer !== null),
      })),
  };
}
