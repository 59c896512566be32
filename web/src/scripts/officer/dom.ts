/** The element a page's script cannot work without: a missing one is a bug in the page, said loudly. */
export function required<T extends Element>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}
