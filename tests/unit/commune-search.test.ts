import { describe, expect, it } from "vitest";
import { loadProvince } from "../../infra/provinces/index.ts";
import { communeSearchEntry, filterCommunes } from "../../shared/commune-search.ts";
import { communeFullName } from "../../shared/province.ts";
import { foldForSearch } from "../../shared/text.ts";

const ninhBinh = loadProvince("ninh-binh");
const entries = ninhBinh.communes.map(communeSearchEntry);

/** The full names the commune search shows for what someone typed. */
function search(typed: string): string[] {
  const shown = filterCommunes(entries, foldForSearch(typed));
  return ninhBinh.communes.filter((_, index) => shown[index]).map((commune) => communeFullName(commune));
}

describe("commune search (Ninh Bình)", () => {
  it("folds names and codes once, each word once", () => {
    expect(communeSearchEntry({ code: "13285", name: "Phủ Lý", nameEn: "Phu Ly", type: "phuong" })).toEqual({ names: "phu ly 13285", kind: "phuong ward" });
    expect(communeSearchEntry({ code: "99003", name: "Hải Đảo", nameEn: "Hai Dao", type: "dac-khu" }).kind).toBe("dac khu special zone");
  });

  it("finds Phường Phủ Lý from 'phu ly', with or without marks, in any case, and nothing else", () => {
    for (const typed of ["phu ly", "Phủ Lý", "PHU LY", "  phủ   lý "]) expect(search(typed), typed).toEqual(["Phường Phủ Lý"]);
  });

  it("finds the new commune from the old communes merged into it (issue 18)", () => {
    expect(search("thanh huong")).toEqual(["Xã Thanh Liêm"]);
    expect(search("liem chinh")).toEqual(["Phường Phủ Lý"]);
    expect(search("Thanh Châu")).toContain("Phường Phủ Lý");
    // A name in use now comes first: the old communes are asked only when no commune has it.
    expect(search("thanh liem")).toEqual(["Xã Thanh Liêm"]);
    // An old type word is left out, so "xa" never finds a commune by its old names.
    expect(
      communeSearchEntry({ code: "13495", name: "Thanh Liêm", nameEn: "Thanh Liem", type: "xa", formerNames: ["Xã Thanh Hương", "Thị trấn Kiện Khê"] }),
    ).toEqual({
      names: "thanh liem 13495",
      kind: "xa commune",
      former: "thanh huong|kien khe",
    });
  });

  it("handles đ, partial words and codes", () => {
    expect(search("dong van")).toEqual(["Phường Đồng Văn"]);
    expect(search("đồng v")).toContain("Phường Đồng Văn");
    expect(search("13285")).toEqual(["Phường Phủ Lý"]);
  });

  it("matches a type word only whole, so it never drowns the names", () => {
    expect(search("phuong phu ly")).toEqual(["Phường Phủ Lý"]);
    expect(search("Xã Kim Sơn")).toEqual(["Xã Kim Sơn"]);
    const wards = ninhBinh.communes.filter((commune) => commune.type === "phuong").map((commune) => communeFullName(commune));
    expect(search("ward")).toEqual(wards);
    // …and a name that starts with it: Xã Cúc Phương.
    expect(search("phường")).toEqual(expect.arrayContaining([...wards, "Xã Cúc Phương"]));
    expect(search("phường")).toHaveLength(wards.length + 1);
    // Every xã, plus any commune whose name starts with "xa".
    expect(search("xa").length).toBeGreaterThanOrEqual(ninhBinh.communes.filter((commune) => commune.type === "xa").length);
    // "phu" starts names, so wards whose only "phu" is the type word "phuong" stay hidden.
    const phu = search("phu");
    expect(phu).toContain("Phường Phủ Lý");
    const nameStartsWithPhu = (name: string) =>
      foldForSearch(name)
        .split(" ")
        .slice(1)
        .some((word) => word.startsWith("phu"));
    expect(phu.filter((name) => !nameStartsWithPhu(name))).toEqual([]);
  });

  it("falls back to type prefixes while a type word is half typed", () => {
    const xa = ninhBinh.communes.filter((commune) => commune.type === "xa").map((commune) => communeFullName(commune));
    expect(search("comm")).toEqual(xa);
    expect(search("comm kim")).toEqual(expect.arrayContaining(["Xã Kim Sơn"]));
  });

  it("shows everything for an empty query and nothing for nonsense", () => {
    expect(search("")).toHaveLength(129);
    expect(search("zzz")).toEqual([]);
  });
});
