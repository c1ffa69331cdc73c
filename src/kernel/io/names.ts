import { STATUS, type NTSTATUS } from '../../base/index.js';

/**
 * NTFS name rules for a path under a volume (Microsoft Learn, "Naming Files, Paths, and
 * Namespaces": reserved characters < > : " / \ | ? * and 0–31). NT paths are not normalized: a
 * `.` or `..` component reaching a file system is an invalid name (NtCreateFile fails with
 * STATUS_OBJECT_NAME_INVALID), which is also what keeps every lookup inside its volume.
 * The default data stream suffix `::$DATA` is accepted and dropped; other streams are not modelled.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what NTFS forbids
const INVALID = /["*/:<>?\\|\u0000-\u001f]/;

export function checkComponents(path: string): { status: NTSTATUS; components: string[] } {
  if (path === '' || path === '\\') return { status: STATUS.SUCCESS, components: [] };
  if (!path.startsWith('\\')) return { status: STATUS.OBJECT_NAME_INVALID, components: [] };
  let body = path.slice(1);
  if (body.endsWith('\\')) body = body.slice(0, -1); // a trailing separator names the directory
  const components = body.split('\\');
  for (let i = 0; i < components.length; i++) {
    let c = components[i]!;
    if (i === components.length - 1 && c.toUpperCase().endsWith('::$DATA'))
      c = components[i] = c.slice(0, -7);
    if (c === '' || c === '.' || c === '..' || INVALID.test(c))
      return { status: STATUS.OBJECT_NAME_INVALID, components: [] };
  }
  return { status: STATUS.SUCCESS, components };
}
