/**
 * `npm run restore:drill -- --province <slug> --table <name> --time <ISO instant> [--keep] [--dry-run]`
 *
 * The backup drill: restores one of the province's tables, as it was at `--time`, into a NEW table
 * (point-in-time recovery never overwrites the live one), waits until it is active, checks it
 * (status, the province's data key, indexes, item counts beside the live table's) and prints how to
 * switch the functions to it. A drill deletes the copy at the end (it holds the same personal data
 * as the live table); `--keep` keeps it, for a real incident. Arguments and the commands are pure
 * functions (tests/unit/cli-restore.test.ts); the run uses the AWS CLI.
 */
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../shared/tables.ts";
import { listProvinceSlugs, loadProvince } from "./provinces/index.ts";
import { resourceName } from "./stacks/names.ts";

export interface DrillOptions {
  province: string;
  table: TableName;
  /** The instant to restore to (PITR keeps the last 35 days, up to about 5 minutes ago). */
  time: Date;
  keep: boolean;
  dryRun: boolean;
}

export class DrillUsageError extends Error {
  override name = "DrillUsageError";
}

/** Tables that exist in AWS (the local-only ones have no backups). */
export const restorableTables = (Object.keys(tableDefinitions) as TableName[]).filter((name) => !(tableDefinitions[name] as TableDefinition).localOnly);

export const drillUsage = `Cách dùng / usage:
  npm run restore:drill -- --province <slug> --table <${restorableTables.join("|")}> --time <2026-12-01T08:00:00+07:00> [--keep] [--dry-run]`;

const pitrDays = 35;

export function parseDrillArgs(argv: readonly string[], now = new Date(), known: readonly string[] = listProvinceSlugs()): DrillOptions {
  const values: Record<string, string> = {};
  let keep = false;
  let dryRun = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] as string;
    if (arg === "--keep") keep = true;
    else if (arg === "--dry-run") dryRun = true;
    else if (["--province", "--table", "--time"].includes(arg)) {
      const value = argv[++index];
      if (value === undefined || value.startsWith("--")) throw new DrillUsageError(`Thiếu giá trị cho ${arg} / ${arg} needs a value\n\n${drillUsage}`);
      values[arg.slice(2)] = value;
    } else throw new DrillUsageError(`Tham số không rõ / unknown argument: ${arg}\n\n${drillUsage}`);
  }
  const { province, table, time } = values;
  if (province === undefined || table === undefined || time === undefined) {
    throw new DrillUsageError(`Cần --province, --table và --time / --province, --table and --time are required\n\n${drillUsage}`);
  }
  if (!known.includes(province)) throw new DrillUsageError(`Không có tỉnh "${province}" / unknown province. Các tỉnh / provinces: ${known.join(", ")}`);
  if (!(restorableTables as string[]).includes(table)) {
    throw new DrillUsageError(`Không có bảng "${table}" / no table "${table}" in AWS. Bảng / tables: ${restorableTables.join(", ")}`);
  }
  // An instant needs its offset: "08:00" alone would be read in the machine's zone, not Vietnam's.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(time) || Number.isNaN(Date.parse(time))) {
    throw new DrillUsageError(`--time phải là thời điểm ISO có múi giờ, ví dụ 2026-12-01T08:00:00+07:00 / --time must be an ISO instant with its offset`);
  }
  const instant = new Date(time);
  if (instant.getTime() > now.getTime() - 5 * 60_000)
    throw new DrillUsageError("--time phải trước hiện tại ít nhất 5 phút / --time must be at least 5 minutes ago");
  if (instant.getTime() < now.getTime() - pitrDays * 86_400_000) {
    throw new DrillUsageError(`PITR chỉ giữ ${pitrDays} ngày / point-in-time recovery keeps ${pitrDays} days`);
  }
  return { province, table: table as TableName, time: instant, keep, dryRun };
}

/** `pcblgd-<slug>-<table>-restored-<yyyymmddhhmm>` (UTC, the instant restored to). */
export function restoredTableName(options: Pick<DrillOptions, "province" | "table" | "time">): string {
  const stamp = options.time.toISOString().slice(0, 16).replace(/[-:T]/g, "");
  return `${physicalTableName(options.province, options.table)}-restored-${stamp}`;
}

export interface DrillCommands {
  restore: string[];
  describe: string[];
  countSource: string[];
  countRestored: string[];
  protect: string[][];
  remove: string[];
}

