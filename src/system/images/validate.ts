import { normalizePeSpec, PeSpecError } from '../../pe/index.js';
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
 * (case-insensitively), and a PeSpec the writer accepts. Done once per manifest object.
 */
export function validateManifest(name: string, files: readonly ManifestFile[]): void {
  if (checked.has(files)) return;
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
    try {
      normalizePeSpec(f.pe, `${field}.pe`);
    } catch (e) {
      if (e instanceof PeSpecError) throw new ManifestError(e.path, e.message.slice(e.path.length + 2));
      throw e;
    }
  });
  checked.add(files);
}
