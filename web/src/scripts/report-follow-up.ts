/**
 * The follow-up page with JavaScript: the code is looked up with `POST /api/receipts/status` and
 * the status shown on the page (404: no such code; 429: wait); then information is added with
 * `POST /api/receipts/additions` using the same code, which stays in the form field only.
 */
import type { PublicStatus, ReceiptStatus } from "../../../shared/reports.ts";
import { clearErrors, clearErrorsAsFixed, requiredMessage, showErrors } from "./officer/forms.ts";
import { element, focusFirstInvalid, postJson, problemErrors, showFieldErrors } from "./report-api.ts";
import { formatDay, retryAfterMinutes } from "./report-input.ts";
import { threadView } from "./report-thread.ts";

const statusForm = document.querySelector<HTMLFormElement>("[data-status-form]");
const additionForm = document.querySelector<HTMLFormElement>("[data-addition-form]");
const result = document.querySelector<HTMLElement>("[data-status-result]");
const threadSection = document.querySelector<HTMLElement>("[data-thread]");

if (statusForm && additionForm && result && threadSection) {
  const locale = statusForm.dataset.locale ?? "vi";
  const codeInput = element<HTMLInputElement>('input[name="receiptCode"]', statusForm);
  const lookupStatus = element("[data-lookup-status]", statusForm);
  const lookupError = element("[data-lookup-error]", statusForm);
  const additionCode = element<HTMLInputElement>('input[name="receiptCode"]', additionForm);
  const additionDone = element("[data-addition-done]", additionForm);
  const additionError = element("[data-addition-error]", additionForm);
  let code = "";
  const refusal = (status: number, headers: Headers, form: HTMLFormElement): string =>
    status === 404
      ? (form.dataset.msgNotFound ?? "")
      : status === 429
        ? (form.dataset.msgLocked ?? "").replace("{minutes}", String(retryAfterMinutes(headers.get("retry-after"))))
        : (form.dataset.msgFailed ?? "");
  const thread = threadView(threadSection, locale, refusal, (answer) => show(answer));

  clearErrorsAsFixed(statusForm);
  clearErrorsAsFixed(additionForm);
  // Information is added to the report just looked up: the form waits for a found code.
  additionForm.hidden = true;
  element("[data-addition-code]", additionForm).hidden = true;

  const show = (answer: ReceiptStatus) => {
    const statusLabel = result.getAttribute(`data-status-${answer.status satisfies PublicStatus}`) ?? answer.status;
    element('[data-r="status"]', result).textContent = statusLabel;
    element('[data-r="receivedOn"]', result).textContent = formatDay(answer.receivedOn, locale);
    element('[data-r="additions"]', result).textContent = (result.dataset.additionsTemplate ?? "{n}").replace("{n}", String(answer.additions));
    result.hidden = false;
    thread.show(answer.thread, code);
  };

  statusForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void lookup();
  });

  async function lookup(): Promise<void> {
    if (!statusForm || !additionForm || !result) return;
    clearErrors(statusForm);
    lookupError.hidden = true;
    const typed = codeInput.value.trim();
    if (typed === "") {
      showErrors(statusForm, [{ field: "receiptCode", message: requiredMessage(statusForm, "receiptCode") }]);
      focusFirstInvalid(statusForm);
      return;
    }
    const submit = element<HTMLButtonElement>("[data-submit]", statusForm);
    submit.disabled = true;
    lookupStatus.textContent = statusForm.dataset.msgChecking ?? "";
    try {
      const answer = await postJson("/api/receipts/status", { receiptCode: typed });
      lookupStatus.textContent = "";
      if (answer.status === 200) {
        code = typed;
        show(answer.body as ReceiptStatus);
        additionCode.value = code;
        additionForm.hidden = false;
        additionDone.hidden = true;
        element("#status-heading", result).focus();
        return;
      }
      result.hidden = true;
      thread.hide();
      additionForm.hidden = true;
      const errors = problemErrors(answer.body);
      if (answer.status === 400 && errors.length > 0) {
        showFieldErrors(statusForm, errors, locale);
        return;
      }
      lookupError.textContent = refusal(answer.status, answer.headers, statusForm);
      lookupError.hidden = false;
    } catch {
      lookupStatus.textContent = "";
      lookupError.textContent = statusForm.dataset.msgFailed ?? "";
      lookupError.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }

  additionForm.addEventListener("submit", (event) => {
    event.preventDefault();
    void add();
  });

  async function add(): Promise<void> {
    if (!additionForm) return;
    clearErrors(additionForm);
    additionDone.hidden = true;
    additionError.hidden = true;
    const textArea = element<HTMLTextAreaElement>('textarea[name="text"]', additionForm);
    const text = textArea.value.trim();
    if (text === "") {
      showErrors(additionForm, [{ field: "text", message: requiredMessage(additionForm, "text") }]);
      focusFirstInvalid(additionForm);
      return;
    }
    const submit = element<HTMLButtonElement>("[data-submit]", additionForm);
    submit.disabled = true;
    try {
      const answer = await postJson("/api/receipts/additions", { receiptCode: code || additionCode.value.trim(), text });
      if (answer.status === 201 || answer.status === 200) {
        show(answer.body as ReceiptStatus);
        textArea.value = "";
        additionDone.textContent = additionForm.dataset.msgDone ?? "";
        additionDone.hidden = false;
        return;
      }
      const errors = problemErrors(answer.body);
      if (answer.status === 400 && errors.length > 0) {
        showFieldErrors(additionForm, errors, locale);
        return;
      }
      additionError.textContent = refusal(answer.status, answer.headers, additionForm);
      additionError.hidden = false;
    } catch {
      additionError.textContent = additionForm.dataset.msgFailed ?? "";
      additionError.hidden = false;
    } finally {
      submit.disabled = false;
    }
  }
}
