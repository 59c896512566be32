/**
 * /can-bo/khen-thuong/: the nominations of a cycle, filtered by status and commune, with "load
 * more" following the API's cursor. Commune roles list their commune(s) (GET
 * /api/commendations/communes/{code}/nominations); province roles every commune (GET
 * /api/commendations/nominations). Admins open cycles; province roles download the dossier.
 */
import { awardFormLabels, type NominationSummary, nomineeKindLabels, statusLabels } from "../../../../shared/commendations.ts";
import { ApiProblem, api } from "./api.ts";
import { type Cycle, dayVi, downloadFile, loadCommunes, loadCycles, option, required } from "./commendations-common.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { fill, may } from "./me.ts";

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-nominations]");
  const msg = (key: string) => root.dataset[key] ?? "";
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const filter = required<HTMLFormElement>("#nomination-filter");
  const cycleSelect = required<HTMLSelectElement>("#filter-cycle");
  const statusSelect = required<HTMLSelectElement>("#filter-status");
  const communeSelect = required<HTMLSelectElement>("#filter-commune");
  const list = required<HTMLUListElement>("[data-list]");
  const status = required<HTMLElement>("[data-list-status]");
  const facts = required<HTMLElement>("[data-cycle-facts]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const loadMore = required<HTMLButtonElement>("[data-load-more]");
  const newLink = document.querySelector<HTMLAnchorElement>("[data-new-link]");
  const province = me.jurisdiction.kind === "province" && !may(me, "nomination:submit");

  let cycles: Cycle[] = [];
  const communeNames = new Map<string, string>(me.communeNames);
  try {
    cycles = await loadCycles();
    if (me.jurisdiction.kind === "province") for (const commune of await loadCommunes()) communeNames.set(commune.code, commune.fullName);
  } catch {
    loadError.hidden = false;
  }
  root.hidden = false;

  function fillCycles(selected?: string): void {
    cycleSelect.replaceChildren(...cycles.map((cycle) => option(cycle.id, cycle.name)));
    if (selected) cycleSelect.value = selected;
  }
  fillCycles(new URLSearchParams(window.location.search).get("dot") ?? undefined);
  if (province) communeSelect.append(option("", msg("allCommunes") || "Tất cả xã, phường"));
  const communes = me.jurisdiction.kind === "province" ? [...communeNames.keys()].sort() : me.jurisdiction.communes;
  for (const code of communes) communeSelect.append(option(code, communeNames.get(code) ?? code));

  let cursor: string | undefined;
  let shown = 0;

  function describeCycle(): void {
    const cycle = cycles.find((candidate) => candidate.id === cycleSelect.value);
    facts.textContent = cycle
      ? `Hạn gửi đề nghị: ${dayVi(cycle.submissionDeadline)}${cycle.reviewDeadline ? ` · Hạn xét của Hội đồng: ${dayVi(cycle.reviewDeadline)}` : ""}`
      : "";
    if (newLink && cycle) newLink.href = `${newLink.pathname}?dot=${encodeURIComponent(cycle.id)}`;
  }

  function render(nomination: NominationSummary): HTMLLIElement {
    const item = document.createElement("li");
    item.className = "nomination-item";
    const link = document.createElement("a");
    link.href = `${msg("detail")}?id=${encodeURIComponent(nomination.id)}`;
    link.textContent = nomination.nominee.name;
    const meta = document.createElement("span");
    meta.className = "hint";
    meta.textContent = ` — ${nomineeKindLabels[nomination.nominee.kind].vi}, ${communeNames.get(nomination.commune) ?? nomination.commune} · ${awardFormLabels[nomination.form].vi} · `;
    const tag = document.createElement("span");
    tag.className = "tag";
    tag.dataset.status = nomination.status;
    tag.textContent = statusLabels[nomination.status].vi;
    item.append(link, meta, tag);
    return item;
  }

  async function load(): Promise<void> {
    const cycle = cycleSelect.value;
    if (!cycle) {
      status.textContent = msg("msgNoCycle");
      return;
    }
    loadMore.disabled = true;
    try {
      const commune = communeSelect.value;
      const query = { cycle, status: statusSelect.value, limit: "20", cursor };
      const page =
        commune === ""
          ? await api<{ items: NominationSummary[]; cursor?: string }>("/api/commendations/nominations", { query })
          : await api<{ items: NominationSummary[]; cursor?: string }>(`/api/commendations/communes/${commune}/nominations`, { query });
      const before = shown;
      for (const nomination of page.items) {
        list.append(render(nomination));
        shown += 1;
      }
      cursor = page.cursor;
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
      loadError.hidden = false;
    } finally {
      loadMore.disabled = false;
    }
  }

  function restart(): void {
    cursor = undefined;
    shown = 0;
    list.replaceChildren();
    describeCycle();
    void load();
  }

  filter.addEventListener("submit", (event) => {
    event.preventDefault();
    restart();
  });
  loadMore.addEventListener("click", () => void load());

  for (const button of document.querySelectorAll<HTMLButtonElement>("[data-dossier]")) {
    button.addEventListener("click", async () => {
      const kind = button.dataset.dossier ?? "dossier";
      const error = required<HTMLElement>("[data-dossier-error]");
      button.disabled = true;
      try {
        const done = cycleSelect.value
          ? await downloadFile(`/api/commendations/cycles/${cycleSelect.value}/${kind}`, kind === "dossier" ? "ho-so.docx" : "danh-sach.xlsx")
          : false;
        error.hidden = done;
      } finally {
        button.disabled = false;
      }
    });
  }

  const cycleForm = required<HTMLFormElement>("#cycle-form");
  required<HTMLInputElement>("#cycle-year", cycleForm).value = String(new Date().getFullYear());
  cycleForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(cycleForm);
    const data = new FormData(cycleForm);
    const read = (name: string) => String(data.get(name) ?? "").trim();
    const body = {
      name: read("name"),
      kind: read("kind") || "year",
      year: Number(read("year")),
      submissionDeadline: read("submissionDeadline"),
      ...(read("reviewDeadline") ? { reviewDeadline: read("reviewDeadline") } : {}),
    };
    const missing = (["name", "submissionDeadline"] as const).filter((name) => body[name] === "");
    if (missing.length > 0) {
      showErrors(
        cycleForm,
        missing.map((field) => ({ field, message: "Hãy điền mục này." })),
      );
      return;
    }
    try {
      const created = await api<Cycle>("/api/commendations/cycles", { method: "POST", body });
      cycles = [created, ...cycles];
      fillCycles(created.id);
      cycleForm.reset();
      required<HTMLElement>("[data-cycle-status]", cycleForm).textContent = fill(msg("msgCreated"), { name: created.name });
      restart();
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.errors) showErrors(cycleForm, placeOnForm(cycleForm, error.problem.errors));
      else loadError.hidden = false;
    }
  });

  restart();
}

void main();
