/**
 * The same perpetrator in an earlier case (components/officer/SamePerson.astro): the search on the
 * person index answers case numbers, opening dates and statuses only, in the commune of this case
 * (which the officer may read); "record" links the party to one of them, and the answered file goes
 * back to the page (`pcblgd:case-changed`), which shows the link and lets the Điều 32 count see it.
 */
import type { PersonMatch } from "../../../../shared/case-work.ts";
import type { CaseView } from "../../../../shared/cases.ts";
import { dayLabel, vietnamDay } from "../../../../shared/vietnam-time.ts";
import { ApiProblem, api } from "./api.ts";
import { sendCaseChange } from "./case-change.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { fill } from "./me.ts";

const root = document.querySelector<HTMLElement>("[data-same-person]");
if (root) {
  const msg = (key: string) => root.dataset[key] ?? "";
  const statusName = (status: string) => root.getAttribute(`data-status-${status}`) ?? status;
  const form = required<HTMLFormElement>("[data-same-form]", root);
  const select = required<HTMLSelectElement>('select[name="partyId"]', form);
  const result = required<HTMLElement>("[data-same-result]", form);
  const matches = required<HTMLUListElement>("[data-same-matches]", form);
  const saved = required<HTMLElement>("[data-work-saved]", form);
  const conflict = required<HTMLElement>("[data-work-conflict]", form);
  let view: CaseView | undefined;

  const named = (current: CaseView) =>
    current.parties.filter((party) => party.role === "perpetrator" && party.name !== undefined && "value" in party.name && party.name.value !== "");
  const caseLink = (caseId: string, text: string) => {
    const link = document.createElement("a");
    link.href = `${root.dataset.caseHref ?? ""}?id=${encodeURIComponent(caseId)}`;
    link.textContent = text;
    return link;
  };
  const nameOf = (party: CaseView["parties"][number]) =>
    `${party.name && "value" in party.name ? party.name.value : ""}${party.birthYear === undefined ? "" : ` (${String(party.birthYear)})`}`;

  function render(current: CaseView): void {
    view = current;
    const perpetrators = named(current);
    const links = required<HTMLUListElement>("[data-same-links]", root as HTMLElement);
    links.replaceChildren(
      ...perpetrators
        .filter((party) => (party.sameAs ?? []).length > 0)
        .map((party) => {
          const item = document.createElement("li");
          item.dataset.sameAs = party.partyId;
          item.append(`${nameOf(party)}: `);
          const [before, after] = msg("msgLinks").split("{numbers}");
          item.append(before ?? "");
          (party.sameAs ?? []).forEach((link, index) => {
            if (index > 0) item.append(", ");
            item.append(caseLink(link.caseId, link.caseNumber));
          });
          item.append(after ?? "");
          return item;
        }),
    );
    const empty = required<HTMLElement>("[data-same-empty]", root as HTMLElement);
    empty.textContent = msg("msgNoPerpetrator");
    empty.hidden = perpetrators.length > 0;
    const keep = select.value;
    select.replaceChildren(...perpetrators.map((party) => new Option(nameOf(party), party.partyId)));
    if (perpetrators.some((party) => party.partyId === keep)) select.value = keep;
    form.hidden = perpetrators.length === 0 || current.erasedAt !== undefined;
  }

  document.addEventListener("pcblgd:case-view", (event) => render((event as CustomEvent<CaseView>).detail));

  async function link(match: PersonMatch, partyId: string, button: HTMLButtonElement): Promise<void> {
    const current = view;
    if (!current) return;
    const done = await sendCaseChange({
      form,
      button,
      send: () =>
        api<CaseView>(`/api/cases/${encodeURIComponent(current.caseId)}/parties/${encodeURIComponent(partyId)}/same-person`, {
          method: "POST",
          body: { expectedVersion: current.version, caseId: match.caseId, partyId: match.partyId },
        }),
      words: { saved: fill(msg("msgLinked"), { number: match.caseNumber }), conflict: msg("msgConflict") },
      onConflict: (version) => {
        if (view && version !== undefined) view = { ...view, version };
      },
      aliases: { caseId: "partyId" },
    });
    if (done) button.hidden = true;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      if (!view) return;
      clearErrors(form);
      saved.hidden = true;
      conflict.hidden = true;
      result.textContent = "";
      matches.replaceChildren();
      const partyId = select.value;
      const party = view.parties.find((candidate) => candidate.partyId === partyId);
      if (party?.birthYear === undefined) {
        showErrors(form, [{ field: "partyId", message: msg("msgNeedsName") }]);
        return;
      }
      const submit = required<HTMLButtonElement>("[data-submit]", form);
      submit.disabled = true;
      try {
        const answer = await api<{ matches: PersonMatch[] }>(
          `/api/cases/${encodeURIComponent(view.caseId)}/parties/${encodeURIComponent(partyId)}/same-person`,
        );
        const linked = new Set((party.sameAs ?? []).map((entry) => entry.caseId));
        const writable = view.canWrite && view.status !== "closed";
        result.textContent = answer.matches.length === 0 ? msg("msgNone") : fill(msg("msgFound"), { count: answer.matches.length });
        matches.replaceChildren(
          ...answer.matches.map((match) => {
            const item = document.createElement("li");
            item.dataset.match = match.caseNumber;
            const line = document.createElement("p");
            line.append(
              caseLink(
                match.caseId,
                fill(msg("msgMatch"), { number: match.caseNumber, day: dayLabel(vietnamDay(new Date(match.openedAt))), status: statusName(match.status) }),
              ),
            );
            item.append(line);
            if (linked.has(match.caseId)) {
              item.append(` — ${msg("msgAlready")}`);
            } else if (writable) {
              const button = document.createElement("button");
              button.type = "button";
              button.className = "button";
              button.textContent = fill(msg("msgLink"), { number: match.caseNumber });
              button.addEventListener("click", () => void link(match, partyId, button));
              item.append(button);
            }
            return item;
          }),
        );
      } catch (error) {
        if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
          showErrors(form, placeOnForm(form, error.problem.errors));
          return;
        }
        throw error;
      } finally {
        submit.disabled = false;
      }
    })();
  });
}
