import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type CliOptions,
  checkDiff,
  contextArgs,
  deployGuard,
  mailAdvice,
  main,
  parseArgs,
  planFor,
  provincesForAll,
  type Runner,
  summaryLines,
} from "../../infra/cli.ts";
import { parseCdkDiff, statefulReplacements } from "../../infra/deploy-diff.ts";
import { loadProvince, provincesDir } from "../../infra/provinces/index.ts";
import { placeholders } from "../../infra/provinces/national.ts";
import { usageError } from "./cli-support.ts";

const known = ["ninh-binh", "thanh-hoa", "tinh-mau"];

describe("deploy arguments", () => {
  it("passes CDK context through (-c key=value, --context), keeping the value's own '='", () => {
    const parsed = parseArgs(["deploy", "--province", "ninh-binh", "-c", "authDomainPrefix=pcblgd-nb-2", "--context=note=a=b"], known);
    if (parsed.help) throw new Error("unexpected help");
    expect(parsed.context).toEqual({ authDomainPrefix: "pcblgd-nb-2", note: "a=b" });
    expect(contextArgs("ninh-binh", parsed.context)).toEqual(["-c", "province=ninh-binh", "-c", "authDomainPrefix=pcblgd-nb-2", "-c", "note=a=b"]);
    const options: CliOptions = { command: "deploy", province: "ninh-binh", dryRun: false, allowReplace: false, context: parsed.context };
    for (const step of planFor(options, { region: "ap-southeast-1", root: "/repo" })) {
      if (step.kind === "cdk-diff" || step.kind === "cdk-deploy") expect(step.args.join(" ")).toContain("-c authDomainPrefix=pcblgd-nb-2");
    }
    const synth = planFor({ ...options, command: "synth" }, { region: "ap-southeast-1", root: "/repo" })[0];
    expect(synth?.kind === "cdk-synth" && synth.args.join(" ")).toContain("-c authDomainPrefix=pcblgd-nb-2");
  });

  it("refuses malformed context and the province as context", () => {
    expect(usageError(() => parseArgs(["deploy", "--province", "ninh-binh", "-c", "noValue"], known)).message).toContain("key=value");
    expect(usageError(() => parseArgs(["deploy", "--province", "ninh-binh", "-c"], known)).message).toContain("needs a value");
    expect(usageError(() => parseArgs(["deploy", "--province", "ninh-binh", "-c", "province=tinh-mau"], known)).message).toContain("--province");
  });

  it("takes --all for deploy only, never with --province, and --allow-replace", () => {
    const all = parseArgs(["deploy", "--all", "--allow-replace"], known);
    expect(all).toEqual(expect.objectContaining({ all: true, provinces: [], allowReplace: true }));
    expect(usageError(() => parseArgs(["synth", "--all"], known)).message).toContain("--all");
    expect(usageError(() => parseArgs(["deploy", "--all", "--province", "ninh-binh"], known)).message).toContain("not both");
  });

  it("--all means every province file but the samples", () => {
    expect(provincesForAll([{ slug: "tinh-mau", sample: true }, { slug: "thanh-hoa" }, { slug: "ninh-binh", sample: false }])).toEqual([
      "ninh-binh",
      "thanh-hoa",
    ]);
  });

  it("plans the certificate before the stacks when the province has its own domain, and no callback fix-up", () => {
    const options: CliOptions = { command: "deploy", province: "ninh-binh", dryRun: false, allowReplace: false, context: {} };
    const kinds = planFor(options, { region: "ap-southeast-1", domain: "pcblgd.ninhbinh.gov.vn", root: "/repo" }).map((step) => step.kind);
    expect(kinds.slice(0, 3)).toEqual(["cdk-diff", "certificate", "cdk-deploy"]);
    expect(kinds).not.toContain("sign-in-callback");
  });
});

