/**
 * /can-bo/khen-thuong/de-nghi/: create a draft nomination (POST
 * /api/commendations/communes/{commune}/nominations) or edit one (?id=, PATCH with the version it
 * was read at; a 409 reloads the current one and says so). After saving, the nomination's page.
 */
import type { Nomination } from "../../../../shared/commendations.ts";
import { ApiProblem, api } from "./api.ts";
import { loadCycles, option, required } from "./commendations-common.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, restoreDraft, session } from "./gate.ts";

const sections = ["background", "achievements", "measures", "previousAwards"] as const;

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-nomination-form-root]");
  const msg = (key: string) => root.dataset[key] ?? "";
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const form = required<HTMLFormElement>("#nomination-form");
  const cycleSelect = required<HTMLSelectElement>("#nomination-cycle", form);
  const communeSelect = required<HTMLSelectElement>("#nomination-commune", form);
  const status = required<HTMLElement>("[data-form-status]", form);
  const params = new URLSearchParams(window.location.search);
  const id = params.get("id");
  let current: Nomination | undefined;

  const hide = () => {
    root.hidden = true;
    notAllowed.hidden = false;
    focusOn(notAllowed);
  };
  if (!me.roles.some((role) => role === "commune-officer" || role === "commune-leader")) return hide();

  const control = <T extends HTMLElement>(name: string) => required<T>(`[name="${name}"]`, form);
  function show(nomination: Nomination): void {
    current = nomination;
    cycleSelect.value = nomination.cycleId;
    communeSelect.value = nomination.commune;
    cycleSelect.disabled = true;
    communeSelect.disabled = true;
    required<HTMLInputElement>(`#nominee-kind-${nomination.nominee.kind}`, form).checked = true;
    control<HTMLInputElement>("name").value = nomination.nominee.name;
    control<HTMLInputElement>("unit").value = nomination.nominee.unit;
    control<HTMLInputElement>("position").value = nomination.nominee.position ?? "";
    for (const section of sections) control<HTMLTextAreaElement>(section).value = nomination.report[section] ?? "";
    control<HTMLSelectElement>("form").value = nomination.form;
    control<HTMLSelectElement>("level").value = nomination.level;
    control<HTMLInputElement>("publicConsent").checked = nomination.publicConsent;
  }

  try {
    const cycles = await loadCycles();
    cycleSelect.replaceChildren(...cycles.map((cycle) => option(cycle.id, cycle.name)));
    if (params.get("dot")) cycleSelect.value = params.get("dot") ?? "";
    const communes = me.jurisdiction.kind === "communes" ? me.jurisdiction.communes : [];
    communeSelect.replaceChildren(...communes.map((code) => option(code, me.communeNames.get(code) ?? code)));
    if (id) {
      const detail = await api<{ nomination: Nomination }>(`/api/commendations/nominations/${encodeURIComponent(id)}`);
      if (detail.nomination.status !== "draft" && detail.nomination.status !== "returned") {
        status.textContent = msg("msgNotEditable");
        form.querySelector<HTMLButtonElement>('button[type="submit"]')?.setAttribute("disabled", "");
      }
      show(detail.nomination);
    }
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) return hide();
    throw error;
  }
  root.hidden = false;
  restoreDraft();

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const data = new FormData(form);
    const read = (name: string) => String(data.get(name) ?? "").trim();
    const fields = {
      nominee: { kind: read("kind"), name: read("name"), unit: read("unit"), ...(read("position") ? { position: read("position") } : {}) },
      report: {
        background: read("background"),
        achievements: read("achievements"),
        measures: read("measures"),
        ...(read("previousAwards") ? { previousAwards: read("previousAwards") } : {}),
      },
      form: read("form"),
      level: read("level"),
      publicConsent: data.get("publicConsent") !== null,
    };
    const missing = [
      ...(["name", "unit"] as const).filter((name) => fields.nominee[name] === "").map((name) => `nominee.${name}`),
      ...(["background", "achievements", "measures"] as const).filter((name) => fields.report[name] === "").map((name) => `report.${name}`),
      ...(!current && !cycleSelect.value ? ["cycleId"] : []),
    ];
    if (missing.length > 0) {
      showErrors(
        form,
        missing.map((field) => ({ field, message: msg("msgRequired") })),
      );
      return;
    }
    try {
      const saved = current
        ? await api<Nomination>(`/api/commendations/nominations/${current.id}`, { method: "PATCH", body: { ...fields, expectedVersion: current.version } })
        : await api<Nomination>(`/api/commendations/communes/${communeSelect.value}/nominations`, {
            method: "POST",
            body: { cycleId: cycleSelect.value, ...fields },
          });
      window.location.assign(`${msg("detail")}?id=${encodeURIComponent(saved.id)}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409 && current) {
        show((error.problem.current as Nomination | undefined) ?? current);
        status.textContent = msg("msgStale");
        focusOn(status);
        return;
      }
      if (error instanceof ApiProblem && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return;
      }
      if (error instanceof ApiProblem && error.status === 404) return hide();
      throw error;
    }
  });
}

void main();
