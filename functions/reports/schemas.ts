import * as z from "zod/mini";
import { normalizeCaseNumber } from "../../shared/cases.ts";
import { reporterMessageLimits } from "../../shared/reporter-messages.ts";
import {
  ageBands,
  contactChannels,
  dangerAnswers,
  intakeChannels,
  reportChannels,
  reporterRelationships,
  reportFormFieldNames,
  reportLimits,
  reportStatuses,
  sexes,
  triageActions,
} from "../../shared/reports.ts";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { violenceActCodes } from "../../shared/violence-acts.ts";
import { kitSchemas } from "../lib/kit/index.ts";
import { bilingualError } from "../lib/validation.ts";

/**
 * The reports API's input schemas (the contract: shared/reports.ts). Every object is strict — an
 * unknown field is a 400 naming it — and every text passes `safeText`: Unicode tricks (control
 * characters, bidirectional overrides, invisible separators) are refused rather than stored,
 * because an officer reading a tampered narrative must see what was written.
 */

/** C0/C1 controls except tab and newlines; bidi embeddings/overrides/isolates; zero-width and BOM; line/paragraph separators. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are refused.
const trickCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF\uFFF9-\uFFFB]/u;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function safeText(max: number, required = false) {
  return z.string().check(
    z.trim(),
    z.normalize("NFC"),
    z.refine(
      (value) => !trickCharacters.test(value) && !loneSurrogate.test(value),
      bilingualError("Có ký tự điều khiển hoặc ký tự ẩn không được phép", "Contains control or invisible characters that are not allowed"),
    ),
    z.maxLength(max, bilingualError(`Tối đa ${String(max)} ký tự`, `At most ${String(max)} characters`)),
    ...(required ? [z.minLength(1, bilingualError("Không được để trống", "Must not be empty"))] : []),
  );
}

const { calendarDay, communeCode, cursorParam, instant, pageLimit } = kitSchemas;

const phone = kitSchemas.phone();

const pastDay = calendarDay.check(
  z.refine((value) => value <= vietnamDay(), bilingualError("Ngày không được ở tương lai", "The date cannot be in the future")),
);

const acts = z
  .array(z.enum(violenceActCodes as [string, ...string[]], bilingualError("Không phải một hành vi trong danh sách a–q", "Not one of the acts a–q")))
  .check(
    z.maxLength(violenceActCodes.length),
    z.refine((list) => new Set(list).size === list.length, bilingualError("Mỗi hành vi chỉ chọn một lần", "Each act at most once")),
  );

const victim = z.strictObject({
  sex: z.optional(z.enum(sexes)),
  ageBand: z.optional(z.enum(ageBands)),
  child: z.optional(z.boolean()),
});

const reporter = z.discriminatedUnion("anonymous", [
  z.strictObject({ anonymous: z.literal(true) }),
  z.strictObject({
    anonymous: z.literal(false),
    name: safeText(reportLimits.name, true),
    phone,
    relationship: z.optional(z.enum(reporterRelationships)),
  }),
]);

const safeContact = z.strictObject({
  mayCall: z.boolean(),
  when: z.optional(safeText(reportLimits.when)),
  channel: z.optional(z.enum(contactChannels)),
  neverCall: z.optional(phone),
});

const reportFields = {
  commune: communeCode,
  narrative: safeText(reportLimits.narrative, true),
  acts: z._default(acts, []),
  occurredOn: z.optional(pastDay),
  location: z.optional(safeText(reportLimits.location)),
  danger: z.enum(dangerAnswers),
  victim: z.optional(victim),
  reporter,
  safeContact: z.optional(safeContact),
  consentToContact: z.boolean(),
};

/**
 * "You may call me" needs a number to call: an anonymous reporter who says yes is asked to give
 * their name and number, or to say no (issue 18) — never accepted with nobody to call back.
 */
const callableIfMayCall = z.superRefine((input: { reporter: { anonymous: boolean }; safeContact?: { mayCall: boolean } | undefined }, ctx) => {
  if (input.safeContact?.mayCall === true && input.reporter.anonymous) {
    ctx.issues.push({
      code: "custom",
      path: ["safeContact", "mayCall"],
      message: "Để được gọi lại, hãy chọn “Tôi cho biết tên và số điện thoại” và ghi số, hoặc chọn “Không, đừng gọi”.",
      params: { en: "To be called back, choose “I give my name and phone number” and write the number, or choose “No, do not call”." },
      input: input.safeContact.mayCall,
    });
  }
});

export const publicReportSchema = z
  .strictObject({
    ...reportFields,
    /** Honeypot: people never see it; anything in it marks a robot. */
    website: z.optional(z.string().check(z.maxLength(200))),
    /** The no-JavaScript form's idempotency key (JavaScript sends the Idempotency-Key header). */
    idempotencyKey: z.optional(z.string().check(z.maxLength(200))),
  })
  .check(callableIfMayCall);
export type PublicReportBody = z.infer<typeof publicReportSchema>;

export const intakeSchema = z
  .strictObject({
    ...reportFields,
    channel: z.enum(intakeChannels),
    receivedAt: z.iso
      .datetime({ offset: true })
      .check(
        z.refine(
          (value) => Date.parse(value) <= Date.now() + 5 * 60_000,
          bilingualError("Thời điểm tiếp nhận không được ở tương lai", "The time received cannot be in the future"),
        ),
      ),
    receivedByName: z.optional(safeText(reportLimits.receivedByName)),
  })
  .check(callableIfMayCall);
