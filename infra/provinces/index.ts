import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Province, ProvinceFileError, parseProvince } from "../../shared/province.ts";

/** The province files live beside this module: one `<slug>.json` per province. */
export const provincesDir = dirname(fileURLToPath(import.meta.url));

export function listProvinceSlugs(dir = provincesDir): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .map((name) => name.slice(0, -".json".length))
    .sort();
}

/** Loads and validates one province; an unknown slug lists the known ones. */
export function loadProvince(slug: string, dir = provincesDir): Province {
  const known = listProvinceSlugs(dir);
  if (!known.includes(slug)) {
    throw new ProvinceFileError(`Không có tỉnh "${slug}" / unknown province "${slug}". Các tỉnh hiện có / known provinces: ${known.join(", ")}`);
  }
  const file = join(dir, `${slug}.json`);
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProvinceFileError(`Tệp tỉnh không đọc được / cannot read province file ${file}: ${(error as Error).message}`);
  }
  const province = parseProvince(data, file);
  if (province.slug !== slug) {
    throw new ProvinceFileError(`Tệp tỉnh không hợp lệ / invalid province file ${file}:\n  - slug: "${province.slug}" must match the file name "${slug}"`);
  }
  return province;
}

export function loadAllProvinces(dir = provincesDir): Province[] {
  return listProvinceSlugs(dir).map((slug) => loadProvince(slug, dir));
}
