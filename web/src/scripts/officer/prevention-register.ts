/**
 * What the prevention register pages share (can-bo/phong-ngua/: activities and mediations, models,
 * courses): a list newest first with its filters and "Tải thêm" along the API's cursor, the export
 * buttons (the filtered list as CSV or XLSX), an inline confirmation before a destructive step, and
 * the repeating rows of people (a model's members, a course's participants).
 */
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { download } from "./download.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { type Me, may } from "./me.ts";

export interface RegisterView {
  id: string;
  commune: string;
  day: string;
  version: number;
  fields: Record<string, unknown>;
  personal?: Record<string, unknown>;
  active?: boolean;
  reportId?: string;
}

type Query = Record<string, string | undefined>;

/** The query of a filters form: every named control with a value. */
export function filtersOf(form: HTMLFormElement): Query {
  const query: Query = {};
  for (const [name, value] of new FormData(form)) if (typeof value === "string" && value !== "") query[name] = value;
  return query;
}

function withQuery(path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, value);
  const text = params.toString();
  return text === "" ? path : `${path}?${text}`;
}

/** A register's list: the first page on `load()`, the next on `load(true)`; the empty state in `status`. */
export function registerList(options: { root: ParentNode; path: () => string; query: () => Query; row: (view: RegisterView) => HTMLElement; empty: string }): {
  load: (more?: boolean) => Promise<void>;
} {
  const list = required<HTMLUListElement>("[data-list]", options.root);
  const more = required<HTMLButtonElement>("[data-more]", options.root);
  const status = required<HTMLElement>("[data-list-status]", options.root);
  let cursor: string | undefined;
  async function load(next = false): Promise<void> {
    if (!next) cursor = undefined;
    const page = await api<{ items: RegisterView[]; cursor?: string }>(options.path(), { query: { ...options.query(), limit: "20", cursor } });
    const rows = page.items.map(options.row);
    if (next) list.append(...rows);
    else list.replaceChildren(...rows);
    cursor = page.cursor;
    more.hidden = cursor === undefined;
    status.textContent = list.children.length === 0 ? options.empty : "";
    list.dataset.loaded = "true";
  }
  more.addEventListener("click", () => {
    load(true).catch(() => {
      status.textContent = required<HTMLElement>("[data-load-error]").textContent ?? "";
    });
  });
  return { load };
}

/** The export buttons (`data-export="csv|xlsx"`): the list as filtered now, saved as a file (the API audits it). */
export function wireExports(root: ParentNode, path: () => string, query: () => Query, fileBase: () => string): void {
  const failed = required<HTMLElement>("[data-export-error]", root);
  for (const button of root.querySelectorAll<HTMLButtonElement>("[data-export]")) {
    button.addEventListener("click", async () => {
      const format = button.dataset.export ?? "xlsx";
      failed.hidden = true;
      button.disabled = true;
      try {
        const ok = await download(withQuery(`${path()}/export`, { ...query(), format }), `${fileBase()}.${format}`);
        failed.hidden = ok;
      } finally {
        button.disabled = false;
      }
    });
  }
}

/**
 * Asks before a destructive step, next to the control that asked (`box` holds the question and
 * the two buttons: `[data-confirm-yes]`, `[data-confirm-no]`). Focus goes to the question and back.
 */
export function confirmInline(box: HTMLElement, question: string, back: HTMLElement): Promise<boolean> {
  const text = required<HTMLElement>("[data-confirm-text]", box);
  const yes = required<HTMLButtonElement>("[data-confirm-yes]", box);
  const no = required<HTMLButtonElement>("[data-confirm-no]", box);
  text.textContent = question;
  box.hidden = false;
  yes.focus();
  return new Promise((resolve) => {
    const done = (answer: boolean) => {
      box.hidden = true;
      yes.removeEventListener("click", onYes);
      no.removeEventListener("click", onNo);
      back.focus();
      resolve(answer);
    };
    const onYes = () => done(true);
    const onNo = () => done(false);
    yes.addEventListener("click", onYes);
    no.addEventListener("click", onNo);
  });
}

/**
 * Repeating rows of people from a `<template>`: each row's control carries the person's key in
 * `data-key` and gets a unique id (its label follows); a row's "Bỏ" asks first. `read` answers one
 * object per row.
 */
