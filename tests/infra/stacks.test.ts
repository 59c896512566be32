import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Match, type Template } from "aws-cdk-lib/assertions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpFunctions, seedFunction } from "../../functions/catalogue.ts";
import { originVerifyHeader, viewerAddressHeader } from "../../functions/lib/client-address.ts";
import { deployedRevocationCacheSeconds } from "../../functions/lib/revocations.ts";
import { functionsServingOfficers, routeKey, routeTable } from "../../functions/routes.ts";
import { repoRoot } from "../../infra/bundling.ts";
import { viewerRequestSource } from "../../infra/cloudfront/viewer-request.ts";
import { recordedAcknowledgements, unacknowledgedFindings } from "../../infra/nag.ts";
import { listProvinceSlugs, loadProvince } from "../../infra/provinces/index.ts";
import { accessLogFields, adminFunctionCognitoActions, apiThrottling } from "../../infra/stacks/api-stack.ts";
import { signInCallbackPath } from "../../infra/stacks/auth-stack.ts";
import { resourceName, stackKinds, stackName } from "../../infra/stacks/names.ts";
import { officerRoles } from "../../shared/permissions.ts";
import { contentSecurityPolicy, siteSecurityHeaders } from "../../shared/security-headers.ts";
import { physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";
import { onlyResource, type SynthesizedApp, type SynthesizedProvince, synthesizeProvinces } from "./synth.ts";

/** Request header names the functions read (`headers["…"]`, `headers?.…`, the header constants of client-address.ts). */
function headersReadByFunctions(): Set<string> {
  const names = new Set<string>([viewerAddressHeader]);
  const files = readdirSync(join(repoRoot, "functions"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".ts"));
  for (const file of files) {
    const source = readFileSync(join(repoRoot, "functions", file), "utf8");
    for (const match of source.matchAll(/(?:event\.headers|\bheaders)\??\.?\[\s*"([a-z0-9-]+)"\s*\]/g)) names.add(match[1] as string);
    for (const match of source.matchAll(/event\.headers\??\.([a-z]+)\b/g)) names.add(match[1] as string);
  }
  // Answers' headers, not requests'.
  for (const name of ["x-pcblgd-binary", "content-security-policy", "cache-control"]) names.delete(name);
  return names;
}

/** CloudFormation JSON, read loosely: the expectations below check its shape. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped by nature
type CfnJson = any;
type Resources = Record<string, { Type: string; Properties: Record<string, CfnJson>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** Actions granted to the role of the function named `functionName`, across its policies. */
function actionsOfFunction(template: Template, functionName: string): string[] {
  const fn = onlyResource(template, "AWS::Lambda::Function", { FunctionName: functionName });
  const roleId = (fn.resource.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  return Object.values(resources(template, "AWS::IAM::Policy"))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[])
    .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
}

interface Statement {
  Action: string | string[];
  Resource: CfnJson;
  Condition?: Record<string, unknown>;
}

/** Policy statements of the role of the function named `functionName`. */
function statementsOfFunction(template: Template, functionName: string): Statement[] {
  const fn = onlyResource(template, "AWS::Lambda::Function", { FunctionName: functionName });
  const roleId = (fn.resource.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
  return Object.values(resources(template, "AWS::IAM::Policy"))
    .filter((policy) => (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref === roleId))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
}

/** The tables that exist in AWS (local-only ones are skipped). */
const awsTables = (Object.keys(tableDefinitions) as TableName[]).filter((name) => !(tableDefinitions[name] as TableDefinition).localOnly);

const slugs = listProvinceSlugs();

describe.each(slugs)("province %s", (slug) => {
  const provinceFile = loadProvince(slug);
  let synthesized: SynthesizedApp;
  let p: SynthesizedProvince;

  beforeAll(() => {
    synthesized = synthesizeProvinces([slug]);
    p = synthesized.provinces.get(slug) as SynthesizedProvince;
  });
  afterAll(() => synthesized?.cleanup());

  it("names every stack pcblgd-<slug>-<kind>, in the province's region", () => {
    for (const kind of stackKinds) {
      const stack = p.stacks[kind];
      expect(stack.stackName).toBe(stackName(slug, kind));
      expect(stack.stackName).toContain(slug);
      expect(stack.region).toBe(provinceFile.region);
    }
    expect(p.stacks.data.terminationProtection).toBe(true);
  });

  describe("data stack", () => {
    it("has a customer-managed key with rotation, retained", () => {
      const key = onlyResource(p.templates.data, "AWS::KMS::Key", { Description: `PCBLGĐ ${slug}: encrypts the DynamoDB tables at rest` });
      expect(key.resource.Properties.EnableKeyRotation).toBe(true);
      expect(key.resource.DeletionPolicy).toBe("Retain");
      expect(key.resource.UpdateReplacePolicy).toBe("Retain");
    });

    it("has one protected, on-demand, CMK-encrypted table per definition", () => {
      const keyId = onlyResource(p.templates.data, "AWS::KMS::Key", { Description: `PCBLGĐ ${slug}: encrypts the DynamoDB tables at rest` }).id;
      const tables = Object.values(resources(p.templates.data, "AWS::DynamoDB::GlobalTable"));
      expect(tables).toHaveLength(awsTables.length);
      for (const name of awsTables) {
        const definition = tableDefinitions[name];
        const table = tables.find((candidate) => candidate.Properties.TableName === physicalTableName(slug, name));
        if (table === undefined) throw new Error(`no table ${name}`);
        const props = table.Properties;
        expect(table.DeletionPolicy).toBe("Retain");
        expect(table.UpdateReplacePolicy).toBe("Retain");
        expect(props.BillingMode).toBe("PAY_PER_REQUEST");
        const keySchema = [
          { AttributeName: definition.partitionKey.name, KeyType: "HASH" },
          ...("sortKey" in definition ? [{ AttributeName: (definition.sortKey as { name: string }).name, KeyType: "RANGE" }] : []),
        ];
        expect(props.KeySchema).toEqual(keySchema);
        expect(props.GlobalSecondaryIndexes ?? []).toHaveLength(definition.globalIndexes.length);
        expect(props.SSESpecification).toEqual({ SSEEnabled: true, SSEType: "KMS" });
        expect(props.Replicas).toHaveLength(1);
        const replica = props.Replicas[0];
        expect(replica.Region).toBe(provinceFile.region);
        expect(replica.DeletionProtectionEnabled).toBe(true);
        expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
        expect(replica.SSESpecification).toEqual({ KMSMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] } });
      }
    });

    it("keeps evidence uploads single-use: CORS lets the browser send If-None-Match, incoming objects expire after a day", () => {
      const buckets = Object.values(resources(p.templates.data, "AWS::S3::Bucket")).filter((bucket) => bucket.Properties.CorsConfiguration);
      expect(buckets).toHaveLength(1);
      const bucket = buckets[0]?.Properties as CfnJson;
      expect(bucket.CorsConfiguration.CorsRules[0].AllowedHeaders).toEqual(["content-type", "if-none-match"]);
      expect(bucket.LifecycleConfiguration.Rules).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ Prefix: "incoming/", ExpirationInDays: 1, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: "Enabled" }),
        ]),
      );
      const grants = statementsOfFunction(p.templates.api, resourceName(slug, "commendations")).filter((statement) =>
        JSON.stringify(statement.Action).includes("s3:"),
      );
      expect(grants.flatMap((statement) => [statement.Action].flat())).toEqual(["s3:GetObject", "s3:PutObject"]);
      const granted = JSON.stringify(grants.map((statement) => statement.Resource));
      expect(granted).toContain("/nominations/*");
      expect(granted).toContain("/incoming/nominations/*");
    });

    it("does not create the local-only tables (the local provider's accounts) in AWS", () => {
      const names = Object.values(resources(p.templates.data, "AWS::DynamoDB::GlobalTable")).map((table) => table.Properties.TableName);
      expect(names).not.toContain(physicalTableName(slug, "officers"));
    });
  });

  describe("functions", () => {
    it("runs every Lambda on Node.js 22, arm64, with active tracing and a log group with retention", () => {
      const functions = Object.values(resources(p.templates.api, "AWS::Lambda::Function"));
      // The catalogue's functions, the seed, the statistics projector and the custom-resource framework.
      expect(functions).toHaveLength(Object.keys(httpFunctions).length + 3);
      const logGroups = resources(p.templates.api, "AWS::Logs::LogGroup");
      for (const fn of functions) {
        expect(fn.Properties.Runtime).toBe("nodejs22.x");
        expect(fn.Properties.Architectures).toEqual(["arm64"]);
        expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
        const logGroupId = fn.Properties.LoggingConfig?.LogGroup?.Ref as string;
        expect(logGroups[logGroupId]?.Properties.RetentionInDays).toBeGreaterThan(0);
      }
      for (const other of [p.templates.data, p.templates.auth, p.templates.web]) {
        expect(Object.keys(resources(other, "AWS::Lambda::Function"))).toEqual([]);
      }
    });

    it("feeds the statistics projector from the reports' and cases' streams: bisect on error, a retry limit, failures to an encrypted queue", () => {
      const mappings = Object.values(resources(p.templates.api, "AWS::Lambda::EventSourceMapping"));
      expect(mappings).toHaveLength(2);
      for (const mapping of mappings) {
        expect(mapping.Properties.BisectBatchOnFunctionError).toBe(true);
        expect(mapping.Properties.MaximumRetryAttempts).toBe(5);
        expect(mapping.Properties.FunctionResponseTypes).toEqual(["ReportBatchItemFailures"]);
        expect(mapping.Properties.DestinationConfig.OnFailure.Destination).toBeDefined();
      }
      // The failure queue the mappings name (the template has other queues: the schedules' dead letters).
      const queues = resources(p.templates.api, "AWS::SQS::Queue");
      const failureQueues = new Set(mappings.map((mapping) => mapping.Properties.DestinationConfig.OnFailure.Destination["Fn::GetAtt"][0] as string));
      expect(failureQueues.size).toBe(1);
      for (const id of failureQueues) expect(queues[id]?.Properties.KmsMasterKeyId).toBe("alias/aws/sqs");
      const tables = Object.values(resources(p.templates.data, "AWS::DynamoDB::GlobalTable"));
      const streamed = tables.filter((table) => table.Properties.StreamSpecification !== undefined).map((table) => table.Properties.TableName);
      expect(streamed.sort()).toEqual([physicalTableName(slug, "cases"), physicalTableName(slug, "reports")]);
    });

    it("gives our functions the ESM bundle handler, source maps and the Powertools environment", () => {
      for (const name of [...Object.keys(httpFunctions), "directory-seed"]) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        expect(fn.resource.Properties.Handler).toBe("index.handler");
        expect(fn.resource.Properties.Environment).toEqual({
          Variables: expect.objectContaining({
            NODE_OPTIONS: "--enable-source-maps",
            POWERTOOLS_SERVICE_NAME: name,
            POWERTOOLS_LOG_LEVEL: "INFO",
            // The revocation delay (docs/data-model.md): bounded, as the stack accepts it.
            REVOCATION_CACHE_SECONDS: String(deployedRevocationCacheSeconds),
          }),
        });
      }
    });

    it("sets each bound table's variable to its physical name", () => {
      const bound = [
        ...Object.entries(httpFunctions).map(([name, definition]) => ({ name, definition })),
        { name: "directory-seed", definition: seedFunction },
      ];
      for (const { name, definition } of bound) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        const variables = (fn.resource.Properties.Environment as { Variables: Record<string, string> }).Variables;
        for (const table of Object.keys(definition.tables) as TableName[]) {
          if (awsTables.includes(table)) expect(variables[tableDefinitions[table].envVar]).toBe(physicalTableName(slug, table));
          else expect(variables).not.toHaveProperty(tableDefinitions[table].envVar);
        }
      }
    });

    it("grants least privilege: the directory function reads, only the seed writes", () => {
      const directoryActions = actionsOfFunction(p.templates.api, resourceName(slug, "directory"));
      expect(directoryActions).toContain("dynamodb:Query");
      expect(directoryActions).toContain("kms:Decrypt");
      for (const write of ["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "kms:Encrypt"]) {
        expect(directoryActions).not.toContain(write);
      }
      const seedActions = actionsOfFunction(p.templates.api, resourceName(slug, "directory-seed"));
      expect(seedActions).toContain("dynamodb:PutItem");
      expect(seedActions).toContain("dynamodb:BatchWriteItem");
      // Our functions' roles carry no managed policy (AWSLambdaBasicExecutionRole writes to every log group).
      const roles = resources(p.templates.api, "AWS::IAM::Role");
      for (const name of [...Object.keys(httpFunctions), "directory-seed"]) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        const roleId = (fn.resource.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
        expect(roles[roleId]?.Properties.ManagedPolicyArns).toBeUndefined();
      }
    });

    it("lets the audit log only grow: PutItem (and Query for the admin function), never update or delete", () => {
      const auditArn = (statement: Statement) => JSON.stringify(statement.Resource).includes(physicalTableName(slug, "audit"));
      for (const name of Object.keys(httpFunctions)) {
        const onAudit = statementsOfFunction(p.templates.api, resourceName(slug, name)).filter(auditArn);
        const actions = onAudit.flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
        const expected = { append: ["dynamodb:PutItem"], queryAppend: ["dynamodb:PutItem", "dynamodb:Query"], none: [] }[
          (httpFunctions[name as keyof typeof httpFunctions].tables.audit as "append" | "queryAppend" | undefined) ?? "none"
        ];
        expect([...new Set(actions)].sort(), name).toEqual(expected);
      }
      // The admin function reads the audit log through the table and its indexes, and nothing else.
      const admin = statementsOfFunction(p.templates.api, resourceName(slug, "admin")).filter(auditArn);
      expect(admin.find((statement) => statement.Action === "dynamodb:PutItem")?.Resource).toEqual(expect.not.stringContaining("index"));
    });

    it("lets every function serving officer routes read revocations, and only the officers function write it", () => {
      const officerFunctions = functionsServingOfficers();
      const onRevocations = (statement: Statement) => JSON.stringify(statement.Resource).includes(physicalTableName(slug, "revocations"));
      for (const name of Object.keys(httpFunctions)) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        const variables = (fn.resource.Properties.Environment as { Variables: Record<string, string> }).Variables;
        const actions = statementsOfFunction(p.templates.api, resourceName(slug, name))
          .filter(onRevocations)
          .flatMap((statement) => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]));
        if (!officerFunctions.has(name as keyof typeof httpFunctions)) {
          expect(actions, name).toEqual([]);
          continue;
        }
        expect(variables.TABLE_REVOCATIONS, name).toBe(physicalTableName(slug, "revocations"));
        expect(actions, name).toContain("dynamodb:GetItem");
        if (name === "officers") expect(actions).toContain("dynamodb:PutItem");
        else expect(actions, name).not.toContain("dynamodb:PutItem");
      }
    });

    it("gives the officers function exactly the Cognito admin actions it uses, on this pool only, and the admin function none", () => {
      const cognito = statementsOfFunction(p.templates.api, resourceName(slug, "officers")).filter((statement) =>
        JSON.stringify(statement.Action).includes("cognito-idp:"),
      );
      expect(cognito).toHaveLength(1);
      expect([...((cognito[0]?.Action ?? []) as string[])].sort()).toEqual([...adminFunctionCognitoActions].sort());
      expect(JSON.stringify(cognito[0]?.Resource)).toMatch(/pcblgd-.*-auth.*OfficersArn|Officers.*Arn/);
      // The profile and the audit log (every officer's first request) are served without any Cognito permission.
      expect(actionsOfFunction(p.templates.api, resourceName(slug, "admin")).filter((action) => action.startsWith("cognito-idp:"))).toEqual([]);
      for (const name of Object.keys(httpFunctions).filter((candidate) => candidate !== "officers")) {
        // The reports function lists officers (with their groups) to notify a commune's officers of a new report.
        const expected = httpFunctions[name as keyof typeof httpFunctions].notifiesOfficers
          ? ["cognito-idp:AdminListGroupsForUser", "cognito-idp:ListUsers"]
          : [];
        expect(
          actionsOfFunction(p.templates.api, resourceName(slug, name))
            .filter((action) => action.startsWith("cognito-idp:"))
            .sort(),
          name,
        ).toEqual(expected);
      }
    });

    it("keeps personal fields under their own key, usable only with this province's context for the function's tables", () => {
      const fieldKey = onlyResource(p.templates.data, "AWS::KMS::Key", { Description: `PCBLGĐ ${slug}: envelope key of personal fields (AWS Encryption SDK)` });
      expect(fieldKey.resource.Properties.EnableKeyRotation).toBe(true);
      expect(fieldKey.resource.DeletionPolicy).toBe("Retain");
      const secretsKey = onlyResource(p.templates.data, "AWS::KMS::Key", { KeySpec: "HMAC_256", KeyUsage: "GENERATE_VERIFY_MAC" });
      expect(secretsKey.resource.DeletionPolicy).toBe("Retain");
      for (const [name, definition] of Object.entries(httpFunctions)) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        const variables = (fn.resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(variables.PROVINCE_SLUG).toBe(slug);
        const statements = statementsOfFunction(p.templates.api, resourceName(slug, name));
        const fieldUse = statements.filter(
          (statement) => JSON.stringify(statement.Action).includes("kms:GenerateDataKey") && statement.Condition !== undefined,
        );
        if (!definition.fieldEncryption) {
          expect(variables.FIELD_KEYRING, name).toBeUndefined();
          continue;
        }
        expect(variables.FIELD_KEYRING).toBe("kms");
        expect(JSON.stringify(variables.DATA_KEY_ARN)).toMatch(/FieldKey/);
        expect(fieldUse, name).toHaveLength(1);
        expect(fieldUse[0]?.Condition).toEqual({
          StringEquals: { "kms:EncryptionContext:province": slug },
          "ForAnyValue:StringEquals": { "kms:EncryptionContext:table": definition.fieldEncryption.tables },
        });
        if (definition.derivesSecrets) {
          expect(JSON.stringify(variables.SECRETS_MAC_KEY_ARN)).toMatch(/SecretsKey/);
          expect(statements.some((statement) => JSON.stringify(statement.Action) === JSON.stringify("kms:GenerateMac"))).toBe(true);
        }
      }
    });

    it("tells the functions that serve officers how to verify tokens and where accounts live", () => {
      const officerFunctions = functionsServingOfficers();
      for (const name of Object.keys(httpFunctions)) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        const variables = (fn.resource.Properties.Environment as { Variables: Record<string, CfnJson> }).Variables;
        if (!officerFunctions.has(name as keyof typeof httpFunctions)) {
          expect(variables).not.toHaveProperty("OIDC_ISSUER");
          continue;
        }
        expect(variables.OFFICER_DIRECTORY).toBe("cognito");
        expect(JSON.stringify(variables.OIDC_ISSUER)).toMatch(/ProviderURL/);
        expect(JSON.stringify(variables.OIDC_JWKS_URI)).toMatch(/ProviderURL.*\/\.well-known\/jwks\.json/);
        expect(JSON.stringify(variables.OIDC_CLIENT_ID)).toMatch(/WebClient/);
        expect(JSON.stringify(variables.USER_POOL_ID)).toMatch(/Officers/);
      }
    });
  });

  describe("api stack", () => {
    it("has a route per routeTable entry plus $default", () => {
      const routes = Object.values(resources(p.templates.api, "AWS::ApiGatewayV2::Route"));
      const keys = routes.map((route) => route.Properties.RouteKey as string).sort();
      expect(keys).toEqual([...routeTable.map(routeKey), "$default"].sort());
      for (const route of routeTable.filter((candidate) => candidate.access === "public")) {
        const resource = routes.find((candidate) => candidate.Properties.RouteKey === routeKey(route));
        expect(resource?.Properties.AuthorizationType).toBe("NONE");
      }
      const authorizer = onlyResource(p.templates.api, "AWS::ApiGatewayV2::Authorizer");
      expect(authorizer.resource.Properties.AuthorizerType).toBe("JWT");
      const officerRoutes = routeTable.filter((candidate) => candidate.access === "officer");
      expect(officerRoutes.length).toBeGreaterThan(0);
      for (const route of officerRoutes) {
        const resource = routes.find((candidate) => candidate.Properties.RouteKey === routeKey(route));
        expect(resource?.Properties.AuthorizationType, routeKey(route)).toBe("JWT");
        expect(resource?.Properties.AuthorizerId).toEqual({ Ref: authorizer.id });
      }
      onlyResource(p.templates.api, "AWS::ApiGatewayV2::Api", { Name: resourceName(slug, "api"), ProtocolType: "HTTP" });
    });

    it("throttles the default stage and logs access as JSON without IP, path or query", () => {
      const stage = onlyResource(p.templates.api, "AWS::ApiGatewayV2::Stage").resource.Properties;
      expect(stage.StageName).toBe("$default");
      expect(stage.AutoDeploy).toBe(true);
      expect(stage.DefaultRouteSettings).toEqual({ ThrottlingRateLimit: apiThrottling.rateLimit, ThrottlingBurstLimit: apiThrottling.burstLimit });
      const settings = stage.AccessLogSettings as { Format: string; DestinationArn: { "Fn::GetAtt": [string, string] } };
      const format = JSON.parse(settings.Format) as Record<string, string>;
      expect(format).toEqual(accessLogFields);
      for (const field of ["requestId", "routeKey", "status", "latency", "integrationError"]) expect(format).toHaveProperty(field);
      for (const forbidden of ["sourceIp", "$context.path", "userAgent", "querystring"]) expect(settings.Format).not.toContain(forbidden);
      const logGroup = resources(p.templates.api, "AWS::Logs::LogGroup")[settings.DestinationArn["Fn::GetAtt"][0]];
      expect(logGroup?.Properties.RetentionInDays).toBeGreaterThan(0);
    });

    it("seeds the directory at deploy with the province file as a property", () => {
      const seed = onlyResource(p.templates.api, "Custom::DirectorySeed").resource.Properties;
      expect(seed.ProvinceSlug).toBe(slug);
      expect(JSON.parse(seed.Province as string)).toEqual(provinceFile);
      expect(seed.ServiceToken).toEqual({ "Fn::GetAtt": [expect.stringContaining("SeedProviderframeworkonEvent"), "Arn"] });
    });
  });

  describe("web stack", () => {
    it("serves a private bucket through CloudFront with Origin Access Control", () => {
      const distribution = onlyResource(p.templates.web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as Record<string, CfnJson>;
      expect(distribution.DefaultRootObject).toBe("index.html");
      const s3Origins = (distribution.Origins as Record<string, CfnJson>[]).filter((origin) => origin.S3OriginConfig !== undefined);
      expect(s3Origins).toHaveLength(1);
      expect(s3Origins[0]?.OriginAccessControlId).toEqual({ "Fn::GetAtt": [expect.any(String), "Id"] });
      const site = Object.values(resources(p.templates.web, "AWS::S3::Bucket")).filter((bucket) => bucket.Properties.LoggingConfiguration !== undefined);
      expect(site).toHaveLength(1);
      expect(site[0]?.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      p.templates.web.hasResourceProperties("AWS::S3::BucketPolicy", {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } })]) },
      });
      expect(distribution.Logging).toEqual(expect.objectContaining({ Bucket: expect.anything(), IncludeCookies: false }));
      expect(distribution.CustomErrorResponses).toEqual([{ ErrorCode: 403, ResponseCode: 404, ResponsePagePath: "/404.html", ErrorCachingMinTTL: 60 }]);
    });

    it("routes /api/* to the HTTP API, uncached, all methods, with the origin secret and the viewer address CloudFront sets", () => {
      const distribution = onlyResource(p.templates.web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as Record<string, CfnJson>;
      const api = (distribution.CacheBehaviors as Record<string, CfnJson>[]).find((behavior) => behavior.PathPattern === "/api/*");
      expect(api).toBeDefined();
      expect(api?.AllowedMethods).toEqual(expect.arrayContaining(["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]));
      expect(api?.FunctionAssociations).toBeUndefined();
      const origin = (distribution.Origins as Record<string, CfnJson>[]).find((candidate) => candidate.Id === api?.TargetOriginId);
      expect(JSON.stringify(origin?.DomainName)).toContain(`.execute-api.${provinceFile.region}.amazonaws.com`);
      expect(origin?.CustomOriginConfig).toEqual(expect.objectContaining({ OriginProtocolPolicy: "https-only", OriginSSLProtocols: ["TLSv1.2"] }));

      // Nothing cached; Authorization forwarded through the cache key (the only way CloudFront forwards it).
      const cachePolicy = onlyResource(p.templates.web, "AWS::CloudFront::CachePolicy", { CachePolicyConfig: { Name: resourceName(slug, "api-uncached") } });
      expect(api?.CachePolicyId).toEqual({ Ref: cachePolicy.id });
      const cacheConfig = cachePolicy.resource.Properties.CachePolicyConfig as CfnJson;
      expect([cacheConfig.MinTTL, cacheConfig.DefaultTTL]).toEqual([0, 0]);
      expect(cacheConfig.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig).toEqual({ HeaderBehavior: "whitelist", Headers: ["Authorization"] });
      expect(cacheConfig.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig).toEqual({ CookieBehavior: "none" });

      // The viewer's address as CloudFront saw the connection; never the viewer's Host, cookies or other headers.
      const requestPolicy = onlyResource(p.templates.web, "AWS::CloudFront::OriginRequestPolicy");
      expect(api?.OriginRequestPolicyId).toEqual({ Ref: requestPolicy.id });
      const requestConfig = requestPolicy.resource.Properties.OriginRequestPolicyConfig as CfnJson;
      expect(requestConfig.HeadersConfig.HeaderBehavior).toBe("whitelist");
      expect(requestConfig.HeadersConfig.Headers).toContain("CloudFront-Viewer-Address");
      expect((requestConfig.HeadersConfig.Headers as string[]).map((name) => name.toLowerCase())).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/^(host|x-forwarded-for|cookie)$/)]),
      );
      expect(requestConfig.CookiesConfig).toEqual({ CookieBehavior: "none" });

      // The origin secret: CloudFront adds it from Secrets Manager; every HTTP function gets the same secret.
      const secretHeader = ((origin?.OriginCustomHeaders ?? []) as { HeaderName: string; HeaderValue: CfnJson }[]).find(
        (header) => header.HeaderName === originVerifyHeader,
      );
      expect(JSON.stringify(secretHeader?.HeaderValue)).toMatch(/resolve:secretsmanager:/);
      const secret = onlyResource(p.templates.api, "AWS::SecretsManager::Secret");
      expect(secret.resource.Properties.GenerateSecretString).toEqual(expect.objectContaining({ PasswordLength: 48 }));
      for (const name of Object.keys(httpFunctions)) {
        const fn = onlyResource(p.templates.api, "AWS::Lambda::Function", { FunctionName: resourceName(slug, name) });
        const value = JSON.stringify((fn.resource.Properties.Environment as CfnJson).Variables.ORIGIN_VERIFY_SECRET);
        expect(value, name).toMatch(/resolve:secretsmanager:/);
        expect(value, name).toContain(secret.id);
      }
    });

    it("keeps the live public directory's answers at most a minute at the edge, GET and HEAD only, keyed on the query string alone", () => {
      const distribution = onlyResource(p.templates.web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as Record<string, CfnJson>;
      const live = onlyResource(p.templates.web, "AWS::CloudFront::CachePolicy", { CachePolicyConfig: { Name: resourceName(slug, "live-directory") } });
      const config = live.resource.Properties.CachePolicyConfig as CfnJson;
      expect([config.MinTTL, config.DefaultTTL, config.MaxTTL]).toEqual([0, 0, 60]);
      expect(config.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig).toEqual({ HeaderBehavior: "none" });
      for (const path of ["/api/hotlines", "/api/trusted-addresses", "/api/directory"]) {
        const behavior = (distribution.CacheBehaviors as Record<string, CfnJson>[]).find((candidate) => candidate.PathPattern === path);
        expect(behavior?.CachePolicyId, path).toEqual({ Ref: live.id });
        expect(behavior?.AllowedMethods, path).toEqual(["GET", "HEAD"]);
      }
    });

    it("forwards every request header the functions read", () => {
      const requestPolicy = onlyResource(p.templates.web, "AWS::CloudFront::OriginRequestPolicy");
      const forwarded = new Set(
        [
          ...((requestPolicy.resource.Properties.OriginRequestPolicyConfig as CfnJson).HeadersConfig.Headers as string[]),
          "Authorization",
          originVerifyHeader,
        ].map((name) => name.toLowerCase()),
      );
      for (const name of headersReadByFunctions()) expect(forwarded, `functions read the "${name}" header`).toContain(name);
    });

    it("rewrites directory URLs with the viewer-request function on the site behavior", () => {
      const fn = onlyResource(p.templates.web, "AWS::CloudFront::Function");
      expect(fn.resource.Properties.FunctionCode).toBe(viewerRequestSource);
      expect(fn.resource.Properties.Name).toBe(resourceName(slug, "viewer-request"));
      const distribution = onlyResource(p.templates.web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as Record<string, CfnJson>;
      expect(distribution.DefaultCacheBehavior.FunctionAssociations).toEqual([
        { EventType: "viewer-request", FunctionARN: { "Fn::GetAtt": [fn.id, "FunctionARN"] } },
      ]);
    });

    it("sends the shared security headers on the site behavior, letting the browser reach Cognito to sign in", () => {
      const policy = onlyResource(p.templates.web, "AWS::CloudFront::ResponseHeadersPolicy");
      const config = policy.resource.Properties.ResponseHeadersPolicyConfig as Record<string, CfnJson>;
      const region = provinceFile.region;
      const cognitoOrigins = `https://cognito-idp.${region}.amazonaws.com https://pcblgd-${slug}-officers.auth.${region}.amazoncognito.com`;
      expect(config.SecurityHeadersConfig.ContentSecurityPolicy).toEqual({
        ContentSecurityPolicy: contentSecurityPolicy.replace("connect-src 'self'", `connect-src 'self' ${cognitoOrigins}`),
        Override: true,
      });
      expect(p.stacks.auth.browserOrigins).toEqual(cognitoOrigins.split(" "));
      expect(config.SecurityHeadersConfig.StrictTransportSecurity).toEqual({
        AccessControlMaxAgeSec: 63072000,
        IncludeSubdomains: true,
        Preload: true,
        Override: true,
      });
      expect(config.SecurityHeadersConfig.ContentTypeOptions).toEqual({ Override: true });
      expect(config.SecurityHeadersConfig.FrameOptions).toEqual({ FrameOption: "DENY", Override: true });
      expect(config.SecurityHeadersConfig.ReferrerPolicy).toEqual({ ReferrerPolicy: "no-referrer", Override: true });
      expect(config.CustomHeadersConfig.Items).toEqual(
        expect.arrayContaining([{ Header: "permissions-policy", Value: siteSecurityHeaders["permissions-policy"], Override: true }]),
      );
      const distribution = onlyResource(p.templates.web, "AWS::CloudFront::Distribution").resource.Properties.DistributionConfig as Record<string, CfnJson>;
      expect(distribution.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policy.id });
    });

    it("outputs the distribution domain, its id and the bucket name", () => {
      const outputs = p.templates.web.toJSON().Outputs as Record<string, unknown>;
      expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["DistributionDomainName", "DistributionId", "SiteBucketName"]));
    });
  });

  describe("auth stack", () => {
    it("has an admin-only, MFA-required (TOTP) pool with a strong password policy and threat protection", () => {
      const pool = onlyResource(p.templates.auth, "AWS::Cognito::UserPool").resource;
      const props = pool.Properties;
      expect(props.MfaConfiguration).toBe("ON");
      expect(props.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
      expect(props.AdminCreateUserConfig).toEqual(expect.objectContaining({ AllowAdminCreateUserOnly: true }));
      expect(props.Policies).toEqual({
        PasswordPolicy: expect.objectContaining({
          MinimumLength: 12,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      });
      expect(props.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: "verified_email", Priority: 1 }] });
      expect(props.UserPoolTier).toBe("PLUS");
      expect(props.UserPoolAddOns).toEqual({ AdvancedSecurityMode: "ENFORCED" });
      expect(props.DeletionProtection).toBe("ACTIVE");
      expect(pool.DeletionPolicy).toBe("Retain");
      expect(props.Schema).toEqual(expect.arrayContaining([expect.objectContaining({ Name: "jurisdiction", AttributeDataType: "String", Mutable: true })]));
    });

    it("has a public PKCE client: code grant only, no secret, OIDC scopes, officers cannot write their jurisdiction", () => {
      const client = onlyResource(p.templates.auth, "AWS::Cognito::UserPoolClient").resource.Properties;
      expect(client.GenerateSecret).toBe(false);
      expect(client.AllowedOAuthFlows).toEqual(["code"]);
      expect(client.AllowedOAuthScopes).toEqual(["openid", "email", "profile"]);
      expect(client.CallbackURLs).toEqual([`http://localhost:4321${signInCallbackPath}`]);
      expect(client.ExplicitAuthFlows).not.toContain("ALLOW_USER_PASSWORD_AUTH");
      expect(client.WriteAttributes).not.toContain("custom:jurisdiction");
      expect(client.ReadAttributes).toContain("custom:jurisdiction");
      const domain = onlyResource(p.templates.auth, "AWS::Cognito::UserPoolDomain").resource.Properties;
      expect(domain.Domain).toContain(slug);
      expect(domain.ManagedLoginVersion).toBe(2);
    });

    it("has one group per role and the initial administrator in province-admin", () => {
      const groups = Object.entries(resources(p.templates.auth, "AWS::Cognito::UserPoolGroup"));
      expect(groups.map(([, group]) => group.Properties.GroupName).sort()).toEqual([...officerRoles].sort());
      const admin = onlyResource(p.templates.auth, "AWS::Cognito::UserPoolUser").resource.Properties;
      expect(admin.Username).toBe(provinceFile.initialAdminEmail);
      expect(admin.UserAttributes).toEqual(
        expect.arrayContaining([
          { Name: "email", Value: provinceFile.initialAdminEmail },
          { Name: "custom:jurisdiction", Value: "province" },
        ]),
      );
      const adminGroupId = groups.find(([, group]) => group.Properties.GroupName === "province-admin")?.[0];
      const membership = onlyResource(p.templates.auth, "AWS::Cognito::UserPoolUserToGroupAttachment").resource.Properties;
      expect(membership).toEqual(expect.objectContaining({ Username: provinceFile.initialAdminEmail, GroupName: { Ref: adminGroupId } }));
    });
  });

  describe("cdk-nag (AwsSolutions)", () => {
    it.each(stackKinds)("leaves no unacknowledged error or warning in the %s stack", (kind) => {
      const findings = unacknowledgedFindings(p.stacks[kind]).map((violation) => ({
        rule: violation.ruleName,
        severity: violation.severity,
        at: violation.violatingResources.map((resource) => resource.constructPath),
      }));
      expect(findings).toEqual([]);
    });

    it("passes the validation plugin registered on the app (as `cdk synth` runs it)", () => {
      const nagReports = synthesized.report.pluginReports.filter((report) => report.pluginName === "AwsSolutions");
      expect(nagReports.flatMap((report) => report.violations.map((violation) => violation.ruleName))).toEqual([]);
    });

    it("gives every acknowledgement a specific reason", () => {
      const acknowledgements = recordedAcknowledgements(synthesized.app);
      expect(acknowledgements.length).toBeGreaterThan(0);
      for (const acknowledgement of acknowledgements) {
        expect(acknowledgement.id).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
        expect(acknowledgement.reason.trim().length, `${acknowledgement.path} ${acknowledgement.id}`).toBeGreaterThanOrEqual(30);
      }
    });
  });
});
