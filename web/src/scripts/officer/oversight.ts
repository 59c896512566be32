/**
 * The oversight pages (issue 13): the hub (/can-bo/giam-sat/), one record (/can-bo/giam-sat/chi-tiet/
 * ?ke-hoach= | ?nhiem-vu= | ?kiem-tra= | ?kien-nghi=) and the yearly report (/can-bo/giam-sat/
 * bao-cao-nam/). Every text from the API is put in with textContent; forms show problem+json
 * errors next to their fields; a 409 reloads the record and says so.
 */
import {
  checklistAnswerLabels,
  checklistAnswers,
  dutyLabels,
  recommendationStatusLabels,
  taskStatusLabels,
  type YearFigure,
  yearFigureText,
} from "../../../../shared/oversight.ts";
import { ApiProblem, api } from "./api.ts";
import { type Commune, dayVi, downloadFile, loadCommunes, option, timeVi, todayVi } from "./commendations-common.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { session } from "./gate.ts";
import { fill, may } from "./me.ts";
import { UploadNotTaken, type UploadRefusal, uploadFieldAliases, uploadFile, uploadTypeOf } from "./upload.ts";

type Json = Record<string, unknown>;
interface Unit {
  kind: "commune" | "department";
  commune?: string;
  name?: string;
}
interface Task {
  id: string;
  planId: string;
  duty: keyof typeof dutyLabels;
  title: string;
  description?: string;
  unit: Unit;
  dueDate: string;
  status: keyof typeof taskStatusLabels;
  overdue: boolean;
  version: number;
}
interface Recommendation {
  id: string;
  inspectionId: string;
  text: string;
  commune: string;
  dueDate: string;
  status: keyof typeof recommendationStatusLabels;
  overdue: boolean;
  version: number;
}

const element = <T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T | null => root.querySelector<T>(selector);
const all = <T extends HTMLElement = HTMLElement>(selector: string, root: ParentNode = document): T[] => Array.from(root.querySelectorAll<T>(selector));

let names = new Map<string, string>();
const communeName = (code: string | undefined) => (code ? (names.get(code) ?? code) : "");
const unitName = (unit: Unit) => (unit.kind === "commune" ? communeName(unit.commune) : (unit.name ?? ""));

function tag(text: string, kind: "overdue" | "plain" = "plain"): HTMLElement {
  const span = document.createElement("span");
  span.className = kind === "overdue" ? "tag tag-overdue" : "tag";
  span.textContent = text;
  return span;
}

/** A list of links, or its empty state (`data-empty`). */
function fillList(list: HTMLElement | null, items: { href: string; text: string; tags: HTMLElement[] }[]): void {
  if (!list) return;
  if (items.length === 0) {
    const empty = document.createElement("li");
    empty.textContent = list.dataset.empty ?? "";
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(
    ...items.map((item) => {
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = item.href;
      link.textContent = item.text;
      li.append(link, " ", ...item.tags);
      return li;
    }),
  );
}

const detailBase = () => document.querySelector<HTMLElement>("[data-detail]")?.dataset.detail ?? "/can-bo/giam-sat/chi-tiet/";
const link = (kind: "ke-hoach" | "nhiem-vu" | "kiem-tra" | "kien-nghi", id: string) => `${detailBase()}?${kind}=${encodeURIComponent(id)}`;

function taskItem(task: Task) {
  const status = task.overdue ? tag(taskStatusLabels.overdue.vi, "overdue") : tag(taskStatusLabels[task.status].vi);
  return { href: link("nhiem-vu", task.id), text: `${task.title} — ${unitName(task.unit)} — hạn ${dayVi(task.dueDate)}`, tags: [status] };
}

function recommendationItem(recommendation: Recommendation) {
  const status = recommendation.overdue ? tag(recommendationStatusLabels.overdue.vi, "overdue") : tag(recommendationStatusLabels[recommendation.status].vi);
  return {
    href: link("kien-nghi", recommendation.id),
    text: `${recommendation.text} — ${communeName(recommendation.commune)} — hạn ${dayVi(recommendation.dueDate)}`,
    tags: [status],
  };
}

function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string" && !(name in values)) values[name] = value.trim();
  return values;
}

const selected = (select: HTMLSelectElement | null) => Array.from(select?.selectedOptions ?? [], (item) => item.value);
const lines = (text: string | undefined) =>
  (text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);

