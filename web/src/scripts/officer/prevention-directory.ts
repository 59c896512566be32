/**
 * The live directory page (can-bo/phong-ngua/danh-ba): the commune's (or the province's) hotlines
 * and trusted addresses as officers keep them, the add/edit form, suspend and remove (after a
 * confirmation), and the XLSX import (check first: every bad row listed, nothing written; then one
 * import). A stale edit (409) puts the current entry back in the form and says so.
 */
import { ApiProblem, api } from "./api.ts";
import { downloadFile } from "./commendations-common.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { fill, keepOwnCommunes, may } from "./me.ts";

interface Bilingual {
  vi: string;
  en: string;
}
interface Entry {
  id: string;
  name: string | Bilingual;
  number?: string;
  phone?: string;
  address?: string;
  hours?: Bilingual;
  free?: boolean;
  contact?: { name: string; phone?: string; consent: boolean };
  status: "active" | "suspended";
  version: number;
}
type Kind = "hotline" | "trusted-address";
const segment = (kind: Kind) => (kind === "hotline" ? "hotlines" : "trusted-addresses");

const root = required<HTMLElement>("[data-directory-page]");
const msg = (key: string) => root.dataset[key] ?? "";
const ownerForm = required<HTMLFormElement>("#owner-form");
const ownerSelect = required<HTMLSelectElement>("[data-owner-select]");
const list = required<HTMLUListElement>("[data-entries]");
const status = required<HTMLElement>("[data-entries-status]");
const template = required<HTMLTemplateElement>("#entry-item");
const form = required<HTMLFormElement>("#entry-form");
const heading = required<HTMLElement>("[data-entry-heading]");
const saved = required<HTMLElement>("[data-saved]");
const stale = required<HTMLElement>("[data-stale]");
const importForm = required<HTMLFormElement>("#import-form");
const importErrors = required<HTMLElement>("[data-import-errors]");
const importResult = required<HTMLElement>("[data-import-result]");
const importCommit = required<HTMLButtonElement>("[data-import-commit]");

let owner = "";
let checkedFile: string | undefined;
const base = () => `/api/communes/${owner}/directory-entries`;
const control = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
const value = (name: string) => control(name).value.trim();
const kindOf = (): Kind => ((form.elements.namedItem("kind") as RadioNodeList).value === "hotline" ? "hotline" : "trusted-address");

/** Hotline-only and address-only fields follow the chosen kind. */
function showKindFields(): void {
  for (const box of form.querySelectorAll<HTMLElement>("[data-kind-only]")) box.hidden = box.dataset.kindOnly !== kindOf();
}

function nameOf(entry: Entry): string {
  return typeof entry.name === "string" ? entry.name : entry.name.vi;
}

/** The entry's fields as the API takes them, from the form (or an entry, with a new status). */
function bodyFromForm(kind: Kind): Record<string, unknown> {
  const hours = value("hours");
  const contact =
    value("contactName") === ""
      ? {}
      : { contact: { name: value("contactName"), ...(value("contactPhone") ? { phone: value("contactPhone") } : {}), consent: control("consent").checked } };
  if (kind === "hotline") {
    return {
      name: { vi: value("name"), en: value("nameEn") || value("name") },
      number: value("number"),
      hours: { vi: hours, en: hours },
      free: control("free").checked,
      ...contact,
    };
  }
  return {
    name: value("name"),
    address: value("address"),
    ...(value("number") ? { phone: value("number") } : {}),
    ...(hours ? { hours: { vi: hours, en: hours } } : {}),
    ...contact,
  };
}

function bodyFromEntry(entry: Entry): Record<string, unknown> {
  const { id: _id, version: _version, status: _status, ...fields } = entry as Entry & Record<string, unknown>;
  delete fields.scope;
  delete fields.commune;
  delete fields.updatedAt;
  delete fields.updatedBy;
  return fields;
}

function fillForm(kind: Kind, entry: Entry | undefined): void {
  form.reset();
  (form.querySelector<HTMLInputElement>(`input[name="kind"][value="${kind}"]`) as HTMLInputElement).checked = true;
  for (const radio of form.querySelectorAll<HTMLInputElement>('input[name="kind"]')) radio.disabled = entry !== undefined;
  control("entryId").value = entry?.id ?? "";
  control("version").value = entry ? String(entry.version) : "";
  if (entry) {
    control("name").value = nameOf(entry);
    if (typeof entry.name !== "string") control("nameEn").value = entry.name.en;
    control("number").value = entry.number ?? entry.phone ?? "";
    control("address").value = entry.address ?? "";
    control("hours").value = entry.hours?.vi ?? "";
    control("free").checked = entry.free === true;
    control("contactName").value = entry.contact?.name ?? "";
    control("contactPhone").value = entry.contact?.phone ?? "";
    control("consent").checked = entry.contact?.consent === true;
  }
  heading.textContent = msg(entry ? "msgHeadingEdit" : "msgHeadingAdd");
  showKindFields();
}

