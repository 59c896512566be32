import { join } from "node:path";
import { Duration, RemovalPolicy, Stage } from "aws-cdk-lib";
import { type ITableV2, TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Architecture, Code, Function as LambdaFunction, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionDefinition, TableAccess } from "../../functions/catalogue.ts";
import { deployedRevocationCacheSeconds } from "../../functions/lib/revocations.ts";
import { physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";
import { type BundleVariant, bundleFileName, bundleFunctionSync, lambdaHandler } from "../bundling.ts";
import { acknowledge, flattenForNag, sharedReasons } from "../nag.ts";
import { resourceName } from "../stacks/names.ts";

/**
 * The one way this platform makes a Lambda function, so every function gets the same defaults:
 * Node.js 22 on arm64, an ESM bundle from infra/bundling.ts (AWS SDK included), source maps, a log
 * group with retention, active X-Ray tracing and the Powertools environment. Tables are bound
 * from the function's definition (functions/catalogue.ts): each gets exactly the grant listed —
 * read, read-write, append (PutItem) or query-and-append — and its environment variable, and
 * nothing else reaches a table.
 */

/** How long function and API logs are kept. Logs carry no personal data (see DESIGN §3). */
export const logRetention = RetentionDays.THREE_MONTHS;

export type PowertoolsLogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

export interface ApiFunctionProps {
  provinceSlug: string;
  /** Short name: the function is `pcblgd-<slug>-<name>` and Powertools' service is `<name>`. */
  name: string;
  definition: FunctionDefinition;
  /** The key the province's tables are encrypted with (data stack). */
  dataKey: IKey;
  memorySize?: number;
  timeout?: Duration;
  /** A table to use instead of the province's own (after a point-in-time restore into a new table). */
  tableOverrides?: Partial<Record<TableName, string>>;
  logLevel?: PowertoolsLogLevel;
}

export class ApiFunction extends Construct {
  readonly function: LambdaFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    const functionName = resourceName(props.provinceSlug, props.name);

    this.logGroup = new LogGroup(this, "Logs", {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: logRetention,
      // The name is fixed, so a retained group would block re-creating the stack; logs hold no
      // personal data and nothing else depends on them.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy, whose log
    // permissions cover every log group in the account: this one writes to its own group only.
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${functionName}`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new LambdaFunction(this, "Function", {
      functionName,
      description: props.definition.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      handler: lambdaHandler,
      code: Code.fromAsset(bundledEntry(this, props.definition.entry, { sdkTracing: sdkTracingRequested(this) })),
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role: this.role,
      logGroup: this.logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        NODE_OPTIONS: "--enable-source-maps",
        POWERTOOLS_SERVICE_NAME: props.name,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? "INFO",
        // How long a container keeps an officer's revocation lookup: the revocation delay (docs/data-model.md).
        REVOCATION_CACHE_SECONDS: String(deployedRevocationCacheSeconds),
      },
    });
    this.function.node.addDependency(this.logGroup);

    this.bindTables(props);
    acknowledge(this.role, "AwsSolutions-IAM5[Resource::*]", sharedReasons.xrayWildcard);
    acknowledge(this.function, "AwsSolutions-L1", sharedReasons.node22);
  }

  private bindTables(props: ApiFunctionProps): void {
    for (const [tableName, access] of Object.entries(props.definition.tables) as [TableName, TableAccess][]) {
      const definition: TableDefinition = tableDefinitions[tableName];
      // The local runtime's account store (Cognito's stand-in) does not exist in AWS.
      if (definition.localOnly) continue;
      const physicalName = props.tableOverrides?.[tableName] ?? physicalTableName(props.provinceSlug, tableName);
      // The table is referenced by its (deterministic) name rather than through the data stack's
      // object: its ARN is then built here, so the grant's index wildcard has a name we can
      // acknowledge below, and this stack reads nothing from the data stack but the key.
      const table = TableV2.fromTableAttributes(this, `Table-${tableName}`, {
        tableName: physicalName,
        encryptionKey: props.dataKey,
        globalIndexes: definition.globalIndexes.map((index) => index.indexName),
      });
      if (access === "read") table.grantReadData(this.role);
      else if (access === "readWrite") table.grantReadWriteData(this.role);
      else this.grantAppend(table, props.dataKey, access === "queryAppend");
      this.function.addEnvironment(definition.envVar, physicalName);

      const readsIndexes = access === "read" || access === "readWrite" || access === "queryAppend";
      if (definition.globalIndexes.length > 0 && readsIndexes) {
        acknowledge(
          this.role,
          `AwsSolutions-IAM5[Resource::${flattenForNag(this, table.tableArn)}/index/*]`,
          `Queries go through the global secondary indexes of ${physicalName}; DynamoDB grants index access by <table arn>/index/<name>, and the wildcard covers only this table's indexes.`,
        );
      }
      if (access === "readWrite") {
        const reason =
          "grantReadWriteData on a table encrypted with the data key needs kms:GenerateDataKey* and kms:ReEncrypt*; the statement is scoped to that one key ARN.";
        acknowledge(this.role, "AwsSolutions-IAM5[Action::kms:GenerateDataKey*]", reason);
        acknowledge(this.role, "AwsSolutions-IAM5[Action::kms:ReEncrypt*]", reason);
      }
    }
  }

  /**
   * An append-only grant, written out rather than grantWriteData (which would add UpdateItem,
   * DeleteItem and BatchWriteItem): PutItem on the table — the repository's condition
   * `attribute_not_exists(pk)` then forbids overwrites — plus, for `queryAppend`, Query on the
   * table and its indexes. The key: what DynamoDB needs to encrypt a new item and decrypt a
   * queried one, named exactly (no wildcard actions).
   */
  private grantAppend(table: ITableV2, key: IKey, query: boolean): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["dynamodb:PutItem"], resources: [table.tableArn] }));
    if (query) {
      this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ["dynamodb:Query"], resources: [table.tableArn, `${table.tableArn}/index/*`] }));
    }
    key.grant(this.role, "kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt", "kms:DescribeKey");
  }
}

/**
 * Bundles an entry into the app's output directory (cdk.out, or a test's own), once per output
 * directory, and returns the folder that becomes the Lambda asset (CDK hashes its content).
 * Bundles do not depend on the province (names come from environment variables), so provinces
 * in one app share them.
 */
const bundledDirectories = new Set<string>();

/**
 * The CDK context `pcblgd:sdkTracing` (`--context pcblgd:sdkTracing=true`): bundle the X-Ray SDK
 * tracer into every function (infra/bundling.ts, BundleVariant). Lambda's active tracing is on
 * either way.
 */
export const sdkTracingContext = "pcblgd:sdkTracing";

function sdkTracingRequested(scope: Construct): boolean {
  const value: unknown = scope.node.tryGetContext(sdkTracingContext);
  return value === true || value === "true";
}

function bundledEntry(scope: Construct, entry: string, variant: BundleVariant): string {
  const outdir = Stage.of(scope)?.outdir;
  if (outdir === undefined) throw new Error(`${scope.node.path}: an ApiFunction must be inside a CDK App or Stage`);
  const name = entry.replace(/\.[^./]+$/, "").replace(/[^A-Za-z0-9]+/g, "-") + (variant.sdkTracing ? "-sdk-tracing" : "");
  const directory = join(outdir, "bundles", name);
  if (!bundledDirectories.has(directory)) {
    bundleFunctionSync(entry, join(directory, bundleFileName), variant);
    bundledDirectories.add(directory);
  }
  return directory;
}
