/**
 * The transfer section of the case and report pages (components/officer/TransferPanel.astro): the
 * pending transfer (withdraw, confirmed), the history, and the form — one receiving commune from
 * the province's list (filtered as typed, accents optional), a reason, a sealed note — confirmed
 * before it is sent. An officer with the province's jurisdiction moves the record at once. The
 * page hands each record it shows over with `pcblgd:<kind>-view`; the answer goes back with
 * `pcblgd:<kind>-changed`. A 409 takes the record as it is now and says so.
 */
import communes from "virtual:pcblgd/communes";
import { foldForSearch, matchesSearch } from "../../../../shared/text.ts";
import type { PendingTransfer, TransferView } from "../../../../shared/transfers.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, requiredMessage, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { fill } from "./me.ts";
import { vietnamTime } from "./report-view.ts";

/** What the panel reads of a case view or a report detail. */
interface TransferableRecord {
  caseId?: string;
  id?: string;
  version: number;
  status: string;
  erasedAt?: string;
  transfer?: PendingTransfer;
  transfers?: TransferView[];
  canTransfer?: boolean;
}

const root = document.querySelector<HTMLElement>("[data-transfer-panel]");
if (root) {
  const panel = root;
  const kind = panel.dataset.transferPanel as "case" | "report";
  const msg = (key: string) => panel.dataset[key] ?? "";
  const names = new Map(communes.map((commune) => [commune.code, commune.name]));
  const communeName = (code: string) => names.get(code) ?? code;
  const form = required<HTMLFormElement>("[data-transfer-form]", panel);
  const saved = required<HTMLElement>("[data-transfer-saved]", panel);
  const conflict = required<HTMLElement>("[data-transfer-conflict]", panel);
  const pendingBox = required<HTMLElement>("[data-transfer-pending]", panel);
  const withdraw = required<HTMLButtonElement>("[data-transfer-withdraw]", panel);
  const filter = required<HTMLInputElement>("[data-communes-filter]", form);
  const rows = Array.from(form.querySelectorAll<HTMLElement>(".commune-list li[data-search]"));
  let record: TransferableRecord | undefined;
  let byProvince = false;

  const recordPath = () => `/api/${kind}s/${encodeURIComponent(String(kind === "case" ? record?.caseId : record?.id))}`;
  const changed = (next: unknown) => document.dispatchEvent(new CustomEvent(`pcblgd:${kind}-changed`, { detail: next }));

  filter.addEventListener("input", () => {
    const query = foldForSearch(filter.value);
    for (const row of rows) row.hidden = !matchesSearch(row.dataset.search ?? "", query);
  });
  // Enter in the filter box filters; it must not send the transfer.
  filter.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });

  function historyLine(transfer: TransferView): HTMLLIElement {
    const item = document.createElement("li");
    item.dataset.transferState = transfer.state;
    const line = document.createElement("p");
    line.textContent = fill(msg("msgHistoryLine"), {
      state: msg(`state${transfer.state.charAt(0).toUpperCase()}${transfer.state.slice(1)}`) || transfer.state,
      from: communeName(transfer.from),
      to: communeName(transfer.to),
      reason: panel.getAttribute(`data-reason-${transfer.reason}`) ?? transfer.reason,
      by: transfer.decidedByName ?? transfer.requestedByName,
      at: vietnamTime(transfer.decidedAt ?? transfer.requestedAt),
    });
    item.append(line);
    const words = [
      transfer.note !== undefined ? fill(msg("msgNoteLine"), { note: transfer.note }) : transfer.noteHidden ? msg("msgNoteHidden") : "",
      transfer.declineReason !== undefined ? fill(msg("msgDeclineReasonLine"), { reason: transfer.declineReason }) : "",
    ];
    for (const text of words.filter((entry) => entry !== "")) item.append(Object.assign(document.createElement("p"), { textContent: text }));
    return item;
  }

  function render(current: TransferableRecord): void {
    record = current;
    const transfers = current.transfers ?? [];
    panel.hidden = current.canTransfer !== true && transfers.length === 0;
    const pending = current.transfer;
    pendingBox.hidden = pending === undefined;
    if (pending) {
      required<HTMLElement>("[data-pending-text]", pendingBox).textContent = fill(msg("msgPending"), {
        commune: communeName(pending.to),
        at: vietnamTime(pending.requestedAt),
      });
    }
    withdraw.hidden = current.canTransfer !== true;
    required<HTMLElement>("[data-transfer-history-box]", panel).hidden = transfers.length === 0;
    required<HTMLElement>("[data-transfer-history]", panel).replaceChildren(...transfers.map(historyLine));
    const movable = kind === "case" ? current.erasedAt === undefined : current.status === "new";
    form.hidden = current.canTransfer !== true || pending !== undefined || !movable;
    required<HTMLInputElement>('input[name="expectedVersion"]', form).value = String(current.version);
    required<HTMLElement>("[data-transfer-lead-province]", panel).hidden = !byProvince;
    required<HTMLElement>("[data-submit]", form).textContent = byProvince ? msg("msgSubmitProvince") : msg("msgSubmit");
  }

  async function reloadAfterConflict(): Promise<void> {
    try {
      changed(await api<unknown>(recordPath()));
    } catch {
      // The page's own load reports what went wrong.
    }
    conflict.textContent = msg("msgConflict");
    conflict.hidden = false;
    focusOn(conflict);
  }

  function said(text: string): void {
    saved.textContent = text;
    saved.hidden = false;
    focusOn(saved);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void send();
  });

  async function send(): Promise<void> {
    clearErrors(form);
    saved.hidden = true;
    conflict.hidden = true;
    const data = new FormData(form);
    const to = String(data.get("to") ?? "");
    const reason = String(data.get("reason") ?? "");
    const note = String(data.get("note") ?? "").trim();
    const missing = [...(to === "" ? ["to"] : []), ...(reason === "" ? ["reason"] : [])];
    if (missing.length > 0) {
      showErrors(
        form,
        missing.map((field) => ({ field, message: requiredMessage(form, field) })),
      );
      return;
    }
    const commune = communeName(to);
    if (!window.confirm(fill(byProvince ? msg("msgConfirmProvince") : msg("msgConfirm"), { commune }))) return;
    const submit = required<HTMLButtonElement>("[data-submit]", form);
    submit.disabled = true;
    try {
      const body = { expectedVersion: Number(data.get("expectedVersion")), to, reason, ...(note === "" ? {} : { note }) };
      const answer = await api<TransferableRecord>(`${recordPath()}/${byProvince ? "move" : "transfers"}`, { method: "POST", body });
      form.reset();
      for (const row of rows) row.hidden = false;
      changed(answer);
      said(fill(byProvince ? msg("msgMoved") : msg("msgSaved"), { commune }));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) await reloadAfterConflict();
      else if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) showErrors(form, placeOnForm(form, error.problem.errors));
      else throw error;
    } finally {
      submit.disabled = false;
    }
  }

  withdraw.addEventListener("click", () => {
    const pending = record?.transfer;
    if (!pending || !window.confirm(fill(msg("msgWithdrawConfirm"), { commune: communeName(pending.to) }))) return;
    void (async () => {
      withdraw.disabled = true;
      try {
        changed(await api<unknown>(`${recordPath()}/transfers/${encodeURIComponent(pending.transferId)}/withdraw`, { method: "POST", body: {} }));
        said(msg("msgWithdrawn"));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 409) await reloadAfterConflict();
        else throw error;
      } finally {
        withdraw.disabled = false;
      }
    })();
  });

  document.addEventListener(`pcblgd:${kind}-view`, (event) => render((event as CustomEvent<TransferableRecord>).detail));
  void session.then(({ me }) => {
    byProvince = me.jurisdiction.kind === "province";
    if (record) render(record);
  });
}
