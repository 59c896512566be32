/**
 * The leader's assignment form on the case page (components/officer/CaseAssignment.astro). The
 * commune's officers are asked for once per page, when the first case view arrives; each later view
 * (a save here or in another section) ticks who is assigned now, unless the leader has started
 * changing the ticks. A 409 keeps the ticks and takes the current version; a 400 shows its errors.
 */
import type { CaseView } from "../../../../shared/cases.ts";
import { api } from "./api.ts";
import { sendCaseChange } from "./case-change.ts";
import { required } from "./dom.ts";
import { session } from "./gate.ts";
import { may } from "./me.ts";

interface Officer {
  officerId: string;
  name: string;
}

const form = document.querySelector<HTMLFormElement>("[data-assignment]");
if (form) {
  const msg = (key: string) => form.dataset[key] ?? "";
  const list = required<HTMLUListElement>("[data-assign-officers]", form);
  const status = required<HTMLElement>("[data-assign-status]", form);
  let view: CaseView | undefined;
  let officers: Promise<Officer[]> | undefined;
  let dirty = false;

  const boxes = () => Array.from(list.querySelectorAll<HTMLInputElement>('input[name="officerIds"]'));

  function renderOfficers(roster: Officer[], current: CaseView): void {
    // Someone assigned but no longer on the roster (disabled, moved) can still be taken off.
    const everyone = [...roster, ...current.assignedOfficers.filter((assigned) => !roster.some((officer) => officer.officerId === assigned.officerId))];
    const ticked = dirty
      ? new Set(
          boxes()
            .filter((box) => box.checked)
            .map((box) => box.value),
        )
      : new Set(current.assignedOfficers.map((a) => a.officerId));
    list.replaceChildren(
      ...everyone.map((officer) => {
        const item = document.createElement("li");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.name = "officerIds";
        box.value = officer.officerId;
        box.id = `assign-officer-${officer.officerId}`;
        box.checked = ticked.has(officer.officerId);
        const label = document.createElement("label");
        label.htmlFor = box.id;
        label.textContent = officer.name;
        item.append(box, label);
        return item;
      }),
    );
    status.textContent = everyone.length === 0 ? msg("msgNone") : "";
    status.hidden = everyone.length > 0;
  }

  async function show(current: CaseView): Promise<void> {
    view = current;
    const { me } = await session;
    const writable = current.canWrite && current.erasedAt === undefined && current.status !== "closed";
    form.hidden = !writable || !may(me, "measure:order");
    if (form.hidden) return;
    officers ??= api<{ officers: Officer[] }>(`/api/communes/${encodeURIComponent(current.commune)}/case-officers`).then((answer) => answer.officers);
    try {
      renderOfficers(await officers, current);
    } catch {
      officers = undefined;
      status.textContent = msg("msgLoadError");
      status.hidden = false;
    }
  }

  document.addEventListener("pcblgd:case-view", (event) => void show((event as CustomEvent<CaseView>).detail));
  list.addEventListener("change", () => {
    dirty = true;
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const current = view;
    if (!current) return;
    const officerIds = boxes()
      .filter((box) => box.checked)
      .map((box) => box.value);
    void sendCaseChange({
      form,
      button: required<HTMLButtonElement>("[data-submit]", form),
      send: () =>
        api<CaseView>(`/api/cases/${encodeURIComponent(current.caseId)}/assignees`, { method: "PUT", body: { expectedVersion: current.version, officerIds } }),
      words: { saved: msg("msgSaved"), conflict: msg("msgConflict") },
      // The ticks stay; sending again applies them on the current version.
      onConflict: (version) => {
        if (view && version !== undefined) view = { ...view, version };
      },
      aliases: { assignedOfficers: "officerIds" },
    }).then((done) => {
      if (done) dirty = false;
    });
  });
}
