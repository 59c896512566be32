/**
 * Text folding for search that ignores diacritics and case, the way people type Vietnamese on a
 * phone without a Telex keyboard: "phu ly" must find "Phủ Lý", "dong van" must find "Đồng Văn".
 * NFD splits a letter from its tone and vowel marks; đ/Đ is a letter of its own, not a marked d,
 * so it is mapped by hand.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** True when every word of the query starts a word of the folded text, in any order. */
export function matchesSearch(foldedText: string, foldedQuery: string): boolean {
  if (foldedQuery === "") return true;
  const words = foldedText.split(" ");
  return foldedQuery.split(" ").every((part) => words.some((word) => word.startsWith(part)));
}
