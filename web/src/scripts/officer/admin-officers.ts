/**
 * /can-bo/quan-tri/can-bo/: officer administration for the province admin. Lists officers a page
 * at a time, invites, edits roles and jurisdiction with the version read (`expectedUpdatedAt`; a
 * 409 shows the current values), and disables or re-enables after a confirmation. The admin's own
 * account shows no controls (the API refuses such changes anyway). An API 404 means "not allowed".
 */
import communes from "virtual:pcblgd/communes";
import type { Jurisdiction, OfficerRole } from "../../../../shared/permissions.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, requiredMessage, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";
import { fill, jurisdictionName, roleNames, toJurisdiction } from "./me.ts";
import { fillOfficerForm, hiddenValue, readOfficerForm, resetOfficerForm, setHidden, setupOfficerForm } from "./officer-form.ts";
import { formValuesOf, missingFields, toOfficerInput } from "./officer-input.ts";

type Status = "invited" | "active" | "disabled";

interface OfficerRecord {
  id: string;
  email: string;
  name: string;
  roles: OfficerRole[];
  jurisdiction: Jurisdiction;
  status: Status;
  createdAt: string;
  updatedAt: string;
}

interface OfficerPage {
  items: OfficerRecord[];
  cursor?: string;
}

const pageSize = "20";
const communeNames = new Map(communes.map((commune) => [commune.code, commune.name]));

function asRecord(value: unknown): OfficerRecord | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Partial<OfficerRecord> & { jurisdiction?: unknown };
  const jurisdiction = toJurisdiction(record.jurisdiction);
  if (typeof record.id !== "string" || typeof record.updatedAt !== "string" || !jurisdiction) return undefined;
  return { ...(record as OfficerRecord), jurisdiction };
}

