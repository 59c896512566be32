/**
 * /can-bo/tin-bao/chi-tiet/?id=: one report and its triage. A 404 from the API means not allowed
 * (or no such report): the page says so and shows nothing else. A stale triage (409) reloads the
 * report and explains that someone else handled it meanwhile.
 */
import communes from "virtual:pcblgd/communes";
import { contactChannelLabels, type ReportDetail, relationshipLabels } from "../../../../shared/reports.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, requiredMessage, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill, may } from "./me.ts";
import { actNames, channelName, statusName, triageBody, triageMissing, victimSummary, vietnamTime } from "./report-view.ts";

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-detail]");
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const conflict = required<HTMLElement>("[data-conflict]");
  const saved = required<HTMLElement>("[data-saved]");
  const form = required<HTMLFormElement>("[data-triage-form]");
  const caseField = required<HTMLElement>("[data-triage-case]");
  const msg = (key: string) => root.dataset[key] ?? "";
  const id = new URLSearchParams(window.location.search).get("id") ?? "";
  const names = new Map(communes.map((commune) => [commune.code, commune.name]));

  const set = (field: string, value: string) => {
    required<HTMLElement>(`[data-d="${field}"]`, root).textContent = value;
  };
  const dash = (value: string | undefined) => (value && value !== "" ? value : "—");

  function showNotAllowed(): void {
    root.hidden = true;
    notAllowed.hidden = false;
    focusOn(notAllowed);
  }

  function render(report: ReportDetail): void {
    root.dataset.reportId = report.id;
    required<HTMLElement>('[data-d="urgent"]', root).hidden = !report.urgent;
    set("status", report.caseId && report.triage?.caseNumber ? `${statusName(report.status)} (${report.triage.caseNumber})` : statusName(report.status));
    set("commune", names.get(report.commune) ?? report.commune);
    set("channel", channelName(report.channel));
    set("received", vietnamTime(report.receivedAt));
    set("receivedBy", dash(report.receivedByName ?? report.receivedBy));
    set("danger", msg(`danger${report.danger.charAt(0).toUpperCase()}${report.danger.slice(1)}`) || report.danger);
    set("occurredOn", dash(report.occurredOn?.split("-").reverse().join("/")));
    const hidden = msg("msgHidden");
    set("location", report.identityVisible ? dash(report.location) : hidden);
    set("acts", actNames(report.acts));
    set("victim", victimSummary(report.victim));
    set("narrative", report.identityVisible ? dash(report.narrative) : hidden);
    const reporter = report.reporter;
    set(
      "reporter",
      reporter.anonymous ? msg("msgAnonymous") : report.identityVisible ? [reporter.name, reporter.phone].filter(Boolean).join(" · ") || "—" : hidden,
    );
    set("relationship", reporter.relationship ? relationshipLabels[reporter.relationship].vi : "—");
    const contact = report.safeContact;
    set("mayCall", contact ? (contact.mayCall ? msg("msgMayCallYes") : msg("msgMayCallNo")) : "—");
    set("contactWhen", dash(contact?.when));
    set("contactChannel", contact?.channel ? contactChannelLabels[contact.channel].vi : "—");
    set("neverCall", report.identityVisible ? dash(contact?.neverCall) : hidden);
    set("consent", report.consentToContact ? msg("msgYes") : msg("msgNo"));

    const additions = report.additionsText ?? [];
    const additionsBox = required<HTMLElement>("[data-additions]", root);
    additionsBox.hidden = additions.length === 0 && report.additions === 0;
    required<HTMLElement>("[data-additions-list]", root).replaceChildren(
      ...additions.map((addition) => {
        const item = document.createElement("li");
        item.className = "report-item";
        const when = document.createElement("p");
        when.className = "report-item-title";
        when.textContent = vietnamTime(addition.at);
        const text = document.createElement("p");
        text.className = "report-narrative";
        text.textContent = addition.text;
        item.append(when, text);
        return item;
      }),
    );

    const done = required<HTMLElement>("[data-triage-done]", root);
    if (report.triage) {
      const triage = report.triage;
      const parts = [statusName(report.status)];
      if (triage.caseNumber) parts.push(triage.caseNumber);
      if (triage.reason) parts.push(`“${triage.reason}”`);
      set("triage", `${parts.join(" · ")} — ${fill(msg("msgTriageBy"), { by: triage.byName ?? msg("msgSomeOfficer"), at: vietnamTime(triage.at) })}`);
      done.hidden = false;
    } else {
      done.hidden = true;
    }
    const caseLine = required<HTMLElement>("[data-case-link-line]", root);
    const caseLink = required<HTMLAnchorElement>("[data-case-link]", root);
    caseLine.hidden = !report.caseId || !may(me, "case:read");
    if (report.caseId) caseLink.href = `${caseLink.dataset.href ?? ""}?id=${encodeURIComponent(report.caseId)}`;
    // Filed from a mediation (prevention register): the two lead to each other.
    const mediation = required<HTMLElement>("[data-mediation-line]", root);
    mediation.hidden = report.mediationId === undefined;
    if (report.mediationId !== undefined) mediation.dataset.mediationId = report.mediationId;
    // A report waiting for another commune is triaged only once the transfer is withdrawn or declined.
    form.hidden = report.status !== "new" || !may(me, "report:triage") || report.transfer !== undefined;
    required<HTMLInputElement>('input[name="expectedVersion"]', form).value = String(report.version);
    // The transfer section (components/officer/TransferPanel.astro) follows the report.
    document.dispatchEvent(new CustomEvent<ReportDetail>("pcblgd:report-view", { detail: report }));
  }

  // The transfer section sent or withdrew a transfer: the answer is the report as it is now.
  document.addEventListener("pcblgd:report-changed", (event) => render((event as CustomEvent<ReportDetail>).detail));

  async function load(): Promise<ReportDetail | undefined> {
    try {
      const report = await api<ReportDetail>(`/api/reports/${encodeURIComponent(id)}`);
      render(report);
      loadError.hidden = true;
      root.hidden = false;
      return report;
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) showNotAllowed();
      else loadError.hidden = false;
      return undefined;
    }
  }

  const showCaseField = () => {
    caseField.hidden = form.querySelector<HTMLInputElement>('input[name="action"]:checked')?.value !== "link-case";
  };
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="action"]')) radio.addEventListener("change", showCaseField);

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void triage();
  });

  async function triage(): Promise<void> {
    clearErrors(form);
    conflict.hidden = true;
    saved.hidden = true;
    const data = new FormData(form);
    const read = (name: string) => String(data.get(name) ?? "");
    const body = triageBody({
      action: read("action"),
      reason: read("reason"),
      caseNumber: read("caseNumber"),
      expectedVersion: Number(read("expectedVersion")),
    });
    const missing = triageMissing(body);
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
      const report = await api<ReportDetail>(`/api/reports/${encodeURIComponent(id)}/triage`, { method: "POST", body });
      render(report);
      form.reset();
      saved.textContent = report.triage?.caseNumber
        ? fill(msg("msgCaseOpened"), { number: report.triage.caseNumber })
        : fill(msg("msgSaved"), { status: statusName(report.status) });
      saved.hidden = false;
      focusOn(saved);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) {
        await load();
        conflict.textContent = msg("msgConflict");
        conflict.hidden = false;
        focusOn(conflict);
        return;
      }
      if (error instanceof ApiProblem && error.status === 404) {
        showNotAllowed();
        return;
      }
      if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return;
      }
      loadError.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }

  restoreDraft();
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    showNotAllowed();
    return;
  }
  await load();
  showCaseField();
}

void main();
