import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "./stats.ts";

/**
 * KMS requests per operation in AWS mode: runs tests/integration/kms-requests.test.ts (the real
 * handlers on DynamoDB Local, FIELD_KEYRING=kms, a KMS stand-in that counts) and prints the table
 * it writes. The bar: at most one GenerateDataKey per record written, one Decrypt per record read.
 */
export function kmsBench(): void {
  console.log("\n9. Yêu cầu KMS / KMS requests per operation (FIELD_KEYRING=kms, real handlers, counted)");
  const dir = mkdtempSync(join(tmpdir(), "pcblgd-bench-kms-"));
  const file = join(dir, "kms-requests.json");
  try {
    const run = spawnSync("npx", ["vitest", "run", "--config", "tests/vitest.config.ts", "tests/integration/kms-requests.test.ts"], {
      cwd: fileURLToPath(new URL("../..", import.meta.url)),
      env: { ...process.env, KMS_COUNTS_FILE: file },
      encoding: "utf8",
    });
    if (run.status !== 0) {
      console.log(`  the KMS count test failed:\n${run.stdout.slice(-3000)}${run.stderr.slice(-2000)}`);
      return;
    }
    const rows = JSON.parse(readFileSync(file, "utf8")) as { operation: string; records: string; GenerateDataKey: number; Decrypt: number }[];
    console.log(
      table([
        ["operation", "GenerateDataKey", "Decrypt", "records written / read"],
        ...rows.map((row) => [row.operation, row.GenerateDataKey, row.Decrypt, row.records]),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// `tsx tests/bench/kms.ts`: this part alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) kmsBench();
