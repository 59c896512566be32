/**
 * /can-bo/vu-viec/ho-so/?id=<caseId>: the case file. Renders what the API answers (which has
 * already left out what this officer may not see), and sends each section's form with the version
 * read. A 400 shows the errors on the form; a 409 keeps what was typed, reloads the case and says
 * so (sending again applies the input on the current version); a 404 is "not allowed".
 */
import {
  type CaseStatus,
  type CaseView,
  type ConsentPurpose,
  caseStatusLabels,
  caseTransitions,
  closeReasonLabels,
  consentPurposeLabels,
  consentPurposes,
  measureStatusLabels,
  partyAgeBandLabels,
  partyRoleLabels,
  partySexLabels,
  referralTargetLabels,
  relationshipLabels,
  riskQuestions,
  serviceKindLabels,
  sessionKindLabels,
  vulnerabilityLabels,
} from "../../../../shared/cases.ts";
import { measureDefinition, orderingAuthorityLabels } from "../../../../shared/measures.ts";
import { violenceActs } from "../../../../shared/violence-acts.ts";
import { timelineLabels } from "../../case-i18n.ts";
import { ApiProblem, api } from "./api.ts";
import { asList, compact, dayLabel, formValues, guardedText, localToIso, priorityName, statusName, vietnamTime, vietnamToday } from "./case-view.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill, may } from "./me.ts";

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

/** A `<dl>` of label → value pairs; undefined values are left out. */
function facts(pairs: [string, string | undefined, boolean?][]): HTMLDListElement {
  const list = el("dl", undefined, "facts facts-compact");
  for (const [label, value, hidden] of pairs) {
    if (value === undefined) continue;
    const row = el("div");
    if (hidden) row.className = "guarded-hidden";
    row.append(el("dt", label), el("dd", value));
    list.append(row);
  }
  return list;
}

