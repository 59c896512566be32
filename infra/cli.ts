import { type SpawnSyncOptions, spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { type AuthConfig, cognitoAuthConfig } from "../shared/auth-config.ts";
import type { Province } from "../shared/province.ts";
import { repoRoot } from "./bundling.ts";
import { parseCdkDiff, statefulReplacements, summarizeDiff } from "./deploy-diff.ts";
import { listProvinceSlugs, loadAllProvinces, loadProvince, provincesDir } from "./provinces/index.ts";
import { deployBlockers } from "./provinces/readiness.ts";
import { authConfigFileName, cacheControlFor } from "./site-cache.ts";

export { authConfigFileName, cacheControlFor };

import { stackName } from "./stacks/names.ts";

/**
 * `npm run synth -- --province <slug>` and `npm run deploy -- --province <slug> | --all`.
 *
 * Argument parsing (`parseArgs`), the guards (`deployBlockers`, the diff check) and the plan
 * (`planFor`) are pure functions, tested in tests/unit/cli*.test.ts; `main` runs the plan. S3 and
 * CloudFront are driven with the `aws` CLI (the project does not depend on client-cloudfront): a
 * deploy needs the AWS CLI v2 and credentials; a synth needs neither and runs offline.
 */

export type Command = "synth" | "deploy";

export interface CliOptions {
  command: Command;
  province: string;
  dryRun: boolean;
  /** Deploy even when the diff replaces or removes a table, the user pool, a key or a bucket. */
  allowReplace: boolean;
  /** CDK context given with `-c key=value`, passed to every cdk command. */
  context: Record<string, string>;
}

export type ParsedArgs = { help: true } | ({ help: false; provinces: string[]; all: boolean } & Omit<CliOptions, "province">);

/** A usage error: the message is bilingual and the process exits with code 2. */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode = 2;
}

export const usage = `Cách dùng / usage:
  npm run synth  -- --province <mã-tỉnh> [-c key=value]
  npm run deploy -- --province <mã-tỉnh> [--dry-run] [--allow-replace] [-c key=value]
  npm run deploy -- --all [--dry-run]

  --province <slug>   tỉnh, theo tên tệp infra/provinces/<slug>.json / the province, by its file name
  --all               (deploy) lần lượt mọi tỉnh không phải tỉnh mẫu, dừng ở lỗi đầu tiên /
                      every non-sample province in turn, stopping at the first failure
  --dry-run           (deploy) in kế hoạch và tóm tắt cdk diff, không triển khai /
                      print the plan and a cdk diff summary, deploy nothing
  --allow-replace     cho phép thay thế bảng, user pool, khoá KMS, bucket (mất dữ liệu!) /
                      allow replacing a table, the user pool, a key or a bucket (loses data!)
  -c, --context k=v   ngữ cảnh CDK, ví dụ -c authDomainPrefix=pcblgd-nb-2 / CDK context
  --help              trợ giúp này / this help`;

function knownProvincesText(known: readonly string[]): string {
  return `Các tỉnh hiện có / known provinces: ${known.join(", ")}`;
}

/** Context keys the CLI sets itself. */
const reservedContextKeys = new Set(["province"]);

function parseContext(pair: string): [string, string] {
  const equals = pair.indexOf("=");
  const key = equals === -1 ? pair : pair.slice(0, equals);
  const value = equals === -1 ? "" : pair.slice(equals + 1);
  if (!/^[A-Za-z@][\w:@/.-]*$/.test(key) || value === "") {
    throw new CliError(`Ngữ cảnh phải có dạng key=value / context must be key=value (got "${pair}")`);
  }
  if (reservedContextKeys.has(key)) throw new CliError(`Dùng --province thay cho -c ${key}=… / use --province instead of -c ${key}=…`);
  return [key, value];
}

/**
 * Parses `<command> [--province <slug> | --all] [--dry-run] [--allow-replace] [-c key=value]… [--help]`.
 * `--all` is resolved later (it needs the files, to skip the samples): see `provincesForAll`.
 */
