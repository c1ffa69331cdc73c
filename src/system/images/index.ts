import { ModelError } from '../../base/index.js';
import type { ManifestFile } from './manifest.js';
import { validateManifest } from './validate.js';
import { WIN10_22H2_X64_DIRECTORIES, WIN10_22H2_X64_FILES } from './win10-22h2-x64/index.js';

export * from './manifest.js';
export * from './validate.js';

/** An embedded system image: its files (as PeSpecs) and directories. */
export interface SystemImage {
  name: string;
  files: readonly ManifestFile[];
  directories: readonly string[];
}

const IMAGES: Record<string, () => SystemImage> = {
  'win10-22h2-x64': () => ({
    name: 'win10-22h2-x64',
    files: WIN10_22H2_X64_FILES,
    directories: WIN10_22H2_X64_DIRECTORIES,
  }),
};

export const SYSTEM_IMAGE_NAMES = Object.keys(IMAGES);

/** The named image, checked (validateManifest) the first time it is used. */
export function getSystemImage(name: string): SystemImage {
  const make = IMAGES[name];
  if (!make)
    throw new ModelError(
      'image.unknown',
      `unknown system image ${JSON.stringify(name)} (known: ${SYSTEM_IMAGE_NAMES.join(', ')})`,
    );
  const image = make();
  validateManifest(name, image.files, { specs: false });
  return image;
}
