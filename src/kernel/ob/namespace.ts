import { STATUS, type NTSTATUS } from '../../base/index.js';
import { ObjectDirectory, SymbolicLink } from './directory.js';
import type { NamedObject, ObjectType } from './object-types.js';

/** The result of a name lookup: the object and the path left for its parse procedure. */
export interface LookupResult {
  status: NTSTATUS;
  object: NamedObject | null;
  /** The part of the path after the object (`\Windows\System32\x.dll` after a volume device). */
  remaining: string;
  /** The path after every symbolic link was reparsed (`\Device\HarddiskVolume3\Windows`). */
  resolvedPath: string;
  /** What the object's parse procedure made of `remaining` (a registry key, a checked file name). */
  parsed?: unknown;
}

/** Windows stops reparsing after 32 symbolic links (ObpLookupObjectName's MAX_REPARSE_ATTEMPTS). */
const MAX_REPARSE = 32;

/**
 * The object manager namespace (`\`, `\Device`, `\GLOBAL??`, `\KnownDlls`, …) and ObpLookupObjectName:
 * walk directories component by component, reparse symbolic links (their target plus the rest),
 * and stop at the first object that is not a directory, handing it the remainder.
 * `\??` is the caller's DosDevices directory: for now the global one, `\GLOBAL??` (per-session
 * device maps arrive with sessions).
 */
export class ObjectNamespace {
  readonly root = new ObjectDirectory();

  /** Creates (or returns) the directory at `path`, creating parents: used while building the machine. */
  ensureDirectory(path: string): ObjectDirectory {
    let dir = this.root;
    for (const name of splitPath(path)) {
      const existing = dir.lookup(name);
      if (existing) {
        if (!(existing.body instanceof ObjectDirectory))
          throw new Error(`${path}: ${name} is not a directory`);
        dir = existing.body;
      } else {
        const child = new ObjectDirectory();
        dir.insert({ type: ObjectDirectory.type, body: child, name });
        dir = child;
      }
    }
    return dir;
  }

  /** Inserts an object at `path` (its parent directories are created). */
  insert<T>(path: string, type: ObjectType<T>, body: T): NamedObject<T> {
    const parts = splitPath(path);
    const name = parts.pop()!;
    const object: NamedObject<T> = { type, body, name };
    this.ensureDirectory('\\' + parts.join('\\')).insert(object as NamedObject);
    return object;
  }

  createSymbolicLink(path: string, target: string): void {
    this.insert(path, SymbolicLink.type, new SymbolicLink(target));
  }

  /**
   * ObpLookupObjectName. Paths are absolute (`\…`) and compared case-insensitively. A symbolic link
   * met as the LAST component is reparsed too unless `openLink` (OBJ_OPENLINK) is set.
   */
  lookup(path: string, options: { openLink?: boolean; root?: ObjectDirectory } = {}): LookupResult {
    // The root the walk starts from: `\` itself, or a server silo's root directory for a process
    // in that silo (ObpGetSiloRootDirectory, ob/silo-namespace.ts); links reparse from it too.
    const root = options.root ?? this.root;
    let current = path;
    for (let reparse = 0; reparse <= MAX_REPARSE; reparse++) {
      if (!current.startsWith('\\')) return fail(STATUS.OBJECT_PATH_SYNTAX_BAD, current);
      if (current === '\\')
        return {
          status: STATUS.SUCCESS,
          object: { type: ObjectDirectory.type, body: root, name: '' },
          remaining: '',
          resolvedPath: '\\',
        };
      if (current.startsWith('\\??') && (current.length === 3 || current[3] === '\\'))
        current = '\\GLOBAL??' + current.slice(3);
      const parts = current.slice(1).split('\\');
      let dir = root;
      let reparsed = false;
      for (let i = 0; i < parts.length; i++) {
        const name = parts[i]!;
        if (name === '') return fail(STATUS.OBJECT_NAME_INVALID, current);
        const object = ObpLookupDirectoryEntry(dir, name);
        const last = i === parts.length - 1;
        if (!object) return fail(last ? STATUS.OBJECT_NAME_NOT_FOUND : STATUS.OBJECT_PATH_NOT_FOUND, current);
        // The rest of the path is only built where it is used (a link to follow, the end).
        const restText = (): string => (last ? '' : '\\' + parts.slice(i + 1).join('\\'));
        if (object.body instanceof SymbolicLink && !(last && options.openLink)) {
          current = object.body.target + restText();
          if (current === '') current = '\\';
          reparsed = true;
          break;
        }
        if (object.body instanceof ObjectDirectory && !last) {
          dir = object.body;
          continue;
        }
        const prefix = '\\' + parts.slice(0, i + 1).join('\\');
        const remaining = restText();
        const resolvedPath = prefix + remaining;
        // An object with a parse procedure finishes the lookup itself (ObpLookupObjectName calls
        // ParseProcedure with the remaining name: IopParseDevice, CmpParseKey).
        if (object.type.parse && remaining !== '') {
          const parsed = object.type.parse(object.body, remaining);
          if (parsed.status !== STATUS.SUCCESS)
            return { status: parsed.status, object: null, remaining, resolvedPath };
          return { status: STATUS.SUCCESS, object, remaining, resolvedPath, parsed: parsed.object };
        }
        return { status: STATUS.SUCCESS, object, remaining, resolvedPath };
      }
      if (!reparsed) return fail(STATUS.OBJECT_NAME_NOT_FOUND, current);
    }
    // STATUS_REPARSE_POINT_NOT_RESOLVED would be NTFS's; the object manager gives this one.
    return fail(STATUS.OBJECT_PATH_NOT_FOUND, path);
  }
}

/** ObpLookupDirectoryEntryEx: the directory's own entry, else its shadow directory's (recursively). */
function ObpLookupDirectoryEntry(dir: ObjectDirectory, name: string): NamedObject | undefined {
  for (let d: ObjectDirectory | null = dir; d; d = d.ShadowDirectory) {
    const found = d.lookup(name);
    if (found) return found;
  }
  return undefined;
}

function fail(status: NTSTATUS, resolvedPath: string): LookupResult {
  return { status, object: null, remaining: '', resolvedPath };
}

function splitPath(path: string): string[] {
  return path.split('\\').filter((p) => p !== '');
}
