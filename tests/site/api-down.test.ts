import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSite, type SiteUnderTest } from "./support.ts";

/**
 * The site-only server of these tests runs no database and no function environment: its /api/*
 * must answer as an unreachable API does (503 problem+json), not run a function that cannot start.
 */
let site: SiteUnderTest;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe("the site served without its API", () => {
  it("answers /api/* with 503 problem+json in Vietnamese and English", async () => {
    const response = await fetch(`${site.url}/api/directory`);
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, title: "Dịch vụ API không chạy ở đây" });
    expect(JSON.stringify(body)).toContain("The API is not running here");
  });

  it("still serves the pages", async () => {
    const response = await fetch(`${site.url}/`);
    expect(response.status).toBe(200);
  });
});
