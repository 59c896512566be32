/**
 * The case-work sections of the case page (components/officer/CaseWork.astro): referral outcomes
 * and case notes. The case page's script hands over each view it shows (`pcblgd:case-view`); a
 * saved change sends the answered file back (`pcblgd:case-changed`) so the whole page shows it.
 * A 400 shows the errors on the form; a 409 keeps what was typed and takes the current version.
 */
import { openReferralStatuses } from "../../../../shared/case-work.ts";
import type { CaseView } from "../../../../shared/cases.ts";
import { referralTargetLabels } from "../../../../shared/cases.ts";
import { dayLabel } from "../../../../shared/vietnam-time.ts";
import { api } from "./api.ts";
import { sendCaseChange } from "./case-change.ts";
import { required } from "./dom.ts";
import { clearErrors, requiredMessage, showErrors } from "./forms.ts";
import { fill } from "./me.ts";
import { vietnamTime } from "./report-view.ts";

const root = document.querySelector<HTMLElement>("[data-case-work]");
if (root) {
  const msg = (key: string) => root.dataset[key] ?? "";
  const statusName = (status: string) => root.getAttribute(`data-status-${status}`) ?? status;
  let view: CaseView | undefined;
  let version = 0;

  const option = (value: string, label: string) => {
    const element = document.createElement("option");
    element.value = value;
    element.textContent = label;
    return element;
  };

  function render(current: CaseView): void {
    view = current;
    version = current.version;
    const writable = current.canWrite && current.erasedAt === undefined;
    const referrals = required<HTMLElement>("[data-referral-outcomes]", root as HTMLElement);
    referrals.replaceChildren(
      ...(current.referrals.length === 0
        ? [Object.assign(document.createElement("li"), { textContent: msg("msgNone") })]
        : current.referrals.map((referral) => {
            const item = document.createElement("li");
            item.dataset.referral = referral.referralId;
            item.dataset.status = referral.status;
            const title = document.createElement("strong");
            title.textContent = `${referralTargetLabels[referral.target].vi}: ${statusName(referral.status)}`;
            const steps = document.createElement("p");
            steps.textContent = referral.history
              .map((step) => `${statusName(step.status)} ${dayLabel(step.on)}${step.reason && "value" in step.reason ? ` (${step.reason.value})` : ""}`)
              .join(" → ");
            item.append(title, steps);
            return item;
          })),
    );
    const referralForm = required<HTMLFormElement>('[data-work-form="referral"]', root as HTMLElement);
    const open = current.referrals.filter((referral) => openReferralStatuses.includes(referral.status));
    required<HTMLSelectElement>('select[name="referralId"]', referralForm).replaceChildren(
      ...open.map((referral) =>
        option(referral.referralId, `${referralTargetLabels[referral.target].vi} — ${dayLabel(referral.referredOn)} (${statusName(referral.status)})`),
      ),
    );
    referralForm.hidden = !writable || open.length === 0;

    const notesSection = required<HTMLElement>("[data-notes-section]", root as HTMLElement);
    notesSection.hidden = current.notes === undefined;
    const notes = current.notes ?? [];
    required<HTMLElement>("[data-notes]", notesSection).replaceChildren(
      ...(notes.length === 0
        ? [Object.assign(document.createElement("li"), { textContent: msg("msgNotesNone") })]
        : notes.map((note) => {
            const item = document.createElement("li");
            const head = document.createElement("p");
            const corrected = note.corrects === undefined ? undefined : notes.find((other) => other.noteId === note.corrects);
            head.textContent = [
              fill(msg("msgNoteBy"), { by: note.byName, at: vietnamTime(note.at) }),
              corrected ? fill(msg("msgCorrection"), { at: vietnamTime(corrected.at) }) : "",
            ]
              .filter(Boolean)
              .join(" — ");
            const text = document.createElement("p");
            text.textContent = note.text;
            item.append(head, text);
            return item;
          })),
    );
    const noteForm = required<HTMLFormElement>('[data-work-form="note"]', notesSection);
    required<HTMLSelectElement>('select[name="corrects"]', noteForm).replaceChildren(
      option("", msg("msgCorrectsNone")),
      ...notes.map((note) => option(note.noteId, `${vietnamTime(note.at)} — ${note.text.slice(0, 40)}`)),
    );
    noteForm.hidden = !writable;
  }

  document.addEventListener("pcblgd:case-view", (event) => render((event as CustomEvent<CaseView>).detail));

  async function save(form: HTMLFormElement, path: string, body: Record<string, unknown>, missing: string[]): Promise<void> {
    if (missing.length > 0) {
      clearErrors(form);
      for (const notice of form.querySelectorAll<HTMLElement>("[data-work-saved], [data-work-conflict]")) notice.hidden = true;
      showErrors(
        form,
        missing.map((field) => ({ field, message: requiredMessage(form, field) })),
      );
      return;
    }
    const done = await sendCaseChange({
      form,
      button: required<HTMLButtonElement>("[data-submit]", form),
      send: () => api<CaseView>(path, { method: "POST", body: { expectedVersion: version, ...body } }),
      words: { saved: msg("msgSaved"), conflict: msg("msgConflict") },
      onConflict: (current) => {
        if (current !== undefined) version = current;
      },
    });
    if (done) form.reset();
  }

  required<HTMLFormElement>('[data-work-form="referral"]', root).addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? "").trim();
    const missing = ["referralId", "status", "on"].filter((name) => value(name) === "");
    void save(
      form,
      `/api/cases/${view?.caseId ?? ""}/referrals/${value("referralId")}/status`,
      {
        status: value("status"),
        on: value("on"),
        ...(value("reason") === "" ? {} : { reason: value("reason") }),
      },
      missing,
    );
  });
  required<HTMLFormElement>('[data-work-form="note"]', root).addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const text = String(data.get("text") ?? "").trim();
    const corrects = String(data.get("corrects") ?? "");
    void save(form, `/api/cases/${view?.caseId ?? ""}/notes`, { text, ...(corrects === "" ? {} : { corrects }) }, text === "" ? ["text"] : []);
  });
}
