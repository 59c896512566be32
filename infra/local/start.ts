/**
 * `npm start`: the whole platform on one machine, no AWS account needed.
 *   DynamoDB Local → tables from the shared definitions → the province and its demo officers
 *   seeded → the Astro site built → one HTTP server for the site, /api/* (the real handlers) and
 *   /oidc/* (a real OpenID provider for officer sign-in). Ctrl-C stops everything.
 *
 *   npm start -- [--province <slug>] [--port 4321] [--dynamodb-port 8000] [--reset [--yes]] [--skip-build]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { createInterface } from "node:readline/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { seededOfficers } from "../../functions/admin/local-officer-directory.ts";
import { DynamoDirectoryStore } from "../../functions/directory/repository.ts";
import { roleLabels } from "../../shared/permissions.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { loadProvince } from "../provinces/index.ts";
import { startCaseScheduler } from "./case-scheduler.ts";
import { type LocalDynamo, localClient, MissingJavaError, startDynamoLocal, stopProcess } from "./dynamodb.ts";
import { loadOrCreateSecret } from "./oidc/keys.ts";
import { startOversightScheduler } from "./oversight-scheduler.ts";
import { startLocalSystem } from "./system.ts";
import { ensureTables } from "./tables.ts";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const localDataRoot = join(repoRoot, ".data");
const dataDir = join(localDataRoot, "dynamodb");
/** The local OpenID provider's signing key and cookie keys (kept across restarts). */
const oidcDir = join(repoRoot, ".data", "oidc");
/** Invitations land here instead of being e-mailed. */
const outboxDir = join(repoRoot, ".data", "outbox");
const attemptLimiterSecretFile = join(repoRoot, ".data", "attempt-limiter-secret");
/** The HMAC pepper of receipt-code lookup keys, and the AES key of personal-field encryption. */
const receiptCodePepperFile = join(repoRoot, ".data", "receipt-code-pepper");
const nomineeKeySecretFile = join(repoRoot, ".data", "nominee-key-secret");
const personIndexSecretFile = join(repoRoot, ".data", "person-index-secret");
const localDataKeyFile = join(repoRoot, ".data", "keys", "data-key.bin");
const siteDir = join(repoRoot, "web", "dist");

const usage = `Cách dùng / usage: npm start -- [--province <slug>] [--port 4321] [--dynamodb-port 8000] [--reset [--yes]] [--skip-build]
  --province       tỉnh cần chạy / the province to run (mặc định / default: ninh-binh)
  --reset          xoá dữ liệu cục bộ trong .data/ trước khi chạy / wipe local data in .data/ first
  --yes            không hỏi xác nhận khi --reset / do not ask before --reset
  --skip-build     dùng bản web/dist đã build / reuse the existing web/dist build`;

