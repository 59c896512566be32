import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  authConfigFileName,
  authConfigFromOutputs,
  type CliOptions,
  cacheControlFor,
  contentTypeFor,
  literalPattern,
  main,
  outputsFile,
  parseArgs,
  planFor,
  type Step,
  uploadBatches,
} from "../../infra/cli.ts";
import { usageError } from "./cli-support.ts";

const known = ["ninh-binh", "tinh-mau"];

describe("parseArgs", () => {
  it("accepts --province <slug> and --province=<slug>", () => {
    const defaults = { help: false, all: false, allowReplace: false, context: {} };
    expect(parseArgs(["synth", "--province", "ninh-binh"], known)).toEqual({ ...defaults, command: "synth", provinces: ["ninh-binh"], dryRun: false });
    expect(parseArgs(["deploy", "--province=tinh-mau", "--dry-run"], known)).toEqual({ ...defaults, command: "deploy", provinces: ["tinh-mau"], dryRun: true });
  });

  it("asks for the province in Vietnamese and English, listing the known ones, exit code 2", () => {
    const error = usageError(() => parseArgs(["deploy"], known));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("Thiếu --province");
    expect(error.message).toContain("missing --province");
    expect(error.message).toContain("ninh-binh, tinh-mau");
    expect(usageError(() => parseArgs(["deploy", "--province"], known)).message).toContain("ninh-binh, tinh-mau");
    expect(usageError(() => parseArgs(["deploy", "--province="], known)).message).toContain("missing --province");
  });

  it("rejects an unknown province and lists the known ones", () => {
    const error = usageError(() => parseArgs(["synth", "--province", "nowhere"], known));
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('Không có tỉnh "nowhere"');
    expect(error.message).toContain('unknown province "nowhere"');
    expect(error.message).toContain("ninh-binh, tinh-mau");
  });

  it("reads the real province files by default", () => {
    expect(usageError(() => parseArgs(["synth", "--province", "nowhere"])).message).toMatch(/ninh-binh.*tinh-mau/);
  });

  it("rejects unknown arguments and commands, and answers --help", () => {
    expect(usageError(() => parseArgs(["synth", "--province", "tinh-mau", "--force"], known)).message).toContain("unknown argument: --force");
    expect(usageError(() => parseArgs(["destroy", "--province", "tinh-mau"], known)).message).toContain("synth or deploy");
    expect(parseArgs(["deploy", "--help"], known)).toEqual({ help: true });
  });
});