/** Sends a form's body; field errors go next to their fields, a 409 reloads. True when saved. */
async function submit(form: HTMLFormElement, request: () => Promise<unknown>, onStale?: () => Promise<void>): Promise<boolean> {
  clearErrors(form);
  const button = form.querySelector<HTMLButtonElement>("button[type=submit]");
  if (button) button.disabled = true;
  try {
    await request();
    return true;
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.status === 409 && onStale) {
      await onStale();
      showErrors(form, [{ field: undefined, message: document.querySelector<HTMLElement>("[data-msg-stale]")?.dataset.msgStale ?? error.problem.title }]);
      return false;
    }
    const errors = error.problem.errors?.length
      ? placeOnForm(form, error.problem.errors)
      : [{ field: undefined, message: error.problem.detail ?? error.problem.title }];
    showErrors(form, errors);
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

function saved(): void {
  const notice = element("[data-saved]");
  const container = element("[data-msg-saved]");
  if (notice && container) {
    notice.textContent = container.dataset.msgSaved ?? "";
    notice.hidden = false;
  }
}

function notAllowed(): void {
  const notice = element("[data-not-allowed]");
  if (notice) notice.hidden = false;
}

function fillCommuneOptions(communes: Commune[]): void {
  for (const select of all<HTMLSelectElement>("[data-commune-options]"))
    select.replaceChildren(...communes.map((commune) => option(commune.code, commune.fullName)));
}

// ——— The hub ———

/** The hub's forms, bound before anything loads: a click never meets a form without its script. */
function bindHubForms(): void {
  const planForm = element<HTMLFormElement>("#plan-form");
  planForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(planForm);
    let created: Json | undefined;
    const ok = await submit(planForm, async () => {
      created = await api<Json>("/api/oversight/plans", {
        method: "POST",
        body: { title: values.title, legalBasis: values.legalBasis, periodFrom: values.periodFrom, periodTo: values.periodTo },
      });
    });
    if (ok && created) window.location.assign(link("ke-hoach", String(created.id)));
  });
  const inspectionForm = element<HTMLFormElement>("#inspection-form");
  inspectionForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(inspectionForm);
    const team = lines(values.team).map((line) => {
      const [name, role] = line.split(/\s[–-]\s/);
      return { name: (name ?? "").trim(), role: (role ?? "Thành viên").trim() };
    });
    let created: Json | undefined;
    const ok = await submit(inspectionForm, async () => {
      created = await api<Json>("/api/oversight/inspections", {
        method: "POST",
        body: {
          title: values.title,
          decision: { number: values.decisionNumber, date: values.decisionDate, issuer: values.decisionIssuer },
          team,
          communes: selected(element<HTMLSelectElement>("#inspection-communes")),
          periodFrom: values.periodFrom,
          periodTo: values.periodTo,
          startDate: values.startDate,
          endDate: values.endDate,
        },
      });
    });
    if (ok && created) window.location.assign(link("kiem-tra", String(created.id)));
  });
}

async function hub(root: HTMLElement): Promise<void> {
  const { me } = await session;
  if (!may(me, "oversight:read")) return notAllowed();
  bindHubForms();
  const communes = await loadCommunes();
  names = new Map(communes.map((commune) => [commune.code, commune.fullName]));
  fillCommuneOptions(communes);

  const mine = me.jurisdiction.kind === "communes" ? me.jurisdiction.communes : [];
  if (mine.length > 0) {
    const box = element("[data-commune-work]");
    const select = element<HTMLSelectElement>("[data-work-commune]");
    if (box && select) {
      box.hidden = false;
      select.replaceChildren(...mine.map((code) => option(code, communeName(code))));
      const show = async () => {
        const work = await api<{ tasks: Task[]; recommendations: Recommendation[] }>(`/api/communes/${select.value}/oversight`);
        fillList(element("[data-work-tasks]"), work.tasks.map(taskItem));
        fillList(element("[data-work-recommendations]"), work.recommendations.map(recommendationItem));
      };
      select.addEventListener("change", () => void show());
      await show();
    }
  }
  if (!may(me, "oversight:manage") || me.jurisdiction.kind !== "province") {
    root.hidden = false;
    return;
  }

  const overdue = await api<{ tasks: Task[]; recommendations: Recommendation[] }>("/api/oversight/overdue");
  fillList(element("[data-overdue]"), [...overdue.tasks.map(taskItem), ...overdue.recommendations.map(recommendationItem)]);
  await pagedList("plans", "/api/oversight/plans", (plan: Json) => ({
    href: link("ke-hoach", String(plan.id)),
    text: `${String(plan.title)} (${dayVi(String(plan.periodFrom))} – ${dayVi(String(plan.periodTo))})`,
    tags: [],
  }));
  await pagedList("inspections", "/api/oversight/inspections", (inspection: Json) => ({
    href: link("kiem-tra", String(inspection.id)),
    text: `${String(inspection.title)} — QĐ ${String((inspection.decision as Json).number)} — ${dayVi(String(inspection.startDate))}`,
    tags: [],
  }));
  root.hidden = false;
}

