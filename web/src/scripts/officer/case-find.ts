/**
 * /can-bo/vu-viec/tim-theo-ten/: find a person's cases by exact name (components in the page).
 * The commune select keeps the officer's own communes and, when they have several, offers all of
 * them at once (first and chosen: one search per commune, the answers merged newest first, each
 * naming its commune); the name goes in a POST body, never in the address; the answer is case
 * numbers, roles, statuses and dates, each a link to the case page.
 * Officers without case:read-identity, or with no commune, get "not allowed".
 */
import type { PersonMatch } from "../../../../shared/case-work.ts";
import { ApiProblem, api } from "./api.ts";
import { dayLabel, vietnamToday } from "./case-view.ts";
import { required } from "./dom.ts";
import { clearErrors, clearErrorsAsFixed, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill, may } from "./me.ts";

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-case-find]");
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const form = required<HTMLFormElement>("#case-find-form");
  const communeSelect = required<HTMLSelectElement>("[data-commune-select]", form);
  const status = required<HTMLElement>("[data-find-status]");
  const results = required<HTMLUListElement>("[data-find-results]");
  const template = required<HTMLTemplateElement>("#case-find-item");
  const msg = (key: string) => root.dataset[key] ?? "";

  if (me.jurisdiction.kind === "communes") {
    const mine = new Set(me.jurisdiction.communes);
    for (const option of Array.from(communeSelect.options)) if (!mine.has(option.value)) option.remove();
  }
  const denied = () => {
    root.hidden = true;
    notAllowed.hidden = false;
    focusOn(notAllowed);
  };
  if (!may(me, "case:read-identity") || communeSelect.options.length === 0) return denied();
  const communeNames = new Map(Array.from(communeSelect.options, (option) => [option.value, option.text]));
  const everyCommune = "*";
  if (communeSelect.options.length > 1) {
    communeSelect.prepend(new Option(fill(msg("msgAllCommunes"), { count: communeSelect.options.length }), everyCommune, true, true));
  }
  const several = communeSelect.options.length > 1;

  function row(match: PersonMatch & { commune: string }): HTMLLIElement {
    const node = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
    const field = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, node);
    node.dataset.caseId = match.caseId;
    const link = field("link") as HTMLAnchorElement;
    link.href = `${msg("detailHref")}?id=${encodeURIComponent(match.caseId)}`;
    link.textContent = fill(msg("msgMatch"), { number: match.caseNumber });
    field("role").textContent = root.getAttribute(`data-role-${match.role}`) ?? match.role;
    field("status").textContent = root.getAttribute(`data-status-${match.status}`) ?? match.status;
    field("opened").textContent = dayLabel(vietnamToday(new Date(match.openedAt)));
    field("commune-row").hidden = !several;
    field("commune").textContent = communeNames.get(match.commune) ?? match.commune;
    return node;
  }

  clearErrorsAsFixed(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form);
      loadError.hidden = true;
      const data = new FormData(form);
      const name = String(data.get("name") ?? "").trim();
      const year = String(data.get("birthYear") ?? "").trim();
      const birthYear = year === "" ? undefined : Number(year);
      const problems = [
        ...(name === "" ? [{ field: "name", message: msg("msgNameRequired") }] : []),
        ...(birthYear !== undefined && !(Number.isInteger(birthYear) && birthYear >= 1900 && birthYear <= 2100)
          ? [{ field: "birthYear", message: msg("msgYearInvalid") }]
          : []),
      ];
      if (problems.length > 0) return showErrors(form, problems);
      const submit = required<HTMLButtonElement>("[data-submit]", form);
      submit.disabled = true;
      status.textContent = "";
      results.replaceChildren();
      try {
        const chosen = String(data.get("commune") ?? "");
        const communes = chosen === everyCommune ? [...communeNames.keys()] : [chosen];
        const answers = await Promise.all(
          communes.map(async (commune) => {
            const answer = await api<{ matches: PersonMatch[] }>(`/api/communes/${encodeURIComponent(commune)}/person-search`, {
              method: "POST",
              body: { name, ...(birthYear === undefined ? {} : { birthYear }) },
            });
            return answer.matches.map((match) => ({ ...match, commune }));
          }),
        );
        const matches = answers.flat().sort((a, b) => b.openedAt.localeCompare(a.openedAt));
        status.textContent = matches.length === 0 ? msg("msgNone") : fill(msg("msgFound"), { count: matches.length });
        results.replaceChildren(...matches.map(row));
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 404) return denied();
        if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) return showErrors(form, placeOnForm(form, error.problem.errors));
        loadError.hidden = false;
      } finally {
        submit.disabled = false;
      }
    })();
  });

  restoreDraft();
  root.hidden = false;
}

void main();
