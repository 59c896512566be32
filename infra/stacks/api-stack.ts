import { CfnOutput, CustomResource, Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import { HttpApi, HttpMethod, HttpRoute, HttpRouteKey, HttpStage, type IHttpRouteAuthorizer, LogGroupLogDestination } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IUserPoolClient, UserPool } from "aws-cdk-lib/aws-cognito";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Architecture, type CfnFunction, type Function as LambdaFunction, Runtime } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { CfnSchedule } from "aws-cdk-lib/aws-scheduler";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Provider } from "aws-cdk-lib/custom-resources";
import type { Construct } from "constructs";
import { type FunctionDefinition, httpFunctions, seedFunction } from "../../functions/catalogue.ts";
import { monitoredLogMessages } from "../../functions/lib/log-messages.ts";
import { type FunctionName, fallbackFunction, functionsServingOfficers, type RouteDefinition, routeKey, routeTable } from "../../functions/routes.ts";
import { caseRetentionDays } from "../../shared/cases.ts";
import type { Province } from "../../shared/province.ts";
import { physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";
import { ApiFunction, logRetention } from "../constructs/api-function.ts";
import { Monitoring } from "../constructs/monitoring.ts";
import { acknowledge, flattenForNag, sharedReasons } from "../nag.ts";
import { attachmentsBucketName } from "./data-stack.ts";
import { resourceName } from "./names.ts";

/**
 * The province's HTTP API: one Lambda function per entry of the function catalogue, one route per
 * entry of the route table (officer routes behind a JWT authorizer on the Cognito pool), a
 * `$default` route to the fallback function (problem+json 404 for unknown paths), a throttled
 * default stage with access logs, and the deploy-time seed of the directory.
 */

/** Steady-state requests per second and burst for the whole stage (all routes together). */
export const apiThrottling = { rateLimit: 50, burstLimit: 100 } as const;

/**
 * Access-log fields. Deliberately absent: the client IP ($context.identity.sourceIp), the user
 * agent, the path and the query string — a report or search must not be traceable to a person
 * from the logs. The route key names the endpoint without its parameters.
 */
export const accessLogFields = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTimeEpoch",
  routeKey: "$context.routeKey",
  status: "$context.status",
  responseLength: "$context.responseLength",
  latency: "$context.responseLatency",
  integrationLatency: "$context.integrationLatency",
  integrationError: "$context.integrationErrorMessage",
  authorizerError: "$context.authorizer.error",
} as const;

/**
 * What the officer administration may do in the user pool (functions/admin/cognito-officer-directory.ts
 * uses exactly these; a unit test checks both lists agree). No AdminDeleteUser, no AdminGetUser
 * (users are found by sub with ListUsers), no password or MFA resets.
 */
export const adminFunctionCognitoActions = [
  "cognito-idp:AdminCreateUser",
  "cognito-idp:AdminAddUserToGroup",
  "cognito-idp:AdminRemoveUserFromGroup",
  "cognito-idp:AdminUpdateUserAttributes",
  "cognito-idp:AdminDisableUser",
  "cognito-idp:AdminEnableUser",
  "cognito-idp:AdminUserGlobalSignOut",
  "cognito-idp:ListUsers",
  "cognito-idp:AdminListGroupsForUser",
] as const;

export interface ApiStackProps extends StackProps {
  province: Province;
  /** The key of the province's tables (data stack); functions reach tables by name (ApiFunction). */
  dataKey: IKey;
  /** The personal fields' envelope key and the HMAC key of derived secrets (data stack). */
  fieldKey: IKey;
  secretsKey: IKey;
  userPool: UserPool;
  webClient: IUserPoolClient;
  /** Defaults to the platform's route table; tests pass others (e.g. with officer routes). */
  routes?: readonly RouteDefinition[];
  functions?: Record<FunctionName, FunctionDefinition>;
  /** Tables the functions use instead of the province's own (ProvinceStacksOptions.tableOverrides). */
  tableOverrides?: Partial<Record<TableName, string>>;
}