async function pagedList(name: string, path: string, toItem: (item: Json) => { href: string; text: string; tags: HTMLElement[] }): Promise<void> {
  const list = element(`[data-${name}]`);
  const more = element<HTMLButtonElement>(`[data-more="${name}"]`);
  const shown: { href: string; text: string; tags: HTMLElement[] }[] = [];
  let cursor: string | undefined;
  const load = async () => {
    const page = await api<{ items: Json[]; cursor?: string }>(path, { query: { limit: "20", cursor } });
    shown.push(...page.items.map(toItem));
    fillList(list, shown);
    cursor = page.cursor;
    if (more) more.hidden = cursor === undefined;
  };
  more?.addEventListener("click", () => void load());
  await load();
}

// ——— One record ———

function facts(entries: [string, string | Node][]): void {
  const list = element("[data-record-facts]");
  list?.replaceChildren(
    ...entries.map(([label, value]) => {
      const row = document.createElement("div");
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.append(value);
      row.append(dt, dd);
      return row;
    }),
  );
}

/** The page's own title, read once: a record shown again (after a save) does not repeat its name. */
const pageTitle = document.title;

function title(text: string): void {
  const heading = element("[data-record-title]");
  if (heading) heading.textContent = text;
  document.title = `${text} · ${pageTitle}`;
}

