/**
 * Accessible error display for the officer forms: each message next to its field (the field marked
 * `aria-invalid` and described by the message), an error summary at the top of the form listing
 * every problem as a link to its field, and focus moved to the summary so a screen reader reads it.
 */
import { fieldFor, type ShownError, summarize } from "./field-errors.ts";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The form's field groups (`data-field`), in document order. */
export function fieldNames(form: HTMLFormElement): string[] {
  return Array.from(form.querySelectorAll<HTMLElement>("[data-field]"), (group) => group.dataset.field ?? "").filter(Boolean);
}

function group(form: HTMLFormElement, field: string): HTMLElement | null {
  return form.querySelector<HTMLElement>(`[data-field="${field}"]`);
}

/** The controls that belong to a group itself (not to a nested group such as the commune picker inside the jurisdiction). */
function controlsOf(form: HTMLFormElement, field: string): Control[] {
  const box = group(form, field);
  if (!box) return [];
  return Array.from(box.querySelectorAll<Control>("input, select, textarea")).filter(
    (control) => control.closest("[data-field]") === box && control.type !== "hidden" && control.type !== "search",
  );
}

/** The control a summary link should focus: the first (visible) control of the group. */
function firstControl(form: HTMLFormElement, field: string): Control | undefined {
  const controls = controlsOf(form, field);
  return controls.find((control) => control instanceof HTMLInputElement && control.checked) ?? controls[0];
}

export function clearErrors(form: HTMLFormElement): void {
  const summary = form.querySelector<HTMLElement>("[data-error-summary]");
  if (summary) {
    summary.hidden = true;
    summary.querySelector("ul")?.replaceChildren();
  }
  for (const message of form.querySelectorAll<HTMLElement>("[data-error-for]")) {
    message.hidden = true;
    message.textContent = "";
  }
  for (const control of form.querySelectorAll<Control>("[aria-invalid]")) {
    control.removeAttribute("aria-invalid");
    const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id !== "" && !id.endsWith("-error"));
    if (ids.length > 0) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  for (const box of form.querySelectorAll<HTMLElement>(".field-invalid")) box.classList.remove("field-invalid");
}

/** Clears one field's error (its message, `aria-invalid`, its line in the summary). */
export function clearFieldError(form: HTMLFormElement, field: string): void {
  const slot = form.querySelector<HTMLElement>(`[data-error-for="${field}"]`);
  if (slot) {
    slot.hidden = true;
    slot.textContent = "";
  }
  group(form, field)?.classList.remove("field-invalid");
  const named = Array.from(form.querySelectorAll<Control>("input, select, textarea")).filter((control) => control.name === field);
  for (const control of new Set([...controlsOf(form, field), ...named])) {
    control.removeAttribute("aria-invalid");
    const ids = (control.getAttribute("aria-describedby") ?? "").split(/\s+/).filter((id) => id !== "" && id !== slot?.id);
    if (ids.length > 0) control.setAttribute("aria-describedby", ids.join(" "));
    else control.removeAttribute("aria-describedby");
  }
  const summary = form.querySelector<HTMLElement>("[data-error-summary]");
  for (const item of summary?.querySelectorAll<HTMLElement>("li[data-field]") ?? []) if (item.dataset.field === field) item.remove();
  if (summary && summary.querySelector("li") === null) summary.hidden = true;
}

/**
 * An error stays only while it is true: changing a field clears what was said about it (issue 18:
 * the old message stayed next to a phone number already corrected).
 */
export function clearErrorsAsFixed(form: HTMLFormElement): void {
  const onChange = (event: Event) => {
    const target = event.target as Partial<Control> | null;
    if (target?.name) clearFieldError(form, target.name);
  };
  form.addEventListener("input", onChange);
  form.addEventListener("change", onChange);
}

/** Shows the errors (already placed on fields) and moves focus to the summary. */
export function showErrors(form: HTMLFormElement, errors: readonly ShownError[]): void {
  clearErrors(form);
  const order = fieldNames(form);
  const listed = summarize(errors, order);
  for (const field of order) {
    const messages = errors.filter((error) => error.field === field).map((error) => error.message);
    if (messages.length === 0) continue;
    const slot = form.querySelector<HTMLElement>(`[data-error-for="${field}"]`);
    if (slot) {
      slot.textContent = [...new Set(messages)].join(" ");
      slot.hidden = false;
    }
    group(form, field)?.classList.add("field-invalid");
    for (const control of controlsOf(form, field)) {
      control.setAttribute("aria-invalid", "true");
      if (slot) control.setAttribute("aria-describedby", `${control.getAttribute("aria-describedby") ?? ""} ${slot.id}`.trim());
    }
  }
  const summary = form.querySelector<HTMLElement>("[data-error-summary]");
  const list = summary?.querySelector("ul");
  if (!summary || !list) return;
  list.replaceChildren(
    ...listed.map((error) => {
      const item = document.createElement("li");
      if (error.field) item.dataset.field = error.field;
      const target = error.field ? firstControl(form, error.field) : undefined;
      if (target) {
        const link = document.createElement("a");
        link.href = `#${target.id}`;
        link.textContent = error.message;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          target.focus();
        });
        item.append(link);
      } else {
        item.textContent = error.message;
      }
      return item;
    }),
  );
  summary.hidden = false;
  summary.focus();
}

/** Places problem+json field errors on this form's fields. */
export function placeOnForm(
  form: HTMLFormElement,
  errors: readonly { field: string; message: string }[],
  aliases: Readonly<Record<string, string>> = {},
): ShownError[] {
  const fields = fieldNames(form);
  return errors.map((error) => ({ field: fieldFor(error.field, fields, aliases), message: error.message }));
}

/** A required-field message carried by the form (`data-required-message` on a control or group). */
export function requiredMessage(form: HTMLFormElement, field: string): string {
  const box = group(form, field);
  return (
    box?.dataset.requiredMessage ??
    box?.querySelector<HTMLElement>(":scope > [data-required-message], :scope > * > [data-required-message]")?.dataset.requiredMessage ??
    ""
  );
}
