/**
 * Filters the commune directory as people type, ignoring diacritics and case ("phu ly" finds
 * "Phường Phủ Lý"). Each entry carries its folded names and type in data-search / data-kind (folded
 * once at build time); without JavaScript the whole list simply stays visible.
 */

import { filterCommunes } from "../../../shared/commune-search.ts";
import { foldForSearch } from "../../../shared/text.ts";

const input = document.querySelector<HTMLInputElement>("#commune-search");
const status = document.querySelector<HTMLElement>("#commune-count");
const items = Array.from(document.querySelectorAll<HTMLElement>("[data-search]"));
const entries = items.map((item) => ({ names: item.dataset.search ?? "", kind: item.dataset.kind ?? "", former: item.dataset.former ?? "" }));

if (input && status) {
  const { countAll = "", countSome = "", countNone = "" } = status.dataset;
  const total = String(items.length);
  let announce: ReturnType<typeof setTimeout> | undefined;

  const update = () => {
    const query = foldForSearch(input.value);
    const shown = filterCommunes(entries, query);
    items.forEach((item, index) => {
      item.hidden = !shown[index];
    });
    const count = shown.filter(Boolean).length;
    const template = query === "" ? countAll : count === 0 ? countNone : countSome;
    // The list changes at once; the live region speaks once typing pauses, not on every key.
    clearTimeout(announce);
    announce = setTimeout(() => {
      status.textContent = template.replace("{n}", String(count)).replace("{total}", total);
    }, 400);
  };

  input.addEventListener("input", update);
  // A value the browser restored (Back, reload) filters at once.
  if (input.value !== "") update();
}
