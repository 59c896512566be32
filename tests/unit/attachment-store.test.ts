import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it, vi } from "vitest";
import { incomingKeyOf, s3AttachmentStore } from "../../functions/commendations/attachments.ts";

/**
 * The S3 attachment store's single-use uploads (no S3 here: the presigned address is inspected,
 * and the store's requests are recorded with aws-sdk-client-mock).
 */
vi.stubEnv("AWS_REGION", "ap-southeast-1");
vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

const key = "nominations/0b8a1c9e-0d4f-4f7a-9a55-1c2d3e4f5a6b/5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f";
const s3 = mockClient(S3Client);
afterEach(() => s3.reset());

describe("the S3 attachment store", () => {
  it("signs a PUT of the incoming key with the type, the exact length and If-None-Match: *", async () => {
    const store = await s3AttachmentStore("evidence-bucket");
    const target = await store.uploadTarget(key, "application/pdf", 1234);
    const url = new URL(target.url);
    expect(decodeURIComponent(url.pathname)).toBe(`/${incomingKeyOf(key)}`);
    expect(url.searchParams.get("X-Amz-SignedHeaders")?.split(";")).toEqual(expect.arrayContaining(["content-length", "content-type", "if-none-match"]));
    expect(target.headers).toEqual({ "content-type": "application/pdf", "if-none-match": "*" });
  });

  it("promotes the checked bytes to the evidence key once and leaves a tombstone at the address", async () => {
    s3.on(PutObjectCommand).resolves({});
    const store = await s3AttachmentStore("evidence-bucket");
    const bytes = new TextEncoder().encode("%PDF-1.4");
    await store.promote(key, bytes, "application/pdf");
    const puts = s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);
    expect(puts).toEqual([
      expect.objectContaining({ Key: key, Body: bytes, IfNoneMatch: "*", ContentType: "application/pdf" }),
      expect.objectContaining({ Key: incomingKeyOf(key), Body: new Uint8Array() }),
    ]);
  });

  it("keeps existing evidence when an earlier confirm already promoted it (412), and reads a tombstone as nothing", async () => {
    s3.on(PutObjectCommand, { Key: key }).rejects(
      Object.assign(new Error("At least one of the pre-conditions you specified did not hold"), {
        name: "PreconditionFailed",
        $metadata: { httpStatusCode: 412 },
      }),
    );
    s3.on(PutObjectCommand, { Key: incomingKeyOf(key) }).resolves({});
    const store = await s3AttachmentStore("evidence-bucket");
    await expect(store.promote(key, new Uint8Array([1]), "application/pdf")).resolves.toBeUndefined();
    s3.on(GetObjectCommand).resolves({ ContentLength: 0, Body: { transformToByteArray: async () => new Uint8Array() } as never });
    expect(await store.readUpload(key)).toBeUndefined();
  });
});
