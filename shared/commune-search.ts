/**
 * Which communes a search finds — one rule for the API (`GET /api/communes?q=`) and the web's
 * commune directory. A query word must start a word of the commune's names or code, or be a whole
 * type word ("xa", "phuong", "ward"): so "phu ly" finds Phường Phủ Lý and not every ward whose type
 * word "phuong" happens to start with "phu", while "phuong phu ly" and "xa kim" work too. If that
 * finds nothing (say, "phuo" half typed), type words may match by prefix as well. Texts are folded
 * with `foldForSearch`: the entries once, the query as people type. The names of the communes
 * merged into a commune in 2025 are asked next, when no commune has the name now: "thanh huong"
 * finds Xã Thanh Liêm.
 */
import { communeTypeLabels } from "./communes.ts";
import type { Commune } from "./province.ts";
import { foldForSearch, matchesSearch } from "./text.ts";

export interface CommuneSearchEntry {
  /** Folded names (Vietnamese and English) and the official code, each word once. */
  names: string;
  /** The folded names of the communes merged into it in 2025, without their type words; `|` between names. */
  former?: string;
  /** Folded type words in both languages ("phuong ward", "dac khu special zone"). */
  kind: string;
}

export function communeSearchEntry(commune: Commune): CommuneSearchEntry {
  const label = communeTypeLabels[commune.type];
  // An old name's type word ("Xã", "Phường") is left out: it would make "xa" find every commune.
  const former = (commune.formerNames ?? []).map((name) => foldForSearch(name.replace(/^(Xã|Phường|Thị trấn)\s+/u, ""))).join("|");
  return {
    names: uniqueWords(`${commune.name} ${commune.nameEn} ${commune.code}`),
    kind: uniqueWords(`${label.vi} ${label.en}`),
    ...(former ? { former } : {}),
  };
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
  // No commune has that name now: perhaps it is the name of a commune merged into one in 2025.
  const former = entries.map((entry) =>
    (entry.former ?? "").split("|").some((name) => name !== "" && query.every((part) => name.split(" ").some((word) => word.startsWith(part)))),
  );
  if (former.some(Boolean)) return former;
  return entries.map((entry) => matchesSearch(`${entry.names} ${entry.kind}`, foldedQuery));
}