export class ApiStack extends Stack {
  readonly httpApi: HttpApi;
  readonly functions: Map<FunctionName, ApiFunction>;
  /**
   * The origin secret: CloudFront adds it to every API request (web stack) and the functions
   * answer 404 without it (functions/lib/http.ts), so the API is reachable through CloudFront only.
   */
  readonly originSecret: Secret;
  /** Alarms, their SNS topic and the dashboard: other parts register what they add (watchFailureDestination). */
  readonly monitoring: Monitoring;
  /** Where EventBridge Scheduler puts a scheduled job it could not deliver (watched by an alarm). */
  private scheduleFailures?: Queue;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const slug = props.province.slug;
    const routes = props.routes ?? routeTable;
    const definitions = props.functions ?? httpFunctions;

    this.functions = new Map();
    this.originSecret = this.addOriginSecret(slug);
    const servingOfficers = functionsServingOfficers(routes);
    for (const [name, definition] of Object.entries(definitions) as [FunctionName, FunctionDefinition][]) {
      // The shared stack looks up every officer request's token in `revocations` (functions/lib/http.ts).
      const bound = servingOfficers.has(name) ? withRevocationLookup(definition) : definition;
      const fn = new ApiFunction(this, `Function-${name}`, {
        provinceSlug: slug,
        name,
        definition: bound,
        dataKey: props.dataKey,
        tableOverrides: props.tableOverrides,
      });
      this.functions.set(name, fn);
      if (servingOfficers.has(name)) this.configureOfficerAccess(fn, props);
      if (definition.manageOfficers) this.grantOfficerAdministration(fn, props.userPool);
      this.configureProvince(fn, props.province);
      fn.function.addEnvironment("ORIGIN_VERIFY_SECRET", this.originSecret.secretValue.unsafeUnwrap());
      if (definition.fieldEncryption) this.grantFieldEncryption(fn, definition.fieldEncryption.tables, props);
      if (definition.derivesSecrets) this.grantSecretDerivation(fn, props.secretsKey);
      if (definition.notifiesOfficers) this.grantOfficerNotices(fn, props);
      if (name === "commendations") this.grantAttachments(fn, props, "nominations");
      // Oversight (issue 13): a plan's document, a task's and a recommendation's files.
      if (name === "oversight") this.grantAttachments(fn, props, "oversight");
    }

    this.httpApi = new HttpApi(this, "HttpApi", {
      apiName: resourceName(slug, "api"),
      description: `PCBLGĐ ${slug}: API behind CloudFront /api/*`,
      // The stage is made below, with throttling and access logs.
      createDefaultStage: false,
    });
    this.addStage(slug);

    const integrations = new Map<FunctionName, HttpLambdaIntegration>();
    const integrationFor = (name: FunctionName): HttpLambdaIntegration => {
      const fn = this.functions.get(name);
      if (fn === undefined) throw new Error(`route uses function "${name}", which is not in the function catalogue`);
      let integration = integrations.get(name);
      if (integration === undefined) {
        integration = new HttpLambdaIntegration(`Integration-${name}`, fn.function);
        integrations.set(name, integration);
      }
      return integration;
    };

    let officerAuthorizer: IHttpRouteAuthorizer | undefined;
    const authorizerForOfficers = (): IHttpRouteAuthorizer => {
      officerAuthorizer ??= new HttpJwtAuthorizer("OfficerJwt", props.userPool.userPoolProviderUrl, {
        authorizerName: resourceName(slug, "officer-jwt"),
        jwtAudience: [props.webClient.userPoolClientId],
        identitySource: ["$request.header.Authorization"],
      });
      return officerAuthorizer;
    };

    for (const route of routes) {
      const httpRoute = new HttpRoute(this, constructIdFor(route), {
        httpApi: this.httpApi,
        routeKey: HttpRouteKey.with(route.path, HttpMethod[route.method]),
        integration: integrationFor(route.function),
        authorizer: route.access === "officer" ? authorizerForOfficers() : undefined,
      });
      if (route.access === "public") {
        acknowledge(httpRoute, "AwsSolutions-APIG4", `Public by design (routeTable access "public"): ${route.summary}.`);
      }
    }

    const fallback = new HttpRoute(this, "Route-default", {
      httpApi: this.httpApi,
      routeKey: HttpRouteKey.DEFAULT,
      integration: integrationFor(fallbackFunction),
    });
    acknowledge(
      fallback,
      "AwsSolutions-APIG4",
      "The $default route only answers unknown paths with a problem+json 404 from the fallback function; it serves no data, so it needs no caller identity.",
    );

