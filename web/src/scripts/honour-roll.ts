/**
 * The honour roll's one script: reads the year and commune from the form (or the address:
 * ?nam=&xa=), asks the public API and lists the published awards. Same origin only (the site's
 * CSP); names appear only where the API gives them (consent).
 */
import { fill, need } from "./page-helpers.ts";

interface Entry {
  id: string;
  commune: string;
  communeName: string;
  kind: string;
  name?: string;
  form: string;
  level: string;
  decisionNumber: string;
  decisionDate: string;
}

function dateOf(day: string, locale: string): string {
  const [year, month, date] = day.split("-");
  return locale === "vi" ? `${date}/${month}/${year}` : `${date}/${month}/${year}`;
}

async function main(): Promise<void> {
  const status = need<HTMLElement>("[data-honour-status]");
  const list = need<HTMLUListElement>("[data-honour-list]");
  const empty = need<HTMLElement>("[data-honour-empty]");
  const form = need<HTMLFormElement>("#honour-filter");
  const year = need<HTMLSelectElement>("#honour-year");
  const commune = need<HTMLSelectElement>("#honour-commune");
  const data = status.dataset;
  const locale = data.locale ?? "vi";
  const kinds = JSON.parse(data.kinds ?? "{}") as Record<string, string>;
  const forms = JSON.parse(data.forms ?? "{}") as Record<string, string>;
  const levels = JSON.parse(data.levels ?? "{}") as Record<string, string>;

  const params = new URLSearchParams(window.location.search);
  if (params.get("nam") && [...year.options].some((option) => option.value === params.get("nam"))) year.value = params.get("nam") ?? "";
  if (params.get("xa") && [...commune.options].some((option) => option.value === params.get("xa"))) commune.value = params.get("xa") ?? "";

  function render(entry: Entry): HTMLLIElement {
    const item = document.createElement("li");
    item.className = "honour-item";
    const name = document.createElement("strong");
    name.textContent = entry.name ?? (entry.kind === "household" ? (data.msgHousehold ?? "") : (data.msgIndividual ?? ""));
    const what = document.createElement("span");
    what.textContent = ` (${kinds[entry.kind] ?? entry.kind}, ${entry.communeName}) — ${forms[entry.form] ?? entry.form}, ${levels[entry.level] ?? entry.level}. `;
    const decision = document.createElement("span");
    decision.className = "hint";
    decision.textContent = fill(data.msgDecision ?? "", { number: entry.decisionNumber, date: dateOf(entry.decisionDate, locale) });
    item.append(name, what, decision);
    return item;
  }

  async function load(): Promise<void> {
    status.textContent = data.msgLoading ?? "";
    empty.hidden = true;
    list.replaceChildren();
    const query = new URLSearchParams({ year: year.value });
    if (commune.value) query.set("commune", commune.value);
    try {
      const response = await fetch(`/api/honour-roll?${query.toString()}`, { credentials: "omit", cache: "no-store" });
      if (!response.ok) throw new Error(String(response.status));
      const body = (await response.json()) as { items: Entry[] };
      list.replaceChildren(...body.items.map(render));
      empty.hidden = body.items.length > 0;
      const count = body.items.length === 1 ? data.msgCountOne : data.msgCount;
      status.textContent = body.items.length > 0 ? fill(count ?? "", { n: body.items.length }) : "";
    } catch {
      status.textContent = data.msgError ?? "";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const address = new URL(window.location.href);
    address.searchParams.set("nam", year.value);
    if (commune.value) address.searchParams.set("xa", commune.value);
    else address.searchParams.delete("xa");
    window.history.replaceState(null, "", address);
    void load();
  });
  await load();
}

void main();