export function parseArgs(argv: readonly string[], knownProvinces: readonly string[] = listProvinceSlugs()): ParsedArgs {
  const [command, ...rest] = argv;
  let province: string | undefined;
  let all = false;
  let dryRun = false;
  let allowReplace = false;
  const context: Record<string, string> = {};
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] as string;
    const next = (flag: string) => {
      const value = rest[index + 1];
      if (value === undefined || value.startsWith("-")) throw new CliError(`Thiếu giá trị cho ${flag} / ${flag} needs a value.`);
      index++;
      return value;
    };
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--dry-run") dryRun = true;
    else if (arg === "--allow-replace") allowReplace = true;
    else if (arg === "--all") all = true;
    else if (arg === "-c" || arg === "--context") {
      const [key, value] = parseContext(next(arg));
      context[key] = value;
    } else if (arg.startsWith("--context=")) {
      const [key, value] = parseContext(arg.slice("--context=".length));
      context[key] = value;
    } else if (arg === "--province") {
      const value = rest[index + 1];
      if (value === undefined || value.startsWith("--"))
        throw new CliError(`Thiếu giá trị cho --province / --province needs a value.\n${knownProvincesText(knownProvinces)}`);
      province = value;
      index++;
    } else if (arg.startsWith("--province=")) {
      province = arg.slice("--province=".length);
    } else {
      throw new CliError(`Tham số không rõ / unknown argument: ${arg}\n\n${usage}`);
    }
  }
  if (command !== "synth" && command !== "deploy") {
    throw new CliError(`Lệnh phải là synth hoặc deploy / the command must be synth or deploy (got ${command ?? "nothing"})\n\n${usage}`);
  }
  const options = { help: false as const, command: command as Command, dryRun, allowReplace, context };
  if (all) {
    if (command !== "deploy") throw new CliError(`--all chỉ dùng với deploy / --all goes with deploy\n\n${usage}`);
    if (province !== undefined) throw new CliError(`Dùng --province hoặc --all, không cả hai / use --province or --all, not both`);
    return { ...options, all: true, provinces: [] };
  }
  if (province === undefined || province === "") {
    throw new CliError(`Thiếu --province / missing --province.\n${knownProvincesText(knownProvinces)}\n\n${usage}`);
  }
  if (!knownProvinces.includes(province)) {
    throw new CliError(`Không có tỉnh "${province}" / unknown province "${province}".\n${knownProvincesText(knownProvinces)}`);
  }
  return { ...options, all: false, provinces: [province] };
}

/** `deploy --all`: every province file that is not a sample, in file-name order. */
export function provincesForAll(provinces: readonly Pick<Province, "slug" | "sample">[]): string[] {
  return provinces
    .filter((province) => province.sample !== true)
    .map((province) => province.slug)
    .sort();
}

/** Why each province may not be deployed (empty when all may): every blocker, named, for every province. */
export function deployGuard(provinces: readonly Province[]): string[] {
  return provinces.flatMap((province) => {
    const blockers = deployBlockers(province);
    return blockers.length === 0
      ? []
      : [
          `Không triển khai được ${province.slug} / ${province.slug} cannot be deployed (infra/provinces/${province.slug}.json):`,
          ...blockers.map((b) => `  - ${b}`),
        ];
  });
}

/** `-c key value` arguments for the CLI's own context and the user's. */
export function contextArgs(province: string, context: Record<string, string>): string[] {
  return [["province", province], ...Object.entries(context)].flatMap(([key, value]) => ["-c", `${key}=${value}`]);
}

/** One step of a synth or deploy, described so it can be printed (dry run) or run. */
export type Step =
  | { kind: "build-site"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "cdk-synth"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "cdk-diff"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "certificate"; title: string; command: string; args: string[]; env: Record<string, string>; domain: string }
  | { kind: "cdk-deploy"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "sign-in-callback"; title: string; authStack: string }
  | { kind: "auth-config"; title: string; authStack: string; file: string }
  | { kind: "upload-site"; title: string; from: string }
  | { kind: "invalidate-cdn"; title: string; paths: string[] }
  | { kind: "mail-status"; title: string; sender?: string; adminEmail: string };

export interface PlanContext {
  /** The province's AWS region (from its file). */
  region: string;
  /** The province's own domain (its file's `domain`), if any. */
  domain?: string;
  /** The province's SES sender (its file's `notificationSender`), if any. */
  sender?: string;
  adminEmail?: string;
  root?: string;
}

