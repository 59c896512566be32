/**
 * `npm run province:new -- --code 38` (or `--name "thanh hoa"`, marks ignored) writes
 * infra/provinces/<slug>.json from the project's own national list (../national.ts): slug, names,
 * code, case-number prefix, every commune, the national hotlines, and placeholders the deploy
 * refuses until they are filled; then prints what is left to do.
 *
 * `npm run province:new -- --refresh --code 38` (or `--province thanh-hoa`) brings an existing
 * file's communes up to the list and keeps everything hand-made.
 *
 * Argument parsing and the file contents are pure functions, tested in tests/unit/province-new.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { type Province, ProvinceFileError, parseProvince } from "../../../shared/province.ts";
import { repoRoot } from "../../bundling.ts";
import { provincesDir } from "../index.ts";
import { findProvince, loadNationalList, type NationalList, type NationalProvince, newProvinceFile, refreshCommunes, slugFor } from "../national.ts";
import { deployBlockers } from "../readiness.ts";

export interface NewProvinceOptions {
  code?: string;
  name?: string;
  /** An existing file's slug (with --refresh). */
  province?: string;
  refresh: boolean;
}

export class UsageError extends Error {
  override name = "UsageError";
}

export const usage = `Cách dùng / usage:
  npm run province:new -- --code <mã 2 số>            tạo tệp tỉnh / write a new province file
  npm run province:new -- --name "<tên tỉnh>"         theo tên, không cần dấu / by name, marks optional
  npm run province:new -- --refresh --code <mã>      cập nhật danh sách xã / update the communes of an existing file
  npm run province:new -- --refresh --province <slug>`;

export function parseNewProvinceArgs(argv: readonly string[]): NewProvinceOptions {
  const options: NewProvinceOptions = { refresh: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++index];
      if (next === undefined || next.startsWith("--")) throw new UsageError(`Thiếu giá trị cho ${flag} / ${flag} needs a value\n\n${usage}`);
      return next;
    };
    if (flag === "--refresh") options.refresh = true;
    else if (flag === "--code") options.code = value();
    else if (flag === "--name") options.name = value();
    else if (flag === "--province") options.province = value();
    else throw new UsageError(`Tham số không rõ / unknown argument: ${arg}\n\n${usage}`);
  }
  const given = [options.code, options.name, options.province].filter((value) => value !== undefined).length;
  if (given !== 1) throw new UsageError(`Cần đúng một trong --code, --name, --province / give exactly one of --code, --name, --province\n\n${usage}`);
  if (options.code !== undefined && !/^\d{1,2}$/.test(options.code))
    throw new UsageError(`Mã tỉnh là 2 chữ số / a province code has 2 digits: ${options.code}`);
  if (options.province !== undefined && !options.refresh)
    throw new UsageError(`--province chỉ dùng với --refresh / --province goes with --refresh\n\n${usage}`);
  return options;
}

function resolve(options: NewProvinceOptions, list: NationalList, dir: string): NationalProvince {
  let found: NationalProvince | undefined;
  if (options.province !== undefined) {
    const file = join(dir, `${options.province}.json`);
    if (!existsSync(file)) throw new UsageError(`Không có tệp / no file ${file}`);
    const code = (JSON.parse(readFileSync(file, "utf8")) as { code?: string }).code;
    found = code === undefined ? undefined : findProvince(list, { code });
  } else {
    found = findProvince(list, options.code !== undefined ? { code: options.code } : { name: options.name ?? "" });
  }
  if (found === undefined) {
    const known = list.provinces.map((province) => `${province.code} ${province.name}`).join(", ");
    throw new UsageError(`Không tìm thấy tỉnh / no such province in the national list. Các tỉnh / provinces: ${known}`);
  }
  return found;
}

const write = (file: string, data: unknown) => writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);

/** Runs the command; returns the lines to print. `dir` is the province folder (tests pass a temporary one). */
export function runNewProvince(options: NewProvinceOptions, dir = provincesDir, list = loadNationalList()): string[] {
  const national = resolve(options, list, dir);
  const slug = slugFor(national);
  const file = join(dir, `${slug}.json`);
  const shown = relative(repoRoot, file).startsWith("..") ? file : relative(repoRoot, file);
  const lines: string[] = [];
  let province: Province;
  if (options.refresh) {
    if (!existsSync(file)) throw new UsageError(`Chưa có tệp ${shown}: chạy không có --refresh / no ${shown} yet: run without --refresh`);
    const data = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown> & { communes: Province["communes"] };
    const { communes, summary } = refreshCommunes(data, national);
    province = parseProvince({ ...data, communes }, file);
    write(file, { ...data, communes });
    lines.push(`Đã cập nhật / refreshed ${shown}: ${communes.length} xã / communes`);
    lines.push(`  thêm / added: ${summary.added.length === 0 ? "—" : summary.added.join(", ")}`);
    lines.push(`  đổi tên / renamed: ${summary.renamed.length === 0 ? "—" : summary.renamed.join(", ")}`);
    if (summary.keptOnlyInFile.length > 0) {
      lines.push(`  giữ lại, không có trong danh sách / kept, not in the national list (check by hand): ${summary.keptOnlyInFile.join(", ")}`);
    }
  } else {
    if (existsSync(file)) throw new UsageError(`Đã có tệp ${shown}; dùng --refresh để cập nhật xã / ${shown} exists; use --refresh to update its communes`);
    const data = newProvinceFile(national, list);
    province = parseProvince(data, file);
    write(file, data);
    lines.push(
      `Đã tạo / wrote ${shown}: ${province.name.vi}, ${province.communes.length} xã / communes, mã vụ việc / case numbers ${province.caseNumberPrefix}-<năm>-000001`,
    );
  }
  const blockers = deployBlockers(province);
  if (blockers.length > 0) {
    lines.push("", "Còn phải điền trước khi triển khai / still to fill in before a deploy:", ...blockers.map((blocker) => `  - ${blocker}`));
  }
  lines.push(
    "",
    "Nên xem thêm / worth a look:",
    "  - hotlines: thêm đường dây nóng của tỉnh, xã / add the province's and communes' own hotlines",
    "  - trustedAddresses: địa chỉ tin cậy của từng xã / each commune's trusted addresses",
    "  - domain (tuỳ chọn / optional): tên miền riêng, ví dụ pcblgd.<tinh>.gov.vn / the province's own domain",
    "  - region: vùng AWS / the AWS region (ap-southeast-1 = Singapore)",
    `Rồi / then: npm run synth -- --province ${slug}  ·  npm run deploy -- --province ${slug} --dry-run`,
  );
  return lines;
}

export function main(argv: readonly string[]): number {
  try {
    for (const line of runNewProvince(parseNewProvinceArgs(argv))) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 2;
    }
    console.error(error instanceof ProvinceFileError || error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
