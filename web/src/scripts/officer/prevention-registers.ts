/**
 * The prevention work page (can-bo/phong-ngua): record an activity or a mediation for the chosen
 * commune, and list both newest first ("Tải thêm" along the API's cursor). Field errors from the
 * API are shown next to their fields with a summary.
 */
import { vietnamDay } from "../../../../shared/vietnam-time.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { fill, keepOwnCommunes, may } from "./me.ts";
import { confirmInline, wireExports } from "./prevention-register.ts";

type Register = "activities" | "mediations";
interface RecordView {
  id: string;
  day: string;
  createdBy: string;
  fields: Record<string, unknown>;
  personal?: { parties?: { name: string }[] };
  reportId?: string;
}

const root = required<HTMLElement>("[data-registers-page]");
const msg = (key: string) => root.dataset[key] ?? "";
const communeSelect = required<HTMLSelectElement>("[data-commune-select]");
const kindLabels = JSON.parse(msg("kindLabels") || "{}") as Record<string, string>;
const outcomeLabels = JSON.parse(msg("outcomeLabels") || "{}") as Record<string, string>;
const cursors: Record<Register, string | undefined> = { activities: undefined, mediations: undefined };

const number = (form: HTMLFormElement, name: string) => {
  const raw = (form.elements.namedItem(name) as HTMLInputElement).value.trim();
  return raw === "" ? 0 : Number(raw);
};
const textOf = (form: HTMLFormElement, name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement).value.trim();
const optional = (name: string, value: string) => (value === "" ? {} : { [name]: value });

function describe(register: Register, record: RecordView): string {
  const f = record.fields;
  if (register === "activities") {
    const people = f.participants as { total: number; men: number; women: number };
    return `${record.day} · ${kindLabels[String(f.kind)] ?? ""} · ${String(f.topicText ?? "")} · ${fill(msg("msgParticipants"), people)}`;
  }
  const parties = record.personal?.parties?.map((party) => party.name).join(", ");
  return [record.day, outcomeLabels[String(f.outcome)] ?? "", parties].filter(Boolean).join(" · ");
}

async function load(register: Register, more = false): Promise<void> {
  const list = required<HTMLUListElement>(`[data-list="${register}"]`);
  const button = required<HTMLButtonElement>(`[data-more="${register}"]`);
  if (!more) cursors[register] = undefined;
  const page = await api<{ items: RecordView[]; cursor?: string }>(`/api/communes/${communeSelect.value}/prevention/${register}`, {
    query: { limit: "20", cursor: cursors[register] },
  });
  const rows = page.items.map((record) => {
    const item = document.createElement("li");
    item.className = "report-item";
    item.textContent = describe(register, record);
    if (register === "mediations") item.append(mediationLink(record));
    return item;
  });
  if (more) list.append(...rows);
  else list.replaceChildren(...rows);
  cursors[register] = page.cursor;
  button.hidden = page.cursor === undefined;
  required<HTMLElement>(`[data-list-status="${register}"]`).textContent = list.children.length === 0 ? msg("msgEmpty") : "";
}

/**
 * A mediation and its report lead to each other: a referred one links to its report (for those
 * who read reports); otherwise whoever may see its parties may turn it into a report, after a
 * confirmation (violence appeared).
 */
function mediationLink(record: RecordView): HTMLElement {
  const line = document.createElement("p");
  if (record.reportId !== undefined) {
    const link = document.createElement("a");
    link.href = `${root.dataset.reportHref ?? ""}?id=${encodeURIComponent(record.reportId)}`;
    link.textContent = msg("msgReferred");
    line.append(link);
    return line;
  }
  if (record.personal === undefined) return line;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = msg("msgRefer");
  button.addEventListener("click", async () => {
    if (!(await confirmInline(required('[data-confirm="refer"]'), msg("msgConfirmRefer"), button))) return;
    const referred = await api<RecordView>(`/api/prevention/mediations/${record.id}/report`, { method: "POST" });
    line.replaceWith(mediationLink(referred));
  });
  line.append(button);
  return line;
}

function activityBody(form: HTMLFormElement): Record<string, unknown> {
  return {
    date: textOf(form, "date"),
    ...optional("village", textOf(form, "village")),
    kind: textOf(form, "kind"),
    ...optional("topic", textOf(form, "topic")),
    ...optional("topicText", textOf(form, "topicText")),
    targetGroups: Array.from(form.querySelectorAll<HTMLInputElement>('input[name="targetGroups"]:checked'), (box) => box.value),
    participants: { total: number(form, "total"), men: number(form, "men"), women: number(form, "women") },
    households: number(form, "households"),
    ...optional("materials", textOf(form, "materials")),
    ...optional("notes", textOf(form, "notes")),
  };
}

function mediationBody(form: HTMLFormElement): Record<string, unknown> {
  return {
    date: textOf(form, "date"),
    ...optional("village", textOf(form, "village")),
    mediators: textOf(form, "mediators"),
    parties: textOf(form, "parties")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((name) => ({ name })),
    conflict: textOf(form, "conflict"),
    outcome: textOf(form, "outcome"),
    ...optional("followUpOn", textOf(form, "followUpOn")),
  };
}

function wire(register: Register, formId: string, bodyOf: (form: HTMLFormElement) => Record<string, unknown>, savedKey: string): void {
  const form = required<HTMLFormElement>(`#${formId}`);
  const saved = required<HTMLElement>(`[data-saved="${savedKey}"]`);
  (form.elements.namedItem("date") as HTMLInputElement).value = vietnamDay();
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    saved.hidden = true;
    clearErrors(form);
    try {
      await api(`/api/communes/${communeSelect.value}/prevention/${register}`, { method: "POST", body: bodyOf(form) });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      // Nested fields (participants.total, parties.0.name) land on their group (fieldFor).
      showErrors(form, placeOnForm(form, error.problem.errors ?? []));
      return;
    }
    form.reset();
    (form.elements.namedItem("date") as HTMLInputElement).value = vietnamDay();
    saved.hidden = false;
    focusOn(saved);
    await load(register);
  });
  required<HTMLButtonElement>(`[data-more="${register}"]`).addEventListener("click", () => {
    load(register, true).catch(() => {
      required<HTMLElement>("[data-load-error]").hidden = false;
    });
  });
}

async function start(): Promise<void> {
  const { me } = await session;
  if (!may(me, "prevention:record")) {
    required<HTMLElement>("[data-not-allowed]").hidden = false;
    return;
  }
  keepOwnCommunes(communeSelect, me);
  root.hidden = false;
  for (const register of ["activities", "mediations"] as const) {
    if (!may(me, "prevention:export")) {
      required<HTMLElement>(`[data-exports="${register}"]`).hidden = true;
      continue;
    }
    const path = () => `/api/communes/${communeSelect.value}/prevention/${register}`;
    wireExports(
      required(`[data-exports="${register}"]`),
      path,
      () => ({}),
      () => `${register}-${communeSelect.value}`,
    );
  }
  wire("activities", "activity-form", activityBody, "activity");
  wire("mediations", "mediation-form", mediationBody, "mediation");
  communeSelect.addEventListener("change", () => {
    Promise.all([load("activities"), load("mediations")]).catch(() => {
      required<HTMLElement>("[data-load-error]").hidden = false;
    });
  });
  await Promise.all([load("activities"), load("mediations")]);
}

start().catch(() => {
  required<HTMLElement>("[data-load-error]").hidden = false;
});