const binary = (root: string, name: string) => join(root, "node_modules", ".bin", name);
/** The synth must run offline: no notices download, no telemetry, no EC2 metadata probing. */
const offlineCdkEnv = { CDK_DISABLE_CLI_TELEMETRY: "true", AWS_EC2_METADATA_DISABLED: "true" };

export function outputsFile(province: string, root = repoRoot): string {
  return join(root, "cdk.out", `${province}-outputs.json`);
}

/** The steps of a command, in order. Pure: it reads nothing and runs nothing. */
export function planFor(options: CliOptions, context: PlanContext): Step[] {
  const root = context.root ?? repoRoot;
  const cdk = binary(root, "cdk");
  const cdkContext = contextArgs(options.province, options.context);
  if (options.command === "synth") {
    return [
      {
        kind: "cdk-synth",
        title: "Tổng hợp CloudFormation / synthesize CloudFormation (cdk synth)",
        command: cdk,
        args: ["synth", ...cdkContext, "--quiet", "--no-notices"],
        env: offlineCdkEnv,
      },
    ];
  }
  const cdkEnv = { CDK_DISABLE_CLI_TELEMETRY: "true" };
  const siteDist = join(root, "web", "dist");
  const steps: Step[] = [
    {
      kind: "cdk-diff",
      title: "So sánh với bản đang chạy / compare with what is deployed (cdk diff): what is created, replaced, removed",
      command: cdk,
      args: ["diff", "--all", ...cdkContext, "--no-notices"],
      env: cdkEnv,
    },
  ];
  if (context.domain !== undefined) {
    steps.push({
      kind: "certificate",
      title: `Chứng chỉ cho ${context.domain} (us-east-1) / the certificate for ${context.domain}: prints the DNS validation record and waits for it`,
      command: cdk,
      args: ["deploy", stackName(options.province, "certificate"), "--exclusively", ...cdkContext, "--require-approval", "never", "--no-notices"],
      env: cdkEnv,
      domain: context.domain,
    });
  }
  steps.push({
    kind: "cdk-deploy",
    title: "Triển khai các stack / deploy the stacks (cdk deploy)",
    command: cdk,
    args: ["deploy", "--all", ...cdkContext, "--require-approval", "never", "--outputs-file", outputsFile(options.province, root), "--no-notices"],
    env: cdkEnv,
  });
  // With its own domain the sign-in callback is known before the first deploy.
  if (context.domain === undefined) {
    steps.push({
      kind: "sign-in-callback",
      title: "Cập nhật địa chỉ đăng nhập / point the sign-in callback at the site's domain (if it changed)",
      authStack: stackName(options.province, "auth"),
    });
  }
  steps.push(
    // Built after the stacks: the site's absolute URLs (canonical, hreflang, Open Graph, sitemap)
    // need the site's domain, which (without a domain of its own) the first deploy creates.
    {
      kind: "build-site",
      title: "Dựng trang web / build the site (astro build, SITE_URL = the site's domain)",
      command: binary(root, "astro"),
      args: ["build", "--root", join(root, "web")],
      env: { PROVINCE: options.province },
    },
    {
      kind: "auth-config",
      title: "Ghi cấu hình đăng nhập / write the site's sign-in settings (auth-config.json, from the auth stack's outputs)",
      authStack: stackName(options.province, "auth"),
      file: join(siteDist, authConfigFileName),
    },
    { kind: "upload-site", title: "Tải trang web lên S3 / upload the site to S3", from: siteDist },
    { kind: "invalidate-cdn", title: "Làm mới bộ đệm CloudFront / invalidate the CloudFront cache", paths: ["/*"] },
    {
      kind: "mail-status",
      title: "Thư điện tử (SES) / e-mail (SES): sender identity and sandbox",
      ...(context.sender === undefined ? {} : { sender: context.sender }),
      adminEmail: context.adminEmail ?? "",
    },
  );
  return steps;
}

