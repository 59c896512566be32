/**
 * /can-bo/quan-tri/nhat-ky/: the audit log, newest first, filtered by officer, record and dates;
 * "load more" follows the API's cursor. Each entry reads as a sentence — who, did what, to which
 * case number or officer, when (audit-words.ts); routine entries (an officer's own profile, list
 * views) are left out unless asked for. Pressing a record filters the log by it. An API 404 means
 * "not allowed".
 */
import { ApiProblem, api } from "./api.ts";
import { actionInWords, isRoutine, recordInWords } from "./audit-words.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill } from "./me.ts";

interface AuditEntry {
  at: string;
  officerId?: string;
  action: string;
  recordKey?: string;
  recordLabel?: string;
  /** A transfer between communes: both communes. */
  handOver?: { from: string; to: string };
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
  const communeNames = new Map<string, string>(Object.entries(JSON.parse(root.dataset.communes ?? "{}") as Record<string, string>));
  const recordInput = required<HTMLInputElement>("#audit-record");
  const routineBox = required<HTMLInputElement>("#audit-routine");
  let cursor: string | undefined;
  let filters: Record<string, string> = {};
  let shown = 0;
  /** Which list is on screen; an answer for an older one is dropped (no row twice). */
  let generation = 0;

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
    field("officer").textContent = who?.name ?? (entry.officerId ? msg("msgUnknownOfficer") : msg("msgNoOfficer"));
    field("officer-email").textContent = who?.email ?? "";
    field("action").textContent = actionInWords(entry.action);
    const record = field("record");
    const words = recordInWords(entry.recordKey, entry.recordLabel, {
      officer: (id) => names.get(id)?.name,
      commune: (code) => communeNames.get(code),
    });
    const commune = (code: string) => communeNames.get(code) ?? code;
    const handOver = entry.handOver ? ` (${commune(entry.handOver.from)} → ${commune(entry.handOver.to)})` : "";
    record.textContent = `${words}${handOver}`;
    record.hidden = words === "" && handOver === "";
    const recordKey = entry.recordKey;
    if (recordKey !== undefined) {
      record.title = msg("msgFilterByRecord");
      record.addEventListener("click", () => {
        recordInput.value = recordKey;
        void restart();
      });
    }
    field("request").textContent = entry.requestId;
    return item;
  }

  const wanted = (entry: AuditEntry) => routineBox.checked || !isRoutine(entry.action) || entry.outcome !== "allowed";

  /** Loads the next page for the current filters; false when the page must stop (not allowed). */
  async function load(): Promise<boolean> {
    const mine = generation;
    loadMore.disabled = true;
    try {
      let page: AuditPage | undefined;
      for (let tries = 0; tries < emptyPagesBeforeAsking; tries += 1) {
        page = await api<AuditPage>("/api/admin/audit", { query: { ...filters, limit: pageSize, cursor } });
        if (mine !== generation) return true;
        cursor = page.cursor;
        if (page.items.some(wanted) || cursor === undefined) break;
      }
      const before = shown;
      for (const entry of (page?.items ?? []).filter(wanted)) {
        list.append(render(entry));
        shown += 1;
      }
      loadMore.hidden = cursor === undefined;
      loadError.hidden = true;
      status.textContent = shown === 0 ? msg("msgEmpty") : fill(msg("msgCount"), { n: shown });
      if (before > 0 && shown > before) focusOn(list.children[before] as HTMLElement);
      return true;
    } catch (error) {
      if (mine !== generation) return true;
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
    generation += 1;
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
  routineBox.addEventListener("change", () => void restart());

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
