import { describe, expect, it } from "vitest";
import {
  applyFormDraft,
  clearDrafts,
  clearOfficerStorage,
  type DraftField,
  type DraftStorage,
  decodeDraft,
  draftKey,
  draftMaxAgeMs,
  isEmptyDraft,
  pageDraft,
  saveDraft,
  snapshotForm,
  takeDraft,
} from "../../web/src/scripts/officer/drafts.ts";

/**
 * The drafts that keep an officer's form across an expired session (web/src/scripts/officer/drafts.ts):
 * plain objects stand in for form fields and a Map for sessionStorage.
 */
class MemoryStorage implements DraftStorage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const field = (name: string, type: string, value: string, extra: Partial<DraftField> = {}): DraftField => ({ name, type, value, ...extra });

function inviteForm(): DraftField[] {
  return [
    field("email", "email", ""),
    field("name", "text", ""),
    field("password", "password", ""),
    field("roles", "checkbox", "commune-officer", { checked: false }),
    field("roles", "checkbox", "commune-leader", { checked: false }),
    field("jurisdiction", "radio", "province", { checked: false }),
    field("jurisdiction", "radio", "communes", { checked: false }),
    field("communes", "checkbox", "13285", { checked: false }),
    field("communes", "checkbox", "13291", { checked: false }),
    field("officerId", "hidden", ""),
    field("note", "textarea", ""),
    field("secret", "text", "", { dataset: { draft: "off" } }),
    field("", "text", "filter text without a name"),
    field("send", "submit", "Gửi"),
  ];
}

function filled(): DraftField[] {
  const fields = inviteForm();
  const set = (name: string, value: string, checked?: boolean) => {
    const target = fields.find((candidate) => candidate.name === name && (checked === undefined || candidate.value === value));
    if (!target) throw new Error(name);
    if (checked === undefined) target.value = value;
    else target.checked = checked;
  };
  set("email", "nhap.do@pcblgd.local");
  set("name", "Vũ Thị Nháp");
  set("password", "hunter2-hunter2");
  set("roles", "commune-leader", true);
  set("jurisdiction", "communes", true);
  set("communes", "13285", true);
  set("communes", "13291", true);
  set("officerId", "abc-123");
  set("note", "dòng 1\ndòng 2");
  set("secret", "never saved");
  return fields;
}

describe("snapshotForm", () => {
  it("keeps text, the checked boxes of each group, the chosen radio and hidden fields; never passwords, opted-out, unnamed or button fields", () => {
    expect(snapshotForm(filled())).toEqual({
      email: "nhap.do@pcblgd.local",
      name: "Vũ Thị Nháp",
      roles: ["commune-leader"],
      jurisdiction: "communes",
      communes: ["13285", "13291"],
      officerId: "abc-123",
      note: "dòng 1\ndòng 2",
    });
  });

  it("records an empty list for a checkbox group with nothing ticked, and no radio when none is chosen", () => {
    const draft = snapshotForm(inviteForm());
    expect(draft.roles).toEqual([]);
    expect(draft).not.toHaveProperty("jurisdiction");
    expect(isEmptyDraft(draft)).toBe(true);
  });

  it("reads the selected options of a multiple select", () => {
    const options = [
      { value: "a", selected: true },
      { value: "b", selected: false },
      { value: "c", selected: true },
    ];
    expect(snapshotForm([field("pick", "select-multiple", "a", { multiple: true, options })])).toEqual({ pick: ["a", "c"] });
  });
});

describe("applyFormDraft", () => {
  it("puts every saved value back into an empty form of the same shape", () => {
    const fields = inviteForm();
    const restored = applyFormDraft(fields, snapshotForm(filled()));
    expect(snapshotForm(fields)).toEqual(snapshotForm(filled()));
    expect(restored.sort()).toEqual(["communes", "email", "jurisdiction", "name", "note", "officerId", "roles"]);
    expect(fields.find((candidate) => candidate.name === "password")?.value).toBe("");
    expect(fields.find((candidate) => candidate.name === "secret")?.value).toBe("");
  });

  it("unticks boxes the draft did not tick, and leaves fields the draft does not name alone", () => {
    const fields = filled();
    applyFormDraft(fields, { roles: [], email: "moi@pcblgd.local" });
    expect(fields.filter((candidate) => candidate.name === "roles").every((box) => !box.checked)).toBe(true);
    expect(fields.find((candidate) => candidate.name === "email")?.value).toBe("moi@pcblgd.local");
    expect(fields.find((candidate) => candidate.name === "name")?.value).toBe("Vũ Thị Nháp");
    expect(fields.filter((candidate) => candidate.name === "communes" && candidate.checked)).toHaveLength(2);
  });

  it("selects the saved options of a multiple select", () => {
    const options = [
      { value: "a", selected: false },
      { value: "b", selected: true },
    ];
    applyFormDraft([field("pick", "select-multiple", "", { multiple: true, options })], { pick: ["a"] });
    expect(options.map((option) => option.selected)).toEqual([true, false]);
  });
});

