/**
 * /can-bo/khen-thuong/ho-so/?id=: one nomination and the step the officer may take now. Every step
 * sends the version the page was read at; a 409 reloads the nomination and says so. Evidence files
 * go straight to the upload address the API signs (S3 in AWS, the local server on a laptop), then
 * the API checks them.
 */
import {
  awardFormLabels,
  awardLevelLabels,
  type NominationDetail,
  nomineeKindLabels,
  reportSectionLabels,
  reportSections,
  statusLabels,
  stepLabels,
} from "../../../../shared/commendations.ts";
import { ApiProblem, api } from "./api.ts";
import { dayVi, downloadFile, loadCommunes, loadCycles, required, timeVi, todayVi } from "./commendations-common.ts";
import { clearErrors, placeOnForm, showErrors } from "./forms.ts";
import { focusOn, session } from "./gate.ts";
import { fill, may } from "./me.ts";
import { UploadNotTaken, uploadFieldAliases, uploadFile, uploadTypeOf } from "./upload.ts";

const refusalMessages = { missing: "msgMissing", type: "msgType", tooBig: "msgTooBig" } as const;

type Detail = NominationDetail;

async function main(): Promise<void> {
  const { me } = await session;
  const root = required<HTMLElement>("[data-nomination]");
  const msg = (key: string) => root.dataset[key] ?? "";
  const notAllowed = required<HTMLElement>("[data-not-allowed]");
  const pageStatus = required<HTMLElement>("[data-page-status]");
  const id = new URLSearchParams(window.location.search).get("id") ?? "";
  const base = `/api/commendations/nominations/${encodeURIComponent(id)}`;
  const field = (name: string) => required<HTMLElement>(`[data-f="${name}"]`, root);
  let detail: Detail | undefined;
  const communeNames = new Map(me.communeNames);
  const cycleNames = new Map<string, string>();

  const hide = () => {
    root.hidden = true;
    notAllowed.hidden = false;
    focusOn(notAllowed);
  };

  async function reload(): Promise<boolean> {
    try {
      detail = await api<Detail>(base);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) {
        hide();
        return false;
      }
      throw error;
    }
    render(detail);
    return true;
  }

  function fact(list: HTMLElement, term: string, value: string): void {
    const row = document.createElement("div");
    const dt = document.createElement("dt");
    dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value;
    row.append(dt, dd);
    list.append(row);
  }

  function render({ nomination, steps, attachments, duplicates }: Detail): void {
    field("name").textContent = nomination.nominee.name;
    field("status").textContent = statusLabels[nomination.status].vi;
    field("status").dataset.status = nomination.status;
    field("kind").textContent = nomineeKindLabels[nomination.nominee.kind].vi;
    field("unit").textContent = nomination.nominee.unit;
    field("position").textContent = nomination.nominee.position ?? "—";
    field("commune").textContent = communeNames.get(nomination.commune) ?? nomination.commune;
    field("cycle").textContent = cycleNames.get(nomination.cycleId) ?? "";
    field("form").textContent = awardFormLabels[nomination.form].vi;
    field("level").textContent = awardLevelLabels[nomination.level].vi;
    field("consent").textContent = nomination.publicConsent ? "Có" : "Không";
    required<HTMLElement>("[data-return-comments]").hidden = !(nomination.status === "returned" && nomination.returnComments);
    field("returnComments").textContent = nomination.returnComments ?? "";

    const outcomes = required<HTMLElement>("[data-outcomes]");
    outcomes.replaceChildren();
    const vote = nomination.council;
    if (vote) {
      fact(
        outcomes,
        "Kết quả họp Hội đồng",
        `Ngày ${dayVi(vote.meetingDate)}: có mặt ${String(vote.membersPresent)}/${String(vote.membersTotal)}; đồng ý ${String(vote.votesFor)}, không đồng ý ${String(vote.votesAgainst)}, không biểu quyết ${String(vote.abstentions)}`,
      );
    }
    if (nomination.appraisal)
      fact(outcomes, "Thẩm định", `${nomination.appraisal.byName}${nomination.appraisal.comments ? `: ${nomination.appraisal.comments}` : ""}`);
    if (nomination.decision)
      fact(outcomes, "Quyết định", `Số ${nomination.decision.number} ngày ${dayVi(nomination.decision.date)}, ${nomination.decision.signer}`);
    if (nomination.revocation) fact(outcomes, "Thu hồi", `${nomination.revocation.reason} (${nomination.revocation.byName})`);

    const report = required<HTMLElement>("[data-report]");
    report.replaceChildren(
      ...reportSections.flatMap((section) => {
        const text = nomination.report[section];
        if (!text) return [];
        const heading = document.createElement("h3");
        heading.textContent = reportSectionLabels[section].vi;
        const body = document.createElement("p");
        body.className = "preserve-lines";
        body.textContent = text;
        return [heading, body];
      }),
    );

    const duplicateBox = required<HTMLElement>("[data-duplicates]");
    duplicateBox.hidden = duplicates.length === 0;
    required<HTMLElement>("[data-duplicate-list]").replaceChildren(
      ...duplicates.map((other) => {
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.href = `${msg("detail")}?id=${encodeURIComponent(other)}`;
        link.textContent = other;
        item.append(link);
        return item;
      }),
    );

    const files = required<HTMLElement>("[data-files]");
    files.replaceChildren(
      ...(attachments.length === 0
        ? [Object.assign(document.createElement("li"), { textContent: msg("msgEmptyFiles") })]
        : attachments.map((attachment) => {
            const item = document.createElement("li");
            const button = document.createElement("button");
            button.type = "button";
            button.className = "button";
            button.textContent = `${msg("msgDownload")}: ${attachment.fileName}`;
            button.addEventListener("click", () => void downloadFile(`${base}/attachments/${attachment.id}`, attachment.fileName));
            item.append(button, ` (${Math.ceil(attachment.size / 1024)} KB)`);
            return item;
          })),
    );

    const history = required<HTMLElement>("[data-history]");
    history.replaceChildren(
      ...steps.map((step) => {
        const item = document.createElement("li");
        item.className = "audit-item";
        const time = document.createElement("time");
        time.dateTime = step.at;
        time.textContent = timeVi(step.at);
        item.append(time, ` — ${stepLabels[step.action].vi} — ${step.officerName}${step.comments ? `: ${step.comments}` : ""}`);
        return item;
      }),
    );

    const editable = nomination.status === "draft" || nomination.status === "returned";
    const show = (step: string, visible: boolean) => {
      required<HTMLElement>(`[data-step="${step}"]`).hidden = !visible;
    };
    show("commune", editable && may(me, "nomination:submit"));
    required<HTMLFormElement>("#upload-form").hidden = !(editable && may(me, "nomination:submit"));
    required<HTMLAnchorElement>("[data-edit-link]").href = `${msg("formPage")}?id=${encodeURIComponent(nomination.id)}`;
    show("council", nomination.status === "submitted" && may(me, "nomination:review"));
    show("appraisal", nomination.status === "council-approved" && may(me, "nomination:appraise"));
    show("decision", nomination.status === "appraised" && may(me, "nomination:decide"));
    show("publish", nomination.status === "decided" && may(me, "nomination:decide"));
    show("revoke", (nomination.status === "decided" || nomination.status === "published") && may(me, "nomination:decide"));
  }

  /** Runs one step; problems go next to the form's fields, a 409 reloads. */
  async function step(form: HTMLFormElement | undefined, path: string, body: Record<string, unknown>): Promise<void> {
    if (!detail) return;
    if (form) clearErrors(form);
    try {
      await api(`${base}${path}`, { method: "POST", body: { ...body, expectedVersion: detail.nomination.version } });
      await reload();
      form?.reset();
      pageStatus.textContent = msg("msgDone");
      focusOn(pageStatus);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 409) {
        await reload();
        pageStatus.textContent = msg("msgStale");
        focusOn(pageStatus);
        return;
      }
      if (error instanceof ApiProblem && error.problem.errors && form) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return;
      }
      if (error instanceof ApiProblem && error.problem.errors) {
        pageStatus.textContent = error.problem.errors.map((problem) => problem.message).join(" ");
        focusOn(pageStatus);
        return;
      }
      throw error;
    }
  }

  const values = (form: HTMLFormElement) => {
    const data = new FormData(form);
    return (name: string) => String(data.get(name) ?? "").trim();
  };
  const missing = (form: HTMLFormElement, names: string[], read: (name: string) => string): boolean => {
    const empty = names.filter((name) => read(name) === "");
    if (empty.length === 0) return false;
    showErrors(
      form,
      empty.map((name) => ({ field: name, message: msg("msgRequired") })),
    );
    return true;
  };

  required<HTMLButtonElement>("[data-submit]").addEventListener("click", () => void step(undefined, "/submit", {}));
  required<HTMLButtonElement>("[data-publish]").addEventListener("click", () => void step(undefined, "/publish", {}));

  const council = required<HTMLFormElement>("#council-form");
  council.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = values(council);
    const numbers = ["membersTotal", "membersPresent", "votesFor", "votesAgainst", "abstentions"];
    if (missing(council, ["meetingDate", ...numbers], read)) return;
    void step(council, "/council", {
      meetingDate: read("meetingDate"),
      ...Object.fromEntries(numbers.map((name) => [name, Number(read(name))])),
      outcome: read("outcome"),
      ...(read("comments") ? { comments: read("comments") } : {}),
    });
  });
  const appraisal = required<HTMLFormElement>("#appraisal-form");
  appraisal.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = values(appraisal);
    void step(appraisal, "/appraisal", { outcome: read("outcome"), ...(read("comments") ? { comments: read("comments") } : {}) });
  });
  const decision = required<HTMLFormElement>("#decision-form");
  decision.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = values(decision);
    if (missing(decision, ["number", "date", "signer"], read)) return;
    void step(decision, "/decision", { number: read("number"), date: read("date"), signer: read("signer") });
  });
  const revoke = required<HTMLFormElement>("#revoke-form");
  revoke.addEventListener("submit", (event) => {
    event.preventDefault();
    const read = values(revoke);
    if (missing(revoke, ["reason"], read)) return;
    void step(revoke, "/revoke", { reason: read("reason") });
  });

  const upload = required<HTMLFormElement>("#upload-form");
  upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(upload);
    const refuse = (message: string) => showErrors(upload, [{ field: "file", message }]);
    const checked = uploadTypeOf(required<HTMLInputElement>("#upload-file", upload).files?.[0]);
    if ("refusal" in checked) return refuse(msg(refusalMessages[checked.refusal]));
    try {
      const uploaded = await uploadFile(`${base}/attachments`, "attachment", checked);
      upload.reset();
      await reload();
      pageStatus.textContent = fill(msg("msgUploaded"), { name: uploaded.fileName });
      focusOn(pageStatus);
    } catch (error) {
      if (error instanceof UploadNotTaken) return refuse(msg("msgType"));
      if (error instanceof ApiProblem && error.problem.errors) {
        showErrors(upload, placeOnForm(upload, error.problem.errors, uploadFieldAliases("file")));
        return;
      }
      throw error;
    }
  });

  for (const input of document.querySelectorAll<HTMLInputElement>('input[type="date"][name="meetingDate"], input[type="date"][name="date"]'))
    input.max = todayVi();

  try {
    for (const cycle of await loadCycles()) cycleNames.set(cycle.id, cycle.name);
    if (me.jurisdiction.kind === "province") for (const commune of await loadCommunes()) communeNames.set(commune.code, commune.fullName);
  } catch {
    // Names only: the codes are shown instead.
  }
  if (await reload()) root.hidden = false;
}

void main();
