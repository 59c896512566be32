/**
 * Calls from the public report pages to the same origin: JSON in, JSON or problem+json out, no
 * cookies, no cache, no referrer. A network failure throws; every HTTP answer is returned.
 */
import { placeOnForm, showErrors } from "./officer/forms.ts";

export interface FieldProblem {
  field: string;
  message: string;
  message_en?: string;
}

export interface ProblemBody {
  title?: string;
  detail?: string;
  errors?: FieldProblem[];
}

export interface Answer {
  status: number;
  body: unknown;
  headers: Headers;
}

export async function postJson(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, application/problem+json", ...headers },
    body: JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
    referrerPolicy: "no-referrer",
    redirect: "error",
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

export function problemErrors(body: unknown): FieldProblem[] {
  const errors = (body as ProblemBody | undefined)?.errors;
  return Array.isArray(errors) ? errors.filter((error) => typeof error?.field === "string" && typeof error?.message === "string") : [];
}

/** Shows the API's field errors next to their fields, in the page's language; focuses the first field in error. */
export function showFieldErrors(form: HTMLFormElement, errors: readonly FieldProblem[], locale: string, aliases: Record<string, string> = {}): void {
  const localized = errors.map((error) => ({ field: error.field, message: locale === "en" && error.message_en ? error.message_en : error.message }));
  showErrors(form, placeOnForm(form, localized, aliases));
  focusFirstInvalid(form);
}

export function focusFirstInvalid(form: HTMLFormElement): void {
  const first = form.querySelector<HTMLElement>('[aria-invalid="true"]');
  first?.focus();
}

export function element<T extends Element = HTMLElement>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`missing ${selector}`);
  return found;
}
