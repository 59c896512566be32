import { type SpawnSyncOptions, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { type AuthConfig, cognitoAuthConfig } from "../shared/auth-config.ts";
import { repoRoot } from "./bundling.ts";
import { listProvinceSlugs, loadProvince } from "./provinces/index.ts";
import { authConfigFileName, cacheControlFor } from "./site-cache.ts";

export { authConfigFileName, cacheControlFor };

import { stackName } from "./stacks/names.ts";

/**
 * `npm run synth -- --province <slug>` and `npm run deploy -- --province <slug>`.
 *
 * Argument parsing (`parseArgs`) and the plan (`planFor`) are pure functions, tested in
 * tests/unit/cli.test.ts; `main` runs the plan. S3 and CloudFront are driven with the `aws` CLI
 * (the project does not depend on @aws-sdk/client-s3 or client-cloudfront): a deploy needs the
 * AWS CLI v2 and credentials; a synth needs neither and runs offline.
 */

export type Command = "synth" | "deploy";

export interface CliOptions {
  command: Command;
  province: string;
  dryRun: boolean;
}

export type ParsedArgs = { help: true } | ({ help: false } & CliOptions);

/** A usage error: the message is bilingual and the process exits with code 2. */
export class CliError extends Error {
  override name = "CliError";
  readonly exitCode = 2;
}

export const usage = `Cách dùng / usage:
  npm run synth  -- --province <mã-tỉnh> [--dry-run]
  npm run deploy -- --province <mã-tỉnh> [--dry-run]

  --province <slug>   tỉnh, theo tên tệp infra/provinces/<slug>.json / the province, by its file name
  --dry-run           chỉ in kế hoạch, không chạy / print the plan without running it
  --help              trợ giúp này / this help`;

function knownProvincesText(known: readonly string[]): string {
  return `Các tỉnh hiện có / known provinces: ${known.join(", ")}`;
}

/** Parses `<command> [--province <slug> | --province=<slug>] [--dry-run] [--help]`. */
export function parseArgs(argv: readonly string[], knownProvinces: readonly string[] = listProvinceSlugs()): ParsedArgs {
  const [command, ...rest] = argv;
  let province: string | undefined;
  let dryRun = false;
  for (let index = 0; index < rest.length; index++) {
    const arg = rest[index] as string;
    if (arg === "--help" || arg === "-h") return { help: true };
    if (arg === "--dry-run") {
      dryRun = true;
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
  if (province === undefined || province === "") {
    throw new CliError(`Thiếu --province / missing --province.\n${knownProvincesText(knownProvinces)}\n\n${usage}`);
  }
  if (!knownProvinces.includes(province)) {
    throw new CliError(`Không có tỉnh "${province}" / unknown province "${province}".\n${knownProvincesText(knownProvinces)}`);
  }
  return { help: false, command, province, dryRun };
}

/** One step of a synth or deploy, described so it can be printed (dry run) or run. */
export type Step =
  | { kind: "build-site"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "cdk-synth"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "cdk-deploy"; title: string; command: string; args: string[]; env: Record<string, string> }
  | { kind: "sign-in-callback"; title: string; authStack: string }
  | { kind: "auth-config"; title: string; authStack: string; file: string }
  | { kind: "upload-site"; title: string; from: string }
  | { kind: "invalidate-cdn"; title: string; paths: string[] };

export interface PlanContext {
  /** The province's AWS region (from its file). */
  region: string;
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
  const provinceContext = ["-c", `province=${options.province}`];
  if (options.command === "synth") {
    return [
      {
        kind: "cdk-synth",
        title: "Tổng hợp CloudFormation / synthesize CloudFormation (cdk synth)",
        command: cdk,
        args: ["synth", ...provinceContext, "--quiet", "--no-notices"],
        env: offlineCdkEnv,
      },
    ];
  }
  const siteDist = join(root, "web", "dist");
  return [
    {
      kind: "cdk-deploy",
      title: "Triển khai các stack / deploy the stacks (cdk deploy)",
      command: cdk,
      args: ["deploy", "--all", ...provinceContext, "--require-approval", "never", "--outputs-file", outputsFile(options.province, root), "--no-notices"],
      env: { CDK_DISABLE_CLI_TELEMETRY: "true" },
    },
    {
      kind: "sign-in-callback",
      title: "Cập nhật địa chỉ đăng nhập / point the sign-in callback at the site's domain (if it changed)",
      authStack: stackName(options.province, "auth"),
    },
    // Built after the stacks: the site's absolute URLs (canonical, hreflang, Open Graph, sitemap)
    // need the distribution's domain, which the first deploy creates.
    {
      kind: "build-site",
      title: "Dựng trang web / build the site (astro build, SITE_URL = the distribution's domain)",
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
  ];
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
function deployedSiteDomain(province: string, region: string): string | undefined {
  const domain = capture("aws", [
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
  ]);
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
    case "cdk-deploy": {
      const env = Object.entries(step.env).map(([key, value]) => `${key}=${value} `);
      const domain = step.kind === "cdk-deploy" ? "  (+ -c siteDomain=<current domain> once the web stack exists)" : "";
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
  }
}

function runPlan(options: CliOptions, steps: Step[], region: string): void {
  // Fail before building or deploying anything if the upload could not happen afterwards.
  if (steps.some((step) => step.kind === "upload-site") && capture("aws", ["--version"]) === undefined) {
    throw new Error("Cần AWS CLI v2 (lệnh aws) để tải trang web lên / the AWS CLI v2 (aws) is needed to upload the site: https://aws.amazon.com/cli/");
  }
  let siteDomainAtDeploy: string | undefined;
  steps.forEach((step, index) => {
    console.log(`\n[${index + 1}/${steps.length}] ${step.title}\n    ${describeStep(step)}`);
    switch (step.kind) {
      case "build-site": {
        const domain = webOutput(readOutputs(options.province), options.province, "DistributionDomainName");
        run(step.command, step.args, { ...step.env, SITE_URL: `https://${domain}` });
        break;
      }
      case "cdk-synth":
        run(step.command, step.args, step.env);
        break;
      case "cdk-deploy": {
        siteDomainAtDeploy = deployedSiteDomain(options.province, region);
        const domainContext = siteDomainAtDeploy === undefined ? [] : ["-c", `siteDomain=${siteDomainAtDeploy}`];
        run(step.command, [...step.args, ...domainContext], step.env);
        break;
      }
      case "sign-in-callback": {
        const domain = webOutput(readOutputs(options.province), options.province, "DistributionDomainName");
        if (domain === siteDomainAtDeploy) {
          console.log("    Không đổi / unchanged.");
          break;
        }
        const cdk = binary(repoRoot, "cdk");
        run(
          cdk,
          [
            "deploy",
            step.authStack,
            "--exclusively",
            "-c",
            `province=${options.province}`,
            "-c",
            `siteDomain=${domain}`,
            "--require-approval",
            "never",
            "--no-notices",
          ],
          {
            CDK_DISABLE_CLI_TELEMETRY: "true",
          },
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
        run("aws", [
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
    }
  });
  console.log(`\nXong / done: ${options.command} ${options.province}`);
}

export function main(argv: readonly string[]): number {
  try {
    const parsed = parseArgs(argv);
    if (parsed.help) {
      console.log(usage);
      return 0;
    }
    const region = loadProvince(parsed.province).region;
    const steps = planFor(parsed, { region });
    if (parsed.dryRun) {
      console.log(`Kế hoạch / plan: ${parsed.command} ${parsed.province} (${region})`);
      for (const [index, step] of steps.entries()) console.log(`  ${index + 1}. ${step.title}\n     ${describeStep(step)}`);
      return 0;
    }
    runPlan(parsed, steps, region);
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
  process.exitCode = main(process.argv.slice(2));
}