function row(kind: Kind, entry: Entry): HTMLLIElement {
  const node = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
  const part = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, node);
  part("name").textContent = nameOf(entry);
  part("kind").textContent = msg(kind === "hotline" ? "msgHotline" : "msgAddress");
  part("status").textContent = msg(entry.status === "active" ? "msgActive" : "msgSuspended");
  part("details").textContent = [entry.number ?? entry.phone, entry.address, entry.contact?.name].filter(Boolean).join(" · ");
  const toggle = required<HTMLButtonElement>('[data-action="toggle"]', node);
  toggle.textContent = msg(entry.status === "active" ? "msgSuspend" : "msgResume");
  const path = `${base()}/${segment(kind)}/${entry.id}`;
  required<HTMLButtonElement>('[data-action="edit"]', node).addEventListener("click", () => {
    fillForm(kind, entry);
    focusOn(heading);
  });
  toggle.addEventListener("click", async () => {
    toggle.disabled = true;
    await write("PUT", path, { ...bodyFromEntry(entry), status: entry.status === "active" ? "suspended" : "active", expectedVersion: entry.version });
  });
  const confirmBox = part("confirm");
  required<HTMLButtonElement>('[data-action="remove"]', node).addEventListener("click", () => {
    part("confirm-text").textContent = fill(msg("msgConfirmRemove"), { name: nameOf(entry) });
    confirmBox.hidden = false;
    required<HTMLButtonElement>('[data-action="cancel"]', node).focus();
  });
  required<HTMLButtonElement>('[data-action="cancel"]', node).addEventListener("click", () => {
    confirmBox.hidden = true;
  });
  required<HTMLButtonElement>('[data-action="confirm"]', node).addEventListener("click", async () => {
    await write("DELETE", `${path}?expectedVersion=${String(entry.version)}`);
  });
  return node;
}

async function load(): Promise<void> {
  const entries = await api<{ hotlines: Entry[]; trustedAddresses: Entry[] }>(base());
  const rows = [...entries.trustedAddresses.map((entry) => row("trusted-address", entry)), ...entries.hotlines.map((entry) => row("hotline", entry))];
  list.replaceChildren(...rows);
  status.textContent = rows.length === 0 ? msg("msgEmpty") : "";
  list.dataset.loaded = "true";
}

/** A change from a list row; a stale one reloads the list and says so. */
async function write(method: "PUT" | "DELETE", path: string, body?: unknown): Promise<void> {
  try {
    await api(path, { method, ...(body === undefined ? {} : { body }) });
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 409) throw error;
    stale.hidden = false;
  }
  await load();
}

/** Problem fields of the entry body → the form's fields. */
const aliases: Record<string, string> = {
  "name.vi": "name",
  "name.en": "nameEn",
  phone: "number",
  "hours.vi": "hours",
  "contact.name": "contactName",
  "contact.phone": "contactPhone",
};

form.addEventListener("change", showKindFields);
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  saved.hidden = true;
  stale.hidden = true;
  clearErrors(form);
  const kind = kindOf();
  const id = value("entryId");
  const body = bodyFromForm(kind);
  try {
    if (id === "") await api(`${base()}/${segment(kind)}`, { method: "POST", body });
    else await api(`${base()}/${segment(kind)}/${id}`, { method: "PUT", body: { ...body, expectedVersion: Number(value("version")) } });
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    if (error.status === 409) {
      const current = error.problem.current as Entry | undefined;
      if (current) fillForm(kind, current);
      stale.hidden = false;
      focusOn(stale);
      return;
    }
    showErrors(form, placeOnForm(form, error.problem.errors ?? [], aliases));
    return;
  }
  fillForm("trusted-address", undefined);
  saved.hidden = false;
  focusOn(saved);
  await load();
});

async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  return btoa(binary);
}

async function sendImport(commit: boolean): Promise<void> {
  importErrors.hidden = true;
  importResult.hidden = true;
  importCommit.hidden = true;
  if (checkedFile === undefined) return;
  try {
    const answer = await api<{ rows?: number; imported?: number }>(`${base()}/import`, { method: "POST", body: { file: checkedFile, commit } });
    if (commit) {
      importResult.textContent = fill(msg("msgImported"), { n: answer.imported ?? 0 });
      checkedFile = undefined;
      importForm.reset();
      await load();
    } else {
      importResult.textContent = fill(msg("msgImportValid"), { n: answer.rows ?? 0 });
      importCommit.textContent = fill(msg("msgImportDo"), { n: answer.rows ?? 0 });
      importCommit.hidden = false;
    }
    importResult.hidden = false;
    focusOn(importResult);
  } catch (error) {
    if (!(error instanceof ApiProblem) || error.status !== 400) throw error;
    const errors = error.problem.errors ?? [];
    required<HTMLElement>("[data-import-errors-title]").textContent = fill(msg("msgImportErrors"), { n: errors.length });
    required<HTMLElement>("[data-import-error-list]").replaceChildren(
      ...errors.map((problem) => {
        const item = document.createElement("li");
        item.textContent = problem.message;
        return item;
      }),
    );
    importErrors.hidden = false;
    focusOn(importErrors);
  }
}

importForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const file = (importForm.elements.namedItem("file") as HTMLInputElement).files?.[0];
  if (!file) return;
  checkedFile = await fileAsBase64(file);
  await sendImport(false);
});
importCommit.addEventListener("click", () => {
  importCommit.disabled = true;
  sendImport(true).finally(() => {
    importCommit.disabled = false;
  });
});
required<HTMLButtonElement>("[data-template]").addEventListener("click", () => {
  downloadFile(`${base()}/template`, "mau-danh-ba.xlsx").catch(() => {
    required<HTMLElement>("[data-load-error]").hidden = false;
  });
});

async function start(): Promise<void> {
  const { me } = await session;
  if (!may(me, "directory:edit")) {
    required<HTMLElement>("[data-not-allowed]").hidden = false;
    return;
  }
  keepOwnCommunes(ownerSelect, me);
  root.hidden = false;
  owner = ownerSelect.value;
  ownerForm.addEventListener("submit", (event) => {
    event.preventDefault();
    owner = ownerSelect.value;
    load().catch(() => {
      required<HTMLElement>("[data-load-error]").hidden = false;
    });
  });
  fillForm("trusted-address", undefined);
  await load();
}

start().catch(() => {
  required<HTMLElement>("[data-load-error]").hidden = false;
});
