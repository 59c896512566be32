import { createHmac } from "node:crypto";
import { foldForSearch } from "../../shared/text.ts";

/**
 * The person index of cases (issue 14, parts 6 and 7): a KEYED blind index, so a perpetrator can be
 * recognised in an earlier case of the commune, and an officer who may read identities can find the
 * cases of a person by exact name — without any name in clear in the table or the index.
 *
 * Each party with a name carries `nameKey = HMAC(secret, "name|" + folded name)` and
 * `personKey = HMAC(secret, "person|" + folded name + "|" + year of birth)`. The secret is derived
 * (lib/derived-secrets.ts: KMS GenerateMac in AWS, a file under .data/ locally), never stored with
 * the data: a dictionary of Vietnamese names hashed WITHOUT the key matches nothing in a table dump,
 * and with the key only a caller that can derive it (the cases function) can test a name.
 *
 * Folding ignores case, diacritics and punctuation ("Nguyễn Văn Đức" = "nguyen van duc"): the
 * search is exact on the folded name, not a prefix or fuzzy match — fewer false friends, and the
 * index leaks nothing about partial names.
 */
export interface PersonKeys {
  /** The name's key, or undefined for a name that folds to nothing. */
  nameKey(name: string): string | undefined;
  /** The name-and-birth-year key; undefined without both. */
  personKey(name: string, birthYear: number | undefined): string | undefined;
}

export function foldPersonName(name: string): string {
  return foldForSearch(name).replace(/\s+/g, " ");
}

export function personKeys(secret: string): PersonKeys {
  const mac = (message: string) => createHmac("sha256", secret).update(message, "utf8").digest("base64url");
  return {
    nameKey: (name) => {
      const folded = foldPersonName(name);
      return folded === "" ? undefined : mac(`name|${folded}`);
    },
    personKey: (name, birthYear) => {
      const folded = foldPersonName(name);
      return folded === "" || birthYear === undefined ? undefined : mac(`person|${folded}|${String(birthYear)}`);
    },
  };
}
