/**
 * What JavaScript adds to the report fields (components/report/ReportFields.astro), on the public
 * form and on officer intake: a commune search that ignores diacritics over the commune list; the
 * "call 113 now" box, with the chosen commune's hotline, as soon as someone is said to be in danger;
 * the name and phone fields only when the reporter gives them; no date in the future.
 */
import { filterCommunes } from "../../../shared/commune-search.ts";
import { foldForSearch } from "../../../shared/text.ts";
import { todayInVietnam } from "./report-input.ts";

export function enhanceReportFields(form: HTMLFormElement): void {
  const select = form.querySelector<HTMLSelectElement>("[data-commune-select]");
  const filterBox = form.querySelector<HTMLElement>("[data-commune-filter]");
  const filterInput = form.querySelector<HTMLInputElement>("[data-commune-filter-input]");
  const count = form.querySelector<HTMLElement>("[data-commune-count]");
  const dangerBox = form.querySelector<HTMLElement>("[data-danger-box]");

  if (select && filterBox && filterInput) {
    const placeholder = select.options[0];
    const options = Array.from(select.options).slice(1);
    const entries = options.map((option) => ({ names: option.dataset.search ?? "", kind: option.dataset.kind ?? "", former: option.dataset.former ?? "" }));
    filterBox.hidden = false;
    let announce: ReturnType<typeof setTimeout> | undefined;
    filterInput.addEventListener("input", () => {
      const query = foldForSearch(filterInput.value);
      const shown = filterCommunes(entries, query);
      const chosen = select.value;
      const kept = options.filter((_, index) => shown[index]);
      select.replaceChildren(...(placeholder ? [placeholder] : []), ...kept);
      // One match is the answer; otherwise keep what was chosen if it is still listed.
      select.value = kept.length === 1 && query !== "" ? (kept[0]?.value ?? "") : kept.some((option) => option.value === chosen) ? chosen : "";
      select.dispatchEvent(new Event("change"));
      clearTimeout(announce);
      announce = setTimeout(() => {
        if (!count) return;
        count.textContent =
          query === "" ? "" : kept.length === 0 ? (count.dataset.none ?? "") : (count.dataset.found ?? "").replace("{n}", String(kept.length));
      }, 400);
    });
  }

  const showDanger = () => {
    if (!dangerBox) return;
    const danger = form.querySelector<HTMLInputElement>('input[name="danger"]:checked')?.value;
    dangerBox.hidden = danger !== "yes";
    const option = select?.selectedOptions[0];
    const number = option?.value ? option.dataset.hotline : undefined;
    const communeLine = dangerBox.querySelector<HTMLElement>("[data-danger-commune]");
    const otherLine = dangerBox.querySelector<HTMLElement>("[data-danger-no-commune]");
    const call = dangerBox.querySelector<HTMLAnchorElement>("[data-danger-commune-call]");
    const name = dangerBox.querySelector<HTMLElement>("[data-danger-commune-name]");
    if (communeLine && otherLine && call && name) {
      communeLine.hidden = !number;
      otherLine.hidden = Boolean(number);
      if (number && option) {
        name.textContent = option.textContent?.trim() ?? "";
        call.textContent = number;
        call.href = `tel:${number.replace(/[^\d+]/g, "")}`;
      }
    }
  };
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="danger"]')) radio.addEventListener("change", showDanger);
  select?.addEventListener("change", showDanger);
  showDanger();

  const identity = form.querySelector<HTMLElement>("[data-reporter-identity]");
  const showIdentity = () => {
    if (!identity) return;
    identity.hidden = form.querySelector<HTMLInputElement>('input[name="reporter.anonymous"]:checked')?.value !== "no";
  };
  for (const radio of form.querySelectorAll<HTMLInputElement>("[data-reporter-anonymous]")) radio.addEventListener("change", showIdentity);
  showIdentity();

  const today = todayInVietnam();
  for (const input of form.querySelectorAll<HTMLInputElement>("input[data-not-future]")) input.max = today;
}