describe("draftKey", () => {
  it.each([
    ["/can-bo/quan-tri/can-bo/", "pcblgd.draft:/can-bo/quan-tri/can-bo/"],
    ["/can-bo/quan-tri/can-bo", "pcblgd.draft:/can-bo/quan-tri/can-bo/"],
    ["/can-bo/?x=1#top", "pcblgd.draft:/can-bo/"],
    ["", "pcblgd.draft:/"],
  ])("keys %j by its path only", (path, key) => {
    expect(draftKey(path)).toBe(key);
  });
});

describe("saving and restoring through storage", () => {
  const now = Date.UTC(2026, 2, 1, 3, 0, 0);

  it("restores a page's draft once, then it is gone", () => {
    const storage = new MemoryStorage();
    const draft = pageDraft({ "invite-form": snapshotForm(filled()), "edit-form": snapshotForm(inviteForm()) }, now);
    expect(Object.keys(draft?.forms ?? {})).toEqual(["invite-form"]);
    saveDraft(storage, "/can-bo/quan-tri/can-bo/", draft);
    expect([...storage.items.keys()]).toEqual(["pcblgd.draft:/can-bo/quan-tri/can-bo/"]);
    expect(storage.getItem("pcblgd.draft:/can-bo/quan-tri/can-bo/")).not.toContain("hunter2");

    expect(takeDraft(storage, "/can-bo/", now)).toBeUndefined();
    expect(takeDraft(storage, "/can-bo/quan-tri/can-bo/", now + 1000)).toEqual(draft);
    expect(takeDraft(storage, "/can-bo/quan-tri/can-bo/", now + 2000)).toBeUndefined();
    expect(storage.length).toBe(0);
  });

  it("saves nothing when nothing was typed, and keeps a draft still waiting to be restored", () => {
    const storage = new MemoryStorage();
    saveDraft(storage, "/can-bo/", pageDraft({ a: snapshotForm(inviteForm()) }, now));
    expect(storage.length).toBe(0);
    const waiting = JSON.stringify({ version: 1, savedAt: now, forms: { a: { x: "y" } } });
    storage.setItem(draftKey("/can-bo/"), waiting);
    saveDraft(storage, "/can-bo/", pageDraft({ a: snapshotForm(inviteForm()) }, now));
    expect(storage.getItem(draftKey("/can-bo/"))).toBe(waiting);
  });

  it("drops a draft that is too old, malformed, from another version or from the future", () => {
    const ok = { version: 1, savedAt: now, forms: { a: { x: "y", list: ["1"] } } };
    expect(decodeDraft(JSON.stringify(ok), now + draftMaxAgeMs)).toEqual(ok);
    expect(decodeDraft(JSON.stringify(ok), now + draftMaxAgeMs + 1)).toBeUndefined();
    expect(decodeDraft(JSON.stringify(ok), now - 10 * 60_000)).toBeUndefined();
    expect(decodeDraft(JSON.stringify({ ...ok, version: 2 }), now)).toBeUndefined();
    expect(decodeDraft(JSON.stringify({ ...ok, forms: { a: { x: 3 } } }), now)).toBeUndefined();
    expect(decodeDraft(JSON.stringify({ ...ok, forms: { a: { x: [1] } } }), now)).toBeUndefined();
    expect(decodeDraft(JSON.stringify({ ...ok, forms: { a: null } }), now)).toBeUndefined();
    expect(decodeDraft("{not json", now)).toBeUndefined();
    expect(decodeDraft("null", now)).toBeUndefined();
    expect(decodeDraft(null, now)).toBeUndefined();
  });

  it("on sign-out clears every draft and every token and sign-in state, and nothing else", () => {
    const storage = new MemoryStorage();
    storage.setItem(draftKey("/can-bo/"), "{}");
    storage.setItem(draftKey("/can-bo/quan-tri/nhat-ky/"), "{}");
    storage.setItem("oidc.user:http://localhost/oidc:pcblgd-web", "{}");
    storage.setItem("oidc.0f3a", "{}");
    storage.setItem("something-else", "kept");
    clearDrafts(storage);
    expect([...storage.items.keys()].sort()).toEqual(["oidc.0f3a", "oidc.user:http://localhost/oidc:pcblgd-web", "something-else"]);
    storage.setItem(draftKey("/can-bo/"), "{}");
    clearOfficerStorage(storage);
    expect([...storage.items.keys()]).toEqual(["something-else"]);
  });
});