describe("planFor", () => {
  const root = "/repo";
  const deploy: CliOptions = { command: "deploy", province: "tinh-mau", dryRun: false, allowReplace: false, context: {} };

  it("deploys in order: cdk diff → cdk deploy → build the site (for the deployed domain) → upload → invalidate → mail status", () => {
    const kinds = planFor(deploy, { region: "ap-southeast-1", root }).map((step) => step.kind);
    expect(kinds).toEqual(["cdk-diff", "cdk-deploy", "sign-in-callback", "build-site", "auth-config", "upload-site", "invalidate-cdn", "mail-status"]);
    const order = ["cdk-deploy", "build-site", "auth-config", "upload-site", "invalidate-cdn"].map((kind) => kinds.indexOf(kind as Step["kind"]));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("builds the site for the province and deploys every stack with its context and outputs file", () => {
    const steps = planFor(deploy, { region: "ap-southeast-1", root });
    const build = steps.find((step) => step.kind === "build-site");
    const cdkDeploy = steps.find((step) => step.kind === "cdk-deploy");
    expect(build).toEqual(
      expect.objectContaining({ command: join(root, "node_modules/.bin/astro"), args: ["build", "--root", join(root, "web")], env: { PROVINCE: "tinh-mau" } }),
    );
    expect(cdkDeploy?.kind).toBe("cdk-deploy");
    if (cdkDeploy?.kind !== "cdk-deploy") return;
    expect(cdkDeploy.command).toBe(join(root, "node_modules/.bin/cdk"));
    expect(cdkDeploy.args).toEqual(
      expect.arrayContaining(["deploy", "--all", "province=tinh-mau", "--require-approval", "never", "--outputs-file", outputsFile("tinh-mau", root)]),
    );
    expect(outputsFile("tinh-mau", root)).toBe(join(root, "cdk.out/tinh-mau-outputs.json"));
  });

  it("writes auth-config.json into the built site after the deploy, before the upload", () => {
    const steps = planFor(deploy, { region: "ap-southeast-1", root });
    const step = steps.find((candidate) => candidate.kind === "auth-config");
    expect(step).toEqual({ kind: "auth-config", title: expect.any(String), authStack: "pcblgd-tinh-mau-auth", file: join(root, "web/dist/auth-config.json") });
  });

  it("synthesizes offline with one cdk synth", () => {
    const steps = planFor({ command: "synth", province: "ninh-binh", dryRun: false, allowReplace: false, context: {} }, { region: "ap-southeast-1", root });
    expect(steps).toHaveLength(1);
    const [synth] = steps;
    if (synth?.kind !== "cdk-synth") throw new Error("expected cdk synth");
    expect(synth.args).toEqual(["synth", "-c", "province=ninh-binh", "--quiet", "--no-notices"]);
    expect(synth.env).toEqual({ CDK_DISABLE_CLI_TELEMETRY: "true", AWS_EC2_METADATA_DISABLED: "true" });
  });
});

describe("auth-config.json", () => {
  const outputs = {
    "pcblgd-tinh-mau-auth": {
      UserPoolId: "ap-southeast-1_AbC123xyZ",
      WebClientId: "4h2k1abcdefghij0123456789",
      SignInDomain: "https://pcblgd-tinh-mau-officers.auth.ap-southeast-1.amazoncognito.com",
      OidcIssuer: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_AbC123xyZ",
    },
  };

  it("points the web at the Cognito issuer and the app client, with the site's paths", () => {
    expect(authConfigFromOutputs(outputs, "pcblgd-tinh-mau-auth", "ap-southeast-1")).toEqual({
      authority: "https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_AbC123xyZ",
      clientId: "4h2k1abcdefghij0123456789",
      redirectPath: "/dang-nhap/callback/",
      postLogoutPath: "/dang-nhap/da-dang-xuat/",
      signOutEndpoint: "https://pcblgd-tinh-mau-officers.auth.ap-southeast-1.amazoncognito.com/logout",
    });
  });

  it("fails loudly when an output is missing or the issuer disagrees", () => {
    expect(() => authConfigFromOutputs({}, "pcblgd-tinh-mau-auth", "ap-southeast-1")).toThrow(/UserPoolId/);
    const { WebClientId: _omitted, ...withoutClient } = outputs["pcblgd-tinh-mau-auth"];
    expect(() => authConfigFromOutputs({ "pcblgd-tinh-mau-auth": withoutClient }, "pcblgd-tinh-mau-auth", "ap-southeast-1")).toThrow(/WebClientId/);
    expect(() => authConfigFromOutputs(outputs, "pcblgd-tinh-mau-auth", "us-east-1")).toThrow(/issuer/);
  });

  it("is revalidated on every load (no-cache), as JSON", () => {
    expect(cacheControlFor(authConfigFileName)).toBe("no-cache");
    expect(contentTypeFor(authConfigFileName)).toBe("application/json");
    const batches = uploadBatches(["index.html", authConfigFileName, "_astro/a.js"]);
    expect(batches.find((batch) => batch.keys.includes(authConfigFileName))).toEqual({
      keys: [authConfigFileName],
      contentType: "application/json",
      cacheControl: "no-cache",
    });
  });
});

describe("site upload", () => {
  it("caches hashed assets for a year, revalidates HTML", () => {
    expect(cacheControlFor("_astro/index.B1a2.js")).toBe("public, max-age=31536000, immutable");
    expect(cacheControlFor("index.html")).toBe("no-cache");
    expect(cacheControlFor("xa/13285/index.html")).toBe("no-cache");
    expect(cacheControlFor("favicon.svg")).toBe("public, max-age=3600");
  });

  it("never stores the report pages (a shared phone keeps no copy of a filled-in form)", () => {
    for (const key of ["bao-tin/index.html", "bao-tin/theo-doi/index.html", "en/report/index.html", "en/report/follow-up/index.html"])
      expect(cacheControlFor(key)).toBe("no-store");
    expect(cacheControlFor("tim-hieu/index.html")).toBe("no-cache");
  });

  it("sets content types by extension", () => {
    expect(contentTypeFor("index.html")).toBe("text/html; charset=utf-8");
    expect(contentTypeFor("_astro/a.CSS")).toBe("text/css; charset=utf-8");
    expect(contentTypeFor("_astro/a.js")).toBe("text/javascript; charset=utf-8");
    expect(contentTypeFor("fonts/x.woff2")).toBe("font/woff2");
    expect(contentTypeFor("site.webmanifest")).toBe("application/manifest+json");
    expect(contentTypeFor("LICENSE")).toBeUndefined();
  });

  it("uploads hashed assets first and HTML last, one batch per content type and Cache-Control", () => {
    const batches = uploadBatches(["index.html", "_astro/a.js", "favicon.svg", "_astro/b.css", "xa/index.html", "_astro/c.js"]);
    expect(batches[0]?.cacheControl).toContain("immutable");
    expect(batches.at(-1)).toEqual({ keys: ["index.html", "xa/index.html"], contentType: "text/html; charset=utf-8", cacheControl: "no-cache" });
    expect(batches.find((batch) => batch.contentType === "text/javascript; charset=utf-8")?.keys).toEqual(["_astro/a.js", "_astro/c.js"]);
    expect(batches.flatMap((batch) => batch.keys)).toHaveLength(6);
  });

  it("escapes glob characters so each key matches only itself", () => {
    expect(literalPattern("a/[id]/index.html")).toBe("a/[[]id]/index.html");
    expect(literalPattern("x*?.js")).toBe("x[*][?].js");
  });
});

describe("main", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("exits with 2 and a bilingual message for an unknown province", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(await main(["synth", "--province", "nowhere"])).toBe(2);
    expect(errors.mock.calls.flat().join("\n")).toContain("known provinces: ninh-binh, tinh-mau");
  });

  it("prints the plan and runs only cdk diff on --dry-run", async () => {
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    const ran: string[] = [];
    const runner = {
      run: (command: string, args: readonly string[]) => void ran.push(`${command} ${args.join(" ")}`),
      capture: (command: string, args: readonly string[]) => {
        ran.push(`${command} ${args.join(" ")}`);
        return args[0] === "diff" ? "Stack pcblgd-ninh-binh-api\n[+] AWS::CloudWatch::Alarm Alarms/Api5xx Alarm5xx\n" : undefined;
      },
    };
    expect(await main(["deploy", "--province", "ninh-binh", "--dry-run"], runner)).toBe(0);
    const printed = logs.mock.calls.flat().join("\n");
    for (const fragment of [
      "astro build",
      "cdk deploy --all -c province=ninh-binh",
      "auth-config.json",
      "aws s3 sync",
      "create-invalidation",
      "+1 tạo mới / created",
    ]) {
      expect(printed).toContain(fragment);
    }
    expect(printed.indexOf("auth-config.json")).toBeLessThan(printed.indexOf("aws s3 sync"));
    expect(printed.indexOf("cdk deploy --all")).toBeLessThan(printed.indexOf("astro build"));
    expect(printed.indexOf("aws s3 sync")).toBeLessThan(printed.indexOf("create-invalidation"));
    expect(ran.some((line) => line.includes(" deploy "))).toBe(false);
    expect(ran.filter((line) => line.includes(" diff --all -c province=ninh-binh"))).toHaveLength(1);
  });
});
