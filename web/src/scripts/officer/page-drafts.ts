/**
 * The DOM side of drafts (see drafts.ts): save every form on the page before leaving for the
 * sign-in page, and put the values back when the officer returns.
 */
import { applyFormDraft, type DraftField, type FormDraft, pageDraft, saveDraft, snapshotForm, takeDraft } from "./drafts.ts";

type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function formKey(form: HTMLFormElement, index: number): string {
  return form.id || `form-${String(index)}`;
}

function fieldsOf(form: HTMLFormElement): Field[] {
  return Array.from(form.elements).filter(
    (element): element is Field => element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement,
  );
}

function asDraftField(field: Field): DraftField {
  return field as unknown as DraftField;
}

/** Saves every form of this page (nothing when nothing was typed). */
export function saveFormsOnPage(path = window.location.pathname): void {
  const forms: Record<string, FormDraft> = {};
  Array.from(document.forms).forEach((form, index) => {
    forms[formKey(form, index)] = snapshotForm(fieldsOf(form).map(asDraftField));
  });
  saveDraft(window.sessionStorage, path, pageDraft(forms, Date.now()));
}

/**
 * Restores this page's draft, once, and tells each restored form's listeners (`input` and
 * `change`), so dependent parts of the form show as they did. Returns the keys of the forms restored.
 */
export function restoreFormsOnPage(path = window.location.pathname): string[] {
  const draft = takeDraft(window.sessionStorage, path, Date.now());
  if (!draft) return [];
  const restored: string[] = [];
  Array.from(document.forms).forEach((form, index) => {
    const saved = draft.forms[formKey(form, index)];
    if (!saved) return;
    const fields = fieldsOf(form);
    const names = applyFormDraft(fields.map(asDraftField), saved);
    for (const field of fields.filter((candidate) => names.includes(candidate.name))) {
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
    restored.push(formKey(form, index));
  });
  return restored;
}
