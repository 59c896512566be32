/**
 * /can-bo/chuyen-den/: the transfers waiting for the officer's communes. Each line shows what the
 * receiver may read before accepting — codes and the sender's note, no identity — with "accept"
 * (confirmed; then a link to the record, now the commune's) and "decline" (a reason, required).
 * A 409 (withdrawn or handled meanwhile) reloads the list and says so.
 */

import communes from "virtual:pcblgd/communes";
import { type CasePriority, type CaseStatus, casePriorityLabels, caseStatusLabels } from "../../../../shared/cases.ts";
import type { TransferView } from "../../../../shared/transfers.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { incomingTransfers } from "./incoming-transfers.ts";
import { fill } from "./me.ts";
import { actNames, channelName, vietnamTime } from "./report-view.ts";

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-incoming]");
  const list = required<HTMLElement>("[data-incoming-list]", root);
  const done = required<HTMLElement>("[data-incoming-done]", root);
  const stale = required<HTMLElement>("[data-incoming-stale]", root);
  const msg = (key: string) => root.dataset[key] ?? "";
  const names = new Map(communes.map((commune) => [commune.code, commune.name]));
  required<HTMLElement>("[data-incoming-province]", root).hidden = me.jurisdiction.kind !== "province";

  const recordPath = (transfer: TransferView) =>
    `/api/${transfer.kind}s/${encodeURIComponent(transfer.recordId)}/transfers/${encodeURIComponent(transfer.transferId)}`;
  const line = (text: string, className?: string) => Object.assign(document.createElement("p"), { textContent: text, ...(className ? { className } : {}) });

  function summary(transfer: TransferView): string {
    const acts = actNames(transfer.summary.acts) || "—";
    return transfer.kind === "case"
      ? fill(msg("msgSummaryCase"), {
          status: caseStatusLabels[transfer.summary.caseStatus as CaseStatus]?.vi ?? String(transfer.summary.caseStatus),
          priority: casePriorityLabels[transfer.summary.priority as CasePriority]?.vi ?? String(transfer.summary.priority),
          acts,
        })
      : fill(msg("msgSummaryReport"), { channel: channelName(String(transfer.summary.channel)), acts });
  }

  function render(transfer: TransferView): HTMLLIElement {
    const item = document.createElement("li");
    item.className = "case-item";
    item.dataset.transfer = transfer.transferId;
    const title = document.createElement("h2");
    title.className = "report-item-title";
    title.textContent =
      transfer.kind === "case"
        ? fill(msg("msgKindCase"), { number: transfer.caseNumber ?? "" })
        : fill(msg("msgKindReport"), { at: vietnamTime(String(transfer.summary.receivedAt)) });
    if (transfer.summary.urgent)
      title.append(" ", Object.assign(document.createElement("span"), { className: "tag tag-urgent", textContent: msg("msgUrgent") }));
    item.append(
      title,
      line(
        fill(msg("msgFrom"), {
          from: names.get(transfer.from) ?? transfer.from,
          reason: root.getAttribute(`data-reason-${transfer.reason}`) ?? transfer.reason,
          by: transfer.requestedByName,
          at: vietnamTime(transfer.requestedAt),
        }),
      ),
      line(summary(transfer)),
    );
    if (transfer.note !== undefined) item.append(line(fill(msg("msgNote"), { note: transfer.note })));
    else if (transfer.noteHidden) item.append(line(msg("msgNoteHidden")));

    const actions = document.createElement("p");
    actions.className = "form-actions";
    const accept = Object.assign(document.createElement("button"), { type: "button", className: "button button-primary", textContent: msg("msgAccept") });
    accept.dataset.accept = "";
    const decline = Object.assign(document.createElement("button"), { type: "button", className: "button", textContent: msg("msgDecline") });
    decline.setAttribute("aria-expanded", "false");
    actions.append(accept, decline);
    item.append(actions, declineForm(transfer, decline));
    accept.addEventListener("click", () => {
      if (window.confirm(msg("msgAcceptConfirm"))) void decide(transfer, "accept", {}, accept);
    });
    return item;
  }

  function declineForm(transfer: TransferView, toggle: HTMLButtonElement): HTMLFormElement {
    const form = document.createElement("form");
    form.className = "form panel";
    form.noValidate = true;
    form.hidden = true;
    const id = `decline-${transfer.transferId}`;
    form.id = `${id}-form`;
    const summaryBox = Object.assign(document.createElement("div"), { className: "error-summary", tabIndex: -1, hidden: true });
    summaryBox.dataset.errorSummary = "";
    summaryBox.append(document.createElement("ul"));
    const field = document.createElement("div");
    field.className = "field";
    field.dataset.field = "reason";
    const label = Object.assign(document.createElement("label"), { htmlFor: `${id}-reason`, textContent: msg("msgDeclineReason") });
    const hint = Object.assign(document.createElement("p"), { className: "hint", id: `${id}-hint`, textContent: msg("msgDeclineHint") });
    const error = Object.assign(document.createElement("p"), { className: "field-error", id: `${form.id}-reason-error`, hidden: true });
    error.dataset.errorFor = "reason";
    const reason = Object.assign(document.createElement("textarea"), { id: `${id}-reason`, name: "reason", rows: 2, maxLength: 1000 });
    reason.setAttribute("aria-describedby", hint.id);
    field.append(label, hint, error, reason);
    const submit = Object.assign(document.createElement("button"), { type: "submit", className: "button", textContent: msg("msgDeclineSubmit") });
    form.append(summaryBox, field, Object.assign(document.createElement("p"), { className: "form-actions" }));
    form.lastElementChild?.append(submit);
    toggle.addEventListener("click", () => {
      form.hidden = !form.hidden;
      toggle.setAttribute("aria-expanded", String(!form.hidden));
      if (!form.hidden) reason.focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      const text = reason.value.trim();
      if (text === "") {
        showErrors(form, [{ field: "reason", message: msg("msgDeclineRequired") }]);
        return;
      }
      void decide(transfer, "decline", { reason: text }, submit);
    });
    return form;
  }

  async function decide(transfer: TransferView, action: "accept" | "decline", body: Record<string, string>, button: HTMLButtonElement): Promise<void> {
    done.hidden = true;
    stale.hidden = true;
    button.disabled = true;
    try {
      await api<unknown>(`${recordPath(transfer)}/${action}`, { method: "POST", body });
      done.replaceChildren();
      if (action === "accept") {
        const href = `${transfer.kind === "case" ? msg("caseHref") : msg("reportHref")}?id=${encodeURIComponent(transfer.recordId)}`;
        done.append(msg("msgAccepted"), Object.assign(document.createElement("a"), { href, textContent: msg("msgOpen") }));
      } else {
        done.textContent = msg("msgDeclined");
      }
      done.hidden = false;
      await load();
      focusOn(done);
    } catch (error) {
      if (error instanceof ApiProblem && (error.status === 409 || error.status === 404)) {
        await load();
        stale.textContent = msg("msgStale");
        stale.hidden = false;
        focusOn(stale);
        return;
      }
      throw error;
    } finally {
      button.disabled = false;
    }
  }

  async function load(): Promise<void> {
    const waiting = await incomingTransfers(me);
    list.replaceChildren(...waiting.map(render));
    required<HTMLElement>("[data-incoming-empty]", root).hidden = waiting.length > 0 || me.jurisdiction.kind === "province";
  }

  await load();
}

void main();
