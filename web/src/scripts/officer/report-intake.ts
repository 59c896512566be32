/**
 * /can-bo/tin-bao/nhap/: officer intake. The commune list is narrowed to the officer's
 * jurisdiction; the report is sent to `POST /api/communes/{commune}/reports` and, once saved,
 * opens on its own page.
 */
import type { IntakeChannel, IntakeInput, ReportDetail } from "../../../../shared/reports.ts";
import { enhanceReportFields } from "../report-fields.ts";
import { buildReportInput, fieldsOf, missingFields } from "../report-input.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, clearErrorsAsFixed, placeOnForm, requiredMessage, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { may } from "./me.ts";
import { vietnamLocalMinute, vietnamLocalToIso } from "./report-view.ts";

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-intake]");
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const form = required<HTMLFormElement>("[data-intake-form]");
  const select = required<HTMLSelectElement>("[data-commune-select]", form);
  const sendError = required<HTMLElement>("[data-send-error]", form);
  const receivedAt = required<HTMLInputElement>('input[name="receivedAt"]', form);

  if (me.jurisdiction.kind === "communes") {
    const mine = new Set(me.jurisdiction.communes);
    for (const option of Array.from(select.options)) if (option.value !== "" && !mine.has(option.value)) option.remove();
    if (select.options.length === 2) select.selectedIndex = 1;
  }
  if (!may(me, "report:create") || select.options.length < 2) {
    notAllowed.hidden = false;
    focusOn(notAllowed);
    return;
  }
  receivedAt.max = vietnamLocalMinute(new Date());
  receivedAt.value = receivedAt.max;
  enhanceReportFields(form);
  clearErrorsAsFixed(form);
  restoreDraft();
  root.hidden = false;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void save();
  });

  async function save(): Promise<void> {
    clearErrors(form);
    sendError.hidden = true;
    const fields = fieldsOf(new FormData(form));
    const report = buildReportInput(fields);
    const one = (name: string) => (fields.get(name)?.[0] ?? "").trim();
    const at = vietnamLocalToIso(one("receivedAt"));
    const { website: _honeypot, ...rest } = report;
    const body: IntakeInput = { ...rest, channel: one("channel") as IntakeChannel, receivedAt: at ?? "" };
    const receivedByName = one("receivedByName");
    if (receivedByName) body.receivedByName = receivedByName;
    const missing: string[] = [];
    if (!body.channel) missing.push("channel");
    if (!at) missing.push("receivedAt");
    missing.push(...missingFields(report));
    if (missing.length > 0) {
      showErrors(
        form,
        missing.map((field) => ({ field, message: requiredMessage(form, field) })),
      );
      return;
    }
    const submit = required<HTMLButtonElement>("[data-submit]", form);
    submit.disabled = true;
    try {
      const saved = await api<ReportDetail>(`/api/communes/${encodeURIComponent(body.commune)}/reports`, { method: "POST", body });
      window.location.assign(`${root.dataset.detailHref ?? ""}?id=${encodeURIComponent(saved.id)}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors, { reporter: "reporter.anonymous", victim: "victim.sex", safeContact: "safeContact.mayCall" }));
        return;
      }
      if (error instanceof ApiProblem && error.status === 404) {
        showErrors(form, [{ field: "commune", message: notAllowed.textContent?.trim() ?? "" }]);
        return;
      }
      sendError.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }
}

void main();