/** The AWS CLI calls of a drill (arguments after `aws`). */
export function drillCommands(options: DrillOptions, region: string): DrillCommands {
  const source = physicalTableName(options.province, options.table);
  const target = restoredTableName(options);
  const count = (table: string) => ["dynamodb", "scan", "--region", region, "--table-name", table, "--select", "COUNT", "--output", "json"];
  return {
    restore: [
      "dynamodb",
      "restore-table-to-point-in-time",
      "--region",
      region,
      "--source-table-name",
      source,
      "--target-table-name",
      target,
      "--restore-date-time",
      options.time.toISOString(),
      // The copy is encrypted with the province's own data key, as the live table is.
      "--sse-specification-override",
      `Enabled=true,SSEType=KMS,KMSMasterKeyId=alias/${resourceName(options.province, "data")}`,
      "--billing-mode-override",
      "PAY_PER_REQUEST",
    ],
    describe: [
      "dynamodb",
      "describe-table",
      "--region",
      region,
      "--table-name",
      target,
      "--query",
      "Table.[TableStatus, SSEDescription.KMSMasterKeyArn, length(GlobalSecondaryIndexes || `[]`)]",
      "--output",
      "text",
    ],
    countSource: count(source),
    countRestored: count(target),
    // A restored table has neither PITR nor deletion protection: a kept copy gets both.
    protect: [
      [
        "dynamodb",
        "update-continuous-backups",
        "--region",
        region,
        "--table-name",
        target,
        "--point-in-time-recovery-specification",
        "PointInTimeRecoveryEnabled=true",
      ],
      ["dynamodb", "update-table", "--region", region, "--table-name", target, "--deletion-protection-enabled"],
    ],
    remove: ["dynamodb", "delete-table", "--region", region, "--table-name", target],
  };
}

/** What to do next: switch the functions to the copy (a real incident), or what the drill proved. */
export function switchInstructions(options: DrillOptions): string[] {
  const target = restoredTableName(options);
  return [
    "Chuyển các hàm sang bảng đã khôi phục (sự cố thật) / switch the functions to the restored table (a real incident):",
    `  npm run deploy -- --province ${options.province} -c table.${options.table}=${target}`,
    "  (biến môi trường và quyền IAM của các hàm trỏ tới bảng mới; bảng cũ giữ nguyên để điều tra /",
    "   the functions' environment and IAM grants point at the new table; the old one stays for investigation)",
    "  Mọi lần triển khai sau phải giữ -c này cho đến khi dữ liệu được chép về bảng gốc / keep this -c on every later deploy",
    "  until the data is copied back into the original table (docs/infrastructure.md, restore).",
  ];
}

function aws(args: readonly string[]): string {
  const result = spawnSync("aws", args, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (result.error !== undefined) throw new Error(`Cần AWS CLI v2 / the AWS CLI v2 is needed: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`aws ${args.slice(0, 2).join(" ")} thất bại / failed (exit ${String(result.status)})`);
  return result.stdout.trim();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function runDrill(options: DrillOptions): Promise<void> {
  const region = loadProvince(options.province).region;
  const commands = drillCommands(options, region);
  const target = restoredTableName(options);
  console.log(`Khôi phục / restoring ${physicalTableName(options.province, options.table)} @ ${options.time.toISOString()} → ${target} (${region})`);
  if (options.dryRun) {
    for (const command of [
      commands.restore,
      commands.describe,
      commands.countSource,
      commands.countRestored,
      ...(options.keep ? commands.protect : [commands.remove]),
    ])
      console.log(`  aws ${command.join(" ")}`);
    for (const line of switchInstructions(options)) console.log(line);
    return;
  }
  const started = Date.now();
  aws(commands.restore);
  let status = "";
  while (status !== "ACTIVE") {
    await sleep(30_000);
    status = aws(commands.describe).split(/\s+/)[0] ?? "";
    console.log(`  ${Math.round((Date.now() - started) / 60_000)} phút / min: ${status}`);
  }
  const [, keyArn, indexes] = aws(commands.describe).split(/\s+/);
  const count = (command: string[]) => (JSON.parse(aws(command)) as { Count: number }).Count;
  const restoredCount = count(commands.countRestored);
  const liveCount = count(commands.countSource);
  console.log("Kiểm tra / check:");
  console.log(`  trạng thái / status ACTIVE sau / after ${Math.round((Date.now() - started) / 60_000)} phút / min`);
  console.log(`  khoá / key ${keyArn ?? "?"}`);
  console.log(
    `  chỉ mục phụ / secondary indexes ${indexes ?? "?"} (định nghĩa / defined ${(tableDefinitions[options.table] as TableDefinition).globalIndexes.length})`,
  );
  console.log(`  số mục / items: bản khôi phục / restored ${restoredCount}, bảng đang chạy / live ${liveCount}`);
  if (options.keep) {
    for (const command of commands.protect) aws(command);
    console.log("  Đã bật PITR và chống xoá cho bản sao / PITR and deletion protection enabled on the copy.");
    for (const line of switchInstructions(options)) console.log(line);
  } else {
    aws(commands.remove);
    console.log(`  Đã xoá bản sao diễn tập / the drill's copy was deleted. Ghi lại thời gian khôi phục / record the restore time in the drill log.`);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await runDrill(parseDrillArgs(argv));
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return error instanceof DrillUsageError ? 2 : 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
