/**
 * Builds the `communes` list of a province file from an official commune list in the reference
 * format (fields code, name, type, nameEn — as in the hand-out data of 1027/CTK-CSCL).
 *
 *   npx tsx infra/provinces/tools/import-communes.ts <communes.json> <province-file.json>
 *
 * It replaces only the communes of the target file, keeps everything else, sorts by code and
 * validates the result with the province schema before writing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseProvince } from "../../../shared/province.ts";

interface ReferenceCommune {
  code: string;
  name: string;
  type: string;
  nameEn: string;
}

const typeMap: Record<string, "xa" | "phuong" | "dac-khu"> = { xa: "xa", phuong: "phuong", dac_khu: "dac-khu", "dac-khu": "dac-khu" };

const [source, target] = process.argv.slice(2);
if (!source || !target) {
  console.error("Cách dùng / usage: tsx infra/provinces/tools/import-communes.ts <communes.json> <province-file.json>");
  process.exit(2);
}
const reference = JSON.parse(readFileSync(source, "utf8")) as ReferenceCommune[];
const province = JSON.parse(readFileSync(target, "utf8")) as Record<string, unknown>;
province.communes = reference
  .map((commune) => {
    const type = typeMap[commune.type];
    if (!type) throw new Error(`Loại đơn vị không rõ / unknown unit type "${commune.type}" for ${commune.code}`);
    return { code: commune.code, name: commune.name, nameEn: commune.nameEn, type };
  })
  .sort((a, b) => a.code.localeCompare(b.code));
parseProvince(province, target);
writeFileSync(target, `${JSON.stringify(province, null, 2)}\n`);
console.log(`Đã ghi ${String((province.communes as unknown[]).length)} xã vào ${target} / wrote communes`);