export function peopleRows(root: HTMLElement, confirmBox: HTMLElement, question: string) {
  const container = required<HTMLElement>("[data-rows]", root);
  const template = required<HTMLTemplateElement>("template", root);
  let counter = 0;
  function add(values: Record<string, unknown> = {}): HTMLElement {
    counter += 1;
    const fragment = template.content.cloneNode(true) as DocumentFragment;
    const row = required<HTMLElement>("[data-row]", fragment);
    for (const control of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) {
      const id = `${control.id}-${String(counter)}`;
      row.querySelector<HTMLLabelElement>(`label[for="${control.id}"]`)?.setAttribute("for", id);
      control.id = id;
      const value = values[control.dataset.key ?? ""];
      if (control instanceof HTMLInputElement && control.type === "checkbox") control.checked = value === true;
      else if (value !== undefined) control.value = String(value);
    }
    const remove = required<HTMLButtonElement>("[data-remove-row]", row);
    remove.addEventListener("click", async () => {
      if (await confirmInline(confirmBox, question, required<HTMLButtonElement>("[data-add-row]", root))) row.remove();
    });
    container.append(row);
    return row;
  }
  required<HTMLButtonElement>("[data-add-row]", root).addEventListener("click", () => {
    add().querySelector<HTMLInputElement>("input")?.focus();
  });
  return {
    add,
    clear: () => container.replaceChildren(),
    fill: (people: Record<string, unknown>[]) => {
      container.replaceChildren();
      for (const person of people) add(person);
    },
    read: (): Record<string, unknown>[] =>
      Array.from(container.querySelectorAll<HTMLElement>("[data-row]"), (row) => {
        const person: Record<string, unknown> = {};
        for (const control of row.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input, select")) {
          const key = control.dataset.key ?? "";
          if (control instanceof HTMLInputElement && control.type === "checkbox") person[key] = control.checked;
          else if (control.value.trim() !== "")
            person[key] = control instanceof HTMLInputElement && control.type === "number" ? Number(control.value) : control.value.trim();
        }
        return person;
      }),
  };
}

/**
 * A register's add-and-edit form: POST to the list when new, PUT with `expectedVersion` when
 * editing; a stale edit (409) loads the current record into the form and says so; field errors
 * next to their fields with the summary. `confirm` may stop a save (a destructive change asks first).
 */
export function registerEditor(options: {
  editor: HTMLElement;
  form: HTMLFormElement;
  register: string;
  listPath: () => string;
  fillFields: (view: RegisterView | undefined) => void;
  body: () => Record<string, unknown>;
  aliases?: Readonly<Record<string, string>>;
  confirm?: (body: Record<string, unknown>) => Promise<boolean>;
  saved: () => Promise<void>;
}): { edit: (view: RegisterView | undefined) => void } {
  const { editor, form } = options;
  const root = editor.closest<HTMLElement>("[data-msg-form-add]") ?? editor;
  const heading = required<HTMLElement>("[data-form-heading]", editor);
  const savedNote = required<HTMLElement>("[data-saved]", editor);
  const stale = required<HTMLElement>("[data-stale]", editor);
  const cancel = required<HTMLButtonElement>("[data-cancel-edit]", editor);
  const hidden = (name: string) => required<HTMLInputElement>(`input[name="${name}"]`, form);
  function edit(view: RegisterView | undefined): void {
    form.reset();
    clearErrors(form);
    hidden("recordId").value = view?.id ?? "";
    hidden("version").value = view === undefined ? "" : String(view.version);
    options.fillFields(view);
    heading.textContent = (view === undefined ? root.dataset.msgFormAdd : root.dataset.msgFormEdit) ?? "";
    cancel.hidden = view === undefined;
  }
  cancel.addEventListener("click", () => edit(undefined));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    savedNote.hidden = true;
    stale.hidden = true;
    clearErrors(form);
    const id = hidden("recordId").value;
    const body = options.body();
    if (options.confirm && !(await options.confirm(body))) return;
    try {
      if (id === "") await api(options.listPath(), { method: "POST", body });
      else await api(`/api/prevention/${options.register}/${id}`, { method: "PUT", body: { ...body, expectedVersion: Number(hidden("version").value) } });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.status === 409) {
        const current = error.problem.current as RegisterView | undefined;
        if (current) edit(current);
        stale.hidden = false;
        focusOn(stale);
        return;
      }
      showErrors(form, placeOnForm(form, error.problem.errors ?? [], options.aliases));
      return;
    }
    edit(undefined);
    savedNote.hidden = false;
    focusOn(savedNote);
    await options.saved();
  });
  return { edit };
}

/** A list row's "Sửa" button, named for the record it edits. */
export function editButton(label: string, name: string, onClick: () => void): HTMLButtonElement {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button";
  button.textContent = label;
  button.setAttribute("aria-label", `${label}: ${name}`);
  button.addEventListener("click", onClick);
  return button;
}

/** The page's load error (a failed list or start). */
export function showLoadError(): void {
  required<HTMLElement>("[data-load-error]").hidden = false;
}

/**
 * The signed-in officer when they may read the registers (the page then shows; its export buttons
 * only to exporters); otherwise the page says it is not theirs and answers undefined.
 */
export async function registerReader(page: HTMLElement): Promise<Me | undefined> {
  const { me } = await session;
  if (!may(me, "prevention:read")) {
    required<HTMLElement>("[data-not-allowed]").hidden = false;
    return undefined;
  }
  page.hidden = false;
  if (!may(me, "prevention:export")) for (const button of page.querySelectorAll<HTMLElement>("[data-export]")) button.hidden = true;
  return me;
}