function timeline(list: HTMLElement | null, entries: { at: string; by: { name: string }; status: string; text: string }[]): void {
  if (!list) return;
  if (entries.length === 0) {
    const empty = document.createElement("li");
    empty.textContent = list.dataset.empty ?? "";
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(
    ...entries.map((entry) => {
      const li = document.createElement("li");
      const head = document.createElement("p");
      head.textContent = `${timeVi(entry.at)} — ${entry.by.name} — ${entry.status}`;
      const body = document.createElement("p");
      body.textContent = entry.text;
      li.append(head, body);
      return li;
    }),
  );
}

// ——— Files of a record (plan, task, recommendation): listed with downloads, uploaded from forms ———

interface RecordFile {
  id: string;
  fileName: string;
  size: number;
}

const detailText = (key: string) => element("[data-oversight-detail]")?.dataset[key] ?? "";

/** The record's files, each downloaded through the API with the officer's token (the GET is audited). */
function showFiles(base: string, files: RecordFile[]): Map<string, string> {
  const section = element("[data-files-section]");
  const list = element("[data-files]");
  if (section) section.hidden = false;
  if (list && files.length === 0) fillList(list, []);
  else
    list?.replaceChildren(
      ...files.map((file) => {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.className = "link-button";
        button.dataset.file = file.id;
        button.textContent = `${detailText("msgDownload")}: ${file.fileName}`;
        button.addEventListener("click", () => void downloadFile(`${base}/files/${encodeURIComponent(file.id)}`, file.fileName));
        li.append(button, ` (${String(Math.ceil(file.size / 1024))} KB)`);
        return li;
      }),
    );
  return new Map(files.map((file) => [file.id, file.fileName]));
}

/** A timeline entry's text with the names of the files it cites. */
const citing = (text: string, ids: readonly string[] | undefined, names: Map<string, string>) =>
  ids?.length ? `${text} — ${ids.map((id) => names.get(id) ?? id).join(", ")}` : text;

const refusalMessages: Record<UploadRefusal, string> = { missing: "msgFileMissing", type: "msgFileType", tooBig: "msgFileTooBig" };
/** Files already uploaded from this page: a save retried after a refusal does not upload them again. */
const uploadedFiles = new WeakMap<File, string>();

/**
 * Uploads the file chosen in the form's file field to the record (`collection` is its `…/files`).
 * The ids to cite ([] when none was chosen and none is required), or undefined when refused (the
 * error is shown next to the field).
 */
async function uploadChosen(form: HTMLFormElement, collection: string, needed: boolean): Promise<string[] | undefined> {
  const input = form.querySelector<HTMLInputElement>('input[type="file"]');
  const state = form.querySelector<HTMLElement>("[data-upload-state]");
  const chosen = input?.files?.[0];
  if (!chosen && !needed) {
    if (state) state.textContent = "";
    return [];
  }
  const refuse = (message: string) => {
    if (state) state.textContent = "";
    showErrors(form, [{ field: "file", message }]);
    return undefined;
  };
  const checked = uploadTypeOf(chosen);
  if ("refusal" in checked) return refuse(detailText(refusalMessages[checked.refusal]));
  const done = uploadedFiles.get(checked.file);
  if (done) return [done];
  if (state) state.textContent = detailText("msgFileUploading");
  try {
    const uploaded = await uploadFile(collection, "file", checked);
    uploadedFiles.set(checked.file, uploaded.id);
    if (state) state.textContent = fill(detailText("msgFileUploaded"), { name: uploaded.fileName });
    return [uploaded.id];
  } catch (error) {
    if (error instanceof UploadNotTaken) return refuse(detailText("msgFileType"));
    if (!(error instanceof ApiProblem)) throw error;
    if (state) state.textContent = "";
    const errors = error.problem.errors?.length
      ? placeOnForm(form, error.problem.errors, uploadFieldAliases("file"))
      : [{ field: "file", message: error.problem.detail ?? error.problem.title }];
    showErrors(form, errors);
    return undefined;
  }
}

async function showPlan(id: string): Promise<void> {
  const base = `/api/oversight/plans/${id}`;
  const { plan, tasks, files } = await api<{ plan: Json; tasks: Task[]; files: RecordFile[] }>(base);
  showFiles(base, files);
  title(String(plan.title));
  facts([
    ["Căn cứ", String(plan.legalBasis)],
    ["Thời gian", `${dayVi(String(plan.periodFrom))} – ${dayVi(String(plan.periodTo))}`],
  ]);
  fillList(element("[data-plan-tasks]"), tasks.map(taskItem));
}

async function showTask(id: string): Promise<Task> {
  const base = `/api/oversight/tasks/${id}`;
  const { task, progress, files } = await api<{
    task: Task;
    progress: { at: string; by: { name: string }; status: Task["status"]; text: string; documentRef?: string; files?: string[] }[];
    files: RecordFile[];
  }>(base);
  const fileNames = showFiles(base, files);
  title(task.title);
  facts([
    ["Nhóm nhiệm vụ", dutyLabels[task.duty].vi],
    ["Đơn vị chủ trì", unitName(task.unit)],
    ["Thời hạn", dayVi(task.dueDate)],
    ["Tình trạng", task.overdue ? tag(taskStatusLabels.overdue.vi, "overdue") : taskStatusLabels[task.status].vi],
  ]);
  timeline(
    element("[data-progress]"),
    progress.map((entry) => ({
      ...entry,
      status: taskStatusLabels[entry.status].vi,
      text: citing(entry.documentRef ? `${entry.text} (${entry.documentRef})` : entry.text, entry.files, fileNames),
    })),
  );
  return task;
}

async function showInspection(id: string) {
  const found = await api<{
    inspection: {
      id: string;
      title: string;
      decision: Json;
      team: { name: string; role: string }[];
      communes: string[];
      checklist: { id: string; text: string }[];
      startDate: string;
      endDate: string;
    };
    units: { commune: string; answers: { questionId: string; answer: string; note?: string }[]; strengths: string; shortcomings: string; version: number }[];
    recommendations: Recommendation[];
  }>(`/api/oversight/inspections/${id}`);
  const { inspection } = found;
  title(inspection.title);
  facts([
    ["Quyết định", `${String(inspection.decision.number)} ngày ${dayVi(String(inspection.decision.date))} — ${String(inspection.decision.issuer)}`],
    ["Đoàn kiểm tra", inspection.team.map((member) => `${member.name} (${member.role})`).join("; ")],
    ["Thời gian kiểm tra", `${dayVi(inspection.startDate)} – ${dayVi(inspection.endDate)}`],
  ]);
  fillList(element("[data-recommendations]"), found.recommendations.map(recommendationItem));
  for (const select of all<HTMLSelectElement>("[data-inspected-options]"))
    select.replaceChildren(...inspection.communes.map((code) => option(code, communeName(code))));
  const box = element("[data-units]");
  box?.replaceChildren(
    ...inspection.communes.map((code) => {
      const unit = found.units.find((entry) => entry.commune === code);
      return unitForm(inspection.id, code, inspection.checklist, unit);
    }),
  );
  return found;
}

/** One inspected unit's checklist and findings, as a form of its own (version 0 until first saved). */
function unitForm(
  inspectionId: string,
  commune: string,
  checklist: { id: string; text: string }[],
  unit: { answers: { questionId: string; answer: string; note?: string }[]; strengths: string; shortcomings: string; version: number } | undefined,
): HTMLFormElement {
  const form = document.createElement("form");
  form.className = "form panel";
  form.noValidate = true;
  form.id = `unit-${commune}`;
  form.dataset.unit = commune;
  const heading = document.createElement("h3");
  heading.textContent = communeName(commune);
  const summary = document.createElement("div");
  summary.className = "error-summary";
  summary.tabIndex = -1;
  summary.dataset.errorSummary = "";
  summary.hidden = true;
  summary.append(document.createElement("ul"));
  form.append(heading, summary);
  checklist.forEach((question, index) => {
    const answer = unit?.answers.find((entry) => entry.questionId === question.id);
    const fieldset = document.createElement("fieldset");
    fieldset.className = "field";
    fieldset.dataset.field = `answers.${String(index)}`;
    const legend = document.createElement("legend");
    legend.textContent = question.text;
    fieldset.append(legend);
    for (const value of checklistAnswers) {
      const id = `${form.id}-${question.id}-${value}`;
      const input = document.createElement("input");
      input.type = "radio";
      input.name = `answer-${question.id}`;
      input.value = value;
      input.id = id;
      input.checked = answer?.answer === value;
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = checklistAnswerLabels[value].vi;
      fieldset.append(input, label, " ");
    }
    const noteId = `${form.id}-${question.id}-note`;
    const noteLabel = document.createElement("label");
    noteLabel.htmlFor = noteId;
    noteLabel.textContent = "Ghi chú";
    const note = document.createElement("input");
    note.id = noteId;
    note.name = `note-${question.id}`;
    note.value = answer?.note ?? "";
    fieldset.append(noteLabel, note);
    form.append(fieldset);
  });
  for (const [name, label] of [
    ["strengths", "Ưu điểm"],
    ["shortcomings", "Hạn chế"],
  ] as const) {
    const field = document.createElement("div");
    field.className = "field";
    field.dataset.field = name;
    const id = `${form.id}-${name}`;
    const labelElement = document.createElement("label");
    labelElement.htmlFor = id;
    labelElement.textContent = label;
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = `${id}-error`;
    error.dataset.errorFor = name;
    error.hidden = true;
    const area = document.createElement("textarea");
    area.id = id;
    area.name = name;
    area.rows = 3;
    area.value = unit?.[name] ?? "";
    field.append(labelElement, error, area);
    form.append(field);
  }
  const actions = document.createElement("div");
  actions.className = "form-actions";
  const button = document.createElement("button");
  button.type = "submit";
  button.className = "button button-primary";
  button.textContent = "Lưu kết quả";
  actions.append(button);
  form.append(actions);
  let version = unit?.version ?? 0;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(form);
    const answers = checklist.flatMap((question) => {
      const answer = values[`answer-${question.id}`];
      const note = values[`note-${question.id}`];
      return answer ? [{ questionId: question.id, answer, ...(note ? { note } : {}) }] : [];
    });
    let result: { version: number } | undefined;
    const ok = await submit(form, async () => {
      result = await api<{ version: number }>(`/api/oversight/inspections/${inspectionId}/units/${commune}`, {
        method: "PUT",
        body: { expectedVersion: version, answers, strengths: values.strengths ?? "", shortcomings: values.shortcomings ?? "" },
      });
    });
    if (ok && result) {
      version = result.version;
      saved();
    }
  });
  return form;
}