export type IntakeBody = z.infer<typeof intakeSchema>;

const receiptCodeField = z.string().check(z.maxLength(64, bilingualError("Mã biên nhận quá dài", "The receipt code is too long")));

export const receiptStatusSchema = z.strictObject({ receiptCode: receiptCodeField });
export const receiptAdditionSchema = z.strictObject({ receiptCode: receiptCodeField, text: safeText(reportLimits.addition, true) });
export const receiptReplySchema = z.strictObject({ receiptCode: receiptCodeField, text: safeText(reporterMessageLimits.text, true) });
export const officerMessageSchema = z.strictObject({ text: safeText(reporterMessageLimits.text, true) });

export const triageSchema = z
  .strictObject({
    action: z.enum(triageActions),
    expectedVersion: z.int().check(z.minimum(1)),
    reason: z.optional(safeText(reportLimits.reason)),
    caseId: z.optional(kitSchemas.matching(/^[0-9a-f-]{36}$/, "Mã vụ việc không hợp lệ", "Not a valid case id")),
    /** What officers see and type: "NB-2026-000001" (any case, leading zeros optional). */
    caseNumber: z.optional(
      z
        .string()
        .check(
          z.refine(
            (typed) => normalizeCaseNumber(typed) !== undefined,
            bilingualError("Số vụ việc theo dạng NB-2026-000123", "A case number like NB-2026-000123"),
          ),
        ),
    ),
  })
  .check(
    z.superRefine((input, ctx) => {
      if ((input.action === "not-dv" || input.action === "duplicate" || input.action === "referred") && !input.reason) {
        ctx.issues.push({ code: "custom", path: ["reason"], message: "Cần ghi lý do", params: { en: "A reason is required" }, input: input.reason });
      }
      if (input.action === "link-case" && !input.caseId && !input.caseNumber) {
        ctx.issues.push({
          code: "custom",
          path: ["caseNumber"],
          message: "Cần chọn vụ việc để gộp",
          params: { en: "Choose the case to link to" },
          input: input.caseId,
        });
      }
    }),
  );

export const inboxQuerySchema = z
  .strictObject({
    status: z.optional(z.enum(reportStatuses)),
    channel: z.optional(z.enum(reportChannels)),
    from: z.optional(calendarDay),
    to: z.optional(calendarDay),
    /** Received before this instant (the province dashboard's "waiting over 48 h" links here with its own cut-off). */
    receivedBefore: z.optional(instant),
    limit: pageLimit(100, 25),
    cursor: z.optional(cursorParam),
  })
  .check(kitSchemas.daysInOrder("to"));

export const reportPath = z.strictObject({
  reportId: kitSchemas.matching(/^[0-9a-f-]{36}$/, "Mã tin báo không hợp lệ", "Not a valid report id"),
});
export const communePath = z.strictObject({ commune: communeCode });

// ——— Plain form posts (no JavaScript) ———

const yes = (value: string | null) => value === "yes" || value === "on" || value === "true";
const present = (value: string | null) => (value === null || value.trim() === "" ? undefined : value);

/**
 * The fields of the no-JavaScript report form (names in shared/reports.ts) in the JSON body's
 * shape. Unknown names are kept, so the strict schema names them in its answer; empty optional
 * fields are dropped, as a browser sends every input.
 */
export function reportFormToBody(fields: URLSearchParams): unknown {
  const known = new Set<string>(reportFormFieldNames);
  const get = (name: string) => present(fields.get(name));
  const anonymous = fields.get("reporter.anonymous") !== "no";
  const victimFields = {
    sex: get("victim.sex"),
    ageBand: get("victim.ageBand"),
    ...(fields.has("victim.child") ? { child: yes(fields.get("victim.child")) } : {}),
  };
  const safeContactGiven = ["safeContact.mayCall", "safeContact.when", "safeContact.channel", "safeContact.neverCall"].some((name) => get(name) !== undefined);
  const body: Record<string, unknown> = {
    commune: fields.get("commune") ?? "",
    narrative: fields.get("narrative") ?? "",
    acts: fields.getAll("acts"),
    occurredOn: get("occurredOn"),
    location: get("location"),
    danger: fields.get("danger") ?? "unknown",
    victim: Object.values(victimFields).some((value) => value !== undefined) ? victimFields : undefined,
    reporter: anonymous
      ? { anonymous: true }
      : { anonymous: false, name: fields.get("reporter.name") ?? "", phone: fields.get("reporter.phone") ?? "", relationship: get("reporter.relationship") },
    safeContact: safeContactGiven
      ? {
          mayCall: yes(fields.get("safeContact.mayCall")),
          when: get("safeContact.when"),
          channel: get("safeContact.channel"),
          neverCall: get("safeContact.neverCall"),
        }
      : undefined,
    consentToContact: yes(fields.get("consentToContact")),
    website: get("website"),
    idempotencyKey: get("idempotencyKey"),
  };
  for (const name of new Set(fields.keys())) if (!known.has(name)) body[name] = fields.get(name);
  return JSON.parse(JSON.stringify(body));
}

export function receiptFormToBody(fields: URLSearchParams, withText: boolean): unknown {
  const body: Record<string, unknown> = { receiptCode: fields.get("receiptCode") ?? "" };
  if (withText) body.text = fields.get("text") ?? "";
  for (const name of new Set(fields.keys())) if (!(name in body)) body[name] = fields.get(name);
  return body;
}
