/**
 * The officer pages that list one commune's records (the report inbox, the case list): the
 * commune select narrowed to the officer's jurisdiction, a filter form, "load more" following the
 * API's cursor, the empty state, field errors from a 400, and "not allowed" on a 404. Each page
 * says only what is its own: the query its form makes, the address it lists, how a row looks.
 */
import { ApiProblem } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill } from "./me.ts";

export const pageSize = 25;

export interface ListedPage<Item> {
  items: Item[];
  /** Absent on the last page. */
  cursor?: string;
}

export interface CommuneListSpec<Item, Page extends ListedPage<Item>> {
  /** The element holding the page's messages (`data-msg-*`), hidden when the officer may not list. */
  root: string;
  form: string;
  list: string;
  /** The polite live region saying how many rows are shown. */
  status: string;
  /** A `<template>` with one `<li>`; its `[data-f="…"]` elements are the row's fields. */
  template: string;
  /** The query the form asks for (the commune aside); empty values are dropped. */
  query: (read: (name: string) => string) => Record<string, string>;
  fetch: (commune: string, query: Record<string, string>) => Promise<Page>;
  render: (item: Item, row: HTMLLIElement, field: (name: string) => HTMLElement, msg: (key: string) => string) => void;
  /** After each page (e.g. the inbox's counts). */
  showPage?: (page: Page, msg: (key: string) => string) => void;
  /** When the list starts again (e.g. clear the counts). */
  restart?: () => void;
}

/**
 * The list the address asks for: each parameter names a control of the filter form
 * (`?commune=13285&overdue=true`, `?commune=13285&status=new` — the province dashboard links to
 * the list behind each figure). A value the form does not offer (a commune outside the officer's
 * jurisdiction, an unknown status) is ignored, so the form always shows what is listed.
 */
export function fillFromAddress(form: HTMLFormElement, parameters: URLSearchParams): void {
  for (const [name, value] of parameters) {
    const control = form.elements.namedItem(name);
    if (control instanceof HTMLSelectElement) {
      if (Array.from(control.options).some((option) => option.value === value)) control.value = value;
    } else if (control instanceof HTMLInputElement && control.type === "checkbox") {
      control.checked = control.value === value;
    } else if (control instanceof HTMLInputElement) {
      control.value = value;
    }
  }
}

export async function runCommuneList<Item, Page extends ListedPage<Item>>(spec: CommuneListSpec<Item, Page>): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>(spec.root);
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const form = required<HTMLFormElement>(spec.form);
  const communeSelect = required<HTMLSelectElement>("[data-commune-select]");
  const list = required<HTMLOListElement>(spec.list);
  const status = required<HTMLElement>(spec.status);
  const loadError = required<HTMLElement>("[data-load-error]");
  const loadMore = required<HTMLButtonElement>("[data-load-more]");
  const template = required<HTMLTemplateElement>(spec.template);
  const msg = (key: string) => root.dataset[key] ?? "";

  // Only the communes the officer answers for (a province officer keeps them all).
  if (me.jurisdiction.kind === "communes") {
    const mine = new Set(me.jurisdiction.communes);
    for (const option of Array.from(communeSelect.options)) if (!mine.has(option.value)) option.remove();
  }

  let cursor: string | undefined;
  let query: Record<string, string> = {};
  let commune = "";
  let shown = 0;
  /**
   * Which list is on screen: every restart (a new filter, another commune) starts a new one. An
   * answer that arrives for an older list is dropped, so pressing "Lọc" twice — or choosing a
   * commune and pressing "Lọc" at once — can never show a row twice.
   */
  let generation = 0;

  function row(item: Item): HTMLLIElement {
    const node = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
    spec.render(item, node, (name) => required<HTMLElement>(`[data-f="${name}"]`, node), msg);
    return node;
  }

  function denied(): void {
    root.hidden = true;
    notAllowed.hidden = false;
  }

  async function load(): Promise<void> {
    const mine = generation;
    const current = () => mine === generation;
    loadMore.disabled = true;
    try {
      const page = await spec.fetch(commune, { ...query, limit: String(pageSize), ...(cursor ? { cursor } : {}) });
      if (!current()) return;
      cursor = page.cursor;
      const before = shown;
      for (const item of page.items) {
        list.append(row(item));
        shown += 1;
      }
      spec.showPage?.(page, msg);
      loadMore.hidden = cursor === undefined;
      loadError.hidden = true;
      status.textContent = shown === 0 ? msg("msgEmpty") : fill(msg("msgShowing"), { n: shown });
      if (before > 0 && shown > before) focusOn(list.children[before] as HTMLElement);
    } catch (error) {
      if (!current()) return;
      if (error instanceof ApiProblem && error.status === 404) {
        denied();
        focusOn(notAllowed);
        return;
      }
      if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return;
      }
      loadError.hidden = false;
    } finally {
      if (current()) loadMore.disabled = false;
    }
  }

  function restart(): Promise<void> {
    generation += 1;
    clearErrors(form);
    const data = new FormData(form);
    const read = (name: string) => String(data.get(name) ?? "").trim();
    commune = read("commune");
    query = Object.fromEntries(Object.entries(spec.query(read)).filter(([, value]) => value !== ""));
    cursor = undefined;
    shown = 0;
    list.replaceChildren();
    status.textContent = "";
    spec.restart?.();
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
  fillFromAddress(form, new URLSearchParams(location.search));
  if (communeSelect.options.length === 0) {
    denied();
    return;
  }
  root.hidden = false;
  await restart();
}
