import { type Environment, type Stack, Tags } from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { FunctionDefinition } from "../../functions/catalogue.ts";
import type { FunctionName, RouteDefinition } from "../../functions/routes.ts";
import type { Province } from "../../shared/province.ts";
import type { TableName } from "../../shared/tables.ts";
import { ApiStack } from "./api-stack.ts";
import { AuthStack } from "./auth-stack.ts";
import { CertificateStack, certificateRegion } from "./certificate-stack.ts";
import { attachmentsBucketName, DataStack } from "./data-stack.ts";
import { type ExtraStackKind, type StackKind, stackName } from "./names.ts";
import { StatisticsProjection } from "./statistics.ts";
import { WebStack } from "./web-stack.ts";

/**
 * The four stacks of one province, wired together: data → auth → api → web. Stacks and the
 * resources in them are named after the province slug, so provinces coexist in one account.
 */
export interface ProvinceStacksOptions {
  /** AWS account (CDK_DEFAULT_ACCOUNT); unset, the stacks are environment-agnostic in account. */
  account?: string;
  /** The site's CloudFront domain, for the sign-in callback (see AuthStackProps.siteDomain). */
  siteDomain?: string;
  authDomainPrefix?: string;
  /** The sender's SES identity is verified: Cognito sends through SES (AuthStackProps.senderVerified). */
  senderVerified?: boolean;
  /**
   * Tables the functions use instead of the data stack's (context `table.<name>=<physical name>`):
   * after a point-in-time restore into a new table (docs/infrastructure.md, restore drill).
   */
  tableOverrides?: Partial<Record<TableName, string>>;
  /** For tests: another route table / function catalogue than the platform's. */
  routes?: readonly RouteDefinition[];
  functions?: Record<FunctionName, FunctionDefinition>;
}

export interface ProvinceStacks {
  data: DataStack;
  auth: AuthStack;
  api: ApiStack;
  web: WebStack;
  /** Only with a province domain: its certificate, in us-east-1. */
  certificate?: CertificateStack;
}

/** The origin of the evidence bucket's presigned URLs (virtual-hosted, regional endpoint). */
export function attachmentsOrigin(slug: string, account: string, region: string): string {
  return `https://${attachmentsBucketName(slug, account, region)}.s3.${region}.amazonaws.com`;
}

export function addProvinceStacks(scope: Construct, province: Province, options: ProvinceStacksOptions = {}): ProvinceStacks {
  const slug = province.slug;
  const env: Environment = { region: province.region, ...(options.account === undefined ? {} : { account: options.account }) };
  const common = (kind: StackKind | ExtraStackKind, description: string) => ({
    env,
    stackName: stackName(slug, kind),
    description: `PCBLGĐ ${province.name.vi} (${slug}): ${description}`,
  });

  const data = new DataStack(scope, stackName(slug, "data"), {
    ...common("data", "KMS key and DynamoDB tables"),
    province,
    // Data outlives any deploy mistake: `cdk destroy` of this stack is refused.
    terminationProtection: true,
  });
  const domain = province.domain;
  // Cross-region references (the certificate's ARN, from us-east-1) need the account.
  const certificate =
    domain === undefined
      ? undefined
      : new CertificateStack(scope, stackName(slug, "certificate"), {
          ...common("certificate", `certificate of ${domain} for CloudFront`),
          env: { ...env, region: certificateRegion },
          province: { ...province, domain },
          crossRegionReferences: true,
        });
  const auth = new AuthStack(scope, stackName(slug, "auth"), {
    ...common("auth", "Cognito user pool of the officers"),
    province,
    // With its own domain the site's address is known before anything is deployed.
    siteDomain: domain ?? options.siteDomain,
    authDomainPrefix: options.authDomainPrefix,
    senderVerified: options.senderVerified,
  });
  const api = new ApiStack(scope, stackName(slug, "api"), {
    ...common("api", "HTTP API, Lambda functions and the directory seed"),
    province,
    dataKey: data.key,
    fieldKey: data.fieldKey,
    secretsKey: data.secretsKey,
    userPool: auth.userPool,
    webClient: auth.webClient,
    routes: options.routes,
    functions: options.functions,
    tableOverrides: options.tableOverrides,
  });
  // Functions find their tables by name: the dependency is explicit, so tables exist before the
  // functions (and the seed) that use them.
  api.addStackDependency(data);
  // Statistics (issue 11): the projector reads the source tables' streams, whose ARNs only the data stack knows.
  const reportsStream = data.tables.reports?.tableStreamArn;
  const casesStream = data.tables.cases?.tableStreamArn;
  if (reportsStream !== undefined && casesStream !== undefined) {
    const statistics = new StatisticsProjection(api, "Statistics", {
      provinceSlug: slug,
      cutOffDay: province.statisticsCutOffDay,
      dataKey: data.key,
      streams: { reports: reportsStream, cases: casesStream },
    });
    // A stream record the projector gave up on, or a projector failing, is an alarm to the admin (issue 16).
    api.monitoring.watchFailureDestination("statistics", statistics.failures, "Phép chiếu thống kê / statistics projection");
    api.monitoring.watchFunction("statistics-projector", statistics.projector.function);
  }
  const web = new WebStack(scope, stackName(slug, "web"), {
    ...common("web", "site bucket and CloudFront distribution"),
    province,
    httpApi: api.httpApi,
    originSecret: api.originSecret,
    ...(certificate === undefined ? {} : { certificate: certificate.certificate, crossRegionReferences: true }),
    // The browser signs in with Cognito, and PUTs commendation evidence straight to the bucket
    // with a presigned URL: both origins join the CSP's connect-src. The bucket's address needs
    // the account (the deploy always has it, CDK_DEFAULT_ACCOUNT); an account-agnostic synth
    // leaves it out, and such a site cannot upload evidence.
    connectSources: [...auth.browserOrigins, ...(options.account === undefined ? [] : [attachmentsOrigin(slug, options.account, province.region)])],
  });

  const stacks: ProvinceStacks = { data, auth, api, web, ...(certificate === undefined ? {} : { certificate }) };
  for (const stack of Object.values(stacks) as Stack[]) {
    Tags.of(stack).add("project", "pcblgd");
    Tags.of(stack).add("province", slug);
  }
  return stacks;
}
