import { communeSearchEntry, filterCommunes } from "../../shared/commune-search.ts";
import { type CommuneType, communeFullName } from "../../shared/communes.ts";
import type { Commune, Hotline, Province, TrustedAddress } from "../../shared/province.ts";
import { foldForSearch } from "../../shared/text.ts";
import { InvalidFieldError } from "../lib/kit/index.ts";
import { type HotlineEntry, publicHotline, publicTrustedAddress, type TrustedAddressEntry } from "./entries.ts";

/**
 * The public directory: communes, hotlines and trusted addresses. Domain code only — the store
 * behind it is an interface, so this file knows nothing of DynamoDB.
 */

export interface CommuneEntry {
  code: string;
  name: string;
  nameEn: string;
  type: CommuneType;
  fullName: string;
  fullNameEn: string;
}

export interface SeedState {
  province: string;
  seededAt: string;
  communes: number;
}

export interface DirectoryStore {
  listCommunes(): Promise<Commune[]>;
  getCommune(code: string): Promise<Commune | undefined>;
  listHotlines(scope: "province" | string): Promise<Hotline[]>;
  listTrustedAddresses(communeCode: string): Promise<TrustedAddress[]>;
  /** The whole province's lines and addresses (the public directory pages), as stored (officers' fields included). */
  listAllHotlines(): Promise<Hotline[]>;
  listAllTrustedAddresses(): Promise<TrustedAddress[]>;
  getSeedState(): Promise<SeedState | undefined>;
  /** Writes the province's directory; items an admin has edited since are left alone. */
  seed(province: Province, seededAt: string): Promise<{ written: number; keptEdited: number }>;
}

export function toCommuneEntry(commune: Commune): CommuneEntry {
  return {
    code: commune.code,
    name: commune.name,
    nameEn: commune.nameEn,
    type: commune.type,
    fullName: communeFullName(commune, "vi"),
    fullNameEn: communeFullName(commune, "en"),
  };
}

const collator = new Intl.Collator("vi");

/** Only listed entries, in their public shape (entries.ts: suspended and removed ones, and contacts without consent, left out). */
const listedHotlines = (items: HotlineEntry[]): Hotline[] => items.flatMap((item) => publicHotline(item) ?? []);
const listedAddresses = (items: TrustedAddressEntry[]): TrustedAddress[] =>
  items.flatMap((item) => publicTrustedAddress(item) ?? []).sort((a, b) => collator.compare(a.name, b.name));

export class DirectoryService {
  constructor(private readonly store: DirectoryStore) {}

  /**
   * Communes matching the query (the same rule as the web directory's search), best first: a name
   * that starts with the query beats one that only contains its words; ties in Vietnamese
   * alphabetical order.
   */
  async searchCommunes(query: string, limit: number): Promise<{ items: CommuneEntry[]; total: number }> {
    const folded = foldForSearch(query);
    const communes = await this.store.listCommunes();
    const found = filterCommunes(communes.map(communeSearchEntry), folded);
    const matches = communes
      .filter((_, index) => found[index])
      .map((commune) => ({ commune, rank: foldForSearch(commune.name).startsWith(folded) ? 0 : 1 }))
      .sort((a, b) => a.rank - b.rank || collator.compare(a.commune.name, b.commune.name));
    return { items: matches.slice(0, limit).map(({ commune }) => toCommuneEntry(commune)), total: matches.length };
  }

  /** Province-wide lines first (113, 111…), then the commune's own lines when a commune is named. */
  async hotlines(communeCode: string | undefined): Promise<{ commune: CommuneEntry | null; items: Hotline[] }> {
    // The three reads are independent: run them together, one round-trip of latency.
    const [commune, provinceWide, local] = await Promise.all([
      communeCode === undefined ? undefined : this.requireCommune(communeCode),
      this.store.listHotlines("province"),
      communeCode === undefined ? [] : this.store.listHotlines(communeCode),
    ]);
    return { commune: commune ? toCommuneEntry(commune) : null, items: listedHotlines([...provinceWide, ...local]) };
  }

  async trustedAddresses(communeCode: string): Promise<{ commune: CommuneEntry; items: TrustedAddress[] }> {
    const [commune, items] = await Promise.all([this.requireCommune(communeCode), this.store.listTrustedAddresses(communeCode)]);
    return { commune: toCommuneEntry(commune), items: listedAddresses(items) };
  }

  /** The live public directory of the whole province in one answer (the directory pages refresh from it). */
  async directory(): Promise<{ hotlines: Hotline[]; trustedAddresses: TrustedAddress[] }> {
    const [hotlines, addresses] = await Promise.all([this.store.listAllHotlines(), this.store.listAllTrustedAddresses()]);
    return { hotlines: listedHotlines(hotlines), trustedAddresses: listedAddresses(addresses) };
  }

  async health(): Promise<{ status: "ok"; province: string; seededAt: string } | { status: "unseeded" }> {
    const state = await this.store.getSeedState();
    return state ? { status: "ok", province: state.province, seededAt: state.seededAt } : { status: "unseeded" };
  }

  private async requireCommune(code: string): Promise<Commune> {
    const commune = await this.store.getCommune(code);
    if (!commune) {
      throw new InvalidFieldError("query.commune", `Không có xã/phường mã ${code} trong tỉnh này`, `There is no commune with code ${code} in this province`);
    }
    return commune;
  }
}