describe("deploy guards", () => {
  it("refuses the sample province and every placeholder, naming each", () => {
    const sample = loadProvince("tinh-mau");
    expect(deployGuard([sample]).join("\n")).toMatch(/tinh-mau cannot be deployed[\s\S]*"sample": true/);
    const unfinished = { ...loadProvince("ninh-binh"), initialAdminEmail: placeholders.initialAdminEmail, notificationSender: placeholders.notificationSender };
    const lines = deployGuard([unfinished]).join("\n");
    expect(lines).toContain("initialAdminEmail: chưa điền / not filled in");
    expect(lines).toContain("notificationSender: chưa điền / not filled in");
    expect(deployGuard([loadProvince("ninh-binh")])).toEqual([]);
  });
});

/** Captured `cdk diff` text (aws-cdk 2.x), colours included for one stack. */
const capturedDiff = `Stack pcblgd-ninh-binh-data (aws://123456789012/ap-southeast-1)
Resources
\u001b[33m[~]\u001b[39m \u001b[36mAWS::DynamoDB::GlobalTable\u001b[39m CasesTable \u001b[90mCasesTable1A2B3C4D\u001b[39m \u001b[3m\u001b[1m\u001b[31mreplace\u001b[39m\u001b[22m\u001b[23m
 └─ [~] KeySchema (requires replacement)
     └─ @@ -1,6 +1,6 @@
[~] AWS::DynamoDB::GlobalTable AuditTable AuditTable5E6F7A8B
 └─ [~] Tags
[+] AWS::CloudWatch::Alarm Alarms/TableThrottles AlarmsTableThrottles12345678

Stack pcblgd-ninh-binh-auth (aws://123456789012/ap-southeast-1)
Resources
[~] AWS::Cognito::UserPool Officers OfficersABCDEF12 may be replaced
 └─ [~] UsernameAttributes (may cause replacement)
[~] AWS::Cognito::UserPoolClient Officers/WebClient OfficersWebClient12 replace

Stack pcblgd-ninh-binh-api
Resources
[-] AWS::Lambda::Function Function-old/Function FunctionoldFunction99 destroy
[-] AWS::KMS::Key OldKey OldKey1234 orphan

✨  Number of stacks with differences: 3
`;

describe("cdk diff", () => {
  it("reads every resource line with its stack and impact", () => {
    const changes = parseCdkDiff(capturedDiff);
    expect(changes).toHaveLength(7);
    expect(changes[0]).toEqual({
      stack: "pcblgd-ninh-binh-data",
      kind: "update",
      type: "AWS::DynamoDB::GlobalTable",
      resource: "CasesTable",
      impact: "replace",
    });
    expect(changes.find((change) => change.type === "AWS::Cognito::UserPool")?.impact).toBe("may-replace");
    expect(changes.find((change) => change.type === "AWS::CloudWatch::Alarm")).toEqual(expect.objectContaining({ kind: "create", impact: "none" }));
    expect(changes.find((change) => change.type === "AWS::KMS::Key")).toEqual(expect.objectContaining({ kind: "remove", impact: "orphan" }));
  });

  it("stops on a stateful replacement or removal, not on a replaced app client or function", () => {
    const dangerous = statefulReplacements(parseCdkDiff(capturedDiff)).map((change) => `${change.type} ${change.resource}`);
    expect(dangerous).toEqual(["AWS::DynamoDB::GlobalTable CasesTable", "AWS::Cognito::UserPool Officers", "AWS::KMS::Key OldKey"]);
    const stopped = checkDiff(capturedDiff, false);
    expect(stopped.stop).toBe(true);
    expect(stopped.lines.join("\n")).toContain("STOPPED");
    expect(stopped.lines.join("\n")).toContain("pcblgd-ninh-binh-data AWS::DynamoDB::GlobalTable CasesTable");
    expect(checkDiff(capturedDiff, true).stop).toBe(false);
  });

  it("lets an ordinary change through, with a summary per stack", () => {
    const safe = "Stack pcblgd-ninh-binh-api\nResources\n[+] AWS::SNS::Topic Alarms/Topic AlarmsTopic1\n[~] AWS::Lambda::Function Function-admin/Function F1\n";
    const { lines, stop } = checkDiff(safe, false);
    expect(stop).toBe(false);
    expect(lines).toEqual(["pcblgd-ninh-binh-api: +1 tạo mới / created, ~1 cập nhật / updated, -0 gỡ / removed"]);
    expect(checkDiff("Stack pcblgd-ninh-binh-web\nThere were no differences\n", false).lines[0]).toContain("no resource changes");
  });
});

