import { App } from "aws-cdk-lib";
import { type TableName, tableDefinitions } from "../shared/tables.ts";
import { applyNagChecks } from "./nag.ts";
import { listProvinceSlugs, loadProvince } from "./provinces/index.ts";
import { addProvinceStacks } from "./stacks/province-stacks.ts";

/**
 * The CDK app (cdk.json: `npx tsx infra/app.ts`). It synthesizes the four stacks of ONE province,
 * chosen with `-c province=<slug>`; the region comes from the province file. `npm run synth` and
 * `npm run deploy` (infra/cli.ts) pass the context for you.
 *
 * Optional context: `siteDomain` (the CloudFront domain, for the sign-in callback),
 * `authDomainPrefix` (the managed-login domain prefix, default `pcblgd-<slug>-officers`),
 * `senderVerified=true` (Cognito mails through SES; set by `npm run deploy` once SES says so) and
 * `table.<name>=<physical name>` (functions use a restored table).
 */
const app = new App();

const slug: unknown = app.node.tryGetContext("province");
if (typeof slug !== "string" || slug === "") {
  console.error(
    `Thiếu tỉnh: dùng -c province=<mã> / missing province: use -c province=<slug>. Các tỉnh hiện có / known provinces: ${listProvinceSlugs().join(", ")}`,
  );
  process.exit(2);
}

const optionalContext = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** `-c table.cases=pcblgd-<slug>-cases-restored-…`: the functions use a restored table (docs/infrastructure.md). */
function tableOverridesFromContext(): Partial<Record<TableName, string>> {
  const overrides: Partial<Record<TableName, string>> = {};
  for (const name of Object.keys(tableDefinitions) as TableName[]) {
    const value = optionalContext(`table.${name}`);
    if (value !== undefined) overrides[name] = value;
  }
  return overrides;
}

addProvinceStacks(app, loadProvince(slug), {
  account: process.env.CDK_DEFAULT_ACCOUNT,
  siteDomain: optionalContext("siteDomain"),
  authDomainPrefix: optionalContext("authDomainPrefix"),
  senderVerified: optionalContext("senderVerified") === "true",
  tableOverrides: tableOverridesFromContext(),
});
applyNagChecks(app);
app.synth();
