/**
 * Which communes a search finds — one rule for the API (`GET /api/communes?q=`) and the web's
 * commune directory. A query word must start a word of the commune's names or code, or be a whole
 * type word ("xa", "phuong", "ward"): so "phu ly" finds Phường Phủ Lý and not every ward whose type
 * word "phuong" happens to start with "phu", while "phuong phu ly" and "xa kim" work too. If that
 * finds nothing (say, "phuo" half typed), type words may match by prefix as well. Texts are folded
 * with `foldForSearch`: the entries once, the query as people type.
 */
import { communeTypeLabels } from "./communes.ts";
import type { Commune } from "./province.ts";
import { foldForSearch, matchesSearch } from "./text.ts";

export interface CommuneSearchEntry {
  /** Folded names (Vietnamese and English) and the official code, each word once. */
  names: string;
  /** Folded type words in both languages ("phuong ward", "dac khu special zone"). */
  kind: string;
}

export function communeSearchEntry(commune: Commune): CommuneSearchEntry {
  const label = communeTypeLabels[commune.type];
  return { names: uniqueWords(`${commune.name} ${commune.nameEn} ${commune.code}`), kind: uniqueWords(`${label.vi} ${label.en}`) };
}

/** Folded, each word once: "Phủ Lý" and "Phu Ly" fold alike. */
function uniqueWords(text: string): string {
  return [...new Set(foldForSearch(text).split(" "))].join(" ");
}

/** One flag per entry, in order: found or not. An empty query finds everything. */
export function filterCommunes(entries: readonly CommuneSearchEntry[], foldedQuery: string): boolean[] {
  if (foldedQuery === "") return entries.map(() => true);
  const query = foldedQuery.split(" ");
  const strict = entries.map((entry) => {
    const names = entry.names.split(" ");
    const kind = entry.kind.split(" ");
    return query.every((part) => names.some((word) => word.startsWith(part)) || kind.includes(part));
  });
  if (strict.some(Boolean)) return strict;
  return entries.map((entry) => matchesSearch(`${entry.names} ${entry.kind}`, foldedQuery));
}
