import { readdirSync, readFileSync } from "node:fs";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import {
  bindingOf,
  decodeCursor,
  encodeCursor,
  flag,
  guardCursor,
  InvalidCursorError,
  integer,
  keyCursor,
  NotFoundError,
  oneOf,
  optional,
  RuleError,
  required,
  StaleError,
  settings,
} from "../../functions/lib/kit/index.ts";
import { calendarDay, communeCode, instant, pageLimit, text } from "../../functions/lib/kit/schemas.ts";

describe("cursor codec", () => {
  const binding = bindingOf("cases", "13285", { status: "open" });
  const codec = keyCursor(binding, { keyNames: ["pk", "sk"], partition: { name: "pk", value: "COMMUNE#13285" } });

  it("round-trips a key for the same query", () => {
    const key = { pk: "COMMUNE#13285", sk: "CASE#2026#000001" };
    expect(codec.decode(codec.encode(key))).toEqual(key);
  });

  it("refuses a cursor of another query, another partition, a tampered and a garbage one", () => {
    const other = keyCursor(bindingOf("cases", "13291", { status: "open" }), { keyNames: ["pk", "sk"], partition: { name: "pk", value: "COMMUNE#13291" } });
    const foreign = other.encode({ pk: "COMMUNE#13291", sk: "x" });
    expect(() => codec.decode(foreign)).toThrow(InvalidCursorError);
    const forgedPartition = encodeCursor({ pk: "COMMUNE#13291", sk: "x" }, binding);
    expect(() => codec.decode(forgedPartition)).toThrow(InvalidCursorError);
    const extraKey = encodeCursor({ pk: "COMMUNE#13285", sk: "x", other: "y" }, binding);
    expect(() => codec.decode(extraKey)).toThrow(InvalidCursorError);
    for (const garbage of ["", "%%%", "bm90IGpzb24", "a".repeat(3000), Buffer.from("[1,2]").toString("base64url")]) {
      expect(() => codec.decode(garbage)).toThrow(InvalidCursorError);
    }
  });

  it("binds filters regardless of their order, ignoring absent ones", () => {
    expect(bindingOf("r", "p", { a: 1, b: undefined, c: 2 })).toBe(bindingOf("r", "p", { c: 2, a: 1 }));
    expect(bindingOf("r", "p", { a: 1 })).not.toBe(bindingOf("r", "p", { a: 2 }));
    expect(() => decodeCursor(encodeCursor({ d: "2026-01-01" }, "one"), "two")).toThrow(InvalidCursorError);
  });

  it("turns DynamoDB's refusal of a start key into an invalid cursor, other errors pass", async () => {
    const refusal = Object.assign(new Error("The provided starting key does not match the range key predicate"), { name: "ValidationException" });
    await expect(guardCursor(Promise.reject(refusal))).rejects.toBeInstanceOf(InvalidCursorError);
    const other = Object.assign(new Error("boom"), { name: "ValidationException" });
    await expect(guardCursor(Promise.reject(other))).rejects.toBe(other);
  });
});

describe("domain errors map to problems", () => {
  it("rule → 400 naming the field, stale → 409 with current, not found → 404, cursor → 400 query.cursor", () => {
    expect(new RuleError("body.endsAt", "tối đa 3 ngày", "at most 3 days").toProblem().problem).toMatchObject({
      status: 400,
      errors: [{ field: "body.endsAt", message: "tối đa 3 ngày", message_en: "at most 3 days" }],
    });
    expect(new StaleError({ version: 3 }).toProblem().problem).toMatchObject({ status: 409, current: { version: 3 } });
    expect(new NotFoundError().toProblem().statusCode).toBe(404);
    expect(new InvalidCursorError().toProblem().problem).toMatchObject({ status: 400, errors: [{ field: "query.cursor" }] });
  });
});

