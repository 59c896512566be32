import * as z from "zod/mini";
import { communeCodePattern } from "../../../shared/communes.ts";
import { isCalendarDay } from "../../../shared/vietnam-time.ts";
import { bilingualError } from "../validation.ts";

/**
 * The zod primitives every domain's schemas are built from, each with our own bilingual message
 * (no library default text reaches a person). Domain schemas compose these; they do not write
 * their own commune regex or date check.
 */

export { bilingualError as bilingual };

/**
 * A check by a pattern with our own message. zod's own `regex` check would answer with its locale's
 * text quoting the pattern ("phải khớp với mẫu /^…/"), which no person should read: custom checks
 * keep the message they are given (functions/lib/validation.ts).
 */
export function matching(pattern: RegExp, vi: string, en: string) {
  return z.string().check(z.refine((value) => pattern.test(value), bilingualError(vi, en)));
}

export const communeCode = matching(communeCodePattern, "Mã xã/phường gồm đúng 5 chữ số", "A commune code is exactly 5 digits");

const phonePattern = /^\+?\d[\d .-]{5,18}\d$/;

/** A phone number as people write it (digits, spaces, dots, hyphens, a leading +), trimmed; `allowEmpty`: "" too (a field left empty). */
export function phone(allowEmpty = false) {
  return z.string().check(
    z.trim(),
    z.refine(
      (value) => (allowEmpty && value === "") || phonePattern.test(value),
      bilingualError("Số điện thoại không hợp lệ (chỉ gồm chữ số, dấu cách, chấm, gạch)", "Not a valid phone number (digits, spaces, dots, hyphens)"),
    ),
  );
}

/** A real calendar day yyyy-mm-dd (2026-02-30 is refused), read as a day in Asia/Ho_Chi_Minh by the caller. */
export const calendarDay = z
  .string()
  .check(z.refine(isCalendarDay, bilingualError("Ngày phải có dạng yyyy-mm-dd và là ngày có thật", "A date is yyyy-mm-dd and a real calendar day")));

/** An instant with its offset (2026-12-31T23:30:00+07:00 or …Z), stored as given. */
export const instant = z
  .string()
  .check(
    z.refine(
      (value) =>
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
        !Number.isNaN(Date.parse(value)) &&
        isCalendarDay(value.slice(0, 10)),
      bilingualError("Thời điểm phải có dạng 2026-12-31T23:30:00+07:00", "A time is written 2026-12-31T23:30:00+07:00"),
    ),
  );

export const recordId = matching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "Mã bản ghi không hợp lệ", "Not a valid record id");

/** `?limit=` of a list: a whole number 1..max, `fallback` when absent. */
export function pageLimit(max = 100, fallback = 20) {
  return z._default(
    z.coerce
      .number()
      .check(
        z.refine(
          (value) => Number.isInteger(value) && value >= 1 && value <= max,
          bilingualError(`Số dòng mỗi trang từ 1 đến ${max}`, `Rows per page: 1 to ${max}`),
        ),
      ),
    fallback,
  );
}

/** `?cursor=` of a list (its meaning is checked by the cursor codec against the query). */
export const cursorParam = z
  .string()
  .check(z.refine((value) => value.length > 0 && value.length <= 2048, bilingualError("Con trỏ trang không hợp lệ", "Not a valid page cursor")));

/** The version the client read, for optimistic concurrency. */
export const expectedVersion = z
  .number()
  .check(z.refine((value) => Number.isInteger(value) && value >= 0, bilingualError("Phiên bản phải là số nguyên không âm", "A version is a whole number ≥ 0")));

/** Trimmed text of 1..max characters. */
export function text(max: number, min = 1) {
  return z.string().check(
    z.trim(),
    z.refine(
      (value) => value.length >= min && value.length <= max,
      bilingualError(
        min > 0 ? `Cần nhập từ ${min} đến ${max} ký tự` : `Tối đa ${max} ký tự`,
        min > 0 ? `Enter ${min} to ${max} characters` : `At most ${max} characters`,
      ),
    ),
  );
}

/**
 * The check of a query's day range: `from` not after `to` (both calendar days), the error named on
 * `field` (the one the form shows it next to).
 */
export function daysInOrder(field: "from" | "to") {
  return z.refine<{ from?: string | undefined; to?: string | undefined }>(
    (query) => query.from === undefined || query.to === undefined || query.from <= query.to,
    {
      ...bilingualError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc", "The first day must not be after the last"),
      path: [field],
    },
  );
}
