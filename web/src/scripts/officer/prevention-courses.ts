/**
 * The courses page (can-bo/phong-ngua/tap-huan): a commune's (or the province's) training
 * courses — list with a date range, "Tải thêm", exports; add and edit with participants as rows
 * (409: the current course is loaded); the commune's staff count and its trained share; the
 * province's yearly summary workbook for province-wide exporters.
 */
import { vietnamYear } from "../../../../shared/vietnam-time.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { download } from "./download.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn } from "./gate.ts";
import { fill, keepOwnCommunes, may } from "./me.ts";
import {
  editButton,
  filtersOf,
  peopleRows,
  type RegisterView,
  registerEditor,
  registerList,
  registerReader,
  showLoadError,
  wireExports,
} from "./prevention-register.ts";

const root = required<HTMLElement>("[data-courses-page]");
const msg = (key: string) => root.dataset[key] ?? "";
const ownerSelect = required<HTMLSelectElement>("[data-commune-select]");
const filters = required<HTMLFormElement>("#course-filters");
const editorBox = required<HTMLElement>("[data-course-editor]");
const form = required<HTMLFormElement>("#course-form");
const participants = peopleRows(
  required<HTMLElement>("[data-people]", form),
  required<HTMLElement>('[data-confirm="participant-remove"]'),
  msg("msgConfirmRemoveRow"),
);
const listPath = () => `/api/communes/${ownerSelect.value}/prevention/courses`;
const textFields = ["title", "organiser", "startsOn", "endsOn", "topic", "targetGroup", "legalBasis"] as const;
const input = (name: string) => required<HTMLInputElement>(`#course-${name}`, form);
let canManage = false;

function row(view: RegisterView): HTMLElement {
  const f = view.fields;
  const item = document.createElement("li");
  item.className = "report-item";
  const title = document.createElement("strong");
  title.textContent = String(f.title ?? "");
  const line = document.createElement("p");
  line.textContent = fill(msg("msgLine"), {
    startsOn: String(f.startsOn ?? ""),
    endsOn: String(f.endsOn ?? ""),
    organiser: String(f.organiser ?? ""),
    participants: Number(f.participantCount ?? 0),
    completed: Number(f.completedCount ?? 0),
  });
  item.append(title, line);
  if (canManage) item.append(editButton(msg("msgEdit"), String(f.title ?? ""), () => edit(view)));
  return item;
}

const listBox = required<HTMLElement>("[data-register-list]");
const list = registerList({ root: listBox, path: listPath, query: () => filtersOf(filters), row, empty: msg("msgEmpty") });
wireExports(
  listBox,
  listPath,
  () => filtersOf(filters),
  () => `tap-huan-${ownerSelect.value}`,
);

const editor = registerEditor({
  editor: editorBox,
  form,
  register: "courses",
  listPath,
  fillFields: (view) => {
    for (const name of textFields) input(name).value = String(view?.fields[name] ?? "");
    participants.fill((view?.personal?.participants as Record<string, unknown>[] | undefined) ?? []);
  },
  body: () => {
    const body: Record<string, unknown> = { participants: participants.read() };
    for (const name of textFields) if (input(name).value.trim() !== "") body[name] = input(name).value.trim();
    return body;
  },
  saved: async () => {
    await Promise.all([list.load(), loadStaff()]);
  },
});

function edit(view: RegisterView): void {
  editor.edit(view);
  focusOn(required("[data-form-heading]", editorBox));
}

// The commune's staff count (the trained share's denominator): read with the share, written with its version.
const staffBox = required<HTMLElement>("[data-staff]");
const staffForm = required<HTMLFormElement>("#staff-form");
const staffYear = required<HTMLInputElement>("#staff-year");
const staffCount = required<HTMLInputElement>("#staff-count");
let staffVersion = 0;
interface Staff {
  year: number;
  count?: number;
  version: number;
  staffTrained: number;
  staffTrainedShare?: number;
}

async function loadStaff(): Promise<void> {
  staffBox.hidden = ownerSelect.value === "province";
  if (staffBox.hidden) return;
  const staff = await api<Staff>(`/api/communes/${ownerSelect.value}/prevention/staff`, { query: { year: staffYear.value } });
  staffVersion = staff.version;
  staffCount.value = staff.count === undefined ? "" : String(staff.count);
  const share =
    staff.staffTrainedShare === undefined ? msg("msgStaffNoCount") : fill(msg("msgStaffShare"), { share: Math.round(staff.staffTrainedShare * 100) });
  required<HTMLElement>("[data-staff-status]").textContent = `${fill(msg("msgStaffLine"), { year: staff.year, trained: staff.staffTrained })}. ${share}`;
}

staffForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(staffForm);
  const stale = required<HTMLElement>("[data-staff-stale]");
  stale.hidden = true;
  try {
    await api(`/api/communes/${ownerSelect.value}/prevention/staff`, {
      method: "PUT",
      body: { year: Number(staffYear.value), count: staffCount.value === "" ? -1 : Number(staffCount.value), expectedVersion: staffVersion },
    });
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.status === 409) stale.hidden = false;
    else showErrors(staffForm, placeOnForm(staffForm, error.problem.errors ?? []));
  }
  await loadStaff();
});
staffYear.addEventListener("change", () => {
  loadStaff().catch(showLoadError);
});

// The province's yearly summary: models, activities and training of every commune, one workbook.
const summaryForm = required<HTMLFormElement>("#summary-form");
const summaryYear = required<HTMLInputElement>("#summary-year");
summaryForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const year = summaryYear.value;
  const ok = await download(`/api/prevention/summary?year=${encodeURIComponent(year)}`, `tong-hop-phong-ngua-${year}.xlsx`);
  required<HTMLElement>("[data-summary-error]").hidden = ok;
});

function reload(): void {
  Promise.all([list.load(), loadStaff()]).catch(showLoadError);
}

async function start(): Promise<void> {
  const me = await registerReader(root);
  if (me === undefined) return;
  canManage = may(me, "prevention:manage");
  // The province's own courses are reached by province-wide officers only.
  if (me.jurisdiction.kind === "communes") required<HTMLOptionElement>("[data-province-only]").remove();
  keepOwnCommunes(ownerSelect, me);
  if (me.jurisdiction.kind === "communes") ownerSelect.value = ownerSelect.options[0]?.value ?? "";
  staffYear.value = String(vietnamYear());
  summaryYear.value = String(vietnamYear());
  editorBox.hidden = !canManage;
  for (const button of staffForm.querySelectorAll<HTMLElement>("[data-staff-save]")) button.hidden = !canManage;
  staffCount.readOnly = !canManage;
  required<HTMLElement>("[data-summary]").hidden = !(may(me, "prevention:export") && me.jurisdiction.kind !== "communes");
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    reload();
  });
  ownerSelect.addEventListener("change", reload);
  await Promise.all([list.load(), loadStaff()]);
}

start().catch(showLoadError);
