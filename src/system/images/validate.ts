import { normalizePeSpec, PeSpecError, writePe } from '../../pe/index.js';
import type { ManifestFile } from './manifest.js';

/** A manifest entry that cannot be used: the field and what is wrong. */
export class ManifestError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'ManifestError';
  }
}

const checked = new WeakSet<readonly ManifestFile[]>();

/**
 * Checks a manifest before a machine is built from it: absolute drive paths, each path once
 * (case-insensitively), a source for every entry and — unless `specs: false` — a PeSpec the writer
 * accepts. A machine checks paths at assembly and each spec when its file is first made
 * (`synthesize`), so assembling stays cheap; the image's tests check everything.
 */
export function validateManifest(
  name: string,
  files: readonly ManifestFile[],
  options: { specs?: boolean } = {},
): void {
  const specs = options.specs ?? true;
  if (!specs && checked.has(files)) return;
  const seen = new Map<string, number>();
  files.forEach((f, i) => {
    const field = `${name}.files[${i}]`;
    if (!/^[A-Za-z]:\\[^\\]/.test(f.path) || /[<>"|?*]|\\\\|\\$/.test(f.path.slice(2)))
      throw new ManifestError(
        `${field}.path`,
        `${JSON.stringify(f.path)} is not an absolute Win32 file path`,
      );
    const key = f.path.toUpperCase();
    const dup = seen.get(key);
    if (dup !== undefined) throw new ManifestError(`${field}.path`, `${f.path} is also files[${dup}]`);
    seen.set(key, i);
    if (!f.source) throw new ManifestError(`${field}.source`, 'every entry says where its facts come from');
    if (specs) checkSpec(f, field, () => normalizePeSpec(f.pe, `${field}.pe`));
  });
  checked.add(files);
}

function checkSpec<T>(f: ManifestFile, field: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof PeSpecError) throw new ManifestError(e.path, e.message.slice(e.path.length + 2));
    throw e;
  }
}

/** The bytes of a manifest file, made by the PE writer; a bad spec is a ManifestError naming its field. */
export function synthesize(imageName: string, files: readonly ManifestFile[], index: number): Uint8Array {
  const f = files[index]!;
  const field = `${imageName}.files[${index}]`;
  return checkSpec(f, field, () => {
    normalizePeSpec(f.pe, `${field}.pe`);
    return writePe(f.pe);
  });
}
