import { en, vi } from "zod/locales";
import type * as z from "zod/mini";
import { type FieldError, problems } from "./problem.ts";

const viLocale = vi().localeError;
const enLocale = en().localeError;

/**
 * A custom check's message in both languages: zod keeps `error` as the issue message and `params`
 * on the issue, so the English text travels with it.
 */
export function bilingualError(vi: string, en: string): { error: string; params: { en: string } } {
  return { error: vi, params: { en } };
}

function messages(issue: z.core.$ZodIssue): { message: string; message_en: string } {
  if (issue.code === "custom") {
    const english = (issue.params as { en?: string } | undefined)?.en;
    return { message: issue.message, message_en: english ?? issue.message };
  }
  // Issues of a finished parse have the raw-issue shape the locales take, less what they don't read.
  const raw = issue as unknown as Parameters<typeof viLocale>[0];
  const toText = (result: ReturnType<typeof viLocale>) => (typeof result === "string" ? result : (result?.message ?? issue.message));
  return { message: toText(viLocale(raw)), message_en: toText(enLocale(raw)) };
}

/** Turns zod issues into field errors prefixed by where the value came from (query, body, path). */
export function fieldErrors(where: string, error: z.core.$ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const path = [where, ...issue.path.map(String)];
    // An unknown field is reported on the field itself, so a client sees which name to drop.
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({
        field: [...path, key].join("."),
        message: `Trường không được phép: ${key}`,
        message_en: `Unknown field: ${key}`,
      }));
    }
    return [{ field: path.join("."), ...messages(issue) }];
  });
}

/**
 * Parses `value` or throws a 400 problem naming every bad field. `reportInput` lets the locale
 * say which type it received; the input itself never reaches the answer or the logs.
 */
export function parseOrProblem<T>(schema: z.ZodMiniType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw problems.validation(fieldErrors(where, result.error));
}
