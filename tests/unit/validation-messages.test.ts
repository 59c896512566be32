import { beforeAll, describe, expect, it, vi } from "vitest";
import { en, vi as viLocale } from "zod/locales";
import type * as z from "zod/mini";
import { httpFunctions } from "../../functions/catalogue.ts";
import type { RouteMap } from "../../functions/lib/http.ts";
import { fieldErrors } from "../../functions/lib/validation.ts";
import type { FunctionName } from "../../functions/routes.ts";
import { reportFormFieldNames } from "../../shared/reports.ts";
import { tableDefinitions } from "../../shared/tables.ts";

/**
 * Defect 1 of issue 18: "phải khớp với mẫu /^\+?[0-9]…/" reached a person who typed a short phone
 * number. This walks every schema of every route (query, path, body, and the public report form's
 * fields) with wrong values at every field it finds, and requires every field message to be one of
 * ours: Vietnamese and English that differ, never zod's own locale sentence, never a pattern.
 */
for (const definition of Object.values(tableDefinitions)) vi.stubEnv(definition.envVar, `pcblgd-test-${definition.name}`);
vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
vi.stubEnv("AWS_REGION", "ap-southeast-1");
vi.stubEnv("PROVINCE_SLUG", "ninh-binh");
vi.stubEnv("CASE_NUMBER_PREFIX", "NB");

const routeMaps = new Map<FunctionName, RouteMap>();
beforeAll(async () => {
  for (const [name, definition] of Object.entries(httpFunctions) as [FunctionName, (typeof httpFunctions)[FunctionName]][]) {
    const module = (await import(`../../${definition.entry}`)) as { handler: { routes: RouteMap } };
    // A handler wrapped for scheduled jobs must pass its route map on (`routes: http.routes`).
    if (module.handler.routes === undefined) throw new Error(`${name}: the handler does not expose its routes`);
    routeMaps.set(name, module.handler.routes);
  }
});

type Schema = z.ZodMiniType & { _zod: { def: Record<string, unknown> & { type: string } } };

/** The dotted paths of every field a schema has, however deep (objects, unions, arrays, wrappers). */
function fieldPaths(schema: Schema, prefix: string[] = [], seen = new Set<unknown>()): string[][] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def;
  const inner = (key: string) => fieldPaths(def[key] as Schema, prefix, seen);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      return [prefix, ...Object.entries(shape).flatMap(([key, child]) => fieldPaths(child, [...prefix, key], seen))];
    }
    case "optional":
    case "default":
    case "nullable":
    case "readonly":
    case "catch":
    case "nonoptional":
    case "prefault":
      return inner("innerType");
    case "pipe":
      return [...inner("in"), ...inner("out")];
    case "union":
      return [prefix, ...(def.options as Schema[]).flatMap((option) => fieldPaths(option, prefix, seen))];
    case "array":
      return [prefix, ...fieldPaths(def.element as Schema, [...prefix, "0"], seen)];
    default:
      return [prefix];
  }
}

/** Values people and clients actually send wrong. */
const wrongValues: unknown[] = [
  undefined,
  null,
  "",
  " ",
  "12345",
  "x",
  "nb-2026-1",
  "2026-02-30",
  "2026-13-01T25:00",
  "a".repeat(6_000),
  "\u202Etext",
  0,
  -1,
  1.5,
  1e12,
  true,
  [],
  ["z", "z"],
  {},
  { anonymous: false },
  { anonymous: true, phone: "1" },
];

function withValue(path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  return { [head]: withValue(rest, value) };
}

const zodVi = viLocale().localeError;
const zodEn = en().localeError;
const zodText = (locale: typeof zodVi, issue: z.core.$ZodIssue) => {
  const result = locale(issue as unknown as Parameters<typeof zodVi>[0]);
  return typeof result === "string" ? result : result?.message;
};

function checkMessages(schema: Schema, input: unknown, label: string) {
  const result = schema.safeParse(input);
  if (result.success) return 0;
  const errors = fieldErrors("body", result.error);
  for (const [index, error] of errors.entries()) {
    const issue = result.error.issues[Math.min(index, result.error.issues.length - 1)] as z.core.$ZodIssue;
    const where = `${label} ${error.field} ← ${JSON.stringify(input)?.slice(0, 80)}`;
    expect(error.message, where).toBeTruthy();
    expect(error.message_en, where).toBeTruthy();
    expect(error.message, `${where}: Vietnamese and English differ`).not.toBe(error.message_en);
    expect(error.message, where).not.toMatch(/\/\^|\$\/|Invalid input|mẫu|regex/i);
    expect(error.message_en, where).not.toMatch(/\/\^|\$\/|Invalid input|pattern|regex/i);
    if (issue.code !== "unrecognized_keys" && issue.code !== "custom") {
      expect(error.message, `${where}: zod's own sentence`).not.toBe(zodText(zodVi, issue));
      expect(error.message_en, `${where}: zod's own sentence`).not.toBe(zodText(zodEn, issue));
    }
  }
  return errors.length;
}

describe("every field message of every route is ours", () => {
  it("walks every query, path and body schema with wrong values at every field", () => {
    let checked = 0;
    let schemas = 0;
    for (const [name, routes] of routeMaps) {
      for (const [key, route] of Object.entries(routes)) {
        const parts = { query: route.query, path: route.path, body: route.body } as Record<string, Schema | undefined>;
        for (const [part, schema] of Object.entries(parts)) {
          if (!schema) continue;
          schemas += 1;
          for (const path of fieldPaths(schema)) {
            for (const value of wrongValues) checked += checkMessages(schema, withValue(path, value), `${name} ${key} ${part}`);
          }
          checked += checkMessages(schema, { unknownField: 1 }, `${name} ${key} ${part}`);
        }
      }
    }
    expect(schemas).toBeGreaterThan(30);
    expect(checked).toBeGreaterThan(500);
  }, 60_000);

  it("walks the public report form's fields (no JavaScript) the same way", () => {
    const route = routeMaps.get("reports")?.["POST /api/reports"];
    expect(route?.form).toBeDefined();
    const schema = route?.body as Schema;
    let checked = 0;
    for (const name of reportFormFieldNames) {
      for (const value of ["", "x", "12345", "no", "yes", "2026-02-30", "a".repeat(5000)]) {
        const fields = new URLSearchParams({ "reporter.anonymous": "no", [name]: value });
        checked += checkMessages(schema, route?.form?.toBody(fields), `report form ${name}`);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("names a short phone number in our words (the reported case)", () => {
    const schema = routeMaps.get("reports")?.["POST /api/reports"]?.body as Schema;
    const result = schema.safeParse({ reporter: { anonymous: false, name: "An", phone: "12345" } });
    const phone = result.success ? undefined : fieldErrors("body", result.error).find((error) => error.field === "body.reporter.phone");
    expect(phone?.message).toMatch(/^Số điện thoại không hợp lệ/);
    expect(phone?.message_en).toMatch(/^Not a valid phone number/);
  });
});
