/**
 * Filters the commune directory as people type, ignoring diacritics and case ("phu ly" finds
 * "Phường Phủ Lý"). Each entry carries its folded text in data-search (built once at build time);
 * without JavaScript the whole list simply stays visible.
 */
import { foldForSearch, matchesSearch } from "../../../shared/text.ts";

const input = document.querySelector<HTMLInputElement>("#commune-search");
const status = document.querySelector<HTMLElement>("#commune-count");
const items = Array.from(document.querySelectorAll<HTMLElement>("[data-search]"));

if (input && status) {
  const { countAll = "", countSome = "", countNone = "" } = status.dataset;
  const total = String(items.length);
  let announce: ReturnType<typeof setTimeout> | undefined;

  const update = () => {
    const query = foldForSearch(input.value);
    let shown = 0;
    for (const item of items) {
      const match = matchesSearch(item.dataset.search ?? "", query);
      item.hidden = !match;
      if (match) shown += 1;
    }
    const template = query === "" ? countAll : shown === 0 ? countNone : countSome;
    // The list changes at once; the live region speaks once typing pauses, not on every key.
    clearTimeout(announce);
    announce = setTimeout(() => {
      status.textContent = template.replace("{n}", String(shown)).replace("{total}", total);
    }, 400);
  };

  input.addEventListener("input", update);
  // A value the browser restored (Back, reload) filters at once.
  if (input.value !== "") update();
}
