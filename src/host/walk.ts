import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `path` (or `path` itself), sorted, symlinks not followed. */
export function listRegularFiles(path: string): string[] {
  const st = lstatSync(path);
  if (st.isFile()) return [path];
  if (!st.isDirectory()) return [];
  const out: string[] = [];
  const entries = readdirSync(path, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const e of entries) {
    const p = join(path, e.name);
    if (e.isFile()) out.push(p);
    else if (e.isDirectory()) out.push(...listRegularFiles(p));
  }
  return out;
}
