/** Officer home: the greeting and the account facts, from GET /api/me (the gate has loaded it; it names the communes too). */
import { restoreDraft, session } from "./gate.ts";
import { fill, jurisdictionName, roleNames } from "./me.ts";

const { me } = await session;
const greeting = document.querySelector<HTMLElement>("[data-greeting]");
if (greeting?.dataset.template) greeting.textContent = fill(greeting.dataset.template, { name: me.name });
const set = (field: string, value: string) => {
  const target = document.querySelector<HTMLElement>(`[data-me="${field}"]`);
  if (target) target.textContent = value;
};
set("roles", roleNames(me.roles));
const jurisdiction = document.querySelector<HTMLElement>('[data-me="jurisdiction"]');
set("jurisdiction", jurisdictionName(me.jurisdiction, me.communeNames, jurisdiction?.dataset.wholeProvince ?? ""));
set("email", me.email);
restoreDraft();
