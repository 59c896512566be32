/**
 * /can-bo/quan-tri/nhat-ky/: the audit log, newest first, filtered by officer, record and dates;
 * "load more" follows the API's cursor. Officer ids are shown as names where the officer list
 * knows them. An API 404 means "not allowed".
 */
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill } from "./me.ts";

interface AuditEntry {
  at: string;
  officerId?: string;
  action: string;
  recordKey?: string;
  outcome: "allowed" | "denied" | "failed";
  status: number;
  requestId: string;
}

interface AuditPage {
  items: AuditEntry[];
  cursor?: string;
}

interface OfficerSummary {
  id: string;
  name: string;
  email: string;
}

const pageSize = "50";
/** A page walks at most a month of days; when a month is empty, look a little further before asking. */
const emptyPagesBeforeAsking = 4;
const timeFormat = new Intl.DateTimeFormat("vi-VN", {
  timeZone: "Asia/Ho_Chi_Minh",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

async function loadOfficers(): Promise<OfficerSummary[]> {
  const officers: OfficerSummary[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 10; page += 1) {
    const result = await api<{ items: OfficerSummary[]; cursor?: string }>("/api/admin/officers", { query: { limit: "60", cursor } });
    officers.push(...result.items);
    cursor = result.cursor;
    if (cursor === undefined) break;
  }
  return officers;
}

async function main(): Promise<void> {
  await session;
  const root = required<HTMLElement>("[data-audit]");
  const msg = (key: string) => root.dataset[key] ?? "";
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const form = required<HTMLFormElement>("#audit-filter");
  const officerSelect = required<HTMLSelectElement>("#audit-officer");
  const list = required<HTMLOListElement>("[data-audit-list]");
  const status = required<HTMLElement>("[data-audit-status]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const loadMore = required<HTMLButtonElement>("[data-load-more]");
  const template = required<HTMLTemplateElement>("#audit-item");

  const names = new Map<string, OfficerSummary>();
  let cursor: string | undefined;
  let filters: Record<string, string> = {};
  let shown = 0;

  function render(entry: AuditEntry): HTMLLIElement {
    const item = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
    const field = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, item);
    const at = field("at");
    at.setAttribute("datetime", entry.at);
    at.textContent = timeFormat.format(new Date(entry.at));
    item.dataset.outcome = entry.outcome;
    field("outcome").textContent = msg(`outcome${entry.outcome.charAt(0).toUpperCase()}${entry.outcome.slice(1)}`) || entry.outcome;
    field("status").textContent = `(${String(entry.status)})`;
    const who = entry.officerId ? names.get(entry.officerId) : undefined;
    field("officer").textContent = who?.name ?? entry.officerId ?? "—";
    field("officer-email").textContent = who?.email ?? "";
    field("action").textContent = entry.action;
    field("record").textContent = entry.recordKey ?? "—";
    field("request").textContent = entry.requestId;
    return item;
  }

  /** Loads the next page for the current filters; false when the page must stop (not allowed). */
  async function load(): Promise<boolean> {
    loadMore.disabled = true;
    try {
      let page: AuditPage | undefined;
      for (let tries = 0; tries < emptyPagesBeforeAsking; tries += 1) {
        page = await api<AuditPage>("/api/admin/audit", { query: { ...filters, limit: pageSize, cursor } });
        cursor = page.cursor;
        if (page.items.length > 0 || cursor === undefined) break;
      }
      const before = shown;
      for (const entry of page?.items ?? []) {
        list.append(render(entry));
        shown += 1;
      }
      loadMore.hidden = cursor === undefined;
      loadError.hidden = true;
      status.textContent = shown === 0 ? msg("msgEmpty") : fill(msg("msgCount"), { n: shown });
      if (before > 0 && shown > before) focusOn(list.children[before] as HTMLElement);
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) {
        root.hidden = true;
        notAllowed.hidden = false;
        focusOn(notAllowed);
        return false;
      }
      if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return true;
      }
      loadError.hidden = false;
      return true;
    } finally {
      loadMore.disabled = false;
    }
  }

  function readFilters(): Record<string, string> {
    const data = new FormData(form);
    const read = (name: string) => String(data.get(name) ?? "").trim();
    return Object.fromEntries(
      Object.entries({ officer: read("officer"), record: read("record"), from: read("from"), to: read("to") }).filter(([, value]) => value !== ""),
    );
  }

  function restart(): Promise<boolean> {
    clearErrors(form);
    filters = readFilters();
    cursor = undefined;
    shown = 0;
    list.replaceChildren();
    status.textContent = "";
    return load();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void restart();
  });
  // "Clear filters": the browser resets the fields after this event, then the log reloads.
  form.addEventListener("reset", () => {
    setTimeout(() => void restart(), 0);
  });
  loadMore.addEventListener("click", () => void load());

  try {
    for (const officer of await loadOfficers()) {
      names.set(officer.id, officer);
      officerSelect.append(new Option(`${officer.name} (${officer.email})`, officer.id));
    }
  } catch (error) {
    // Without the officer list the log still works; ids show instead of names.
    if (!(error instanceof ApiProblem)) throw error;
  }

  restoreDraft();
  root.hidden = false;
  await restart();
}

void main();
