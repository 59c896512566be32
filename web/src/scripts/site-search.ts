/**
 * The search page: searches the articles with pagefind as people type. The index was built from
 * the articles' text folded with `foldForSearch` (integrations/search-index.ts), and the query is
 * folded the same way, so "bao luc" finds "bạo lực" and "dia chi" finds "địa chỉ" (đ is a letter
 * of its own that pagefind alone would not fold). Pagefind's own UI is not used: it is large and
 * the results here are plain links with the article's description, built with textContent only.
 * Pagefind runs WebAssembly, which the CSP allows with 'wasm-unsafe-eval' (shared/security-headers.ts).
 */
import { foldForSearch } from "../../../shared/text.ts";

interface PagefindResult {
  data(): Promise<{ url: string; meta: Record<string, string | undefined> }>;
}
interface Pagefind {
  options(options: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(query: string): Promise<{ results: PagefindResult[] }>;
}

/** Where the build writes the bundle; a variable, so the bundler leaves the import to the browser. */
const bundle = "/pagefind/pagefind.js";
const maxResults = 20;

const form = document.querySelector<HTMLFormElement>("[data-site-search]");
const input = document.querySelector<HTMLInputElement>("#site-search");
const status = document.querySelector<HTMLElement>("#site-search-status");
const list = document.querySelector<HTMLOListElement>("#site-search-results");

let pagefind: Promise<Pagefind> | undefined;
function loadPagefind(): Promise<Pagefind> {
  pagefind ??= (async () => {
    const module = (await import(/* @vite-ignore */ bundle)) as Pagefind;
    await module.options({ noWorker: true });
    await module.init();
    return module;
  })();
  // A failed load (offline for a moment) is tried again on the next search.
  pagefind.catch(() => {
    pagefind = undefined;
  });
  return pagefind;
}

if (form && input && status && list) {
  const { working = "", found = "", none = "", failed = "" } = status.dataset;
  let latest = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (message: string, query: string, count = 0) => {
    status.textContent = message.replace("{q}", query).replace("{n}", String(count));
  };

  const run = async () => {
    const query = input.value.trim();
    const folded = foldForSearch(query);
    const mine = ++latest;
    if (folded === "") {
      list.replaceChildren();
      list.hidden = true;
      status.textContent = "";
      return;
    }
    show(working, query);
    try {
      const engine = await loadPagefind();
      const search = await engine.search(folded);
      const results = await Promise.all(search.results.slice(0, maxResults).map((result) => result.data()));
      if (mine !== latest) return; // a newer query is on its way
      list.replaceChildren(
        ...results.map((result) => {
          const item = document.createElement("li");
          const link = document.createElement("a");
          link.href = result.url;
          link.textContent = result.meta.title ?? result.url;
          const description = document.createElement("p");
          description.textContent = result.meta.description ?? "";
          item.append(link, description);
          return item;
        }),
      );
      list.hidden = results.length === 0;
      show(results.length > 0 ? found : none, query, results.length);
    } catch {
      if (mine === latest) show(failed, query);
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  // Enter searches at once; the form never submits, so the query never reaches the address bar.
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    void run();
  });
  // Start fetching the engine as soon as the box is used.
  input.addEventListener("focus", () => void loadPagefind().catch(() => undefined), { once: true });
  // A value the browser restored (Back, reload) searches at once.
  if (input.value.trim() !== "") void run();
}
