/**
 * The thread with the reporter on the report and case pages (components/officer/ReporterThread.astro):
 * `GET /api/reports/{id}/messages` for officers who may read identities, and the form that sends
 * `POST /api/reports/{id}/messages` for those who may triage. On the case page, the case's report
 * ids come from the case page's script, which writes them to `<html data-case-reports>` (watched
 * here, so the order in which the two scripts start does not matter).
 */
import type { ReportThread } from "../../../../shared/reporter-messages.ts";
import { ApiProblem, api } from "./api.ts";
import { required } from "./dom.ts";
import { clearErrors, placeOnForm, requiredMessage, showErrors } from "./forms.ts";
import { session } from "./gate.ts";
import { fill, may } from "./me.ts";
import { vietnamTime } from "./report-view.ts";

const root = document.querySelector<HTMLElement>("[data-reporter-threads]");

async function main(section: HTMLElement): Promise<void> {
  const { me } = await session;
  if (!may(me, "case:read-identity")) return;
  const canWrite = may(me, "report:triage");
  const list = required<HTMLElement>("[data-thread-list]", section);
  const template = required<HTMLTemplateElement>("[data-thread-template]", section);
  const msg = (key: string) => section.dataset[key] ?? "";
  let shown = "";

  function renderThread(block: HTMLElement, thread: ReportThread): void {
    const note = required<HTMLElement>("[data-thread-note]", block);
    note.hidden = thread.reachable && thread.messages.length > 0;
    note.textContent = thread.reachable ? msg("msgEmpty") : msg("msgUnreachable");
    required<HTMLElement>("[data-thread-messages]", block).replaceChildren(
      ...thread.messages.map((message) => {
        const item = document.createElement("li");
        item.className = "report-item";
        item.dataset.from = message.from;
        const when = document.createElement("p");
        when.className = "report-item-title";
        when.textContent =
          message.from === "officer"
            ? fill(msg("msgOfficer"), { by: message.byName ?? message.by ?? "", at: vietnamTime(message.at) })
            : fill(msg("msgReporter"), { at: vietnamTime(message.at) });
        const text = document.createElement("p");
        text.className = "report-narrative";
        text.textContent = message.text;
        item.append(when, text);
        return item;
      }),
    );
    required<HTMLFormElement>("[data-thread-form]", block).hidden = !(canWrite && thread.reachable);
  }

  async function show(reportIds: readonly string[], titled: boolean): Promise<void> {
    const key = reportIds.join(",");
    if (key === shown) return;
    shown = key;
    const blocks = await Promise.all(
      reportIds.map(async (reportId, index) => {
        const block = (template.content.cloneNode(true) as DocumentFragment).firstElementChild as HTMLElement;
        const title = required<HTMLElement>("[data-thread-title]", block);
        title.textContent = fill(msg("msgReport"), { id: reportId.slice(0, 8) });
        title.hidden = !titled;
        const form = required<HTMLFormElement>("[data-thread-form]", block);
        const textArea = required<HTMLTextAreaElement>("textarea", form);
        textArea.id = `thread-text-${String(index)}`;
        required<HTMLLabelElement>("[data-thread-label]", form).htmlFor = textArea.id;
        required<HTMLElement>("[data-error-for]", form).id = `${textArea.id}-error`;
        form.id = `thread-form-${String(index)}`;
        form.addEventListener("submit", (event) => {
          event.preventDefault();
          void send(reportId, block, form, textArea);
        });
        try {
          renderThread(block, await api<ReportThread>(`/api/reports/${reportId}/messages`));
        } catch (error) {
          if (error instanceof ApiProblem && error.status === 404) return undefined;
          throw error;
        }
        return block;
      }),
    );
    list.replaceChildren(...blocks.filter((block): block is HTMLElement => block !== undefined));
    section.hidden = list.childElementCount === 0;
  }

  async function send(reportId: string, block: HTMLElement, form: HTMLFormElement, textArea: HTMLTextAreaElement): Promise<void> {
    clearErrors(form);
    const sent = required<HTMLElement>("[data-thread-sent]", form);
    sent.hidden = true;
    const text = textArea.value.trim();
    if (text === "") {
      showErrors(form, [{ field: "text", message: requiredMessage(form, "text") }]);
      return;
    }
    const submit = required<HTMLButtonElement>("[data-submit]", form);
    submit.disabled = true;
    try {
      renderThread(block, await api<ReportThread>(`/api/reports/${reportId}/messages`, { method: "POST", body: { text } }));
      textArea.value = "";
      sent.textContent = msg("msgSent");
      sent.hidden = false;
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 400 && error.problem.errors) {
        showErrors(form, placeOnForm(form, error.problem.errors));
        return;
      }
      throw error;
    } finally {
      submit.disabled = false;
    }
  }

  if (section.dataset.reporterThreads === "page") {
    const id = new URLSearchParams(window.location.search).get("id") ?? "";
    if (id !== "") await show([id], false);
  } else {
    const html = document.documentElement;
    const fromCase = () => {
      const ids = (html.dataset.caseReports ?? "").split(",").filter((id) => id !== "");
      if (ids.length > 0) void show(ids, true);
    };
    new MutationObserver(fromCase).observe(html, { attributes: true, attributeFilter: ["data-case-reports"] });
    fromCase();
  }
}

if (root) void main(root);
