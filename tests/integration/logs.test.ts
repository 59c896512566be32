import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureOutput, startApi } from "../support/local-api.ts";

/** The functions log at DEBUG here, their most talkative, and still no request data may appear. */
let api: Awaited<ReturnType<typeof startApi>>;

beforeAll(async () => {
  api = await startApi("ninh-binh", "DEBUG");
});
afterAll(async () => {
  await api.close();
});

describe("logs", () => {
  it("carry no request body, query value or client address", async () => {
    const marker = "Nguyen-Van-Bi-Mat-0912345678";
    const output = await captureOutput(async () => {
      await api.get(`/api/communes?q=${marker}`);
      await api.get(`/api/hotlines?commune=${marker}`);
      await api.get("/api/nowhere", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: marker }) });
      await api.get("/api/communes", { method: "POST", headers: { "content-type": "text/plain" }, body: marker });
    });
    // The access lines were written, so the capture works and the assertion below means something.
    expect(output.match(/"route":/g)).toHaveLength(4);
    expect(output).not.toContain(marker);
    expect(output).not.toContain("127.0.0.1");
  });
});
