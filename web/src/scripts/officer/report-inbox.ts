/**
 * /can-bo/tin-bao/: a commune's inbox. The commune list is narrowed to the officer's jurisdiction;
 * filters and "load more" follow the API (urgent first, then newest; counts for the commune). An
 * API 404 means "not allowed".
 */
import type { InboxItem, InboxPage } from "../../../../shared/reports.ts";
import { ApiProblem, api } from "./api.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill } from "./me.ts";
import { actNames, channelName, inboxQuery, statusName, victimSummary, vietnamTime } from "./report-view.ts";

const pageSize = 25;

function required<T extends Element>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-inbox]");
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const form = required<HTMLFormElement>("#inbox-filter");
  const communeSelect = required<HTMLSelectElement>("[data-commune-select]");
  const list = required<HTMLOListElement>("[data-inbox-list]");
  const counts = required<HTMLElement>("[data-inbox-counts]");
  const status = required<HTMLElement>("[data-inbox-status]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const loadMore = required<HTMLButtonElement>("[data-load-more]");
  const template = required<HTMLTemplateElement>("#inbox-item");
  const msg = (key: string) => root.dataset[key] ?? "";

  // Only the communes the officer answers for (a province officer keeps them all).
  if (me.jurisdiction.kind === "communes") {
    const mine = new Set(me.jurisdiction.communes);
    for (const option of Array.from(communeSelect.options)) if (!mine.has(option.value)) option.remove();
  }

  let cursor: string | undefined;
  let filters: Record<string, string> = {};
  let commune = "";
  let shown = 0;

  function render(item: InboxItem): HTMLLIElement {
    const node = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
    const field = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, node);
    node.dataset.urgent = String(item.urgent);
    node.dataset.reportId = item.id;
    const link = field("link") as HTMLAnchorElement;
    link.href = `${msg("detailHref")}?id=${encodeURIComponent(item.id)}`;
    link.textContent = `${link.textContent ?? ""} ${vietnamTime(item.receivedAt)}`;
    field("urgent").hidden = !(item.urgent && item.status === "new");
    const received = field("received");
    received.setAttribute("datetime", item.receivedAt);
    received.textContent = vietnamTime(item.receivedAt);
    field("status").textContent = item.caseId ? `${statusName(item.status)}` : statusName(item.status);
    field("channel").textContent = channelName(item.channel);
    field("acts").textContent = actNames(item.acts, true);
    field("victim").textContent = victimSummary(item.victim);
    field("additions").textContent = String(item.additions);
    return node;
  }

  async function load(): Promise<void> {
    loadMore.disabled = true;
    try {
      const page = await api<InboxPage>(`/api/communes/${encodeURIComponent(commune)}/reports`, { query: inboxQuery(filters, pageSize, cursor) });
      cursor = page.nextCursor;
      const before = shown;
      for (const item of page.items) {
        list.append(render(item));
        shown += 1;
      }
      counts.textContent = fill(msg("msgCounts"), { total: page.counts.total, new: page.counts.byStatus.new ?? 0, urgent: page.counts.urgentNew });
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
    filters = { status: read("status"), channel: read("channel"), from: read("from"), to: read("to") };
    cursor = undefined;
    shown = 0;
    list.replaceChildren();
    counts.textContent = "";
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