/** The message of a problem that names no field (or of a failure that is not a problem at all). */
function generalMessage(error: unknown, fallback: string): string {
  if (error instanceof ApiProblem) return error.problem.detail ?? error.problem.title;
  return fallback;
}

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-admin]");
  const messages = root.dataset;
  const msg = (key: string) => messages[key] ?? "";
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const loadError = required<HTMLElement>("[data-load-error]");
  const inviteForm = required<HTMLFormElement>("#invite-form");
  const inviteResult = required<HTMLElement>("[data-invite-result]");
  const editForm = required<HTMLFormElement>("#edit-form");
  const editPanel = required<HTMLElement>("[data-edit]");
  const editHeading = required<HTMLElement>("#edit-heading");
  const editFor = required<HTMLElement>("[data-edit-for]");
  const conflict = required<HTMLElement>("[data-conflict]");
  const list = required<HTMLUListElement>("[data-officer-list]");
  const listStatus = required<HTMLElement>("[data-list-status]");
  const loadMore = required<HTMLButtonElement>("[data-load-more]");
  const template = required<HTMLTemplateElement>("#officer-item");

  setupOfficerForm(inviteForm);
  setupOfficerForm(editForm);

  const records = new Map<string, OfficerRecord>();
  const items = new Map<string, HTMLLIElement>();
  let cursor: string | undefined;

  const statusLabel = (status: Status) => msg(`status${status.charAt(0).toUpperCase()}${status.slice(1)}`) || status;

  function render(record: OfficerRecord, item: HTMLLIElement): void {
    const field = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, item);
    const nameId = `officer-${record.id}-name`;
    item.dataset.id = record.id;
    item.dataset.status = record.status;
    const heading = field("name");
    heading.id = nameId;
    heading.textContent = record.name;
    field("email").textContent = record.email;
    field("roles").textContent = roleNames(record.roles);
    field("jurisdiction").textContent = jurisdictionName(record.jurisdiction, communeNames, msg("msgWholeProvince"));
    field("status").textContent = statusLabel(record.status);
    const self = record.id === me.id;
    field("self").hidden = !self;
    field("actions").hidden = self;
    for (const button of item.querySelectorAll<HTMLButtonElement>("[data-action]")) button.setAttribute("aria-describedby", nameId);
    required<HTMLElement>('[data-action="disable"]', item).hidden = record.status === "disabled";
    required<HTMLElement>('[data-action="enable"]', item).hidden = record.status !== "disabled";
  }

  function upsert(record: OfficerRecord, where: "append" | "prepend" = "append"): HTMLLIElement {
    records.set(record.id, record);
    let item = items.get(record.id);
    if (!item) {
      item = (template.content.firstElementChild as HTMLLIElement).cloneNode(true) as HTMLLIElement;
      items.set(record.id, item);
      if (where === "prepend") list.prepend(item);
      else list.append(item);
    }
    render(record, item);
    return item;
  }

  function updateCount(): void {
    listStatus.textContent = records.size === 0 ? msg("msgListEmpty") : fill(msg("msgListCount"), { n: records.size });
  }

  function showResult(item: HTMLLIElement, text: string, kind: "ok" | "error"): void {
    const result = required<HTMLElement>('[data-f="result"]', item);
    result.textContent = text;
    result.classList.toggle("notice-ok", kind === "ok");
    result.classList.toggle("notice-error", kind === "error");
    result.hidden = false;
    focusOn(result);
  }

  function hideResult(item: HTMLLIElement): void {
    required<HTMLElement>('[data-f="result"]', item).hidden = true;
  }

  /** Loads the next page; false when the page must stop (not allowed, or the API is unreachable). */
  async function loadPage(): Promise<boolean> {
    loadMore.disabled = true;
    try {
      const page = await api<OfficerPage>("/api/admin/officers", { query: { limit: pageSize, cursor } });
      for (const item of page.items) {
        const record = asRecord(item);
        if (record) upsert(record);
      }
      cursor = page.cursor;
      loadMore.hidden = cursor === undefined;
      loadError.hidden = true;
      updateCount();
      return true;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) {
        root.hidden = true;
        notAllowed.hidden = false;
        focusOn(notAllowed);
      } else {
        loadError.hidden = false;
      }
      return false;
    } finally {
      loadMore.disabled = false;
    }
  }

  function busy(form: HTMLFormElement, on: boolean): void {
    form.setAttribute("aria-busy", String(on));
    for (const button of form.querySelectorAll<HTMLButtonElement>("button")) button.disabled = on;
  }

  function formProblem(form: HTMLFormElement, error: unknown, conflictField?: string): void {
    if (error instanceof ApiProblem && error.problem.errors && error.problem.errors.length > 0) {
      showErrors(form, placeOnForm(form, error.problem.errors, { "jurisdiction.communes": "communes" }));
      return;
    }
    const field = error instanceof ApiProblem && error.status === 409 ? conflictField : undefined;
    showErrors(form, [{ field, message: generalMessage(error, msg("msgLoadError")) }]);
  }

  /** The form's own checks before anything is sent; true when the form may go. */
  function checked(form: HTMLFormElement): boolean {
    const missing = missingFields(readOfficerForm(form));
    if (missing.length === 0) {
      clearErrors(form);
      return true;
    }
    showErrors(
      form,
      missing.map((field) => ({ field, message: requiredMessage(form, field) })),
    );
    return false;
  }

  // Invite.
  inviteForm.addEventListener("submit", (event) => {
    event.preventDefault();
    inviteResult.hidden = true;
    if (!checked(inviteForm)) return;
    const input = toOfficerInput(readOfficerForm(inviteForm));
    busy(inviteForm, true);
    api<unknown>("/api/admin/officers", {
      method: "POST",
      body: { email: input.email, name: input.name, roles: input.roles, jurisdiction: input.jurisdiction },
    })
      .then((created) => {
        const record = asRecord(created);
        clearErrors(inviteForm);
        resetOfficerForm(inviteForm);
        if (record) upsert(record, "prepend");
        updateCount();
        inviteResult.textContent = fill(msg("msgInvited"), { name: record?.name ?? input.name ?? "", email: record?.email ?? input.email ?? "" });
        inviteResult.hidden = false;
        focusOn(inviteResult);
      })
      .catch((error: unknown) => formProblem(inviteForm, error, "email"))
      .finally(() => busy(inviteForm, false));
  });

  // Edit roles and jurisdiction.
  let editing: string | undefined;

  function openEdit(record: OfficerRecord, keepValues = false): void {
    const item = items.get(record.id);
    if (item) {
      hideResult(item);
      item.append(editPanel);
    } else {
      list.after(editPanel);
    }
    editing = record.id;
    editFor.textContent = fill(msg("msgEditFor"), { name: record.name, email: record.email });
    conflict.hidden = true;
    clearErrors(editForm);
    if (!keepValues) {
      setHidden(editForm, "officerId", record.id);
      setHidden(editForm, "expectedUpdatedAt", record.updatedAt);
      fillOfficerForm(editForm, formValuesOf(record));
    }
    editPanel.hidden = false;
    focusOn(editHeading);
  }

  function closeEdit(): HTMLLIElement | undefined {
    const item = editing ? items.get(editing) : undefined;
    editing = undefined;
    editPanel.hidden = true;
    clearErrors(editForm);
    resetOfficerForm(editForm);
    return item;
  }

  required<HTMLButtonElement>("[data-cancel]", editForm).addEventListener("click", () => {
    const item = closeEdit();
    if (item) focusOn(required<HTMLElement>('[data-action="edit"]', item));
  });

  editForm.addEventListener("submit", (event) => {
    event.preventDefault();
    conflict.hidden = true;
    if (!checked(editForm)) return;
    const id = hiddenValue(editForm, "officerId");
    const input = toOfficerInput(readOfficerForm(editForm));
    busy(editForm, true);
    api<unknown>(`/api/admin/officers/${encodeURIComponent(id)}`, {
      method: "PATCH",
      body: { roles: input.roles, jurisdiction: input.jurisdiction, expectedUpdatedAt: hiddenValue(editForm, "expectedUpdatedAt") },
    })
      .then((updated) => {
        const record = asRecord(updated);
        const item = closeEdit();
        if (record) {
          const target = upsert(record);
          showResult(target, fill(msg("msgSaved"), { name: record.name }), "ok");
        } else if (item) {
          focusOn(item);
        }
      })
      .catch((error: unknown) => {
        const current = error instanceof ApiProblem && error.status === 409 ? asRecord(error.problem.current) : undefined;
        if (!current) {
          formProblem(editForm, error);
          return;
        }
        // Someone else changed it: show what it is now, based on the new version.
        upsert(current);
        clearErrors(editForm);
        setHidden(editForm, "expectedUpdatedAt", current.updatedAt);
        fillOfficerForm(editForm, formValuesOf(current));
        conflict.hidden = false;
        focusOn(conflict);
      })
      .finally(() => busy(editForm, false));
  });

  // Disable / enable, with a confirmation step; and the edit button.
  list.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>("button[data-action]");
    const item = button?.closest<HTMLLIElement>("li.officer-item");
    const record = item?.dataset.id ? records.get(item.dataset.id) : undefined;
    if (!button || !item || !record || !list.contains(item) || editPanel.contains(button)) return;
    const confirmBox = required<HTMLElement>('[data-f="confirm"]', item);
    const confirmButton = required<HTMLButtonElement>('[data-action="confirm"]', item);
    switch (button.dataset.action) {
      case "edit":
        openEdit(record);
        break;
      case "disable":
      case "enable": {
        const action = button.dataset.action;
        hideResult(item);
        item.dataset.pending = action;
        required<HTMLElement>('[data-f="confirm-text"]', item).textContent = fill(msg(action === "disable" ? "msgConfirmDisable" : "msgConfirmEnable"), {
          name: record.name,
        });
        confirmButton.classList.toggle("button-danger", action === "disable");
        confirmButton.classList.toggle("button-primary", action === "enable");
        confirmBox.hidden = false;
        confirmButton.focus();
        break;
      }
      case "cancel": {
        const pending = item.dataset.pending;
        delete item.dataset.pending;
        confirmBox.hidden = true;
        if (pending) item.querySelector<HTMLElement>(`[data-action="${pending}"]`)?.focus();
        break;
      }
      case "confirm": {
        const pending = item.dataset.pending;
        if (pending !== "disable" && pending !== "enable") return;
        confirmButton.disabled = true;
        api<unknown>(`/api/admin/officers/${encodeURIComponent(record.id)}/${pending}`, { method: "POST" })
          .then((changed) => {
            const updated = asRecord(changed);
            if (updated) upsert(updated);
            confirmBox.hidden = true;
            delete item.dataset.pending;
            showResult(item, fill(msg(pending === "disable" ? "msgDisabled" : "msgEnabled"), { name: record.name }), "ok");
          })
          .catch((error: unknown) => {
            confirmBox.hidden = true;
            delete item.dataset.pending;
            const fieldMessage = error instanceof ApiProblem ? error.problem.errors?.[0]?.message : undefined;
            showResult(item, fieldMessage ?? generalMessage(error, msg("msgLoadError")), "error");
          })
          .finally(() => {
            confirmButton.disabled = false;
          });
        break;
      }
    }
  });

  loadMore.addEventListener("click", () => {
    const before = records.size;
    void loadPage().then((loaded) => {
      // Keyboard users continue from the first officer of the new page.
      const first = loaded ? [...items.values()][before] : undefined;
      if (first) focusOn(required<HTMLElement>('[data-f="name"]', first));
    });
  });

  if (!(await loadPage())) return;
  root.hidden = false;

  // A draft saved when the session ended: the invite form comes back as it was; an edit in
  // progress reopens on its officer with the values typed (and the version it was based on, so a
  // change made meanwhile by someone else still answers 409).
  const restored = restoreDraft();
  const draftId = hiddenValue(editForm, "officerId");
  if (restored.includes("edit-form") && draftId !== "") {
    const known = records.get(draftId);
    const record = known ?? asRecord(await api<unknown>(`/api/admin/officers/${encodeURIComponent(draftId)}`).catch(() => undefined));
    if (record) {
      if (!known) upsert(record);
      openEdit(record, true);
    }
  }
}

void main();
