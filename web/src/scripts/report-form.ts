/**
 * The public report form with JavaScript: sends the report as JSON with an Idempotency-Key (the same
 * key while the same report is retried; in memory only), disables the button while sending, shows
 * the API's field errors next to their fields, and replaces the form with the receipt. The page's
 * address never changes: no query string, no hash, no history entry.
 */
import type { PublicReceipt } from "../../../shared/reports.ts";
import { clearErrors, clearErrorsAsFixed, requiredMessage, showErrors } from "./officer/forms.ts";
import { element, focusFirstInvalid, postJson, problemErrors, showFieldErrors } from "./report-api.ts";
import { enhanceReportFields } from "./report-fields.ts";
import { buildReportInput, fieldsOf, groupReceiptCode, IdempotencyKeys, missingFields } from "./report-input.ts";

const form = document.querySelector<HTMLFormElement>("[data-report-form]");

if (form) {
  const locale = form.dataset.locale ?? "vi";
  const submit = element<HTMLButtonElement>("[data-submit]", form);
  const status = element("[data-send-status]", form);
  const sendError = element("[data-send-error]", form);
  const receipt = element("[data-receipt]");
  const keys = new IdempotencyKeys(() => crypto.randomUUID());
  let sending = false;

  // The address stays the same only when this script sends the report (the receipt replaces the form).
  for (const promise of document.querySelectorAll<HTMLElement>("[data-with-script]")) promise.hidden = false;
  enhanceReportFields(form);
  clearErrorsAsFixed(form);

  const showReceipt = (answer: PublicReceipt) => {
    const select = form.querySelector<HTMLSelectElement>("[data-commune-select]");
    const option = select?.selectedOptions[0];
    element("[data-receipt-code]", receipt).textContent = groupReceiptCode(answer.receiptCode);
    const urgent = element("[data-receipt-urgent]", receipt);
    urgent.hidden = !answer.urgent;
    const hotline = option?.dataset.hotline;
    if (answer.urgent && hotline && option) {
      element("[data-receipt-commune]", receipt).hidden = false;
      element("[data-receipt-commune-name]", receipt).textContent = option.textContent?.trim() ?? "";
      const call = element<HTMLAnchorElement>("[data-receipt-commune-call]", receipt);
      call.textContent = hotline;
      call.href = `tel:${hotline.replace(/[^\d+]/g, "")}`;
    }
    // What was typed leaves the page with the form.
    form.reset();
    form.remove();
    receipt.hidden = false;
    window.scrollTo(0, 0);
    element("#receipt-heading", receipt).focus();
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (sending) return;
    void send();
  });

  async function send(): Promise<void> {
    if (!form) return;
    clearErrors(form);
    sendError.hidden = true;
    const input = buildReportInput(fieldsOf(new FormData(form)));
    const missing = missingFields(input);
    if (missing.length > 0) {
      showErrors(
        form,
        missing.map((field) => ({ field, message: requiredMessage(form, field) })),
      );
      focusFirstInvalid(form);
      return;
    }
    const body = JSON.stringify(input);
    sending = true;
    submit.disabled = true;
    status.textContent = form.dataset.msgSending ?? "";
    try {
      const answer = await postJson("/api/reports", input, { "idempotency-key": keys.keyFor(body) });
      if (answer.status === 201 || answer.status === 200) {
        keys.forget();
        status.textContent = "";
        showReceipt(answer.body as PublicReceipt);
        return;
      }
      const errors = problemErrors(answer.body);
      if (answer.status < 500 && errors.length > 0) {
        showFieldErrors(form, errors, locale, { reporter: "reporter.anonymous", victim: "victim.sex", safeContact: "safeContact.mayCall" });
      } else {
        sendError.textContent = (answer.status === 429 ? form.dataset.msgTooMany : form.dataset.msgSendFailed) ?? "";
        sendError.hidden = false;
      }
    } catch {
      // No answer (offline, connection dropped): the same key goes with the retry.
      sendError.textContent = form.dataset.msgSendFailed ?? "";
      sendError.hidden = false;
    } finally {
      sending = false;
      submit.disabled = false;
      if (status.textContent === form.dataset.msgSending) status.textContent = "";
    }
  }
}
