import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApi } from "../support/local-api.ts";

/** The second province file: a commune's own hotline, trusted addresses, a special zone. */
let api: Awaited<ReturnType<typeof startApi>>;

beforeAll(async () => {
  api = await startApi("tinh-mau");
});
afterAll(async () => {
  await api.close();
});

describe("a second province in the same account", () => {
  it("has its own communes, not Ninh Bình's", async () => {
    const body = (await api.get("/api/communes?limit=200")).json as { items: { code: string; fullName: string }[]; total: number };
    expect(body.total).toBe(3);
    expect(body.items.map((item) => item.fullName)).toContain("Đặc khu Hải Đảo");
    expect((await api.get("/api/hotlines?commune=13285")).status).toBe(400);
  });

  it("adds a commune's own hotline after the province-wide ones, only for that commune", async () => {
    const anHoa = (await api.get("/api/hotlines?commune=99001")).json as { items: { id: string; scope: string }[] };
    expect(anHoa.items.map((item) => item.scope)).toEqual(["province", "province", "99001"]);
    const binhDong = (await api.get("/api/hotlines?commune=99002")).json as { items: { id: string }[] };
    expect(binhDong.items.map((item) => item.id)).not.toContain("nhom-pcblgd-an-hoa");
  });

  it("lists the trusted addresses of one commune only", async () => {
    const body = (await api.get("/api/trusted-addresses?commune=99001")).json as { items: { id: string; commune: string; hours?: { vi: string } }[] };
    expect(body.items).toEqual([expect.objectContaining({ id: "tram-y-te-an-hoa", commune: "99001", hours: { vi: "24/7", en: "24/7" } })]);
    const none = (await api.get("/api/trusted-addresses?commune=99003")).json as { items: unknown[] };
    expect(none.items).toEqual([]);
  });
});
