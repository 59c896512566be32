/**
 * Writes each commune's `formerNames` — the pre-July-2025 communes merged into it — into a province
 * file, from a merge mapping in the reference format (`communes[].code`, `communes[].mergedFrom[].name`,
 * as in ../shared/data/ninh-binh-merge-mapping.json). An old name equal to the new one is left out.
 * Run it after import-communes.ts (which rewrites the communes).
 *
 *   npx tsx infra/provinces/tools/import-former-names.ts <merge-mapping.json> <province-file.json>
 */
import { readFileSync, writeFileSync } from "node:fs";
import { communeFullName, parseProvince } from "../../../shared/province.ts";

interface MappingCommune {
  code: string;
  mergedFrom: { name: string }[];
}

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error("Cách dùng / usage: tsx infra/provinces/tools/import-former-names.ts <merge-mapping.json> <province-file.json>");
  process.exit(2);
}
const mapping = new Map((JSON.parse(readFileSync(source, "utf8")) as { communes: MappingCommune[] }).communes.map((commune) => [commune.code, commune]));
const province = JSON.parse(readFileSync(target, "utf8")) as { communes: Record<string, unknown>[] };
const current = parseProvince(province, target);
let named = 0;
province.communes = province.communes.map((raw, index) => {
  const commune = current.communes[index] as (typeof current.communes)[number];
  const { formerNames: _old, ...rest } = raw;
  const former = [...new Set((mapping.get(commune.code)?.mergedFrom ?? []).map((unit) => unit.name.trim()))].filter(
    (name) => name !== "" && name !== communeFullName(commune, "vi"),
  );
  if (former.length === 0) return rest;
  named += 1;
  return { ...rest, formerNames: former };
});
parseProvince(province, target);
writeFileSync(target, `${JSON.stringify(province, null, 2)}\n`);
console.log(`Đã ghi tên cũ cho ${String(named)} xã vào ${target} / wrote former names`);