/** Stops a deploy whose diff replaces or removes data, unless allowed; returns the lines to print. */
export function checkDiff(diffText: string, allowReplace: boolean): { lines: string[]; stop: boolean } {
  const changes = parseCdkDiff(diffText);
  const lines = summarizeDiff(changes);
  const dangerous = statefulReplacements(changes);
  if (dangerous.length === 0) return { lines, stop: false };
  const named = dangerous.map((change) => `  - ${change.stack} ${change.type} ${change.resource}`);
  if (allowReplace) return { lines: [...lines, "Cho phép thay thế (--allow-replace) / replacement allowed:", ...named], stop: false };
  return {
    lines: [
      ...lines,
      "DỪNG: bản triển khai này sẽ thay thế hoặc gỡ tài nguyên chứa dữ liệu / STOPPED: this deploy would replace or remove resources that hold data:",
      ...named,
      "Hãy sao lưu/khôi phục trước (docs/infrastructure.md), rồi chạy lại với --allow-replace nếu chắc chắn /",
      "back up first (docs/infrastructure.md), then rerun with --allow-replace only if you are sure.",
    ],
    stop: true,
  };
}

/** The SES explanation printed after a deploy: the sandbox, production access, the test command. */
export function mailAdvice(province: string, sender: string | undefined, status: { productionAccess?: boolean; verified?: boolean }): string[] {
  if (sender === undefined) {
    return [
      "Chưa có notificationSender: cán bộ không nhận thư báo; lời mời do Cognito gửi (giới hạn vài thư/ngày) /",
      "no notificationSender: officers get no notices, and invitations go through Cognito's own sender (a few a day).",
    ];
  }
  const lines = [
    `Người gửi / sender ${sender}: ${status.verified === true ? "đã xác minh / verified" : "CHƯA xác minh — thêm các bản ghi DKIM (output SenderDkimRecords) vào DNS / NOT verified yet — add the DKIM records (output SenderDkimRecords) to DNS"}`,
  ];
  if (status.productionAccess !== true) {
    lines.push(
      "Tài khoản đang ở SES sandbox: chỉ gửi được tới địa chỉ đã xác minh, 200 thư/ngày. Xin quyền gửi thật: /",
      "the account is in the SES sandbox: mail reaches verified addresses only, 200 a day. Request production access:",
      "  AWS console → Amazon SES → Account dashboard → Request production access (or: aws sesv2 put-account-details --production-access-enabled --mail-type TRANSACTIONAL …)",
    );
  }
  lines.push(`Thử gửi / send a test: npm run mail:test -- --province ${province} --to <you@…>`);
  return lines;
}

/** The web app reads its OpenID settings from `/auth-config.json` at run time. */

/**
 * The site's sign-in settings from the deployed auth stack's outputs: the Cognito issuer
 * (`https://cognito-idp.<region>.amazonaws.com/<pool id>`), the web app client, and the
 * managed-login sign-out endpoint (Cognito's discovery document names none).
 */
export function authConfigFromOutputs(outputs: Record<string, Record<string, string>>, authStack: string, region: string): AuthConfig {
  const stack = outputs[authStack] ?? {};
  const userPoolId = stack.UserPoolId;
  const clientId = stack.WebClientId;
  if (!userPoolId || !clientId) {
    throw new Error(`Thiếu UserPoolId hoặc WebClientId của stack ${authStack} / the auth stack ${authStack} has no UserPoolId or WebClientId output`);
  }
  const config = cognitoAuthConfig({ region, userPoolId, clientId, ...(stack.SignInDomain ? { signInDomain: stack.SignInDomain } : {}) });
  if (stack.OidcIssuer && stack.OidcIssuer !== config.authority) {
    throw new Error(`Địa chỉ issuer không khớp / the issuer output ${stack.OidcIssuer} differs from ${config.authority}`);
  }
  return config;
}

const contentTypes: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  mjs: "text/javascript; charset=utf-8",
  json: "application/json",
  map: "application/json",
  webmanifest: "application/manifest+json",
  xml: "application/xml",
  txt: "text/plain; charset=utf-8",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  ico: "image/x-icon",
  woff: "font/woff",
  woff2: "font/woff2",
  pdf: "application/pdf",
};

export function contentTypeFor(key: string): string | undefined {
  const dot = key.lastIndexOf(".");
  return dot === -1 ? undefined : contentTypes[key.slice(dot + 1).toLowerCase()];
}

/** One `aws s3 sync` run: the files sharing a content type and Cache-Control. */
export interface UploadBatch {
  keys: string[];
  contentType?: string;
  cacheControl: string;
}

