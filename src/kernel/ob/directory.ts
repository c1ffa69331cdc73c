import { ModelError } from '../../base/index.js';
import type { NamedObject, ObjectType } from './object-types.js';

/**
 * An object directory (OBJECT_DIRECTORY): names are case-insensitive and case-preserving, as the
 * object manager compares them (OBJ_CASE_INSENSITIVE is what every Win32 caller passes).
 */
export class ObjectDirectory {
  private readonly entries = new Map<string, NamedObject>();

  static readonly type: ObjectType<ObjectDirectory> = { name: 'Directory' };

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
  static readonly type: ObjectType<SymbolicLink> = { name: 'SymbolicLink' };
  constructor(readonly target: string) {}
}
