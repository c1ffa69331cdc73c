/**
 * Object types as tables of operations (ARCHITECTURE.md: "object types as tables of operations,
 * not class trees"), after OBJECT_TYPE_INITIALIZER's ParseProcedure & co. The namespace needs
 * only names and parse for now; open/close/delete/security arrive with handles (issue 4).
 */
export interface ObjectType<T = unknown> {
  /** The type name as `\ObjectTypes` lists it: Directory, SymbolicLink, Device, Key, Section, … */
  readonly name: string;
  /**
   * ParseProcedure: given the object reached and the rest of the path, finish the lookup (a
   * device hands the remainder to its file system, a key to the configuration manager).
   */
  parse?(object: T, remaining: string): ParseResult;
}

/** What a parse procedure returns: an object, or a status (NTSTATUS) for a failed lookup. */
export type ParseResult = { status: number; object?: unknown; remaining?: string };

/** A named object in the namespace. */
export interface NamedObject<T = unknown> {
  readonly type: ObjectType<T>;
  readonly body: T;
  /** The name as created (case preserved). */
  readonly name: string;
}