/**
 * Groups the built files into `aws s3 sync` runs by (Cache-Control, content type), hashed assets
 * first and HTML last, so a page never reaches viewers before the files it references.
 */
export function uploadBatches(keys: readonly string[]): UploadBatch[] {
  const groups = new Map<string, UploadBatch>();
  for (const key of keys) {
    const contentType = contentTypeFor(key);
    const cacheControl = cacheControlFor(key);
    const groupKey = `${cacheControl}|${contentType ?? ""}`;
    const group = groups.get(groupKey) ?? { keys: [], contentType, cacheControl };
    group.keys.push(key);
    groups.set(groupKey, group);
  }
  const rank = (batch: UploadBatch) => (batch.cacheControl.includes("immutable") ? 0 : batch.cacheControl === "no-cache" ? 2 : 1);
  return [...groups.values()].sort((a, b) => rank(a) - rank(b));
}

/** The AWS CLI's --include takes glob patterns: brackets, stars and question marks are escaped. */
export function literalPattern(key: string): string {
  return key.replace(/[[*?]/g, (character) => `[${character}]`);
}

// ---------------------------------------------------------------------------------------------
// Running a plan.

function run(command: string, args: readonly string[], env: Record<string, string> = {}, options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { stdio: "inherit", cwd: repoRoot, ...options, env: { ...process.env, ...env } });
  if (result.error !== undefined) throw new Error(`Không chạy được / could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`Lệnh thất bại / command failed (exit ${String(result.status)}): ${command} ${args.join(" ")}`);
}

function capture(command: string, args: readonly string[]): string | undefined {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

type StackOutputs = Record<string, Record<string, string>>;

function readOutputs(province: string): StackOutputs {
  const file = outputsFile(province);
  if (!existsSync(file)) throw new Error(`Không thấy tệp kết quả / missing outputs file ${file}`);
  return JSON.parse(readFileSync(file, "utf8")) as StackOutputs;
}

function webOutput(outputs: StackOutputs, province: string, key: string): string {
  const value = outputs[stackName(province, "web")]?.[key];
  if (value === undefined) throw new Error(`Thiếu giá trị ${key} của stack web / the web stack has no output ${key}`);
  return value;
}

/** The domain of the already deployed distribution, if the web stack exists. */
function deployedSiteDomain(province: string, region: string, runner: Runner): string | undefined {
  const domain = runner
    .capture("aws", [
      "cloudformation",
      "describe-stacks",
      "--region",
      region,
      "--stack-name",
      stackName(province, "web"),
      "--query",
      "Stacks[0].Outputs[?OutputKey=='DistributionDomainName'].OutputValue",
      "--output",
      "text",
    ])
    ?.trim();
  return domain === undefined || domain === "" || domain === "None" ? undefined : domain;
}

function listFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

function uploadSite(from: string, bucket: string, region: string): void {
  if (!existsSync(from)) throw new Error(`Chưa dựng trang web / the site is not built: ${from}`);
  const target = `s3://${bucket}/`;
  for (const batch of uploadBatches(listFiles(from))) {
    const filters = batch.keys.flatMap((key) => ["--include", literalPattern(key)]);
    const metadata = [...(batch.contentType === undefined ? [] : ["--content-type", batch.contentType]), "--cache-control", batch.cacheControl];
    run("aws", ["s3", "sync", from, target, "--region", region, "--no-progress", "--only-show-errors", "--exclude", "*", ...filters, ...metadata]);
  }
  // Everything is uploaded (same sizes now): this pass only removes objects no longer built.
  run("aws", ["s3", "sync", from, target, "--region", region, "--no-progress", "--only-show-errors", "--size-only", "--delete"]);
}

export function describeStep(step: Step): string {
  switch (step.kind) {
    case "build-site":
    case "cdk-synth":
    case "cdk-diff":
    case "certificate":
    case "cdk-deploy": {
      const env = Object.entries(step.env).map(([key, value]) => `${key}=${value} `);
      const domain = step.kind === "cdk-deploy" || step.kind === "cdk-diff" ? "  (+ -c siteDomain=<current domain> once the web stack exists)" : "";
      return `${env.join("")}${relative(repoRoot, step.command) || step.command} ${step.args.join(" ")}${domain}`;
    }
    case "sign-in-callback":
      return `cdk deploy ${step.authStack} --exclusively -c siteDomain=<distribution domain>  (only if the domain changed)`;
    case "auth-config":
      return `${relative(repoRoot, step.file)} ← ${step.authStack} outputs UserPoolId, WebClientId, SignInDomain (uploaded with Cache-Control: no-cache)`;
    case "upload-site":
      return `aws s3 sync ${relative(repoRoot, step.from)} s3://<SiteBucketName>/ (by content type and Cache-Control, then --delete)`;
    case "invalidate-cdn":
      return `aws cloudfront create-invalidation --distribution-id <DistributionId> --paths ${step.paths.join(" ")}`;
    case "mail-status":
      return `aws sesv2 get-account (sandbox?)${step.sender === undefined ? "" : `, aws sesv2 get-email-identity ${senderIdentity(step.sender)} (verified?)`}`;
  }
}

/** The SES identity of a sender: its domain (DKIM-verified, so every address of the domain may send). */
export function senderIdentity(sender: string): string {
  return sender.slice(sender.indexOf("@") + 1);
}

/**
 * Runs `cdk deploy` of the certificate stack and, while CloudFormation waits for the DNS
 * validation, prints the CNAME the province's DNS administrator must add (read from ACM).
 */
async function deployCertificate(step: Extract<Step, { kind: "certificate" }>): Promise<void> {
  const child = spawn(step.command, step.args, { stdio: "inherit", cwd: repoRoot, env: { ...process.env, ...step.env } });
  let printed = false;
  const poll = setInterval(() => {
    if (printed) return;
    const arn = capture("aws", [
      "acm",
      "list-certificates",
      "--region",
      "us-east-1",
      "--certificate-statuses",
      "PENDING_VALIDATION",
      "--query",
      `CertificateSummaryList[?DomainName=='${step.domain}'].CertificateArn | [0]`,
      "--output",
      "text",
    ]);
    if (arn === undefined || arn === "" || arn === "None") return;
    const record = capture("aws", [
      "acm",
      "describe-certificate",
      "--region",
      "us-east-1",
      "--certificate-arn",
      arn,
      "--query",
      "Certificate.DomainValidationOptions[0].ResourceRecord.[Name,Type,Value]",
      "--output",
      "text",
    ]);
    if (record === undefined || record === "" || record.startsWith("None")) return;
    printed = true;
    console.log(
      `\n    Nhờ quản trị DNS thêm bản ghi này / ask the DNS administrator of ${step.domain} to add:\n      ${record.split(/\s+/).join("  ")}\n    CloudFormation chờ đến khi bản ghi có hiệu lực / CloudFormation waits until it resolves.\n`,
    );
  }, 15_000);
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", resolve);
    });
    if (code !== 0) throw new Error(`Lệnh thất bại / command failed (exit ${String(code)}): cdk ${step.args.join(" ")}`);
  } finally {
    clearInterval(poll);
  }
}