type Body = Record<string, unknown>;

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-case]");
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const msg = (key: string) => root.dataset[key] ?? "";
  const caseId = new URLSearchParams(window.location.search).get("id") ?? "";
  const path = `/api/cases/${encodeURIComponent(caseId)}`;
  let current: CaseView | undefined;

  const showNotAllowed = () => {
    root.hidden = true;
    notAllowed.hidden = false;
    focusOn(notAllowed);
  };

  const v = (name: string) => required<HTMLElement>(`[data-v="${name}"]`, root);
  const list = (name: string) => required<HTMLElement>(`[data-list="${name}"]`, root);
  const hiddenText = msg("msgHidden");
  const communeNames = JSON.parse(root.dataset.communes ?? "{}") as Record<string, string>;
  const partyName = (partyId: string | undefined): string | undefined => {
    if (partyId === undefined) return undefined;
    const party = current?.parties.find((candidate) => candidate.partyId === partyId);
    if (!party) return partyId;
    const name = guardedText(party.name, hiddenText);
    return `${partyRoleLabels[party.role].vi}: ${name && !name.hidden ? name.text : `${partySexLabels[party.sex].vi}, ${partyAgeBandLabels[party.ageBand].vi}`}`;
  };

  // — Rendering ————————————————————————————————————————————————————————————————————————————————
  function renderSummary(view: CaseView): void {
    v("caseNumber").textContent = view.caseNumber;
    v("status").textContent = statusName(view.status);
    v("priority").textContent = priorityName(view.priority);
    v("priority").classList.toggle("tag-urgent", view.priority === "urgent");
    v("overdue").hidden = !view.overdue;
    v("alert").hidden = view.alerts.length === 0;
    v("erased").hidden = view.erasedAt === undefined;
    v("readOnly").hidden = view.canWrite;
    // Those who could write are told why they cannot now, and how to go on.
    v("closed").hidden = view.status !== "closed" || !view.canWrite;
    v("commune").textContent = communeNames[view.commune] ?? view.commune;
    // The paper's heading (Nghị định 30/2020): issuing body, number, date; the signer is the reader.
    v("printCommune").textContent = (communeNames[view.commune] ?? view.commune).toUpperCase();
    v("printNumber").textContent = view.caseNumber;
    v("printDate").textContent = fill(v("printDate").dataset.template ?? "", { date: vietnamToday().split("-").reverse().join("/") });
    v("printSigner").textContent = me.name;
    v("openedAt").textContent = vietnamTime(view.openedAt);
    v("updatedAt").textContent = vietnamTime(view.updatedAt);
    v("acts").textContent =
      view.acts.length === 0 ? "—" : view.acts.map((code) => `${code}) ${violenceActs.find((act) => act.code === code)?.vi ?? ""}`).join("; ");
    v("childProtection").textContent = view.childProtectionOfficer ? `${view.childProtectionOfficer.name} — ${view.childProtectionOfficer.unit}` : "—";
    v("assigned").textContent = view.assignedOfficers.length === 0 ? "—" : view.assignedOfficers.map((officer) => officer.name).join(", ");
    v("risk").textContent = view.risk ? fill(msg("msgRiskScore"), { score: view.risk.score, priority: priorityName(view.risk.priority) }) : "—";
    // The reports the case came from, each a link to its page (and the report links back here).
    const reports = v("reports");
    reports.replaceChildren();
    view.reportIds.forEach((reportId, index) => {
      const link = el("a", fill(msg(view.reportIds.length === 1 ? "msgReportLink" : "msgReportLinkN"), { n: index + 1 }));
      link.href = `${reports.dataset.href ?? ""}?id=${encodeURIComponent(reportId)}`;
      if (index > 0) reports.append(document.createTextNode(", "));
      reports.append(link);
    });
    if (view.reportIds.length === 0) reports.textContent = "—";
  }

  function item(title: string, details: HTMLElement, ...extra: HTMLElement[]): HTMLLIElement {
    const node = el("li", undefined, "case-item");
    node.append(el("h3", title, "case-item-title"), details, ...extra);
    return node;
  }

  function empty(target: HTMLElement): void {
    if (target.children.length === 0) target.append(el("li", msg("msgNone"), "hint"));
  }

  /** A closed case (or one whose personal data was erased) is read-only: no forms, no buttons, until reopened. */
  const writable = (view: CaseView | undefined) => view?.canWrite && view.erasedAt === undefined && view.status !== "closed";

  function actionButton(label: string, onClick: () => void): HTMLButtonElement {
    const button = el("button", label, "button no-print");
    button.type = "button";
    button.hidden = !writable(current);
    button.addEventListener("click", onClick);
    return button;
  }

  function renderParties(view: CaseView): void {
    const target = list("parties");
    target.replaceChildren();
    for (const party of view.parties) {
      const name = guardedText(party.name, hiddenText);
      const phone = guardedText(party.phone, hiddenText);
      const address = guardedText(party.address, hiddenText);
      const details = facts([
        ["Họ tên", name?.text, name?.hidden],
        ["Điện thoại", phone?.text, phone?.hidden],
        ["Địa chỉ", address?.text, address?.hidden],
        ["Giới tính", partySexLabels[party.sex].vi],
        ["Năm sinh", party.birthYear === undefined ? undefined : String(party.birthYear)],
        ["Độ tuổi", partyAgeBandLabels[party.ageBand].vi],
        ["Quan hệ", relationshipLabels[party.relationship].vi],
        ["Dễ bị tổn thương", party.vulnerabilities.length === 0 ? undefined : party.vulnerabilities.map((flag) => vulnerabilityLabels[flag].vi).join(", ")],
      ]);
      const extra: HTMLElement[] = [];
      if (party.role === "victim") {
        const consents = el("ul", undefined, "consent-list");
        for (const purpose of consentPurposes) {
          const state = party.consents[purpose];
          const line = el("li");
          const label = consentPurposeLabels[purpose].vi;
          line.append(
            el(
              "span",
              `${label}: ${state === undefined ? msg("msgConsentMissing") : state.given ? msg("msgConsentGiven") : msg("msgConsentWithdrawn")}${state ? ` (${vietnamTime(state.at)})` : ""}`,
            ),
            actionButton(fill(msg(state?.given ? "msgConsentWithdraw" : "msgConsentGive"), { purpose: label }), () => {
              void quick(`/parties/${encodeURIComponent(party.partyId)}/consents/${purpose as ConsentPurpose}`, "PUT", { given: !state?.given });
            }),
          );
          line.dataset.consent = purpose;
          consents.append(line);
        }
        extra.push(consents);
      }
      extra.push(actionButton(msg("msgEditParty"), () => editParty(party)));
      const node = item(partyName(party.partyId) ?? "", details, ...extra);
      node.dataset.party = party.role;
      target.append(node);
    }
    empty(target);
  }

  /**
   * The leader's decision on a proposal, on the proposal itself: approve it as proposed or changed
   * (decision number, start, end), or decline it. One entry; the timeline keeps its history.
   */
  function decisionForm(measure: CaseView["measures"][number]): HTMLFormElement {
    const form = el("form", undefined, "form panel no-print proposal-decision");
    form.noValidate = true;
    const id = `decide-${measure.measureId}`;
    form.id = id;
    const heading = el("p", msg("msgDecideHeading"), "card-title");
    const field = (name: string, label: string, type: string, value: string) => {
      const box = el("div", undefined, "field");
      box.dataset.field = name;
      const input = el("input");
      input.id = `${id}-${name}`;
      input.name = name;
      input.type = type;
      input.value = value;
      input.autocomplete = "off";
      const caption = el("label", label);
      caption.htmlFor = input.id;
      const error = el("p", undefined, "field-error");
      error.id = `${id}-${name}-error`;
      error.dataset.errorFor = name;
      error.hidden = true;
      box.append(caption, error, input);
      return box;
    };
    const local = (iso: string | undefined) => (iso === undefined ? "" : new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 16));
    const summary = el("div", undefined, "error-summary");
    summary.dataset.errorSummary = "";
    summary.tabIndex = -1;
    summary.hidden = true;
    summary.append(el("ul"));
    const approve = el("button", msg("msgApprove"), "button button-primary");
    approve.type = "submit";
    const decline = el("button", msg("msgDecline"), "button");
    decline.type = "button";
    const actions = el("div", undefined, "form-actions");
    actions.append(approve, decline);
    form.append(
      heading,
      summary,
      field("decisionNumber", msg("msgDecisionNumber"), "text", measure.decisionNumber ?? ""),
      field("startsAt", msg("msgStartsAt"), "datetime-local", local(measure.startsAt)),
      field("endsAt", msg("msgEndsAt"), "datetime-local", local(measure.endsAt)),
      actions,
    );
    const decide = async (body: Body) => {
      clearErrors(form);
      try {
        render(await send(`/measures/${encodeURIComponent(measure.measureId)}`, "PATCH", body));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) showErrors(form, placeOnForm(form, error.problem.errors));
        else if (error instanceof ApiProblem && error.status === 409) await reload();
        else throw error;
      }
    };
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const read = (name: string) => String(new FormData(form).get(name) ?? "").trim();
      void decide(
        compact({ status: "ordered", decisionNumber: read("decisionNumber"), startsAt: localToIso(read("startsAt")), endsAt: localToIso(read("endsAt")) }),
      );
    });
    decline.addEventListener("click", () => {
      if (window.confirm(msg("msgDeclineConfirm"))) void decide({ status: "declined" });
    });
    return form;
  }

  function renderMeasures(view: CaseView): void {
    const target = list("measures");
    target.replaceChildren();
    for (const measure of view.measures) {
      const definition = measureDefinition(measure.code);
      const details = facts([
        ["Tình trạng", measureStatusLabels[measure.status].vi],
        ["Quyết định bởi", orderingAuthorityLabels[measure.authority].vi],
        ["Áp dụng với", partyName(measure.perpetratorId)],
        ["Số quyết định", measure.decisionNumber],
        ["Bắt đầu", measure.startsAt === undefined ? undefined : vietnamTime(measure.startsAt)],
        ["Kết thúc", measure.endsAt === undefined ? undefined : vietnamTime(measure.endsAt)],
      ]);
      const extra: HTMLElement[] = [];
      if (measure.status === "ordered") {
        extra.push(actionButton(msg("msgEndMeasure"), () => void quick(`/measures/${encodeURIComponent(measure.measureId)}`, "PATCH", { status: "ended" })));
      }
      if (measure.status === "proposed" && writable(view) && may(me, "measure:order")) extra.push(decisionForm(measure));
      const node = item(`${measure.code}) ${definition?.vi ?? ""}`, details, ...extra);
      node.dataset.status = measure.status;
      target.append(node);
    }
    empty(target);
  }

  function renderServices(view: CaseView): void {
    const target = list("services");
    target.replaceChildren();
    for (const service of view.services) {
      const location = guardedText(service.location, hiddenText);
      target.append(
        item(
          serviceKindLabels[service.kind].vi,
          facts([
            ["Người được hỗ trợ", partyName(service.victimId)],
            ["Nơi cung cấp", service.provider],
            ["Từ ngày", dayLabel(service.startsOn)],
            ["Đến ngày", service.endsOn === undefined ? undefined : dayLabel(service.endsOn)],
            ["Địa điểm", location?.text, location?.hidden],
          ]),
        ),
      );
    }
    empty(target);
  }

  function renderReferrals(view: CaseView): void {
    const target = list("referrals");
    target.replaceChildren();
    for (const referral of view.referrals) {
      const reason = guardedText(referral.overrideReason, hiddenText);
      target.append(
        item(
          referralTargetLabels[referral.target].vi,
          facts([
            ["Người bị bạo lực", partyName(referral.victimId)],
            ["Ngày chuyển", dayLabel(referral.referredOn)],
            ["Căn cứ", referral.basis === "consent" ? msg("msgBasisConsent") : msg("msgBasisOverride")],
            ["Lý do", reason?.text, reason?.hidden],
          ]),
        ),
      );
    }
    empty(target);
  }

  function renderSessions(view: CaseView): void {
    const target = list("sessions");
    target.replaceChildren();
    for (const held of view.sessions) {
      const outcome = guardedText(held.outcome, hiddenText);
      target.append(
        item(
          sessionKindLabels[held.kind].vi,
          facts([
            ["Ngày", dayLabel(held.heldOn)],
            ["Người có hành vi bạo lực", partyName(held.perpetratorId)],
            ["Kết quả", outcome?.text, outcome?.hidden],
          ]),
        ),
      );
    }
    empty(target);
  }

  function renderFollowUps(view: CaseView): void {
    const target = list("followUps");
    target.replaceChildren();
    for (const followUp of view.followUps) {
      const notes = guardedText(followUp.notes, hiddenText);
      const extra: HTMLElement[] = [];
      if (followUp.doneOn === undefined) {
        extra.push(
          actionButton(msg("msgMarkDone"), () => void quick(`/follow-ups/${encodeURIComponent(followUp.followUpId)}`, "PATCH", { doneOn: vietnamToday() })),
        );
      }
      const node = item(
        `${dayLabel(followUp.dueOn)}${followUp.overdue ? ` — ${msg("msgOverdue")}` : ""}`,
        facts([
          [
            "Tình trạng",
            followUp.doneOn === undefined ? (followUp.overdue ? msg("msgOverdue") : "—") : fill(msg("msgDone"), { date: dayLabel(followUp.doneOn) }),
          ],
          ["Ghi chú", notes?.text, notes?.hidden],
        ]),
        ...extra,
      );
      if (followUp.overdue) node.classList.add("case-item-overdue");
      node.dataset.overdue = String(followUp.overdue);
      target.append(node);
    }
    empty(target);
  }

  function renderTimeline(view: CaseView): void {
    const target = list("timeline");
    target.replaceChildren();
    for (const event of [...view.timeline].reverse()) {
      const line = el("li");
      const time = el("time", vietnamTime(event.at));
      time.setAttribute("datetime", event.at);
      const what = timelineLabels[event.action] ?? event.action;
      const detail =
        event.action === "case.status" || event.action === "case.reopened"
          ? ` (${caseStatusLabels[event.detail.from as CaseStatus]?.vi ?? ""} → ${caseStatusLabels[event.detail.to as CaseStatus]?.vi ?? ""}${event.detail.reason ? `: ${closeReasonLabels[event.detail.reason as keyof typeof closeReasonLabels]?.vi ?? ""}` : ""})`
          : event.detail.code
            ? ` (${String(event.detail.code)})`
            : "";
      const override = event.detail.override === true ? ` — ${fill(msg("msgClosedWithOpenWork"), { work: String(event.detail.openWork ?? "") })}` : "";
      line.append(time, document.createTextNode(` — ${what}${detail}${override} — ${msg("msgBy")} ${event.byName || msg("msgSomeOfficer")}`));
      line.dataset.action = event.action;
      target.append(line);
    }
  }

  /** Options that depend on the case: allowed transitions, victims, perpetrators. */
  function renderChoices(view: CaseView): void {
    for (const select of root.querySelectorAll<HTMLSelectElement>("select[data-options]")) {
      const kind = select.dataset.options;
      const keep = select.value;
      const emptyOption = select.querySelector('option[value=""]');
      let options: { value: string; label: string }[] = [];
      if (kind === "transitions") options = caseTransitions[view.status].map((status) => ({ value: status, label: caseStatusLabels[status].vi }));
      if (kind === "victims" || kind === "perpetrators") {
        const role = kind === "victims" ? "victim" : "perpetrator";
        options = view.parties
          .filter((party) => party.role === role)
          .map((party) => ({ value: party.partyId, label: partyName(party.partyId) ?? party.partyId }));
      }
      select.replaceChildren(...(emptyOption ? [emptyOption] : []), ...options.map((option) => new Option(option.label, option.value)));
      if (options.some((option) => option.value === keep)) select.value = keep;
    }
  }

  /** The details and risk forms show the case's current values (after loading or saving them). */
  function prefill(view: CaseView, forms: ("details-form" | "risk-form")[]): void {
    if (forms.includes("details-form")) {
      const form = required<HTMLFormElement>("#details-form");
      for (const box of form.querySelectorAll<HTMLInputElement>('input[name="acts"]')) box.checked = view.acts.includes(box.value);
      required<HTMLSelectElement>('select[name="priority"]', form).value = view.priority;
      required<HTMLInputElement>('input[name="cpName"]', form).value = view.childProtectionOfficer?.name ?? "";
      required<HTMLInputElement>('input[name="cpUnit"]', form).value = view.childProtectionOfficer?.unit ?? "";
    }
    if (forms.includes("risk-form")) {
      const form = required<HTMLFormElement>("#risk-form");
      for (const box of form.querySelectorAll<HTMLInputElement>('input[name="answers"]'))
        box.checked = view.risk?.answers.includes(box.value as never) ?? false;
    }
  }

  function render(view: CaseView): void {
    current = view;
    renderSummary(view);
    renderParties(view);
    renderMeasures(view);
    renderServices(view);
    renderReferrals(view);
    renderSessions(view);
    renderFollowUps(view);
    renderTimeline(view);
    renderChoices(view);
    // The reporter threads (components/officer/ReporterThread.astro) follow the case's reports;
    // the case-work sections (components/officer/CaseWork.astro) get the view with an event.
    document.documentElement.dataset.caseReports = view.reportIds.join(",");
    document.dispatchEvent(new CustomEvent<CaseView>("pcblgd:case-view", { detail: view }));
    const open = writable(view);
    for (const form of root.querySelectorAll<HTMLFormElement>("[data-section-form]")) form.hidden = !open;
    // A closed case keeps one way back: the status form, to reopen it.
    required<HTMLFormElement>("#status-form").hidden = !view.canWrite || view.erasedAt !== undefined;
    required<HTMLElement>("[data-assign-me]").parentElement?.toggleAttribute("hidden", !open);
    // Sections with nothing in them are left off the printout (no empty headings on paper).
    for (const section of root.querySelectorAll<HTMLElement>(".case-section")) {
      const items = section.querySelector("[data-list]");
      section.classList.toggle("print-empty", items !== null && items.querySelector(".case-item, li[data-action]") === null);
    }
  }

  // A case-work section (components/officer/CaseWork.astro) saved a change: the answer is the new file.
  document.addEventListener("pcblgd:case-changed", (event) => render((event as CustomEvent<CaseView>).detail));

  async function reload(): Promise<CaseView | undefined> {
    try {
      const view = await api<CaseView>(path);
      render(view);
      loadError.hidden = true;
      return view;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) showNotAllowed();
      else loadError.hidden = false;
      return undefined;
    }
  }

  // — Editing a party ——————————————————————————————————————————————————————————————————————————
  const partyForm = required<HTMLFormElement>("#party-form");
  const editing = required<HTMLElement>("[data-editing]", partyForm);
  function stopEditing(): void {
    delete partyForm.dataset.editing;
    editing.hidden = true;
    partyForm.reset();
    clearErrors(partyForm);
  }
  function editParty(party: CaseView["parties"][number]): void {
    stopEditing();
    partyForm.dataset.editing = party.partyId;
    const set = (name: string, value: string) => {
      const control = partyForm.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]:not([type="radio"]):not([type="checkbox"])`);
      if (control) control.value = value;
    };
    for (const radio of partyForm.querySelectorAll<HTMLInputElement>('input[name="role"]')) radio.checked = radio.value === party.role;
    for (const field of ["name", "phone", "address"] as const) {
      const shown = party[field];
      set(field, shown && "value" in shown ? shown.value : "");
    }
    set("sex", party.sex);
    set("birthYear", party.birthYear === undefined ? "" : String(party.birthYear));
    set("ageBand", party.ageBand);
    set("relationship", party.relationship);
    for (const box of partyForm.querySelectorAll<HTMLInputElement>('input[name="vulnerabilities"]'))
      box.checked = party.vulnerabilities.includes(box.value as never);
    required<HTMLElement>("[data-editing-text]", editing).textContent = fill(msg("msgEditingParty"), { name: partyName(party.partyId) ?? "" });
    editing.hidden = false;
    focusOn(editing);
  }
  required<HTMLButtonElement>("[data-cancel-edit]", partyForm).addEventListener("click", stopEditing);

  // — Sending ———————————————————————————————————————————————————————————————————————————————————
  async function send(suffix: string, method: "POST" | "PUT" | "PATCH", body: Body): Promise<CaseView> {
    return api<CaseView>(`${path}${suffix}`, { method, body: { ...body, expectedVersion: current?.version } });
  }

  /** A button's change (consent, end a measure, a follow-up done, assign me): errors go to the page. */
  async function quick(suffix: string, method: "POST" | "PUT" | "PATCH", body: Body): Promise<void> {
    try {
      render(await send(suffix, method, body));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return showNotAllowed();
      if (error instanceof ApiProblem && error.status === 409) {
        await reload();
        return;
      }
      if (error instanceof ApiProblem && error.problem.errors?.[0]) {
        loadError.textContent = error.problem.errors[0].message;
        loadError.hidden = false;
        return;
      }
      loadError.hidden = false;
    }
  }

  const builders: Record<
    string,
    { suffix: string; method: "POST" | "PUT" | "PATCH"; body: (values: Record<string, string | string[]>) => Body; keep?: boolean }
  > = {
    "status-form": {
      suffix: "/status",
      method: "POST",
      body: (values) => compact({ to: values.to, reason: values.reason, note: values.note, override: values.override }),
    },
    "details-form": {
      suffix: "",
      method: "PATCH",
      keep: true,
      body: (values) => {
        const name = String(values.cpName ?? "");
        const unit = String(values.cpUnit ?? "");
        return compact({
          acts: asList(values.acts),
          priority: values.priority,
          childProtectionOfficer: name || unit ? { name, unit } : undefined,
        });
      },
    },
    "risk-form": { suffix: "/risk", method: "PUT", keep: true, body: (values) => ({ answers: asList(values.answers) }) },
    "party-form": {
      suffix: "/parties",
      method: "POST",
      body: (values) =>
        compact({
          role: values.role,
          name: values.name,
          phone: values.phone,
          address: values.address,
          sex: values.sex,
          birthYear: values.birthYear ? Number(values.birthYear) : undefined,
          ageBand: values.ageBand,
          relationship: values.relationship,
          vulnerabilities: asList(values.vulnerabilities),
        }),
    },
    "measure-form": {
      suffix: "/measures",
      method: "POST",
      body: (values) =>
        compact({
          code: values.code,
          status: values.status,
          authority: values.authority,
          perpetratorId: values.perpetratorId,
          decisionNumber: values.decisionNumber,
          startsAt: localToIso(String(values.startsAt ?? "")),
          endsAt: localToIso(String(values.endsAt ?? "")),
          override: values.override ? { reason: values.override } : undefined,
        }),
    },
    "service-form": {
      suffix: "/services",
      method: "POST",
      body: (values) =>
        compact({
          kind: values.kind,
          victimId: values.victimId,
          provider: values.provider,
          startsOn: values.startsOn,
          endsOn: values.endsOn,
          location: values.location,
        }),
    },
    "referral-form": {
      suffix: "/referrals",
      method: "POST",
      body: (values) =>
        compact({
          target: values.target,
          victimId: values.victimId,
          referredOn: values.referredOn,
          override: values.override ? { reason: values.override } : undefined,
        }),
    },
    "session-form": {
      suffix: "/sessions",
      method: "POST",
      body: (values) =>
        compact({
          kind: values.kind,
          heldOn: values.heldOn,
          perpetratorId: values.perpetratorId,
          outcome: values.outcome,
          override: values.override ? { reason: values.override } : undefined,
        }),
    },
    "followup-form": { suffix: "/follow-ups", method: "POST", body: (values) => compact({ dueOn: values.dueOn, notes: values.notes }) },
  };

  for (const form of root.querySelectorAll<HTMLFormElement>("[data-section-form]")) {
    const builder = builders[form.id];
    if (!builder) continue;
    const saved = required<HTMLElement>("[data-saved]", form);
    const conflict = required<HTMLElement>("[data-conflict]", form);
    const submit = required<HTMLButtonElement>('button[type="submit"]', form);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      void (async () => {
        clearErrors(form);
        saved.hidden = true;
        conflict.hidden = true;
        submit.disabled = true;
        try {
          const editedParty = form.id === "party-form" ? form.dataset.editing : undefined;
          const view = await (editedParty
            ? send(`/parties/${encodeURIComponent(editedParty)}`, "PUT", builder.body(formValues(new FormData(form))))
            : send(builder.suffix, builder.method, builder.body(formValues(new FormData(form)))));
          if (editedParty) stopEditing();
          if (!builder.keep) form.reset();
          render(view);
          if (form.id === "details-form" || form.id === "risk-form") prefill(view, [form.id]);
          saved.hidden = false;
        } catch (error) {
          if (error instanceof ApiProblem && error.status === 404) return showNotAllowed();
          if (error instanceof ApiProblem && error.status === 409) {
            // Nothing typed is lost: the form keeps its values, the case shows the current version.
            await reload();
            conflict.hidden = false;
            focusOn(conflict);
            return;
          }
          if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
            showErrors(form, placeOnForm(form, error.problem.errors, { "override.reason": "override" }));
            return;
          }
          loadError.hidden = false;
        } finally {
          submit.disabled = false;
        }
      })();
    });
  }

  required<HTMLButtonElement>("[data-print]").addEventListener("click", () => window.print());
  required<HTMLButtonElement>("[data-assign-me]").addEventListener("click", () => {
    const assigned = current?.assignedOfficers ?? [];
    if (assigned.some((officer) => officer.officerId === me.id)) return;
    void quick("", "PATCH", { assignedOfficers: [...assigned, { officerId: me.id, name: me.name }] });
  });

  restoreDraft();
  if (!/^[A-Za-z0-9-]{1,64}$/.test(caseId)) return showNotAllowed();
  const view = await reload();
  if (!view) return;
  prefill(view, ["details-form", "risk-form"]);
  root.hidden = false;
  focusOn(required<HTMLElement>("[data-case-heading]"));
  void riskQuestions;
}

void main();
