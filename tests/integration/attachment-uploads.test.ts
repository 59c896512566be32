import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commendationHelpers, tinyPdf } from "../support/access-matrix/commendations.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Evidence uploads are single-use (issue 15): the address the API hands out accepts ONE PUT of
 * the announced type and size; what the function checked on confirm is what is served, and nothing
 * sent to the address afterwards replaces it. The local receiver (infra/local/uploads.ts) behaves
 * as the S3 presigned PUT does (`If-None-Match: *` to an incoming key; the evidence key is written
 * by the function only).
 */
let system: OfficerApi;
const help = commendationHelpers(() => system);
const { tokens, expectStatus } = help;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
});
afterAll(async () => {
  await system?.close();
});

const nominationUrl = (id: string) => `/api/commendations/nominations/${id}`;
/** Another valid PDF of the same length: a swap the size and type checks alone would not notice. */
const otherPdf = Buffer.from(tinyPdf.toString("latin1").replace("1 0 obj", "6 6 obj"), "latin1");

async function start(nominationId: string) {
  return expectStatus(
    system.call("POST", `${nominationUrl(nominationId)}/attachments`, {
      token: tokens.communeOfficer(),
      body: { fileName: "bien-ban.pdf", contentType: "application/pdf", size: tinyPdf.length },
    }),
    201,
  );
}

const put = (upload: { url: string; headers: Record<string, string> }, bytes: Buffer) =>
  fetch(new URL(upload.url, system.api.url), { method: "PUT", headers: upload.headers, body: new Uint8Array(bytes) });

async function download(nominationId: string, attachmentId: string) {
  const response = await fetch(`${system.api.url}${nominationUrl(nominationId)}/attachments/${attachmentId}`, {
    headers: { authorization: `Bearer ${tokens.communeOfficer()}` },
  });
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

describe("an evidence upload address", () => {
  it("accepts one PUT: a second one, before or after confirmation, is refused and changes nothing served", async () => {
    expect(otherPdf.length).toBe(tinyPdf.length);
    const draft = await help.nomination("draft");
    const started = await start(draft.id);
    expect((await put(started.upload, tinyPdf)).status).toBe(200);
    const again = await put(started.upload, otherPdf);
    expect(again.status).toBe(412);

    await expectStatus(system.call("POST", `${nominationUrl(draft.id)}/attachments/${started.attachment.id}/confirm`, { token: tokens.communeOfficer() }), 200);
    const afterConfirm = await put(started.upload, otherPdf);
    expect(afterConfirm.status).toBe(412);
    expect((await download(draft.id, started.attachment.id)).equals(tinyPdf)).toBe(true);
    // As S3 is asked to: create the object only if it does not exist (a signed header).
    expect(started.upload.headers["if-none-match"]).toBe("*");
  });

  it("serves what was checked at confirmation, not the upload address's object", async () => {
    const draft = await help.nomination("draft");
    const started = await start(draft.id);
    const uploadPath = new URL(started.upload.url, system.api.url).pathname;
    // The address names an incoming object, never the evidence object that is served.
    expect(uploadPath).toMatch(/\/incoming\//);
    expect(await put(started.upload, tinyPdf)).toHaveProperty("status", 200);
    await expectStatus(system.call("POST", `${nominationUrl(draft.id)}/attachments/${started.attachment.id}/confirm`, { token: tokens.communeOfficer() }), 200);
    // Confirming again is harmless and serves the same bytes.
    await expectStatus(system.call("POST", `${nominationUrl(draft.id)}/attachments/${started.attachment.id}/confirm`, { token: tokens.communeOfficer() }), 200);
    expect((await download(draft.id, started.attachment.id)).equals(tinyPdf)).toBe(true);
  });
});
