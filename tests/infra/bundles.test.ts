import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunctionDefinition, httpFunctions, seedFunction } from "../../functions/catalogue.ts";
import { bundleFunction } from "../../infra/bundling.ts";

/**
 * Every function's bundle (the same esbuild options as the deploy: infra/bundling.ts) against its
 * size budget in functions/catalogue.ts — a multiple of a bundle holding only the bare DynamoDB
 * client, built here too, so the check holds whatever the SDK's own size does.
 */
const dir = mkdtempSync(join(tmpdir(), "pcblgd-bundles-"));
let baseline = 0;

beforeAll(async () => {
  baseline = (await bundleFunction("tests/bench/baseline-handler.ts", join(dir, "baseline", "index.mjs"))).bytes;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const functions: [string, FunctionDefinition][] = [...Object.entries(httpFunctions), ["seed", seedFunction]];

describe.each(functions)("the %s function's bundle", (name, definition) => {
  it(`stays within ${String(definition.bundleBudget)}× the bare DynamoDB client`, async () => {
    const built = await bundleFunction(definition.entry, join(dir, name, "index.mjs"));
    expect(baseline).toBeGreaterThan(100 * 1024);
    expect(built.bytes / baseline, `${name}: ${String(Math.round(built.bytes / 1024))} KB`).toBeLessThanOrEqual(definition.bundleBudget);
  });
});
