/**
 * Commune types and names, without the province schema: small enough for the browser (the
 * commune search script imports it), while shared/province.ts carries zod for validation.
 */
/** The official code of a commune (mã đơn vị hành chính cấp xã): exactly five digits. The one pattern every check uses. */
export const communeCodePattern = /^\d{5}$/;

export function isCommuneCode(value: string): boolean {
  return communeCodePattern.test(value);
}

export const communeTypes = ["xa", "phuong", "dac-khu"] as const;
export type CommuneType = (typeof communeTypes)[number];

export const communeTypeLabels: Record<CommuneType, { vi: string; en: string }> = {
  xa: { vi: "Xã", en: "Commune" },
  phuong: { vi: "Phường", en: "Ward" },
  "dac-khu": { vi: "Đặc khu", en: "Special Zone" },
};

export function communeFullName(commune: { name: string; nameEn: string; type: CommuneType }, locale: "vi" | "en" = "vi"): string {
  const label = communeTypeLabels[commune.type];
  return locale === "vi" ? `${label.vi} ${commune.name}` : `${commune.nameEn} ${label.en}`;
}