function parseOptions() {
  const { values } = parseArgs({
    options: {
      province: { type: "string", default: "ninh-binh" },
      port: { type: "string", default: "4321" },
      "dynamodb-port": { type: "string", default: "8000" },
      reset: { type: "boolean", default: false },
      yes: { type: "boolean", default: false },
      "skip-build": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  return values;
}

const step = (text: string) => console.log(`\n▸ ${text}`);

const children = new Set<ChildProcess>();

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: "inherit" });
    children.add(child);
    child.once("exit", (code) => {
      children.delete(child);
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(" ")} exited with ${String(code)}`));
    });
  });
}

async function confirmReset(assumeYes: boolean): Promise<boolean> {
  if (assumeYes) return true;
  if (!process.stdin.isTTY) {
    console.error("--reset xoá toàn bộ dữ liệu cục bộ; thêm --yes để xác nhận / --reset wipes all local data; add --yes to confirm.");
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await prompt.question(
    `Xoá toàn bộ dữ liệu cục bộ trong ${localDataRoot} (bảng, phiên đăng nhập, hộp thư)? / Wipe all local data (tables, sign-in sessions, outbox)? [y/N] `,
  );
  prompt.close();
  return /^(y|yes|c|có|co)$/i.test(answer.trim());
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.help) {
    console.log(usage);
    return;
  }
  const province = loadProvince(options.province);
  const port = Number(options.port);
  const dynamoPort = Number(options["dynamodb-port"]);

  if (options.reset) {
    if (!(await confirmReset(options.yes))) process.exit(1);
    // Everything local: tables, the provider's keys and sessions, the outbox, the limiter secret,
    // the receipt-code pepper and the data key (so every locally encrypted field becomes unreadable).
    rmSync(localDataRoot, { recursive: true, force: true });
    console.log("Đã xoá dữ liệu cục bộ / local data wiped.");
  }

  step(`DynamoDB Local (cổng / port ${String(dynamoPort)}, dữ liệu / data: .data/dynamodb)`);
  let dynamo: LocalDynamo | undefined;
  let closeServer: (() => Promise<void>) | undefined;
  let flushOidc: (() => void) | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nĐang dừng / stopping…");
    try {
      flushOidc?.();
    } catch (error) {
      console.error("Không lưu được phiên đăng nhập / could not save the sign-in sessions:", (error as Error).message);
    }
    // A browser tab may hold a connection open: the server gets 3 s, then the process exits anyway.
    const closingServer = Promise.race([closeServer?.(), new Promise<void>((resolve) => setTimeout(resolve, 3_000).unref())]);
    await Promise.allSettled([closingServer, dynamo?.stop(), ...[...children].map((child) => stopProcess(child))]);
    process.exit(code);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => void stop(0));

  try {
    dynamo = await startDynamoLocal({ port: dynamoPort, dataDir });
    dynamo.process.once("exit", () => {
      if (!stopping) {
        console.error("DynamoDB Local đã dừng bất ngờ / DynamoDB Local stopped unexpectedly.");
        void stop(1);
      }
    });

    step(`Bảng dữ liệu / tables for ${province.slug}`);
    const client = localClient(dynamo.endpoint);
    const tables = await ensureTables(client, province.slug);
    console.log(`  tạo mới / created: ${tables.created.join(", ") || "—"}; đã có / existing: ${tables.existing.join(", ") || "—"}`);

    step(`Nạp dữ liệu tỉnh / seeding ${province.name.vi} (${String(province.communes.length)} xã/phường)`);
    const store = new DynamoDirectoryStore(DynamoDBDocumentClient.from(client), physicalTableName(province.slug, "directory"));
    const seeded = await store.seed(province, new Date().toISOString());
    console.log(`  ghi / written: ${String(seeded.written)}; giữ bản đã sửa / kept edited: ${String(seeded.keptEdited)}`);

    if (options["skip-build"] && existsSync(join(siteDir, "index.html"))) {
      step("Dùng bản web đã build / reusing web/dist");
    } else {
      step("Build trang web / building the site (Astro)");
      await run("astro", ["build", "--root", "web"], { PROVINCE: province.slug, SITE_URL: `http://localhost:${String(port)}` });
    }

    const {
      server,
      oidc,
      seeded: officers,
    } = await startLocalSystem({
      province,
      client,
      dynamoEndpoint: dynamo.endpoint,
      siteDir,
      port,
      oidcDir,
      outboxDir,
      attemptLimiterSecret: loadOrCreateSecret(attemptLimiterSecretFile),
      receiptCodePepper: loadOrCreateSecret(receiptCodePepperFile),
      nomineeKeySecret: loadOrCreateSecret(nomineeKeySecretFile),
      personIndexSecret: loadOrCreateSecret(personIndexSecretFile),
      localDataKeyFile,
    });
    closeServer = server.close;
    flushOidc = oidc.flush;
    // Case tracking's scheduled work (EventBridge Scheduler in AWS): reminders into the outbox, retention.
    startCaseScheduler({ documents: DynamoDBDocumentClient.from(client), provinceSlug: province.slug, outboxDir, log: (line) => console.log(`  ${line}`) });
    // The statistics projector over DynamoDB Local's streams (the event source mappings in AWS).
    // Imported only now: its module builds the Powertools logger, which reads the functions'
    // environment (service name, metrics off) that startLocalSystem has just set.
    const { startStatisticsStreams } = await import("./statistics-streams.ts");
    startStatisticsStreams({
      client,
      documents: DynamoDBDocumentClient.from(client),
      endpoint: dynamo.endpoint,
      provinceSlug: province.slug,
      cutOffDay: province.statisticsCutOffDay,
      log: (line) => console.log(`  ${line}`),
    });
    // Oversight's daily reminder (EventBridge Scheduler at 07:00 in AWS): grouped, at most once a day per officer.
    startOversightScheduler({ log: (line) => console.log(`  ${line}`) });
    console.log(`  cán bộ mẫu / demo officers: tạo mới / created ${String(officers.created.length)}, giữ nguyên / kept ${String(officers.kept.length)}`);

    step("Đăng nhập cán bộ / officer sign-in");
    console.log(`  ${server.url}/dang-nhap/  (OpenID: ${oidc.issuer})`);
    for (const officer of seededOfficers(province)) {
      const where = officer.jurisdiction.kind === "province" ? "tỉnh / province" : officer.jurisdiction.communes.join(", ");
      console.log(`  ${officer.email.padEnd(26)} ${roleLabels[officer.roles[0] ?? "commune-officer"].vi} — ${where}`);
    }
    console.log("  Mật khẩu: xem README, mục “Đăng nhập cục bộ” / password: see the README, “Local sign-in”.");
    console.log(`  Hộp thư (thư mời, báo tin mới) / outbox (invitations, report notices): ${relative(repoRoot, outboxDir)}/`);
    console.log(`\n✔ PCBLGĐ ${province.name.vi} đang chạy / is running at ${server.url}/  (Ctrl-C để dừng / to stop)`);
  } catch (error) {
    console.error(`\n✘ ${error instanceof MissingJavaError ? error.message : `Không khởi động được / could not start: ${(error as Error).message}`}`);
    await stop(1);
  }
}

await main();
