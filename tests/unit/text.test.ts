import { describe, expect, it } from "vitest";
import { foldForSearch, matchesSearch } from "../../shared/text.ts";

describe("foldForSearch", () => {
  it.each([
    ["Phường Phủ Lý", "phuong phu ly"],
    ["ĐỒNG VĂN", "dong van"],
    ["Nghĩa Hưng – Đặc khu", "nghia hung dac khu"],
    ["  Hải   Hậu ", "hai hau"],
    // Composed and decomposed forms of the same word fold alike.
    ["Phu\u0309 Ly\u0301", "phu ly"],
  ])("folds %s to %s", (text, folded) => {
    expect(foldForSearch(text)).toBe(folded);
  });
});

describe("matchesSearch", () => {
  const text = foldForSearch("Phường Phủ Lý 13285");
  it.each([
    ["phu ly", true],
    ["ly phu", true],
    ["phuong p", true],
    ["132", true],
    ["", true],
    ["hy", false],
    ["phu lyy", false],
  ])("%s → %s", (query, expected) => {
    expect(matchesSearch(text, foldForSearch(query))).toBe(expected);
  });
});