async function showRecommendation(id: string): Promise<Recommendation> {
  const found = await api<{
    recommendation: Recommendation;
    followUps: { at: string; by: { name: string }; status: Recommendation["status"]; evidence: string; files?: string[] }[];
    inspection?: { title: string; decision: Json };
    files: RecordFile[];
  }>(`/api/oversight/recommendations/${id}`);
  const { recommendation } = found;
  const fileNames = showFiles(`/api/oversight/recommendations/${id}`, found.files);
  title(recommendation.text);
  facts([
    ["Đợt kiểm tra", found.inspection ? `${found.inspection.title} (QĐ ${String(found.inspection.decision.number)})` : ""],
    ["Đơn vị thực hiện", communeName(recommendation.commune)],
    ["Thời hạn", dayVi(recommendation.dueDate)],
    ["Tình trạng", recommendation.overdue ? tag(recommendationStatusLabels.overdue.vi, "overdue") : recommendationStatusLabels[recommendation.status].vi],
  ]);
  timeline(
    element("[data-follow-ups]"),
    found.followUps.map((entry) => ({ ...entry, status: recommendationStatusLabels[entry.status].vi, text: citing(entry.evidence, entry.files, fileNames) })),
  );
  return recommendation;
}

async function detail(root: HTMLElement): Promise<void> {
  const { me } = await session;
  const params = new URLSearchParams(window.location.search);
  const kind = (["ke-hoach", "nhiem-vu", "kiem-tra", "kien-nghi"] as const).find((name) => params.has(name));
  const id = kind ? (params.get(kind) ?? "") : "";
  if (!kind || !may(me, "oversight:read")) return notAllowed();
  names = new Map((await loadCommunes()).map((commune) => [commune.code, commune.fullName]));
  fillCommuneOptions(Array.from(names, ([code, fullName]) => ({ code, fullName })));
  const section = { "ke-hoach": "plan", "nhiem-vu": "task", "kiem-tra": "inspection", "kien-nghi": "recommendation" }[kind];
  let task: Task | undefined;
  let recommendation: Recommendation | undefined;
  try {
    if (kind === "ke-hoach") await showPlan(id);
    if (kind === "nhiem-vu") task = await showTask(id);
    if (kind === "kiem-tra") await showInspection(id);
    if (kind === "kien-nghi") recommendation = await showRecommendation(id);
  } catch (error) {
    if (error instanceof ApiProblem && (error.status === 404 || error.status === 400)) return notAllowed();
    throw error;
  }
  root.hidden = false;
  const part = element(`[data-kind="${section}"]`);
  if (part) part.hidden = false;
  // Forms the officer's roles do not open stay hidden (the API refuses them anyway).
  for (const form of all<HTMLFormElement>("[data-kind] form[data-requires]")) form.hidden = !may(me, "oversight:report");
  const planFileForm = element<HTMLFormElement>("#plan-file-form");
  if (planFileForm) planFileForm.hidden = kind !== "ke-hoach" || !may(me, "oversight:manage");
  planFileForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(planFileForm);
    if (!(await uploadChosen(planFileForm, `/api/oversight/plans/${id}/files`, true))) return;
    planFileForm.reset();
    await showPlan(id);
  });

  const taskForm = element<HTMLFormElement>("#task-form");
  taskForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(taskForm);
    const unit =
      values.unitKind === "department"
        ? { kind: "department", name: values.department }
        : { kind: "communes", communes: selected(element<HTMLSelectElement>("#task-communes")) };
    const ok = await submit(taskForm, () =>
      api(`/api/oversight/plans/${id}/tasks`, {
        method: "POST",
        body: {
          duty: values.duty,
          title: values.title,
          ...(values.description ? { description: values.description } : {}),
          unit,
          cooperating: lines(values.cooperating),
          dueDate: values.dueDate,
        },
      }),
    );
    if (ok) {
      taskForm.reset();
      await showPlan(id);
      saved();
    }
  });

  const progressForm = element<HTMLFormElement>("#progress-form");
  progressForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!task) return;
    const values = formValues(progressForm);
    clearErrors(progressForm);
    const files = await uploadChosen(progressForm, `/api/oversight/tasks/${id}/files`, false);
    if (!files) return;
    const ok = await submit(
      progressForm,
      () =>
        api(`/api/oversight/tasks/${id}/progress`, {
          method: "POST",
          body: {
            expectedVersion: task?.version,
            status: values.status,
            text: values.text,
            ...(values.documentRef ? { documentRef: values.documentRef } : {}),
            files,
          },
        }),
      async () => {
        task = await showTask(id);
      },
    );
    if (ok) {
      progressForm.reset();
      task = await showTask(id);
      saved();
    }
  });

  const recommendationForm = element<HTMLFormElement>("#recommendation-form");
  recommendationForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const values = formValues(recommendationForm);
    const ok = await submit(recommendationForm, () =>
      api(`/api/oversight/inspections/${id}/recommendations`, {
        method: "POST",
        body: { text: values.text, commune: values.commune, dueDate: values.dueDate },
      }),
    );
    if (ok) {
      recommendationForm.reset();
      await showInspection(id);
      saved();
    }
  });
  element<HTMLButtonElement>("[data-export-inspection]")?.addEventListener(
    "click",
    () => void downloadFile(`/api/oversight/inspections/${id}/report`, "bao-cao-kiem-tra.docx"),
  );

  const followUpForm = element<HTMLFormElement>("#follow-up-form");
  followUpForm?.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!recommendation) return;
    const values = formValues(followUpForm);
    clearErrors(followUpForm);
    const files = await uploadChosen(followUpForm, `/api/oversight/recommendations/${id}/files`, false);
    if (!files) return;
    const ok = await submit(
      followUpForm,
      () =>
        api(`/api/oversight/recommendations/${id}/follow-up`, {
          method: "POST",
          body: { expectedVersion: recommendation?.version, status: values.status, evidence: values.evidence ?? "", files },
        }),
      async () => {
        recommendation = await showRecommendation(id);
      },
    );
    if (ok) {
      followUpForm.reset();
      recommendation = await showRecommendation(id);
      saved();
    }
  });
}

