import type * as z from "zod/mini";
import { type FieldError, problems } from "./problem.ts";

/**
 * Every message a person reads about a field is ours, in Vietnamese and English: either the
 * bilingual message a schema gave its check (`bilingualError`), or the plain sentence below for
 * the issue's kind. Zod's own texts (its locales, and the regular expressions they quote —
 * "phải khớp với mẫu /^\+?[0-9]…/") never reach an answer: tests/unit/validation-messages.test.ts
 * walks every route's schemas to keep it so.
 */

/** Vietnamese message → its English twin, for every bilingual message a schema declared. */
const english = new Map<string, string>();

/**
 * A check's message in both languages. Zod keeps only the message on most issues (a regex's
 * `params` are dropped), so the English text is remembered by its Vietnamese one.
 */
export function bilingualError(vi: string, en: string): { error: string; params: { en: string } } {
  english.set(vi, en);
  return { error: vi, params: { en } };
}

type Message = { message: string; message_en: string };

const kinds: Record<string, [vi: string, en: string]> = {
  string: ["chữ", "text"],
  number: ["số", "a number"],
  int: ["số nguyên", "a whole number"],
  boolean: ["có hoặc không", "yes or no"],
  array: ["danh sách", "a list"],
  object: ["nhóm thông tin", "a group of fields"],
};

function sizeMessage(issue: { origin?: string; minimum?: unknown; maximum?: unknown }, small: boolean): Message {
  const limit = String(small ? issue.minimum : issue.maximum);
  switch (issue.origin) {
    case "string":
      return small
        ? { message: `Cần ít nhất ${limit} ký tự`, message_en: `At least ${limit} characters` }
        : { message: `Tối đa ${limit} ký tự`, message_en: `At most ${limit} characters` };
    case "array":
    case "set":
      return small
        ? { message: `Cần chọn ít nhất ${limit} mục`, message_en: `Choose at least ${limit}` }
        : { message: `Chọn tối đa ${limit} mục`, message_en: `Choose at most ${limit}` };
    default:
      return small
        ? { message: `Không được nhỏ hơn ${limit}`, message_en: `Must be at least ${limit}` }
        : { message: `Không được lớn hơn ${limit}`, message_en: `Must be at most ${limit}` };
  }
}

/** Our sentence for an issue that carries no message of ours. */
export function plainMessage(issue: z.core.$ZodIssue): Message {
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined) return { message: "Cần nhập thông tin này", message_en: "This is required" };
      const [vi, en] = kinds[issue.expected] ?? ["giá trị khác", "a different value"];
      return { message: `Giá trị không đúng: cần ${vi}`, message_en: `Wrong value: expected ${en}` };
    }
    case "too_small":
      return sizeMessage(issue, true);
    case "too_big":
      return sizeMessage(issue, false);
    case "invalid_format":
      return { message: "Không đúng định dạng", message_en: "Not in the expected format" };
    case "invalid_value":
      return { message: "Không phải một lựa chọn hợp lệ", message_en: "Not one of the allowed choices" };
    case "not_multiple_of":
      return { message: "Giá trị không hợp lệ", message_en: "Not a valid value" };
    default:
      return { message: "Giá trị không hợp lệ", message_en: "Not a valid value" };
  }
}

function messages(issue: z.core.$ZodIssue): Message {
  const declared = english.get(issue.message) ?? (issue.code === "custom" ? (issue.params as { en?: string } | undefined)?.en : undefined);
  if (declared !== undefined) return { message: issue.message, message_en: declared };
  // A union (a reporter named or anonymous) explains itself through its closest branch.
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const first = issue.errors.flat()[0];
    if (first) return messages(first);
  }
  return plainMessage(issue);
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
 * Parses `value` or throws a 400 problem naming every bad field. The input itself never reaches
 * the answer or the logs.
 */
export function parseOrProblem<T>(schema: z.ZodMiniType<T>, value: unknown, where: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw problems.validation(fieldErrors(where, result.error));
}