/** What a province's run needs from the outside world; tests replace it. */
export interface Runner {
  /** Runs a command, inheriting the terminal; throws if it fails. */
  run(command: string, args: readonly string[], env?: Record<string, string>): void;
  /** Runs a command and returns its standard output (undefined if it failed). */
  capture(command: string, args: readonly string[], env?: Record<string, string>): string | undefined;
}

const systemRunner: Runner = {
  run: (command, args, env) => run(command, args, env),
  capture: (command, args, env) => {
    const result = spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env } });
    return result.status === 0 ? result.stdout : undefined;
  },
};

/** The deploy's diff: printed as a summary; stops the run when it replaces data without --allow-replace. */
function diffStep(step: Extract<Step, { kind: "cdk-diff" }>, options: CliOptions, domainContext: string[], runner: Runner): void {
  const text = runner.capture(step.command, [...step.args, ...domainContext], step.env);
  if (text === undefined) throw new Error("cdk diff thất bại (thông tin đăng nhập AWS? bootstrap?) / cdk diff failed (AWS credentials? bootstrap?)");
  const { lines, stop } = checkDiff(text, options.allowReplace);
  for (const line of lines) console.log(`    ${line}`);
  if (stop) throw new Error(`Dừng trước khi triển khai ${options.province} / stopped before deploying ${options.province} (--allow-replace)`);
}

