import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { buildEncrypt } from "@aws-crypto/encrypt-node";
import { AlgorithmSuiteIdentifier, CommitmentPolicy } from "@aws-crypto/material-management-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FunctionDefinition, httpFunctions, seedFunction, statisticsProjectorFunction } from "../../functions/catalogue.ts";
import { FieldCipher, localKeyring } from "../../functions/lib/field-encryption.ts";
import { bundleFunction } from "../../infra/bundling.ts";

/**
 * Every function's bundle (the same esbuild options as the deploy: infra/bundling.ts) against its
 * size budget in functions/catalogue.ts: the bytes a cold start loads (entry file and the chunks
 * it imports statically) as a multiple of the same for a bundle holding only the bare DynamoDB
 * client, built here too with the same options, so the check holds whatever the SDK's own size does.
 */
const dir = mkdtempSync(join(tmpdir(), "pcblgd-bundles-"));
let baseline = 0;

beforeAll(async () => {
  baseline = (await bundleFunction("tests/bench/baseline-handler.ts", join(dir, "baseline", "index.mjs"))).bytes;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const functions: [string, FunctionDefinition][] = [
  ...Object.entries(httpFunctions),
  ["seed", seedFunction],
  ["statistics-projector", statisticsProjectorFunction],
];

describe.each(functions)("the %s function's bundle", (name, definition) => {
  it(`stays within ${String(definition.bundleBudget)}× the bare DynamoDB client`, async () => {
    const built = await bundleFunction(definition.entry, join(dir, name, "index.mjs"));
    expect(baseline).toBeGreaterThan(100 * 1024);
    // What routes reach only through `await import()` (DOCX and XLSX writers, the Cognito and S3 clients) is not loaded at a cold start.
    expect(built.totalBytes).toBeGreaterThanOrEqual(built.bytes);
    expect(built.bytes / baseline, `${name}: ${String(Math.round(built.bytes / 1024))} KB`).toBeLessThanOrEqual(definition.bundleBudget);
  });
});

describe("the tracer", () => {
  it("is bundled only when a deployment asks for SDK tracing", async () => {
    const inputs = async (sdkTracing: boolean) => {
      const built = await bundleFunction("functions/directory/handler.ts", join(dir, `tracing-${String(sdkTracing)}`, "index.mjs"), { sdkTracing });
      return Object.keys(built.metafile.inputs);
    };
    expect((await inputs(false)).some((input) => input.includes("aws-xray-sdk-core"))).toBe(false);
    expect((await inputs(true)).some((input) => input.includes("aws-xray-sdk-core"))).toBe(true);
  });
});

describe("a public-only function", () => {
  it("bundles neither the ID-token verifier nor another domain's route table", async () => {
    const built = await bundleFunction("functions/directory/handler.ts", join(dir, "directory-inputs", "index.mjs"));
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs.filter((input) => input.includes("aws-jwt-verify") || input.endsWith("officer-access.ts"))).toEqual([]);
    expect(inputs.filter((input) => input.endsWith("route-table.ts"))).toEqual(["functions/directory/route-table.ts"]);
  });
});

describe("the admin function (every officer's first request, GET /api/me)", () => {
  it("bundles none of the officer administration: that is the officers function's", async () => {
    const inputs = async (entry: string, name: string) => Object.keys((await bundleFunction(entry, join(dir, name, "index.mjs"))).metafile.inputs);
    const administration = (input: string) =>
      [
        "functions/admin/service.ts",
        "functions/admin/bulk-import.ts",
        "functions/admin/officer-directory.ts",
        "functions/admin/cognito-officer-directory.ts",
      ].some((path) => input.endsWith(path)) || input.includes("client-cognito-identity-provider");
    expect((await inputs("functions/admin/handler.ts", "admin-inputs")).filter(administration)).toEqual([]);
    // The same check finds them in the function that does administer officers (the Cognito client as a lazy chunk).
    expect((await inputs("functions/admin/officers-handler.ts", "officers-inputs")).filter(administration).length).toBeGreaterThanOrEqual(5);
  });
});

describe("the field cipher as bundled (asn1.js left out)", () => {
  const context = { province: "ninh-binh", table: "cases", recordId: "bundle-check" };
  const fields = ["name", "address"] as const;
  const key = randomBytes(32);
  let bundled: typeof import("../support/bundled-cipher-entry.ts");

  beforeAll(async () => {
    const built = await bundleFunction("tests/support/bundled-cipher-entry.ts", join(dir, "cipher", "index.mjs"));
    expect(Object.keys(built.metafile.inputs).filter((input) => input.includes("node_modules/asn1.js"))).toEqual([]);
    bundled = await import(pathToFileURL(built.outfile).href);
  });

  it("leaves asn1.js out of every encrypting function", async () => {
    const built = await bundleFunction(httpFunctions.cases.entry, join(dir, "cases-inputs", "index.mjs"));
    const inputs = Object.keys(built.metafile.inputs);
    expect(inputs.some((input) => input.includes("@aws-crypto/decrypt-node"))).toBe(true);
    expect(inputs.filter((input) => input.includes("node_modules/asn1.js"))).toEqual([]);
  });

  it("seals and opens records, small and large, and reads what the unbundled cipher wrote", async () => {
    const cipher = new bundled.FieldCipher(bundled.localKeyring(key));
    const plain = new FieldCipher(localKeyring(key));
    for (const size of [1, 4_000, 70_000]) {
      const record = { caseId: "c1", name: "Nguyễn Thị Hoa".repeat(Math.ceil(size / 14)).slice(0, size), address: "Xóm 3, thôn Đông" };
      const sealed = await cipher.encryptFields(record, fields, context);
      expect(JSON.stringify(sealed)).not.toContain("Xóm 3");
      expect(await plain.decryptFields(sealed, fields, context)).toEqual(record);
      expect(await cipher.decryptFields(await plain.encryptFields(record, fields, context), fields, context)).toEqual(record);
    }
  });

  it("refuses a message of a signing suite (which would need asn1.js) as undecryptable", async () => {
    const { encrypt } = buildEncrypt({ commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT });
    const keyring = localKeyring(key);
    const { result } = await encrypt(keyring, Buffer.from(JSON.stringify({ name: "Trần Văn A" })), {
      encryptionContext: { ...context, fields: "name" },
      suiteId: AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384,
    });
    const cipher = new bundled.FieldCipher(bundled.localKeyring(key));
    await expect(cipher.decryptFields({ sealed: result.toString("base64") }, fields, context)).rejects.toThrow(/could not be decrypted/);
  });
});
