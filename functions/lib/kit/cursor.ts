import { createHash } from "node:crypto";
import { InvalidCursorError } from "./errors.ts";

/**
 * The one page-cursor codec of every list route.
 *
 * A cursor is opaque to the client and BOUND TO ITS QUERY: it carries a digest of the query it was
 * made for (the partition and every filter, as the caller's `binding` string), and the state it
 * carries (usually DynamoDB's LastEvaluatedKey) is validated on the way back in — exact attribute
 * names, string or number values of bounded length, the partition attribute equal to the query's.
 * A cursor from another commune, another filter, another route, a tampered or a garbage one is an
 * InvalidCursorError (400 on `query.cursor`), never a DynamoDB error and never a 500.
 *
 * Why validated and not signed: every query is scoped by its key condition (the partition the
 * caller may read) before the cursor is applied, so a forged cursor can at most move inside what the
 * query already allows; signing would need a secret in every function for no gain in access.
 */

const maxCursorLength = 2048;
const maxValueLength = 400;

function digest(binding: string): string {
  return createHash("sha256").update(binding, "utf8").digest("base64url").slice(0, 16);
}

/** Encodes any JSON state for the query named by `binding`. */
export function encodeCursor(state: unknown, binding: string): string {
  return Buffer.from(JSON.stringify({ b: digest(binding), s: state }), "utf8").toString("base64url");
}

/** Decodes a cursor made by `encodeCursor` for the same `binding`; anything else throws InvalidCursorError. */
export function decodeCursor(cursor: string, binding: string): unknown {
  if (typeof cursor !== "string" || cursor.length === 0 || cursor.length > maxCursorLength || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw new InvalidCursorError("not a cursor");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidCursorError("unreadable cursor");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new InvalidCursorError("not a cursor");
  const { b, s } = parsed as Record<string, unknown>;
  if (b !== digest(binding)) throw new InvalidCursorError("the cursor belongs to another query");
  return s;
}

export type DynamoKey = Record<string, string | number>;

export interface KeyCursorSpec {
  /** The exact attribute names of the LastEvaluatedKey (table key + the index key when querying an index). */
  keyNames: readonly string[];
  /** The query's partition: the cursor's value of this attribute must equal it. */
  partition: { name: string; value: string };
  /** Optional extra check of the key (e.g. the sort key lies in the queried range). */
  accepts?: (key: DynamoKey) => boolean;
}

function isDynamoKey(value: unknown, spec: KeyCursorSpec): value is DynamoKey {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  if (entries.length !== spec.keyNames.length) return false;
  for (const [name, item] of entries) {
    if (!spec.keyNames.includes(name)) return false;
    if (typeof item === "string" ? item.length > maxValueLength : typeof item !== "number" || !Number.isFinite(item)) return false;
  }
  const key = value as DynamoKey;
  return key[spec.partition.name] === spec.partition.value && (spec.accepts?.(key) ?? true);
}

/**
 * A DynamoDB key carried inside a cursor's state, checked against the query it is for (for codecs
 * whose state holds more than a key, e.g. a walk over day partitions); InvalidCursorError otherwise.
 */
export function checkedKey(state: unknown, spec: KeyCursorSpec): DynamoKey {
  if (!isDynamoKey(state, spec)) throw new InvalidCursorError("the cursor's key does not belong to this query");
  return state;
}

/** The codec of a DynamoDB Query's page: LastEvaluatedKey ⇄ cursor, bound to `binding`. */
export function keyCursor(binding: string, spec: KeyCursorSpec) {
  return {
    encode(lastKey: Record<string, unknown> | undefined): string | undefined {
      return lastKey === undefined ? undefined : encodeCursor(lastKey, binding);
    },
    decode(cursor: string | undefined): DynamoKey | undefined {
      if (cursor === undefined) return undefined;
      return checkedKey(decodeCursor(cursor, binding), spec);
    },
  };
}

/**
 * A binding string from a query's parts: `bindingOf("cases", commune, { status, from })`. Filter
 * values that are absent are left out, so `{a: undefined}` and `{}` bind alike.
 */
export function bindingOf(route: string, partition: string, filters: Record<string, unknown> = {}): string {
  const present = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([route, partition, present]);
}

/**
 * Last line of defence: DynamoDB refusing an ExclusiveStartKey (outside the key condition's range)
 * becomes InvalidCursorError, so no cursor can ever surface as a 500.
 */
export async function guardCursor<T>(query: Promise<T>): Promise<T> {
  try {
    return await query;
  } catch (error) {
    const { name, message } = error as Error;
    if (name === "ValidationException" && /starting key|ExclusiveStartKey/i.test(message)) throw new InvalidCursorError("refused by the database");
    throw error;
  }
}