describe("settings", () => {
  it("reads each variable at first use, fails loudly on a missing required one", () => {
    const env: NodeJS.ProcessEnv = { TABLE: "t", N: "5", F: "true", K: "kms" };
    const config = settings(
      {
        table: required("TABLE"),
        missing: required("NOPE"),
        sender: optional("SENDER", "none"),
        n: integer("N", 1),
        f: flag("F"),
        k: oneOf("K", ["kms", "local"]),
      },
      env,
    );
    expect(config.table).toBe("t");
    expect(config.sender).toBe("none");
    expect(config.n).toBe(5);
    expect(config.f).toBe(true);
    expect(config.k).toBe("kms");
    expect(() => config.missing).toThrow(/NOPE/);
    env.TABLE = "changed";
    expect(config.table).toBe("t");
    config.reset();
    expect(config.table).toBe("changed");
    expect(() => settings({ n: integer("N", 1) }, { N: "x" }).n).toThrow(/whole number/);
  });

  it("gives a flag its fallback when unset, and refuses anything but true/false/1/0", () => {
    const config = settings({ on: flag("ON", true), off: flag("OFF", true), unset: flag("UNSET") }, { OFF: "false" });
    expect([config.on, config.off, config.unset]).toEqual([true, false, false]);
    expect(() => settings({ f: flag("F", true) }, { F: "yes" }).f).toThrow(/true or false/);
  });
});

/**
 * Every environment setting of the functions is declared with the kit's `settings({...})`, so a
 * function's configuration is read (and fails loudly) in one place: no module reads process.env
 * by itself. Comments are ignored; a file that must read it raw goes in the allow-list, with why.
 */
describe("settings are read in one place", () => {
  const allowed: Record<string, string> = {
    "functions/lib/kit/config.ts": "the settings reader itself",
  };
  const root = fileURLToPath(new URL("../../", import.meta.url));

  it("finds process.env nowhere in functions/ outside the kit's settings module", () => {
    const files = readdirSync(join(root, "functions"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
    expect(files.length).toBeGreaterThan(50);
    const readers = files
      .map((file) => `functions/${file.split(sep).join("/")}`)
      .filter((file) => !(file in allowed))
      .filter((file) => {
        const code = readFileSync(join(root, file), "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
        return /\bprocess\s*\.\s*env\b|\bprocess\s*\[\s*["'`]env/.test(code);
      });
    expect(readers).toEqual([]);
  });
});

describe("schema primitives", () => {
  it("agree on calendar days and commune codes, with our own messages", () => {
    expect(z.safeParse(calendarDay, "2026-02-28").success).toBe(true);
    const bad = z.safeParse(calendarDay, "2026-02-30");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toMatch(/ngày có thật/);
    expect(z.safeParse(communeCode, "13285").success).toBe(true);
    expect(z.safeParse(communeCode, "1328").success).toBe(false);
    expect(z.safeParse(instant, "2026-12-31T23:30:00+07:00").success).toBe(true);
    expect(z.safeParse(instant, "2026-12-32T23:30:00+07:00").success).toBe(false);
    expect(z.parse(pageLimit(50, 20), undefined)).toBe(20);
    expect(z.safeParse(pageLimit(50, 20), "51").success).toBe(false);
    expect(z.parse(text(10), "  abc  ")).toBe("abc");
    expect(z.safeParse(text(3), "abcd").success).toBe(false);
  });
});

describe("kit messages reach people as written", () => {
  it("answers a pattern mismatch with our message, never the pattern", async () => {
    const { fieldErrors } = await import("../../functions/lib/validation.ts");
    const { recordId } = await import("../../functions/lib/kit/schemas.ts");
    const result = z.safeParse(z.strictObject({ id: recordId, commune: communeCode }), { id: "x", commune: "1" });
    const errors = result.success ? [] : fieldErrors("path", result.error);
    expect(errors.map((error) => error.message)).toEqual(["Mã bản ghi không hợp lệ", "Mã xã/phường gồm đúng 5 chữ số"]);
    expect(JSON.stringify(errors)).not.toMatch(/mẫu|pattern|\^/);
  });
});