/** Whether SES has verified the sender's domain (false without credentials or identity). */
function sesVerified(sender: string, region: string, runner: Runner): boolean {
  const status = runner.capture("aws", [
    "sesv2",
    "get-email-identity",
    "--region",
    region,
    "--email-identity",
    senderIdentity(sender),
    "--query",
    "VerifiedForSendingStatus",
    "--output",
    "text",
  ]);
  return status?.trim() === "True";
}

async function runPlan(options: CliOptions, steps: Step[], region: string, runner: Runner, sender?: string): Promise<void> {
  // Fail before building or deploying anything if the upload could not happen afterwards.
  if (!options.dryRun && steps.some((step) => step.kind === "upload-site") && runner.capture("aws", ["--version"]) === undefined) {
    throw new Error("Cần AWS CLI v2 (lệnh aws) để tải trang web lên / the AWS CLI v2 (aws) is needed to upload the site: https://aws.amazon.com/cli/");
  }
  const userDomain = options.context.siteDomain;
  let siteDomainAtDeploy: string | undefined;
  let senderVerified = false;
  // Context the CLI finds out: the deployed site's domain (for the sign-in callback) and whether SES
  // has verified the sender (then Cognito mails through SES).
  const domainContext = () => [
    ...(userDomain === undefined && siteDomainAtDeploy !== undefined ? ["-c", `siteDomain=${siteDomainAtDeploy}`] : []),
    ...(senderVerified && options.context.senderVerified === undefined ? ["-c", "senderVerified=true"] : []),
  ];
  for (const [index, step] of steps.entries()) {
    console.log(`\n[${index + 1}/${steps.length}] ${step.title}\n    ${describeStep(step)}`);
    switch (step.kind) {
      case "build-site": {
        const domain = siteHost(readOutputs(options.province), options.province);
        runner.run(step.command, step.args, { ...step.env, SITE_URL: `https://${domain}` });
        break;
      }
      case "cdk-synth":
        runner.run(step.command, step.args, step.env);
        break;
      case "cdk-diff":
        siteDomainAtDeploy = deployedSiteDomain(options.province, region, runner);
        senderVerified = sender !== undefined && sesVerified(sender, region, runner);
        diffStep(step, options, domainContext(), runner);
        if (options.dryRun) {
          console.log(`\nThử, không triển khai / dry run: nothing deployed (${options.province}).`);
          return;
        }
        break;
      case "certificate":
        await deployCertificate(step);
        break;
      case "cdk-deploy":
        runner.run(step.command, [...step.args, ...domainContext()], step.env);
        break;
      case "sign-in-callback": {
        const domain = webOutput(readOutputs(options.province), options.province, "DistributionDomainName");
        if (domain === siteDomainAtDeploy || userDomain !== undefined) {
          console.log("    Không đổi / unchanged.");
          break;
        }
        const cdk = binary(repoRoot, "cdk");
        runner.run(
          cdk,
          [
            "deploy",
            step.authStack,
            "--exclusively",
            ...contextArgs(options.province, { ...options.context, siteDomain: domain }),
            "--require-approval",
            "never",
            "--no-notices",
          ],
          { CDK_DISABLE_CLI_TELEMETRY: "true" },
        );
        break;
      }
      case "auth-config": {
        const config = authConfigFromOutputs(readOutputs(options.province), step.authStack, region);
        writeFileSync(step.file, `${JSON.stringify(config, null, 2)}\n`);
        console.log(`    ${config.authority} · ${config.clientId}`);
        break;
      }
      case "upload-site":
        uploadSite(step.from, webOutput(readOutputs(options.province), options.province, "SiteBucketName"), region);
        break;
      case "invalidate-cdn": {
        const distributionId = webOutput(readOutputs(options.province), options.province, "DistributionId");
        runner.run("aws", [
          "cloudfront",
          "create-invalidation",
          "--distribution-id",
          distributionId,
          "--paths",
          ...step.paths,
          "--output",
          "text",
          "--query",
          "Invalidation.Id",
        ]);
        break;
      }
      case "mail-status": {
        const production = runner.capture("aws", ["sesv2", "get-account", "--region", region, "--query", "ProductionAccessEnabled", "--output", "text"]);
        const verified = step.sender !== undefined && sesVerified(step.sender, region, runner);
        const advice = mailAdvice(options.province, step.sender, { productionAccess: production?.trim() === "True", verified });
        if (verified && !senderVerified)
          advice.push(
            "Người gửi vừa được xác minh: triển khai lại để Cognito gửi lời mời qua SES / the sender was just verified: deploy again so Cognito sends invitations through SES.",
          );
        for (const line of advice) console.log(`    ${line}`);
        console.log(
          `    Cảnh báo vận hành gửi tới / alarms are e-mailed to ${step.adminEmail}: bấm "Confirm subscription" trong thư của AWS / click "Confirm subscription" in AWS's message.`,
        );
        break;
      }
    }
  }
  console.log(`\nXong / done: ${options.command} ${options.province}`);
}