describe("mail advice", () => {
  it("explains the sandbox and production access until SES grants it", () => {
    const sandbox = mailAdvice("ninh-binh", "thongbao@ninhbinh.gov.vn", { productionAccess: false, verified: false }).join("\n");
    expect(sandbox).toContain("SES sandbox");
    expect(sandbox).toContain("Request production access");
    expect(sandbox).toContain("NOT verified");
    expect(sandbox).toContain("npm run mail:test -- --province ninh-binh");
    const ready = mailAdvice("ninh-binh", "thongbao@ninhbinh.gov.vn", { productionAccess: true, verified: true }).join("\n");
    expect(ready).not.toContain("sandbox");
    expect(mailAdvice("ninh-binh", undefined, {}).join("\n")).toContain("no notificationSender");
  });
});

describe("deploy --all", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pcblgd-provinces-"));
    cpSync(provincesDir, dir, { recursive: true, filter: (source) => !source.endsWith(".ts") && !source.includes("tools") });
    // A second real province: ninh-binh under another slug.
    const copy = JSON.parse(readFileSync(join(dir, "ninh-binh.json"), "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "ha-nam-cu.json"), JSON.stringify({ ...copy, slug: "ha-nam-cu" }));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it("refuses the sample province by name and exits 1 before running anything", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const ran: string[] = [];
    const runner: Runner = { run: (command) => void ran.push(command), capture: (command) => void ran.push(command) as undefined };
    expect(await main(["deploy", "--province", "tinh-mau"], runner, dir)).toBe(1);
    expect(errors.mock.calls.flat().join("\n")).toContain('"sample": true');
    expect(ran).toEqual([]);
  });

  it("runs every non-sample province in turn, stops at the first failure and prints a summary", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const diffs: string[] = [];
    const runner: Runner = {
      run: () => {},
      capture: (_command, args) => {
        if (args[0] === "--version") return "aws-cli/2.27.0";
        if (args[0] !== "diff") return undefined;
        const province = args[args.indexOf("-c") + 1] ?? "";
        diffs.push(province);
        // The first province's diff would replace the cases table: the run stops there.
        return "Stack x\n[~] AWS::DynamoDB::GlobalTable CasesTable C1 replace\n";
      },
    };
    expect(await main(["deploy", "--all"], runner, dir)).toBe(1);
    expect(diffs).toEqual(["province=ha-nam-cu"]);
    const printed = errors.mock.calls.flat().join("\n");
    expect(printed).toMatch(/ha-nam-cu\s+LỖI \/ FAILED/);
    expect(printed).toMatch(/ninh-binh\s+chưa chạy \/ not run/);
    expect(printed).not.toContain("tinh-mau");
  });

  it("plans every province on --all --dry-run", async () => {
    const logs = vi.spyOn(console, "log").mockImplementation(() => {});
    const runner: Runner = { run: () => {}, capture: (_command, args) => (args[0] === "diff" ? "" : undefined) };
    expect(await main(["deploy", "--all", "--dry-run"], runner, dir)).toBe(0);
    const printed = logs.mock.calls.flat().join("\n");
    expect(printed).toMatch(/ha-nam-cu\s+đã lập kế hoạch \/ planned/);
    expect(printed).toMatch(/ninh-binh\s+đã lập kế hoạch \/ planned/);
    expect(summaryLines([{ province: "a", status: "deployed" }])).toEqual(["Tóm tắt / summary:", `  ${"a".padEnd(20)} đã triển khai / deployed`]);
  });
});
