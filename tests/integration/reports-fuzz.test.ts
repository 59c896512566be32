import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { physicalTableName, type TableName } from "../../shared/tables.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Property-based fuzzing of the public report endpoint: thousands of generated hostile payloads —
 * arbitrary JSON, a valid report with at least one field made invalid (wrong types, unknown and
 * prototype-polluting fields, Unicode tricks, oversize text, bad codes, deep nesting), broken
 * JSON, wrong content types, form posts with junk — and for every one: no 5xx, a problem answer
 * (problem+json; the HTML problem page for plain form posts), and not one item written.
 *
 * It runs against the sample province ("tinh-mau"), whose report, idempotency and throttle tables
 * no other test writes to, so "nothing written" is checked on the whole tables.
 */
const province = "tinh-mau";
let system: OfficerApi;
let commune: string;

beforeAll(async () => {
  system = await startOfficerApi(province);
  commune = system.commune1;
});
afterAll(async () => {
  await system?.close();
});

const watchedTables: TableName[] = ["reports", "idempotency", "throttle"];

async function itemCount(): Promise<number> {
  let total = 0;
  for (const table of watchedTables) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await system.api.documents.send(
        new ScanCommand({ TableName: physicalTableName(province, table), Select: "COUNT", ExclusiveStartKey: startKey }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return total;
}

const validReport = () => ({
  commune,
  narrative: "Tôi bị chồng đánh",
  acts: ["a"],
  danger: "no",
  reporter: { anonymous: true },
  consentToContact: true,
});

/** Text a person might never type but an attacker will: each of these must be refused where it appears. */
const trickText = fc.constantFrom("a\u0000b", "x\u202Eexe.txt", "\u200Bhidden", "line\u2028break", "b\uFEFFom", "\uD800", "ctrl\u001B[31m", "\u0085next");
const scriptText = fc.constantFrom(
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "javascript:alert(1)",
  "{{constructor.constructor('x')()}}",
  "' OR 1=1 --",
);

/** A value of the wrong type for any field. */
const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

type Mutation = (report: Record<string, unknown>) => void;

/** Each mutation makes a valid report invalid, on its own. */
const invalidating: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record({ field: fc.constantFrom("commune", "narrative", "acts", "danger", "reporter", "consentToContact"), value: wrongType })
    // Only types that are wrong for the field: a boolean is a valid consent, any list could be valid acts.
    .filter(({ field, value }) => !(field === "consentToContact" && typeof value === "boolean") && !(field === "acts" && Array.isArray(value)))
    .map(({ field, value }) => (report: Record<string, unknown>) => {
      report[field] = value;
    }),
  fc.constantFrom("commune", "narrative", "danger", "reporter", "consentToContact").map((field) => (report: Record<string, unknown>) => {
    delete report[field];
  }),
  fc
    .record({
      name: fc.constantFrom("__proto__", "constructor", "prototype", "isAdmin", "status", "channel", "receivedBy", "id"),
      value: fc.jsonValue({ maxDepth: 2 }),
    })
    .map(({ name, value }) => (report: Record<string, unknown>) => {
      Object.defineProperty(report, name, { value, enumerable: true, configurable: true, writable: true });
    }),
  trickText.map((text) => (report: Record<string, unknown>) => {
    report.narrative = `Chuyện xảy ra ${text}`;
  }),
  fc.record({ text: trickText, field: fc.constantFrom("location", "narrative") }).map(({ text, field }) => (report: Record<string, unknown>) => {
    report[field] = text;
  }),
  fc.integer({ min: 5001, max: 20_000 }).map((length) => (report: Record<string, unknown>) => {
    report.narrative = "x".repeat(length);
  }),
  fc
    .string({ minLength: 1, maxLength: 8 })
    .filter((code) => !/^\d{5}$/.test(code))
    .map((code) => (report: Record<string, unknown>) => {
      report.commune = code;
    }),
  fc.constantFrom("00000", "99999", "12345").map((code) => (report: Record<string, unknown>) => {
    report.commune = code;
  }),
  fc
    .array(
      fc.string({ maxLength: 3 }).filter((act) => !["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q"].includes(act)),
      { minLength: 1, maxLength: 3 },
    )
    .map((acts) => (report: Record<string, unknown>) => {
      report.acts = acts;
    }),
  fc
    .constantFrom(
      ["a", "a"],
      Array.from({ length: 40 }, () => "a"),
    )
    .map((acts) => (report: Record<string, unknown>) => {
      report.acts = acts;
    }),
  fc.constantFrom("2999-01-01", "2026-02-30", "yesterday", "01/02/2026").map((day) => (report: Record<string, unknown>) => {
    report.occurredOn = day;
  }),
  fc
    .record({ name: fc.oneof(fc.constant(""), trickText), phone: fc.constantFrom("call me", "12", "+84 912 345 678 999 999 999", "<script>") })
    .map(({ name, phone }) => (report: Record<string, unknown>) => {
      report.reporter = { anonymous: false, name, phone };
    }),
  fc.constant<Mutation>((report: Record<string, unknown>) => {
    report.reporter = { anonymous: true, name: "Lan", phone: "0912345678" };
  }),
  fc.constant<Mutation>((report: Record<string, unknown>) => {
    let nested: Record<string, unknown> = {};
    const root = nested;
    for (let depth = 0; depth < 200; depth++) {
      nested.child = {};
      nested = nested.child as Record<string, unknown>;
    }
    report.victim = root;
  }),
  fc.string({ minLength: 1, maxLength: 200 }).map((text) => (report: Record<string, unknown>) => {
    report.website = text.trim() === "" ? "http://spam.example" : text;
  }),
  fc.constantFrom("maybe", "YES", "", "1").map((danger) => (report: Record<string, unknown>) => {
    report.danger = danger;
  }),
);

/** Noise that is harmless on its own (scripts are stored as text and escaped wherever shown), added to an invalid report. */
const noise: fc.Arbitrary<Mutation> = fc.oneof(
  scriptText.map((text) => (report: Record<string, unknown>) => {
    report.narrative = text;
  }),
  scriptText.map((text) => (report: Record<string, unknown>) => {
    report.location = text;
  }),
  fc.constant<Mutation>(() => {}),
);

const mutatedReport = fc.tuple(fc.array(invalidating, { minLength: 1, maxLength: 3 }), noise).map(([mutations, extra]) => {
  const report: Record<string, unknown> = validReport();
  extra(report);
  for (const mutate of mutations) mutate(report);
  return JSON.stringify(report);
});

interface Sent {
  contentType: string;
  body: string;
}

const hostileRequest: fc.Arbitrary<Sent> = fc.oneof(
  { weight: 6, arbitrary: mutatedReport.map((body) => ({ contentType: "application/json", body })) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => ({ contentType: "application/json", body: JSON.stringify(value) ?? "null" })) },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }).map((body) => ({ contentType: "application/json", body: `{${body}` })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("text/plain", "application/xml", "multipart/form-data; boundary=x", "application/octet-stream", ""), fc.string({ maxLength: 200 }))
      .map(([contentType, body]) => ({ contentType, body })),
  },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 50 })), { maxLength: 8 })
      .map((pairs) => ({ contentType: "application/x-www-form-urlencoded", body: new URLSearchParams(pairs).toString() })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 33 * 1024, max: 200 * 1024 })
      .map((size) => ({ contentType: "application/json", body: JSON.stringify({ ...validReport(), narrative: "n".repeat(size) }) })),
  },
);