/** The site's host: the province's own domain when it has one, else the distribution's. */
function siteHost(outputs: StackOutputs, province: string): string {
  return outputs[stackName(province, "web")]?.SiteDomain ?? webOutput(outputs, province, "DistributionDomainName");
}

export interface RunResult {
  province: string;
  status: "deployed" | "synthesized" | "planned" | "failed" | "not run";
  detail?: string;
}

/** The closing table of a multi-province run. */
export function summaryLines(results: readonly RunResult[]): string[] {
  const words: Record<RunResult["status"], string> = {
    deployed: "đã triển khai / deployed",
    synthesized: "đã tổng hợp / synthesized",
    planned: "đã lập kế hoạch / planned",
    failed: "LỖI / FAILED",
    "not run": "chưa chạy / not run",
  };
  return [
    "Tóm tắt / summary:",
    ...results.map((result) => `  ${result.province.padEnd(20)} ${words[result.status]}${result.detail === undefined ? "" : ` — ${result.detail}`}`),
  ];
}

export async function main(argv: readonly string[], runner: Runner = systemRunner, dir = provincesDir): Promise<number> {
  try {
    const parsed = parseArgs(argv, listProvinceSlugs(dir));
    if (parsed.help) {
      console.log(usage);
      return 0;
    }
    const slugs = parsed.all ? provincesForAll(loadAllProvinces(dir)) : parsed.provinces;
    if (slugs.length === 0)
      throw new CliError("Không có tỉnh nào để triển khai (chỉ có tỉnh mẫu) / no province to deploy (only samples): npm run province:new");
    const provinces = slugs.map((slug) => loadProvince(slug, dir));
    if (parsed.command === "deploy") {
      const refused = deployGuard(provinces);
      if (refused.length > 0) {
        for (const line of refused) console.error(line);
        return 1;
      }
    } else {
      for (const line of deployGuard(provinces)) console.warn(`(synth) ${line}`);
    }
    const results: RunResult[] = provinces.map((province) => ({ province: province.slug, status: "not run" }));
    for (const [index, province] of provinces.entries()) {
      const options: CliOptions = { ...parsed, province: province.slug };
      const steps = planFor(options, {
        region: province.region,
        ...(province.domain === undefined ? {} : { domain: province.domain }),
        ...(province.notificationSender === undefined ? {} : { sender: province.notificationSender }),
        adminEmail: province.initialAdminEmail,
      });
      const result = results[index] as RunResult;
      if (parsed.dryRun)
        console.log(
          `Kế hoạch / plan: ${parsed.command} ${province.slug} (${province.region})\n${steps.map((step, i) => `  ${i + 1}. ${step.title}\n     ${describeStep(step)}`).join("\n")}`,
        );
      try {
        const toRun = parsed.dryRun ? steps.filter((step) => step.kind === "cdk-diff" || step.kind === "cdk-synth") : steps;
        await runPlan(options, toRun, province.region, runner, province.notificationSender);
        result.status = parsed.dryRun ? "planned" : parsed.command === "deploy" ? "deployed" : "synthesized";
      } catch (error) {
        result.status = "failed";
        result.detail = error instanceof Error ? error.message.split("\n")[0] : String(error);
        if (provinces.length > 1) for (const line of summaryLines(results)) console.error(line);
        throw error;
      }
    }
    if (provinces.length > 1) for (const line of summaryLines(results)) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      return error.exitCode;
    }
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
