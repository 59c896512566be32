/**
 * Where a problem+json field error belongs on a form. The API names a field by its place in the
 * request (`body.email`, `body.jurisdiction.communes.3`, `query.from`); a form names its field
 * groups (`email`, `communes`, `from`). Pure, tested in tests/unit.
 */

export interface ShownError {
  /** The form's field group, or undefined for an error about the request as a whole. */
  field: string | undefined;
  message: string;
}

/**
 * Maps each API error to a field of the form: the longest known prefix of its path (array indexes
 * ignored) wins; `aliases` maps API paths to form field names where they differ.
 */
export function placeErrors(
  errors: readonly { field: string; message: string }[],
  fields: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): ShownError[] {
  return errors.map((error) => ({ field: fieldFor(error.field, fields, aliases), message: error.message }));
}

export function fieldFor(path: string, fields: readonly string[], aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const parts = path.split(".").filter((part) => part !== "" && !/^\d+$/.test(part));
  if (parts[0] === "body" || parts[0] === "query" || parts[0] === "path") parts.shift();
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join(".");
    const aliased = aliases[candidate];
    if (aliased !== undefined && fields.includes(aliased)) return aliased;
    if (fields.includes(candidate)) return candidate;
  }
  return undefined;
}

/** One message per field (the first), in the form's field order, then the general ones: the error summary's list. */
export function summarize(errors: readonly ShownError[], fieldOrder: readonly string[]): ShownError[] {
  const byField = new Map<string, ShownError>();
  const general: ShownError[] = [];
  for (const error of errors) {
    if (error.field === undefined) general.push(error);
    else if (!byField.has(error.field)) byField.set(error.field, error);
  }
  const ordered = fieldOrder.flatMap((field) => {
    const error = byField.get(field);
    return error ? [error] : [];
  });
  return [...ordered, ...general];
}
