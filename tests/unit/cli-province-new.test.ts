import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadProvince } from "../../infra/provinces/index.ts";
import { caseNumberPrefixFor, findProvince, loadNationalList, placeholders, slugFor } from "../../infra/provinces/national.ts";
import { deployBlockers } from "../../infra/provinces/readiness.ts";
import { parseNewProvinceArgs, runNewProvince, UsageError } from "../../infra/provinces/tools/new-province.ts";
import { parseProvince } from "../../shared/province.ts";

const list = loadNationalList();

describe("the national list (the project's own copy)", () => {
  it("holds 34 provinces and 3,321 communes, with its source", () => {
    expect(list.provinces).toHaveLength(34);
    expect(list.provinces.reduce((sum, province) => sum + province.communes.length, 0)).toBe(3321);
    expect(list.source).toContain("1027/CTK-CSCL");
  });

  it("agrees with the hand-checked Ninh Bình file", () => {
    const ninhBinh = findProvince(list, { code: "37" });
    const file = loadProvince("ninh-binh");
    expect(ninhBinh?.communes.map(([code]) => code)).toEqual(file.communes.map((commune) => commune.code));
    expect(ninhBinh && caseNumberPrefixFor(ninhBinh, list)).toBe(file.caseNumberPrefix);
  });

  it("finds a province by code or by name without marks; slugs and prefixes are unique in the country", () => {
    expect(findProvince(list, { name: "thanh hoa" })?.code).toBe("38");
    expect(findProvince(list, { name: "Tỉnh THANH HÓA" })?.code).toBe("38");
    expect(findProvince(list, { name: "tp ho chi minh" })?.code).toBe("79");
    expect(findProvince(list, { code: "4" })?.name).toBe("Cao Bằng");
    expect(findProvince(list, { name: "atlantis" })).toBeUndefined();
    const slugs = list.provinces.map(slugFor);
    const prefixes = list.provinces.map((province) => caseNumberPrefixFor(province, list));
    expect(new Set(slugs).size).toBe(34);
    expect(new Set(prefixes).size).toBe(34);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[A-Z]{2,4}$/);
  });
});

describe("province:new arguments", () => {
  it("takes exactly one of --code, --name, --province (the last with --refresh only)", () => {
    expect(parseNewProvinceArgs(["--code", "38"])).toEqual({ code: "38", refresh: false });
    expect(parseNewProvinceArgs(["--name=thanh hoa"])).toEqual({ name: "thanh hoa", refresh: false });
    expect(parseNewProvinceArgs(["--refresh", "--province", "thanh-hoa"])).toEqual({ province: "thanh-hoa", refresh: true });
    expect(() => parseNewProvinceArgs([])).toThrow(UsageError);
    expect(() => parseNewProvinceArgs(["--code", "38", "--name", "x"])).toThrow(/exactly one/);
    expect(() => parseNewProvinceArgs(["--code", "abc"])).toThrow(/2 digits/);
    expect(() => parseNewProvinceArgs(["--province", "x"])).toThrow(/--refresh/);
    expect(() => parseNewProvinceArgs(["--code"])).toThrow(/needs a value/);
    expect(() => parseNewProvinceArgs(["--force"])).toThrow(/unknown argument/);
  });
});

