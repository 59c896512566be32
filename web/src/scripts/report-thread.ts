/**
 * The thread with the commune's officers on the follow-up page (with JavaScript): their messages,
 * the times the reporter answered (never the answers' words), and the answer form, sent as JSON to
 * `POST /api/receipts/replies` with the code just looked up. Without JavaScript the server's status
 * page (functions/reports/pages.ts) shows the same.
 */
import type { ReceiptThread } from "../../../shared/reporter-messages.ts";
import type { ReceiptStatus } from "../../../shared/reports.ts";
import { clearErrors, requiredMessage, showErrors } from "./officer/forms.ts";
import { element, focusFirstInvalid, postJson, problemErrors, showFieldErrors } from "./report-api.ts";

const timeFormats: Record<string, Intl.DateTimeFormat> = {};
function formatTime(iso: string, locale: string): string {
  timeFormats[locale] ??= new Intl.DateTimeFormat(locale === "en" ? "en-GB" : "vi-VN", {
    timeZone: "Asia/Ho_Chi_Minh",
    dateStyle: "short",
    timeStyle: "short",
  });
  return timeFormats[locale].format(new Date(iso));
}

export interface ThreadView {
  show(thread: ReceiptThread, code: string): void;
  hide(): void;
}

/**
 * `refusal` turns a 404/429/other answer into the form's message; `answered` gets the status the
 * server answered after a reply (the page shows it).
 */
export function threadView(
  section: HTMLElement,
  locale: string,
  refusal: (status: number, headers: Headers, form: HTMLFormElement) => string,
  answered: (status: ReceiptStatus) => void,
): ThreadView {
  const list = element("[data-thread-entries]", section);
  const form = element<HTMLFormElement>("[data-reply-form]", section);
  const codeField = element<HTMLInputElement>('input[name="receiptCode"]', form);
  const textArea = element<HTMLTextAreaElement>('textarea[name="text"]', form);
  const done = element("[data-reply-done]", form);
  const failed = element("[data-reply-error]", form);
  form.noValidate = true;

  const show = (thread: ReceiptThread, code: string) => {
    list.replaceChildren(
      ...thread.entries.map((entry) => {
        const item = document.createElement("li");
        const when = document.createElement("p");
        const template = entry.from === "officer" ? section.dataset.officerTemplate : section.dataset.reporterTemplate;
        when.textContent = (template ?? "{at}").replace("{at}", formatTime(entry.at, locale));
        item.append(when);
        if (entry.text !== undefined) {
          const text = document.createElement("p");
          text.className = "message";
          text.textContent = entry.text;
          item.append(text);
        }
        return item;
      }),
    );
    codeField.value = code;
    form.hidden = !thread.canReply;
    section.hidden = thread.entries.length === 0;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void reply();
  });

  async function reply(): Promise<void> {
    clearErrors(form);
    done.hidden = true;
    failed.hidden = true;
    const text = textArea.value.trim();
    if (text === "") {
      showErrors(form, [{ field: "text", message: requiredMessage(form, "text") }]);
      focusFirstInvalid(form);
      return;
    }
    const submit = element<HTMLButtonElement>("[data-submit]", form);
    submit.disabled = true;
    try {
      const answer = await postJson("/api/receipts/replies", { receiptCode: codeField.value, text });
      if (answer.status === 201) {
        textArea.value = "";
        answered(answer.body as ReceiptStatus);
        done.textContent = form.dataset.msgDone ?? "";
        done.hidden = false;
        return;
      }
      const errors = problemErrors(answer.body);
      if (answer.status === 400 && errors.length > 0) {
        showFieldErrors(form, errors, locale);
        return;
      }
      failed.textContent = refusal(answer.status, answer.headers, form);
      failed.hidden = false;
    } catch {
      failed.textContent = form.dataset.msgFailed ?? "";
      failed.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }

  return {
    show,
    hide: () => {
      section.hidden = true;
    },
  };
}
