import { ModelError } from '../../base/index.js';
import {
  DIRECTORY_ALL_ACCESS,
  DIRECTORY_CREATE_OBJECT,
  DIRECTORY_CREATE_SUBDIRECTORY,
  DIRECTORY_QUERY,
  DIRECTORY_TRAVERSE,
  READ_CONTROL,
  SYMBOLIC_LINK_ALL_ACCESS,
  SYMBOLIC_LINK_QUERY,
} from './constants.js';
import type { NamedObject, ObjectType } from './object-types.js';

/**
 * An object directory (OBJECT_DIRECTORY): names are case-insensitive and case-preserving, as the
 * object manager compares them (OBJ_CASE_INSENSITIVE is what every Win32 caller passes).
 */
export class ObjectDirectory {
  private readonly entries = new Map<string, NamedObject>();
  /**
   * OBJECT_DIRECTORY.ShadowDirectory: a name missing here is looked up there
   * (NtCreateDirectoryObjectEx's ShadowDirectoryHandle; a server silo's root shadows `\`, so
   * `\Device` stays reachable from inside — ObCreateSiloRootDirectory, ob/silo-namespace.ts).
   */
  ShadowDirectory: ObjectDirectory | null = null;

  /**
   * The Directory type (ReactOS ob/obinit.c ObInitSystem: DIRECTORY_ALL_ACCESS, and the generic
   * mapping read/execute → query+traverse, write → create object/subdirectory; STANDARD_RIGHTS_READ,
   * _WRITE and _EXECUTE are all READ_CONTROL).
   */
  static readonly type: ObjectType<ObjectDirectory> = {
    name: 'Directory',
    validAccessMask: DIRECTORY_ALL_ACCESS,
    genericMapping: {
      GenericRead: READ_CONTROL | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
      GenericWrite: READ_CONTROL | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
      GenericExecute: READ_CONTROL | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
      GenericAll: DIRECTORY_ALL_ACCESS,
    },
    poolTag: 'Dire',
    bodySize: 0x158,
  };

  lookup(name: string): NamedObject | undefined {
    return this.entries.get(name.toUpperCase());
  }

  insert(object: NamedObject): void {
    const key = object.name.toUpperCase();
    if (this.entries.has(key)) throw new ModelError('ob.collision', `${object.name} already exists`);
    this.entries.set(key, object);
  }

  remove(name: string): boolean {
    return this.entries.delete(name.toUpperCase());
  }

  /** Entries sorted by name, as `!object` / WinObj list them. */
  list(): NamedObject[] {
    return [...this.entries.values()].sort((a, b) => (a.name.toUpperCase() < b.name.toUpperCase() ? -1 : 1));
  }
}

/** OBJECT_SYMBOLIC_LINK: its target is an object-manager path, reparsed with the remainder appended. */
export class SymbolicLink {
  /** The SymbolicLink type (ReactOS ob/oblink.c: SYMBOLIC_LINK_ALL_ACCESS and its generic mapping). */
  static readonly type: ObjectType<SymbolicLink> = {
    name: 'SymbolicLink',
    validAccessMask: SYMBOLIC_LINK_ALL_ACCESS,
    genericMapping: {
      GenericRead: READ_CONTROL | SYMBOLIC_LINK_QUERY,
      GenericWrite: READ_CONTROL,
      GenericExecute: READ_CONTROL | SYMBOLIC_LINK_QUERY,
      GenericAll: SYMBOLIC_LINK_ALL_ACCESS,
    },
    poolTag: 'Symb',
    bodySize: 0x38,
  };
  constructor(readonly target: string) {}
}