describe("province:new", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pcblgd-new-province-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a valid file with every commune, the national hotlines and placeholders the deploy refuses", () => {
    const printed = runNewProvince({ code: "38", refresh: false }, dir).join("\n");
    const province = loadProvince("thanh-hoa", dir);
    expect(province).toEqual(
      expect.objectContaining({ slug: "thanh-hoa", code: "38", caseNumberPrefix: "TH", name: { vi: "Tỉnh Thanh Hóa", en: "Thanh Hoa Province" } }),
    );
    expect(province.communes).toHaveLength(166);
    expect(province.hotlines.map((hotline) => hotline.number)).toEqual(["111", "113", "115"]);
    expect(deployBlockers(province).map((line) => line.split(":")[0])).toEqual(["initialAdminEmail", "notificationSender"]);
    expect(printed).toContain("initialAdminEmail");
    expect(printed).toContain("npm run synth -- --province thanh-hoa");
    // Filled in, nothing is left.
    const file = join(dir, "thanh-hoa.json");
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...data, initialAdminEmail: "quantri@thanhhoa.gov.vn", notificationSender: "pcblgd@thanhhoa.gov.vn" }));
    expect(deployBlockers(loadProvince("thanh-hoa", dir))).toEqual([]);
    expect(() => runNewProvince({ code: "38", refresh: false }, dir)).toThrow(/--refresh/);
  });

  it("accepts an own domain in its Route 53 zone, nothing else", () => {
    const base = loadProvince("ninh-binh");
    const zone = { id: "Z0123456789ABCDEFGHIJ", name: "ninhbinh.gov.vn" };
    expect(parseProvince({ ...base, domain: "pcblgd.ninhbinh.gov.vn", route53Zone: zone }, "x").domain).toBe("pcblgd.ninhbinh.gov.vn");
    expect(() => parseProvince({ ...base, domain: "PCBLGD.ninhbinh.gov.vn" }, "x")).toThrow(/domain/);
    expect(() => parseProvince({ ...base, domain: "https://pcblgd.ninhbinh.gov.vn" }, "x")).toThrow(/domain/);
    expect(() => parseProvince({ ...base, domain: "pcblgd.hanam.gov.vn", route53Zone: zone }, "x")).toThrow(/route53Zone.name/);
    expect(() => parseProvince({ ...base, route53Zone: zone }, "x")).toThrow(/route53Zone.name/);
  });

  it("names a city as a city", () => {
    runNewProvince({ name: "ha noi", refresh: false }, dir);
    expect(loadProvince("ha-noi", dir).name).toEqual({ vi: "Thành phố Hà Nội", en: "Ha Noi City" });
  });

  it("--refresh brings the communes back to the list and keeps hand-made entries", () => {
    runNewProvince({ code: "38", refresh: false }, dir);
    const file = join(dir, "thanh-hoa.json");
    const data = JSON.parse(readFileSync(file, "utf8")) as { communes: { code: string; name: string }[]; hotlines: unknown[]; initialAdminEmail: string };
    const [first, second, ...others] = data.communes;
    if (first === undefined || second === undefined) throw new Error("no communes");
    const handMade = { code: "99999", name: "Khu thử", nameEn: "Test Area", type: "xa" };
    const hotline = {
      id: "tinh",
      name: { vi: "Đường dây tỉnh", en: "Province line" },
      number: "0237 000 000",
      hours: { vi: "24/7", en: "24/7" },
      free: false,
      scope: "99999",
    };
    writeFileSync(
      file,
      JSON.stringify({
        ...data,
        initialAdminEmail: "quantri@thanhhoa.gov.vn",
        // One commune dropped, one renamed by an old list, one added by hand (with a hotline of its own).
        communes: [{ ...second, name: "Tên cũ" }, ...others, handMade],
        hotlines: [...data.hotlines, hotline],
      }),
    );
    const printed = runNewProvince({ province: "thanh-hoa", refresh: true }, dir).join("\n");
    const refreshed = loadProvince("thanh-hoa", dir);
    expect(refreshed.communes).toHaveLength(167);
    expect(refreshed.communes.find((commune) => commune.code === second.code)?.name).toBe(second.name);
    expect(refreshed.communes.find((commune) => commune.code === "99999")).toEqual(handMade);
    expect(refreshed.initialAdminEmail).toBe("quantri@thanhhoa.gov.vn");
    expect(refreshed.hotlines).toContainEqual(hotline);
    expect(printed).toContain(`thêm / added: ${first.code} ${first.name}`);
    expect(printed).toContain(`Tên cũ → ${second.name}`);
    expect(printed).toContain("99999 Khu thử");
    expect(refreshed.initialAdminEmail).not.toBe(placeholders.initialAdminEmail);
  });
});