// ——— The yearly report ———

async function yearly(root: HTMLElement): Promise<void> {
  const { me } = await session;
  if (!may(me, "oversight:manage") || me.jurisdiction.kind !== "province") return notAllowed();
  const select = element<HTMLSelectElement>("[data-yearly-year]");
  const form = element<HTMLFormElement>("#yearly-form");
  if (!select || !form) return;
  const thisYear = Number(todayVi().slice(0, 4));
  select.replaceChildren(...[thisYear, thisYear - 1, thisYear - 2].map((year) => option(String(year), String(year))));
  let version = 0;
  const load = async () => {
    const report = await api<{
      texts: { blocks: Record<string, string>; version: number };
      figures: YearFigure[];
    }>(`/api/oversight/yearly-reports/${select.value}`);
    version = report.texts.version;
    for (const area of all<HTMLTextAreaElement>("textarea", form)) area.value = report.texts.blocks[area.name] ?? "";
    element("[data-figures]")?.replaceChildren(
      ...report.figures.map((figure) => {
        const li = document.createElement("li");
        li.textContent = yearFigureText(figure);
        if (figure.provisional && figure.value !== null) li.dataset.provisional = "";
        return li;
      }),
    );
  };
  select.addEventListener("change", () => void load());
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const blocks: Record<string, string> = {};
    for (const area of all<HTMLTextAreaElement>("textarea", form)) blocks[area.name] = area.value.trim();
    let result: { version: number } | undefined;
    const ok = await submit(
      form,
      async () => {
        result = await api<{ version: number }>(`/api/oversight/yearly-reports/${select.value}`, { method: "PUT", body: { expectedVersion: version, blocks } });
      },
      load,
    );
    if (ok && result) {
      version = result.version;
      saved();
    }
  });
  element<HTMLButtonElement>("[data-export-yearly]")?.addEventListener(
    "click",
    () => void downloadFile(`/api/oversight/yearly-reports/${select.value}/document`, "bao-cao-nam.docx"),
  );
  await load();
  root.hidden = false;
}

const hubRoot = element("[data-oversight-hub]");
const detailRoot = element("[data-oversight-detail]");
const yearlyRoot = element("[data-yearly]");
const run = hubRoot ? hub(hubRoot) : detailRoot ? detail(detailRoot) : yearlyRoot ? yearly(yearlyRoot) : Promise.resolve();
run.catch((error: unknown) => {
  console.error("oversight page failed:", (error as Error).name);
  const failure = element("[data-load-error]");
  if (failure) failure.hidden = false;
});
