/**
 * The DOM side of components/officer/OfficerForm.astro: the commune list shows when "one or more
 * communes" is chosen, filters as the admin types (accents optional) and counts what is chosen;
 * values are read from and written to the form.
 */
import { foldForSearch, matchesSearch } from "../../../../shared/text.ts";
import { fill } from "./me.ts";
import type { OfficerFormValues } from "./officer-input.ts";

function inputs(form: HTMLFormElement, name: string): HTMLInputElement[] {
  return Array.from(form.querySelectorAll<HTMLInputElement>(`input[name="${name}"]`));
}

function checkedValues(form: HTMLFormElement, name: string): string[] {
  return inputs(form, name)
    .filter((input) => input.checked)
    .map((input) => input.value);
}

export function readOfficerForm(form: HTMLFormElement): OfficerFormValues {
  const text = (name: string) => form.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.value;
  const email = text("email");
  const name = text("name");
  return {
    ...(email === undefined ? {} : { email }),
    ...(name === undefined ? {} : { name }),
    roles: checkedValues(form, "roles"),
    jurisdiction: checkedValues(form, "jurisdiction")[0] ?? "",
    communes: checkedValues(form, "communes"),
  };
}

export function fillOfficerForm(form: HTMLFormElement, values: Pick<OfficerFormValues, "roles" | "jurisdiction" | "communes">): void {
  for (const input of inputs(form, "roles")) input.checked = values.roles.includes(input.value);
  for (const input of inputs(form, "jurisdiction")) input.checked = input.value === values.jurisdiction;
  for (const input of inputs(form, "communes")) input.checked = values.communes.includes(input.value);
  const filter = form.querySelector<HTMLInputElement>("[data-communes-filter]");
  if (filter) filter.value = "";
  form.dispatchEvent(new Event("change"));
  filter?.dispatchEvent(new Event("input"));
}

export function setHidden(form: HTMLFormElement, name: string, value: string): void {
  const input = form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${name}"]`);
  if (input) input.value = value;
}

export function hiddenValue(form: HTMLFormElement, name: string): string {
  return form.querySelector<HTMLInputElement>(`input[type="hidden"][name="${name}"]`)?.value ?? "";
}

/** Empties the form: every field back to its default, the whole commune list shown again. */
export function resetOfficerForm(form: HTMLFormElement): void {
  form.reset();
  for (const row of form.querySelectorAll<HTMLElement>(".commune-list li[data-search]")) row.hidden = false;
  form.dispatchEvent(new Event("change"));
}

/** Wires the jurisdiction choice, the commune filter and the chosen count. Call once per form. */
export function setupOfficerForm(form: HTMLFormElement): void {
  const box = form.querySelector<HTMLElement>("[data-communes-box]");
  const filter = form.querySelector<HTMLInputElement>("[data-communes-filter]");
  const count = form.querySelector<HTMLElement>("[data-communes-count]");
  const rows = Array.from(form.querySelectorAll<HTMLElement>(".commune-list li[data-search]"));

  const update = () => {
    if (box) box.hidden = checkedValues(form, "jurisdiction")[0] !== "communes";
    if (count?.dataset.template) count.textContent = fill(count.dataset.template, { n: checkedValues(form, "communes").length });
  };
  form.addEventListener("change", update);
  filter?.addEventListener("input", () => {
    const query = foldForSearch(filter.value);
    for (const row of rows) row.hidden = !matchesSearch(row.dataset.search ?? "", query);
  });
  // Enter in the filter box filters; it must not submit the form.
  filter?.addEventListener("keydown", (event) => {
    if (event.key === "Enter") event.preventDefault();
  });
  update();
}