describe("the public report endpoint under fuzzing", () => {
  it("answers thousands of hostile payloads with 4xx problems and writes nothing", async () => {
    const before = await itemCount();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (sent) => {
        const response = await fetch(`${system.api.url}/api/reports`, {
          method: "POST",
          headers: {
            ...(sent.contentType ? { "content-type": sent.contentType } : {}),
            "idempotency-key": crypto.randomUUID(),
          },
          body: sent.body,
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, text.slice(0, 500)).toBeGreaterThanOrEqual(400);
        expect(response.status, text.slice(0, 500)).toBeLessThan(500);
        const contentType = response.headers.get("content-type") ?? "";
        if (sent.contentType === "application/x-www-form-urlencoded") {
          // A plain form post is answered with the HTML problem page, for people without JavaScript.
          expect(contentType).toMatch(/^text\/html/);
          expect(text).not.toMatch(/<script/i);
        } else {
          expect(contentType).toMatch(/^application\/problem\+json/);
          const problem = JSON.parse(text) as { type: string; status: number; title: string; title_en: string };
          expect(problem.type).toMatch(/^urn:pcblgd:problem:/);
          expect(problem.status).toBe(response.status);
          expect(problem.title && problem.title_en).toBeTruthy();
        }
      }),
      { numRuns: 3000 },
    );
    expect(await itemCount()).toBe(before);
    // The run exercised several kinds of refusal, not one path 2000 times.
    expect([...statuses.keys()].sort()).toEqual(expect.arrayContaining([400, 413, 415]));
    // …and a valid report still goes through afterwards (the endpoint was alive all along).
    const valid = await system.call("POST", "/api/reports", { body: validReport(), headers: { "idempotency-key": crypto.randomUUID() } });
    expect(valid.status).toBe(201);
    expect(await itemCount()).toBeGreaterThan(before);
  }, 600_000);
});
