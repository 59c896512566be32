/**
 * The models page (can-bo/phong-ngua/mo-hinh): a commune's community models and groups — list
 * with filters, "Tải thêm", exports; add and edit (409: the current record is loaded and said so);
 * members as rows; saving a model as dissolved asks first.
 */
import { required } from "./dom.ts";
import { focusOn } from "./gate.ts";
import { fill, keepOwnCommunes, may } from "./me.ts";
import {
  confirmInline,
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

const root = required<HTMLElement>("[data-models-page]");
const msg = (key: string) => root.dataset[key] ?? "";
const typeLabels = JSON.parse(msg("typeLabels")) as Record<string, string>;
const statusLabels = JSON.parse(msg("statusLabels")) as Record<string, string>;
const communeSelect = required<HTMLSelectElement>("[data-commune-select]");
const filters = required<HTMLFormElement>("#model-filters");
const editorBox = required<HTMLElement>("[data-model-editor]");
const form = required<HTMLFormElement>("#model-form");
const members = peopleRows(required<HTMLElement>("[data-people]", form), required<HTMLElement>('[data-confirm="member-remove"]'), msg("msgConfirmRemoveRow"));
const listPath = () => `/api/communes/${communeSelect.value}/prevention/models`;
let canManage = false;

const input = (name: string) => required<HTMLInputElement | HTMLSelectElement>(`#model-${name}`, form);
const value = (name: string) => input(name).value.trim();
const optional = (name: string, text: string) => (text === "" ? {} : { [name]: text });

function row(view: RegisterView): HTMLElement {
  const f = view.fields;
  const item = document.createElement("li");
  item.className = "report-item";
  const title = document.createElement("strong");
  title.textContent = String(f.name ?? "");
  const line = document.createElement("p");
  line.textContent = fill(msg("msgLine"), {
    type: f.type === "other" ? String(f.otherName ?? "") : (typeLabels[String(f.type)] ?? ""),
    village: String(f.village ?? "—"),
    status: `${statusLabels[String(f.status)] ?? ""}${f.statusSince ? ` (${String(f.statusSince)})` : ""}`,
    families: Number(f.families ?? 0),
    members: Number(f.memberCount ?? 0),
  });
  const active = document.createElement("p");
  active.className = view.active ? "tag tag-ok" : "tag";
  active.textContent = view.active ? msg("msgActiveYes") : msg("msgActiveNo");
  item.append(title, line, active);
  if (canManage) {
    item.append(
      editButton(msg("msgEdit"), String(f.name ?? ""), () => {
        editor.edit(view);
        focusOn(required("[data-form-heading]"));
      }),
    );
  }
  return item;
}

const list = registerList({ root: required("[data-register-list]"), path: listPath, query: () => filtersOf(filters), row, empty: msg("msgEmpty") });
wireExports(
  required("[data-register-list]"),
  listPath,
  () => filtersOf(filters),
  () => `mo-hinh-${communeSelect.value}`,
);

function fillFields(view: RegisterView | undefined): void {
  const f = view?.fields ?? {};
  for (const name of ["type", "otherName", "name", "village", "status", "statusSince", "meetingRhythm"])
    if (f[name] !== undefined) input(name).value = String(f[name]);
  const decision = f.decision as { number: string; date: string } | undefined;
  input("decisionNumber").value = decision?.number ?? "";
  input("decisionDate").value = decision?.date ?? "";
  input("families").value = f.families === undefined ? "" : String(f.families);
  members.fill(((view?.personal?.members as Record<string, unknown>[] | undefined) ?? []).map((member) => ({ ...member })));
}

function body(): Record<string, unknown> {
  const number = value("decisionNumber");
  const date = value("decisionDate");
  return {
    type: value("type"),
    ...optional("otherName", value("otherName")),
    name: value("name"),
    ...optional("village", value("village")),
    ...(number !== "" || date !== "" ? { decision: { number, date } } : {}),
    status: value("status"),
    ...optional("statusSince", value("statusSince")),
    ...optional("meetingRhythm", value("meetingRhythm")),
    families: value("families") === "" ? 0 : Number(value("families")),
    members: members.read(),
  };
}

const editor = registerEditor({
  editor: editorBox,
  form,
  register: "models",
  listPath,
  fillFields,
  body,
  // Problem fields → this form's groups (a decision's parts land on their inputs).
  aliases: { "decision.number": "decisionNumber", "decision.date": "decisionDate" },
  // Saving a model as dissolved asks first.
  confirm: (sent) =>
    sent.status === "dissolved"
      ? confirmInline(required('[data-confirm="dissolve"]'), msg("msgConfirmDissolve"), required('button[type="submit"]', form))
      : Promise.resolve(true),
  saved: () => list.load(),
});

function reload(): void {
  list.load().catch(showLoadError);
}

async function start(): Promise<void> {
  const me = await registerReader(root);
  if (me === undefined) return;
  canManage = may(me, "prevention:manage");
  keepOwnCommunes(communeSelect, me);
  editorBox.hidden = !canManage;
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    reload();
  });
  communeSelect.addEventListener("change", reload);
  await list.load();
}

start().catch(showLoadError);
