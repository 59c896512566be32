/** Small helpers of the public pages' scripts (honour roll, statistics). */

/** `{name}` placeholders of a message filled in. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}

/** The element a page's script cannot work without: a missing one is a bug in the page, said loudly. */
export function need<T extends Element>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}
