/**
 * Drafts of the forms an officer was filling when their session ran out. Before the page sends
 * them to sign in, every form on it is saved to sessionStorage under the page's path; when they
 * come back, the values are put back and the draft is deleted. sessionStorage only: it dies with
 * the tab, is never shared with other tabs or sites, and personal data never reaches localStorage.
 *
 * Everything here is a pure function over small structural types (a DOM input, select or textarea
 * satisfies `DraftField`; a `Storage` satisfies `DraftStorage`), so it is tested without a browser.
 */

/** The part of an input, select or textarea a draft reads and writes. */
export interface DraftField {
  name: string;
  type: string;
  value: string;
  checked?: boolean;
  /** `<select multiple>`: its options. */
  options?: ArrayLike<{ value: string; selected: boolean }>;
  multiple?: boolean;
  dataset?: { draft?: string };
}

/** A form's saved values: field name → value (text), values (checkboxes, multi-selects). */
export type FormDraft = Record<string, string | string[]>;

export interface PageDraft {
  version: 1;
  /** ms since the epoch. */
  savedAt: number;
  /** Form key (its id, or `form-<index>`) → values. */
  forms: Record<string, FormDraft>;
}

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  key(index: number): string | null;
}

export const draftPrefix = "pcblgd.draft:";

/** A draft older than this is not restored (the officer has moved on). */
export const draftMaxAgeMs = 12 * 60 * 60 * 1000;

/** Never saved: secrets, files, buttons, and any field marked `data-draft="off"`. */
const skippedTypes = new Set(["password", "file", "submit", "button", "reset", "image"]);

function isSkipped(field: DraftField): boolean {
  return field.name === "" || skippedTypes.has(field.type) || field.dataset?.draft === "off";
}

/** The page a draft belongs to: the path only (no query, no fragment), with the trailing slash the site uses. */
export function draftKey(path: string): string {
  const bare = path.replace(/[?#].*$/, "") || "/";
  return `${draftPrefix}${bare.endsWith("/") ? bare : `${bare}/`}`;
}

/** The values of one form's fields. Checkboxes sharing a name become a list of the checked values. */
export function snapshotForm(fields: ArrayLike<DraftField>): FormDraft {
  const draft: FormDraft = {};
  const lists = new Set<string>();
  for (const field of Array.from(fields)) {
    if (isSkipped(field)) continue;
    if (field.type === "checkbox") {
      lists.add(field.name);
      const list = (draft[field.name] as string[] | undefined) ?? [];
      if (field.checked) list.push(field.value);
      draft[field.name] = list;
    } else if (field.type === "radio") {
      if (field.checked) draft[field.name] = field.value;
    } else if (field.multiple && field.options) {
      draft[field.name] = Array.from(field.options)
        .filter((option) => option.selected)
        .map((option) => option.value);
    } else {
      draft[field.name] = field.value;
    }
  }
  return draft;
}

/** True when a snapshot holds nothing worth keeping: every text empty, every list empty. */
export function isEmptyDraft(draft: FormDraft): boolean {
  return Object.values(draft).every((value) => (Array.isArray(value) ? value.length === 0 : value.trim() === ""));
}

/**
 * Puts saved values back into a form's fields. Fields the draft does not mention are left alone;
 * a checkbox or radio whose name is in the draft is set from it. Returns the names restored.
 */
export function applyFormDraft(fields: ArrayLike<DraftField>, draft: FormDraft): string[] {
  const restored = new Set<string>();
  for (const field of Array.from(fields)) {
    if (isSkipped(field) || !Object.hasOwn(draft, field.name)) continue;
    const saved = draft[field.name];
    if (field.type === "checkbox") {
      field.checked = Array.isArray(saved) ? saved.includes(field.value) : saved === field.value;
    } else if (field.type === "radio") {
      field.checked = saved === field.value;
    } else if (field.multiple && field.options) {
      const values = Array.isArray(saved) ? saved : [saved];
      for (const option of Array.from(field.options)) option.selected = values.includes(option.value);
    } else {
      field.value = Array.isArray(saved) ? (saved[0] ?? "") : (saved ?? "");
    }
    restored.add(field.name);
  }
  return [...restored];
}

/** A page draft from the snapshots of its forms; forms with nothing typed are left out. */
export function pageDraft(forms: Record<string, FormDraft>, now: number): PageDraft | undefined {
  const kept = Object.fromEntries(Object.entries(forms).filter(([, draft]) => !isEmptyDraft(draft)));
  return Object.keys(kept).length === 0 ? undefined : { version: 1, savedAt: now, forms: kept };
}

/** Reads a stored draft, refusing anything malformed, from another version, or too old. */
export function decodeDraft(text: string | null, now: number, maxAgeMs = draftMaxAgeMs): PageDraft | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { version, savedAt, forms } = value as Partial<PageDraft>;
  if (version !== 1 || typeof savedAt !== "number" || typeof forms !== "object" || forms === null) return undefined;
  if (now - savedAt > maxAgeMs || savedAt - now > 60_000) return undefined;
  for (const form of Object.values(forms)) {
    if (typeof form !== "object" || form === null) return undefined;
    for (const saved of Object.values(form)) {
      const ok = typeof saved === "string" || (Array.isArray(saved) && saved.every((item) => typeof item === "string"));
      if (!ok) return undefined;
    }
  }
  return { version, savedAt, forms };
}

/**
 * Saves the draft of the page at `path`. With nothing typed there is nothing to save, and a draft
 * already waiting (the page was left again before it could restore it) is kept, not wiped.
 */
export function saveDraft(storage: DraftStorage, path: string, draft: PageDraft | undefined): void {
  if (draft) storage.setItem(draftKey(path), JSON.stringify(draft));
}

/** Reads the draft of the page at `path` and deletes it: a draft is restored once. */
export function takeDraft(storage: DraftStorage, path: string, now: number): PageDraft | undefined {
  const key = draftKey(path);
  const draft = decodeDraft(storage.getItem(key), now);
  storage.removeItem(key);
  return draft;
}

/** Deletes every draft (on sign-out: the next person at this computer must not find them). */
export function clearDrafts(storage: DraftStorage): void {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key?.startsWith(draftPrefix)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/** The prefix oidc-client-ts gives its keys (the signed-in user, pending sign-in and sign-out states). */
export const signInStatePrefix = "oidc.";

/** Deletes every draft and every token or sign-in state of this tab: what a signed-out tab keeps is nothing. */
export function clearOfficerStorage(storage: DraftStorage): void {
  clearDrafts(storage);
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key?.startsWith(signInStatePrefix)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}
