/**
 * The province this build is for, and the views of it the pages need. The data was loaded and
 * validated by `loadProvince()` when Astro read its config (PROVINCE env, default ninh-binh).
 */
import province from "virtual:pcblgd/province";
import type { Commune, Hotline, TrustedAddress } from "../../../shared/province.ts";

export { province };

export const provinceWideHotlines: Hotline[] = province.hotlines.filter((hotline) => hotline.scope === "province");

/** Hotlines of one commune each, keyed by commune code. */
export const hotlinesByCommune: Map<string, Hotline[]> = groupBy(
  province.hotlines.filter((hotline) => hotline.scope !== "province"),
  (hotline) => hotline.scope,
);

export const trustedAddressesByCommune: Map<string, TrustedAddress[]> = groupBy(province.trustedAddresses, (address) => address.commune);

/** Communes that have hotlines of their own, in the order of the province file. */
export const communesWithHotlines: Commune[] = province.communes.filter((commune) => hotlinesByCommune.has(commune.code));

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
