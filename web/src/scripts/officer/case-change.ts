/**
 * Sending one change from a case-work part of the case page (referral outcomes, notes, the
 * leader's assignment, the same-person link): the answered file goes to the whole page
 * (`pcblgd:case-changed`); a 409 keeps what was typed and hands back the current version, so
 * sending again applies it there; a 400 shows its errors on the form. The form carries
 * `[data-work-saved]` and `[data-work-conflict]` notices.
 */
import type { CaseView } from "../../../../shared/cases.ts";
import { ApiProblem } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";

export interface CaseChange {
  form: HTMLFormElement;
  /** The control disabled while sending (the form's submit button, or a row's button). */
  button: HTMLButtonElement;
  send: () => Promise<CaseView>;
  words: { saved: string; conflict: string };
  /** The version the API says is current, after a 409. */
  onConflict: (version: number | undefined) => void;
  aliases?: Readonly<Record<string, string>>;
}

/** True when the change was saved. */
export async function sendCaseChange(change: CaseChange): Promise<boolean> {
  const { form, button, words } = change;
  const saved = required<HTMLElement>("[data-work-saved]", form);
  const conflict = required<HTMLElement>("[data-work-conflict]", form);
  clearErrors(form);
  saved.hidden = true;
  conflict.hidden = true;
  button.disabled = true;
  try {
    const answer = await change.send();
    document.dispatchEvent(new CustomEvent<CaseView>("pcblgd:case-changed", { detail: answer }));
    saved.textContent = words.saved;
    saved.hidden = false;
    return true;
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 409) {
      const current = (error.problem as { current?: { version?: number } }).current;
      change.onConflict(typeof current?.version === "number" ? current.version : undefined);
      conflict.textContent = words.conflict;
      conflict.hidden = false;
      return false;
    }
    if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
      showErrors(form, placeOnForm(form, error.problem.errors, change.aliases));
      return false;
    }
    throw error;
  } finally {
    button.disabled = false;
  }
}