    const seed = this.addDirectorySeed(props);
    this.scheduleCaseJobs(props.province.slug);
    this.scheduleOversightJobs(props.province.slug);
    this.monitoring = this.watch(props, seed);

    new CfnOutput(this, "ApiId", { value: this.httpApi.apiId });
    new CfnOutput(this, "ApiEndpoint", { value: this.httpApi.apiEndpoint });
  }

  /**
   * A function that serves officer routes verifies the ID token itself (functions/lib/auth.ts),
   * besides API Gateway's JWT authorizer: the issuer, the web client (the token's audience) and
   * the pool's JWKS, and where officers' accounts live.
   */
  private configureOfficerAccess(fn: ApiFunction, props: ApiStackProps): void {
    const issuer = props.userPool.userPoolProviderUrl;
    fn.function.addEnvironment("OIDC_ISSUER", issuer);
    fn.function.addEnvironment("OIDC_CLIENT_ID", props.webClient.userPoolClientId);
    fn.function.addEnvironment("OIDC_JWKS_URI", `${issuer}/.well-known/jwks.json`);
    fn.function.addEnvironment("OFFICER_DIRECTORY", "cognito");
    fn.function.addEnvironment("USER_POOL_ID", props.userPool.userPoolId);
  }

  /**
   * Why a secret header and not a disabled execute-api endpoint: CloudFront's origin IS the
   * execute-api address; disabling it needs an API Gateway custom domain (a certificate and a DNS
   * name per province), which the platform does not require. With the header, a call to the
   * execute-api address directly is answered 404 by every function, before any route runs, and
   * cannot reach the rate limits with a viewer address of its choosing. The value is generated by
   * Secrets Manager (never in the template) and reaches CloudFront and the functions as a dynamic
   * reference at deploy. Rotate by changing the secret's value and deploying the api and web stacks.
   */
  private addOriginSecret(slug: string): Secret {
    const secret = new Secret(this, "OriginVerifySecret", {
      secretName: resourceName(slug, "origin-verify"),
      description: `PCBLGĐ ${slug}: the header CloudFront adds to API requests; the functions refuse requests without it`,
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledge(
      secret,
      "AwsSolutions-SMG4",
      "The origin-verify value must be the same in the CloudFront origin and the functions at every moment; automatic rotation would split them. It is rotated by a deploy (docs/security.md).",
    );
    return secret;
  }

  /** Every function knows its province (encryption contexts) and the case-number prefix. */
  private configureProvince(fn: ApiFunction, province: Province): void {
    fn.function.addEnvironment("PROVINCE_SLUG", province.slug);
    fn.function.addEnvironment("CASE_NUMBER_PREFIX", province.caseNumberPrefix);
    fn.function.addEnvironment("PROVINCE_NAME", province.name.vi);
    // The statistics periods' cut-off day (province file): the statistics function and any that reads its figures.
    fn.function.addEnvironment("STATISTICS_CUTOFF_DAY", String(province.statisticsCutOffDay));
  }

  /**
   * Field encryption with the KMS keyring: data keys of the field key, only for this province and
   * only for the tables the function's fields belong to (the encryption context is checked by KMS).
   */
  private grantFieldEncryption(fn: ApiFunction, tables: string[], props: ApiStackProps): void {
    fn.function.addEnvironment("FIELD_KEYRING", "kms");
    fn.function.addEnvironment("DATA_KEY_ARN", props.fieldKey.keyArn);
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["kms:GenerateDataKey", "kms:Decrypt"],
        resources: [props.fieldKey.keyArn],
        conditions: {
          StringEquals: { "kms:EncryptionContext:province": props.province.slug },
          "ForAnyValue:StringEquals": { "kms:EncryptionContext:table": tables },
        },
      }),
    );
  }

  private grantSecretDerivation(fn: ApiFunction, secretsKey: IKey): void {
    fn.function.addEnvironment("SECRETS_MAC_KEY_ARN", secretsKey.keyArn);
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["kms:GenerateMac"], resources: [secretsKey.keyArn] }));
  }

  /** Report notices: list the pool's officers (ListUsers, their groups) and, when the province names a sender, e-mail them with SES. */
  private grantOfficerNotices(fn: ApiFunction, props: ApiStackProps): void {
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ["cognito-idp:ListUsers", "cognito-idp:AdminListGroupsForUser"], resources: [props.userPool.userPoolArn] }),
    );
    const sender = props.province.notificationSender;
    if (sender === undefined) return;
    fn.function.addEnvironment("NOTIFY_FROM", sender);
    const domain = sender.split("@")[1] ?? sender;
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [
          this.formatArn({ service: "ses", resource: "identity", resourceName: domain }),
          this.formatArn({ service: "ses", resource: "identity", resourceName: sender }),
        ],
        conditions: { StringEquals: { "ses:FromAddress": sender } },
      }),
    );
  }

  /**
   * Case tracking's scheduled work (functions/cases/scheduled.ts): EventBridge Scheduler invokes the
   * cases function every 5 minutes (reminders before a no-contact order ends) and daily at 02:00
   * Vietnam time (retention), through a role that may invoke that one function and nothing else.
   * The retention period reaches the function as CASE_RETENTION_DAYS (shared/cases.ts).
   */
  private scheduleCaseJobs(slug: string): void {
    const cases = this.functions.get("cases");
    if (cases === undefined) return;
    cases.function.addEnvironment("CASE_RETENTION_DAYS", String(caseRetentionDays));
    this.scheduleJobs(slug, "cases", "Case", [
      { job: "reminders", expression: "rate(5 minutes)" },
      { job: "retention", expression: "cron(0 2 * * ? *)" },
      // My work's daily digest to each officer (issue 14), at the start of the working day.
      { job: "digest", expression: "cron(0 7 * * ? *)" },
    ]);
  }

  /** Oversight (issue 13): the daily reminder of tasks and recommendations due within 7 days or overdue, at 07:00 Vietnam time. */
  private scheduleOversightJobs(slug: string): void {
    this.scheduleJobs(slug, "oversight", "Oversight", [{ job: "oversight-reminders", expression: "cron(0 7 * * ? *)" }]);
  }

  /**
   * EventBridge Scheduler invokes `functionName` with `{source: "pcblgd.scheduler", job}` on each
   * expression (Asia/Ho_Chi_Minh), through a role that may invoke that one function and nothing else.
   */
  private scheduleJobs(slug: string, functionName: FunctionName, idPrefix: string, jobs: readonly { job: string; expression: string }[]): void {
    const target = this.functions.get(functionName);
    if (target === undefined) return;
    const role = new Role(this, `${idPrefix}SchedulerRole`, {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", { conditions: { StringEquals: { "aws:SourceAccount": this.account } } }),
      description: `EventBridge Scheduler: runs the ${functionName} jobs of ${slug}`,
    });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [target.function.functionArn] }));
    const failures = this.scheduleFailureQueue(slug);
    failures.grantSendMessages(role);
    for (const { job, expression } of jobs) {
      new CfnSchedule(this, `${idPrefix}Schedule-${job}`, {
        name: resourceName(slug, job.startsWith(functionName) ? job : `${functionName === "cases" ? "case" : functionName}-${job}`),
        description: `PCBLGĐ ${slug}: ${functionName} ${job}`,
        scheduleExpression: expression,
        scheduleExpressionTimezone: "Asia/Ho_Chi_Minh",
        flexibleTimeWindow: { mode: "OFF" },
        target: {
          arn: target.function.functionArn,
          roleArn: role.roleArn,
          input: JSON.stringify({ source: "pcblgd.scheduler", job }),
          // A digest retried would e-mail officers twice: it runs once; the others are idempotent.
          retryPolicy: { maximumRetryAttempts: job === "digest" ? 0 : 3, maximumEventAgeInSeconds: 3600 },
          deadLetterConfig: { arn: failures.queueArn },
        },
      });
    }
  }

  /** One dead-letter queue for every schedule: a run Scheduler could not deliver after its retries lands here (and raises an alarm). */
  private scheduleFailureQueue(slug: string): Queue {
    if (this.scheduleFailures !== undefined) return this.scheduleFailures;
    this.scheduleFailures = new Queue(this, "ScheduleFailures", {
      queueName: resourceName(slug, "scheduled-job-failures"),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(
      this.scheduleFailures,
      "AwsSolutions-SQS3",
      "This queue is itself the dead-letter queue of the schedules; its messages are job names and Scheduler's error, read by a person after the alarm.",
    );
    return this.scheduleFailures;
  }

  /** The Cognito admin actions of functions/admin/cognito-officer-directory.ts, on this pool only. */
  private grantOfficerAdministration(fn: ApiFunction, userPool: UserPool): void {
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...adminFunctionCognitoActions], resources: [userPool.userPoolArn] }));
  }

  /**
   * Commendations (issue 7) and oversight (issue 13): the evidence bucket (data stack, found by
   * name) for the function — get and put of objects under its own prefix (`nominations/`,
   * `oversight/`) and `incoming/<prefix>/` (what single-use upload addresses receive), and the
   * data key the bucket is encrypted with. The presigned PUTs the function signs carry these
   * rights, nothing more.
   */
  private grantAttachments(fn: ApiFunction, props: ApiStackProps, prefix: "nominations" | "oversight"): void {
    const bucketName = attachmentsBucketName(props.province.slug, this.account, this.region);
    const bucketArn = `arn:${this.partition}:s3:::${bucketName}`;
    const prefixes = [`${bucketArn}/${prefix}/*`, `${bucketArn}/incoming/${prefix}/*`];
    fn.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["s3:GetObject", "s3:PutObject"], resources: prefixes }));
    props.dataKey.grantEncryptDecrypt(fn.role);
    fn.function.addEnvironment("ATTACHMENTS_STORE", "s3");
    fn.function.addEnvironment("ATTACHMENTS_BUCKET", bucketName);
    for (const prefix of prefixes) {
      acknowledge(
        fn.role,
        `AwsSolutions-IAM5[Resource::${flattenForNag(this, prefix)}]`,
        `Files are keyed ${prefix}/<record id>/<file id> (and incoming/… while uploading), created at run time; the grant covers only those prefixes of the province's evidence bucket.`,
      );
    }
  }

  private addStage(slug: string): void {
    const accessLogs = new LogGroup(this, "AccessLogs", {
      logGroupName: `/aws/apigateway/${resourceName(slug, "api")}/access`,
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new HttpStage(this, "DefaultStage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: apiThrottling,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(accessLogFields)),
      },
    });
  }

  /**
   * A custom resource runs the seed function at each deploy whose province file changed (the file
   * is a resource property, so any edit is an update): the directory table then matches the file.
   */
  private addDirectorySeed(props: ApiStackProps): ApiFunction {
    const slug = props.province.slug;
    const seed = new ApiFunction(this, "SeedFunction", {
      provinceSlug: slug,
      name: "directory-seed",
      definition: seedFunction,
      dataKey: props.dataKey,
      tableOverrides: props.tableOverrides,
      timeout: Duration.minutes(5),
    });
    const provider = new Provider(this, "SeedProvider", {
      onEventHandler: seed.function,
      providerFunctionName: resourceName(slug, "seed-provider"),
      logGroup: new LogGroup(this, "SeedProviderLogs", {
        logGroupName: `/aws/lambda/${resourceName(slug, "seed-provider")}`,
        retention: logRetention,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    alignFrameworkFunction(provider);
    acknowledge(provider, "AwsSolutions-L1", sharedReasons.node22);
    acknowledge(
      provider,
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
      sharedReasons.providerFramework,
    );
    // The framework may invoke any version of the seed function (`<arn>:*`).
    const seedLogicalId = this.getLogicalId(seed.function.node.defaultChild as CfnFunction);
    acknowledge(provider, `AwsSolutions-IAM5[Resource::<${seedLogicalId}.Arn>:*]`, sharedReasons.providerFramework);

    new CustomResource(this, "DirectorySeed", {
      serviceToken: provider.serviceToken,
      resourceType: "Custom::DirectorySeed",
      properties: { ProvinceSlug: slug, Province: JSON.stringify(props.province) },
    });
    return seed;
  }

  /**
   * The province's alarms and dashboard (infra/constructs/monitoring.ts): the API's 5xx rate, every
   * function's errors and throttles, every table's throttles and system errors, the report
   * notices that could not be sent, the case jobs' undelivered runs and whether they run at all.
   */
  private watch(props: ApiStackProps, seed: ApiFunction): Monitoring {
    const monitoring = new Monitoring(this, "Monitoring", { provinceSlug: props.province.slug, alarmEmail: props.province.initialAdminEmail });
    monitoring.watchApi(this.httpApi);
    for (const [name, fn] of this.functions) monitoring.watchFunction(name, fn.function);
    monitoring.watchFunction("directory-seed", seed.function);
    for (const name of Object.keys(tableDefinitions) as TableName[]) {
      if (!(tableDefinitions[name] as TableDefinition).localOnly) {
        monitoring.watchTable(name, props.tableOverrides?.[name] ?? physicalTableName(props.province.slug, name));
      }
    }
    // An officer's request refused because its audit entry could not be written: any officer function.
    const officerFunctions = functionsServingOfficers();
    monitoring.watchLoggedFailures(
      "AuditWriteFailures",
      Object.fromEntries([...this.functions].filter(([name]) => officerFunctions.has(name)).map(([name, fn]) => [name, fn.logGroup])),
      monitoredLogMessages.auditWriteFailed,
      "Không ghi được nhật ký truy cập, yêu cầu bị từ chối / an audit entry could not be written (the request was refused)",
    );
    const reports = this.functions.get("reports");
    if (reports !== undefined) {
      monitoring.watchLoggedFailures(
        "ReportNoticeFailures",
        reports.logGroup,
        monitoredLogMessages.reportNoticeFailed,
        "Không gửi được thư báo tin mới cho cán bộ / a new-report notice could not be e-mailed to the officers",
      );
      monitoring.countOnDashboard("Tin báo / reports (mỗi giờ / per hour)", [
        { id: "ReportsSubmitted", logGroup: reports.logGroup, message: monitoredLogMessages.reportSubmitted },
        { id: "ReportHoneypots", logGroup: reports.logGroup, message: monitoredLogMessages.reportHoneypot },
      ]);
    }
    if (this.scheduleFailures !== undefined) {
      monitoring.watchFailureDestination("scheduled-jobs", this.scheduleFailures, "Việc định kỳ / scheduled jobs");
    }
    const cases = this.functions.get("cases");
    if (cases !== undefined) {
      monitoring.watchJobRuns("reminders", cases.logGroup, monitoredLogMessages.caseRemindersRun, Duration.hours(1), 1);
      monitoring.watchJobRuns("retention", cases.logGroup, monitoredLogMessages.caseRetentionRun, Duration.hours(6), 5);
    }
    const oversight = this.functions.get("oversight");
    if (oversight !== undefined)
      monitoring.watchJobRuns("oversight-reminders", oversight.logGroup, monitoredLogMessages.oversightRemindersRun, Duration.hours(6), 5);
    return monitoring;
  }
}

/** The definition with read access to `revocations`, unless it lists that table itself (the officers function writes it). */
export function withRevocationLookup(definition: FunctionDefinition): FunctionDefinition {
  if (definition.tables.revocations !== undefined) return definition;
  return { ...definition, tables: { ...definition.tables, revocations: "read" } };
}

/** `GET /api/communes/{code}` → `Route-GET-api-communes-code`: construct ids cannot hold slashes. */
function constructIdFor(route: RouteDefinition): string {
  return `Route-${routeKey(route)
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/-+$/, "")}`;
}

/**
 * The Provider framework's own function gets the defaults every other function has (Node.js 22,
 * arm64, active tracing). CDK exposes no props for them, hence the escape hatch; its code is plain
 * JavaScript without native parts, so the architecture does not matter to it.
 */
function alignFrameworkFunction(provider: Provider): void {
  const framework = provider.node.findChild("framework-onEvent") as LambdaFunction;
  const cfn = framework.node.defaultChild as CfnFunction;
  cfn.runtime = Runtime.NODEJS_22_X.name;
  cfn.architectures = [Architecture.ARM_64.name];
  cfn.tracingConfig = { mode: "Active" };
  framework.addToRolePolicy(new PolicyStatement({ actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] }));
  acknowledge(framework, "AwsSolutions-IAM5[Resource::*]", sharedReasons.xrayWildcard);
}
