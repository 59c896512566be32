import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listProvinceSlugs, loadAllProvinces, loadProvince } from "../../infra/provinces/index.ts";
import { communeFullName, parseProvince } from "../../shared/province.ts";

const valid = () =>
  structuredClone(loadProvince("tinh-mau")) as Record<string, unknown> & { communes: Record<string, unknown>[]; hotlines: Record<string, unknown>[] };

describe("province files", () => {
  it("all validate", () => {
    expect(loadAllProvinces().map((province) => province.slug)).toEqual(listProvinceSlugs());
    expect(listProvinceSlugs().length).toBeGreaterThanOrEqual(2);
  });

  it("Ninh Bình has its 129 communes (97 xã, 32 phường) with official codes, and 111 and 113", () => {
    const province = loadProvince("ninh-binh");
    expect(province.code).toBe("37");
    expect(province.region).toBe("ap-southeast-1");
    expect(province.communes).toHaveLength(129);
    expect(province.communes.filter((commune) => commune.type === "xa")).toHaveLength(97);
    expect(province.communes.filter((commune) => commune.type === "phuong")).toHaveLength(32);
    const phuLy = province.communes.find((commune) => commune.code === "13285");
    expect(phuLy && communeFullName(phuLy)).toBe("Phường Phủ Lý");
    expect(province.hotlines.map((hotline) => hotline.number)).toEqual(expect.arrayContaining(["111", "113"]));
  });

  it("an unknown province names the known ones", () => {
    expect(() => loadProvince("ha-noi")).toThrow(/ha-noi.*ninh-binh, tinh-mau/s);
  });
});

describe("a bad province file", () => {
  it.each([
    ["a commune code of 4 digits", (p: ReturnType<typeof valid>) => (p.communes[0] = { ...p.communes[0], code: "9900" }), "communes.0.code"],
    ["an unknown commune type", (p: ReturnType<typeof valid>) => (p.communes[1] = { ...p.communes[1], type: "huyen" }), "communes.1.type"],
    ["a missing admin e-mail", (p: ReturnType<typeof valid>) => delete p.initialAdminEmail, "initialAdminEmail"],
    [
      "a hotline for a commune of another province",
      (p: ReturnType<typeof valid>) => (p.hotlines[2] = { ...p.hotlines[2], scope: "13285" }),
      "hotlines.2.scope",
    ],
    ["a duplicate commune code", (p: ReturnType<typeof valid>) => (p.communes[2] = { ...p.communes[2], code: "99001" }), "communes.2.code"],
    ["an unknown field", (p: ReturnType<typeof valid>) => (p.districts = []), "(file): unknown field(s) districts"],
    ["a bad region", (p: ReturnType<typeof valid>) => (p.region = "Singapore"), "region"],
  ])("fails with a message naming the field for %s", (_name, breakIt, field) => {
    const province = valid();
    breakIt(province);
    expect(() => parseProvince(province, "test.json")).toThrow(new RegExp(`test\\.json[\\s\\S]*- ${field.replace(/[().]/g, "\\$&")}`));
  });

  it("defaults the region to ap-southeast-1 and the locale to vi", () => {
    const province = valid();
    delete province.region;
    delete province.defaultLocale;
    expect(parseProvince(province, "x")).toMatchObject({ region: "ap-southeast-1", defaultLocale: "vi" });
  });

  it("says “free” once per hotline: in `free`, which the pages show as a badge, not again in its hours (issue 18)", () => {
    const province = valid();
    (province.hotlines[0] as { hours: unknown }).hours = { vi: "24/7, miễn phí", en: "24/7, free of charge" };
    expect(() => parseProvince(province, "tinh-mau")).toThrow(/miễn phí/);
    for (const slug of listProvinceSlugs())
      for (const hotline of loadProvince(slug).hotlines) expect(`${hotline.hours.vi} ${hotline.hours.en}`).not.toMatch(/miễn phí|free/i);
  });

  it("must carry the slug of its file name", () => {
    const dir = mkdtempSync(join(tmpdir(), "provinces-"));
    writeFileSync(join(dir, "other.json"), JSON.stringify(valid()));
    expect(() => loadProvince("other", dir)).toThrow(/slug.*must match the file name "other"/);
  });

  it("that is not JSON says which file", () => {
    const dir = mkdtempSync(join(tmpdir(), "provinces-"));
    writeFileSync(join(dir, "broken.json"), "{ not json");
    expect(() => loadProvince("broken", dir)).toThrow(/broken\.json/);
  });
});
