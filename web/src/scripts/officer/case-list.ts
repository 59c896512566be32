/**
 * /can-bo/vu-viec/: a commune's cases. The commune list is narrowed to the officer's jurisdiction;
 * filters (status, priority, overdue), search by case number and "load more" follow the API. An API
 * 404 means "not allowed".
 */
import type { CaseSummary } from "../../../../shared/cases.ts";
import { ApiProblem, api } from "./api.ts";
import { dayLabel, priorityName, statusName, vietnamTime } from "./case-view.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill } from "./me.ts";

const pageSize = 25;

function required<T extends Element>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-case-list-page]");
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const form = required<HTMLFormElement>("#case-filter");
  const communeSelect = required<HTMLSelectElement>("[data-commune-select]");
  const list = required<HTMLOListElement>("[data-case-list]");
  const status = required<HTMLElement>("[data-case-status]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const loadMore = required<HTMLButtonElement>("[data-load-more]");
  const template = required<HTMLTemplateElement>("#case-item");
  const msg = (key: string) => root.dataset[key] ?? "";

  if (me.jurisdiction.kind === "communes") {
    const mine = new Set(me.jurisdiction.communes);
    for (const option of Array.from(communeSelect.options)) if (!mine.has(option.value)) option.remove();
  }

  let cursor: string | undefined;
  let query: Record<string, string> = {};
  let commune = "";
  let shown = 0;

  function render(item: CaseSummary): HTMLLIElement {
    const node = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
    const field = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, node);
    node.dataset.caseId = item.caseId;
    node.dataset.overdue = String(item.overdue);
    const link = field("link") as HTMLAnchorElement;
    link.href = `${msg("detailHref")}?id=${encodeURIComponent(item.caseId)}`;
    link.textContent = item.caseNumber;
    field("urgent").hidden = item.priority !== "urgent" || item.status === "closed";
    field("overdue").hidden = !item.overdue;
    field("alert").hidden = item.alerts.length === 0;
    field("status").textContent = statusName(item.status);
    field("priority").textContent = priorityName(item.priority);
    const opened = field("opened");
    opened.setAttribute("datetime", item.openedAt);
    opened.textContent = vietnamTime(item.openedAt);
    field("nextDue").textContent = item.nextDue ? `${dayLabel(item.nextDue)}${item.overdue ? ` — ${msg("msgOverdue")}` : ""}` : "—";
    return node;
  }

  async function load(): Promise<void> {
    loadMore.disabled = true;
    try {
      const page = await api<{ items: CaseSummary[]; cursor?: string }>(`/api/communes/${encodeURIComponent(commune)}/cases`, {
        query: { ...query, limit: String(pageSize), cursor },
      });
      cursor = page.cursor;
      const before = shown;
      for (const item of page.items) {
        list.append(render(item));
        shown += 1;
      }
      loadMore.hidden = cursor === undefined;
      loadError.hidden = true;
      status.textContent = shown === 0 ? msg("msgEmpty") : fill(msg("msgShowing"), { n: shown });
      if (before > 0 && shown > before) focusOn(list.children[before] as HTMLElement);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) {
        root.hidden = true;
        notAllowed.hidden = false;
        focusOn(notAllowed);
        return;
      }
      if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return;
      }
      loadError.hidden = false;
    } finally {
      loadMore.disabled = false;
    }
  }

  function restart(): Promise<void> {
    clearErrors(form);
    const data = new FormData(form);
    const read = (name: string) => String(data.get(name) ?? "").trim();
    commune = read("commune");
    const number = read("number").toUpperCase();
    query = number ? { number } : { status: read("status"), priority: read("priority"), ...(read("overdue") === "true" ? { overdue: "true" } : {}) };
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
  form.addEventListener("reset", () => {
    setTimeout(() => void restart(), 0);
  });
  communeSelect.addEventListener("change", () => void restart());
  loadMore.addEventListener("click", () => void load());

  restoreDraft();
  if (communeSelect.options.length === 0) {
    root.hidden = true;
    notAllowed.hidden = false;
    return;
  }
  root.hidden = false;
  await restart();
}

void main();
