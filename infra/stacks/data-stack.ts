import { Duration, RemovalPolicy, Stack, type StackProps } from "aws-cdk-lib";
import {
  AttributeType,
  Billing,
  type GlobalSecondaryIndexPropsV2,
  type Attribute as KeyAttributeV2,
  ProjectionType,
  StreamViewType,
  TableEncryptionV2,
  TableV2,
} from "aws-cdk-lib/aws-dynamodb";
import { AccountRootPrincipal, AnyPrincipal, Effect, PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import { type IKey, Key, KeySpec, KeyUsage } from "aws-cdk-lib/aws-kms";
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { Province } from "../../shared/province.ts";
import { type KeyAttribute, physicalTableName, type TableDefinition, type TableName, tableDefinitions } from "../../shared/tables.ts";
import { acknowledge } from "../nag.ts";
import { resourceName } from "./names.ts";

/**
 * The bucket of commendation evidence files (functions/commendations/attachments.ts), named from
 * the account and region so the api stack finds it by name, as it finds the tables.
 */
export function attachmentsBucketName(provinceSlug: string, account: string, region: string): string {
  return `${resourceName(provinceSlug, "attachments")}-${account}-${region}`;
}

/**
 * The province's data: one customer-managed KMS key and one DynamoDB table per definition in
 * shared/tables.ts (except the local-only ones). Everything here is retained when the stack goes away, and the stack itself has
 * termination protection: data is never deleted by a deploy.
 */
export interface DataStackProps extends StackProps {
  province: Province;
}

export class DataStack extends Stack {
  readonly key: Key;
  /** The tables that exist in AWS (every definition except `localOnly` ones). */
  readonly tables: Partial<Record<TableName, TableV2>>;
  /** Envelope key of the personal fields (names, phones, addresses, narratives): separate from the tables' key, so field access can be conditioned on the encryption context and shredded apart. */
  readonly fieldKey: Key;
  /** HMAC key from which functions derive their secrets (receipt-code pepper, attempt limiter): never leaves KMS. */
  readonly secretsKey: Key;
  /** Commendation evidence files: private, KMS-encrypted with the data key, TLS only, retained. */
  readonly attachments: Bucket;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const slug = props.province.slug;

    this.key = new Key(this, "DataKey", {
      alias: `alias/${resourceName(slug, "data")}`,
      description: `PCBLGĐ ${slug}: encrypts the DynamoDB tables at rest`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.fieldKey = new Key(this, "FieldKey", {
      alias: `alias/${resourceName(slug, "fields")}`,
      description: `PCBLGĐ ${slug}: envelope key of personal fields (AWS Encryption SDK)`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.secretsKey = new Key(this, "SecretsKey", {
      alias: `alias/${resourceName(slug, "secrets")}`,
      description: `PCBLGĐ ${slug}: HMAC key the functions derive their secrets from (GenerateMac)`,
      keySpec: KeySpec.HMAC_256,
      keyUsage: KeyUsage.GENERATE_VERIFY_MAC,
      pendingWindow: Duration.days(keyDeletionWindowDays),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const custodian = new Role(this, "KeyCustodian", {
      roleName: keyCustodianRoleName(slug),
      description: `PCBLGD ${slug}: the only principal that may schedule deletion of (or disable) the province's KMS keys; assumed with MFA`,
      assumedBy: new AccountRootPrincipal().withConditions({ Bool: { "aws:MultiFactorAuthPresent": "true" } }),
      maxSessionDuration: Duration.hours(1),
    });
    custodian.addToPolicy(
      new PolicyStatement({
        actions: ["kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:DisableKey", "kms:EnableKey", "kms:DescribeKey"],
        resources: [this.key.keyArn, this.fieldKey.keyArn, this.secretsKey.keyArn],
      }),
    );
    for (const key of [this.key, this.fieldKey, this.secretsKey]) protectKey(key, custodian.roleArn);

    // Local-only tables (the local OpenID provider's accounts, Cognito's stand-in) are not created in AWS.
    const entries = (Object.keys(tableDefinitions) as TableName[])
      .filter((name) => !(tableDefinitions[name] as TableDefinition).localOnly)
      .map((name) => [name, tableFromDefinition(this, slug, name, this.key)] as const);
    this.tables = Object.fromEntries(entries) as Partial<Record<TableName, TableV2>>;

    // — Commendations (issue 7): evidence files, uploaded with presigned PUTs, read back only by
    // the commendations function (which serves them as downloads, never inline).
    this.attachments = new Bucket(this, "Attachments", {
      bucketName: attachmentsBucketName(slug, this.account, this.region),
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // What upload addresses received (incoming/…) is only read once, on confirm, then replaced by
      // an empty tombstone (functions/commendations/attachments.ts): a day later it goes, with its
      // earlier versions; abandoned multipart uploads are cleaned up too.
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(1) },
        { prefix: "incoming/", expiration: Duration.days(1), noncurrentVersionExpiration: Duration.days(1) },
      ],
      // The browser PUTs the file to its single-use presigned address (signed content type, length and If-None-Match).
      cors: [
        {
          allowedMethods: [HttpMethods.PUT],
          allowedOrigins: [siteOriginPattern(props.province)],
          allowedHeaders: ["content-type", "if-none-match"],
          maxAge: 600,
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.attachments,
      "AwsSolutions-S1",
      "Evidence files are read and written only through the commendations function and presigned PUTs it signs; every officer request about them is in the audit table, and CloudTrail data events can be enabled per account.",
    );
  }
}

/**
 * The origin the browser uploads evidence from: the province's own domain, or — before the
 * distribution exists, its name unknown to this stack — any CloudFront domain (the presigned URL,
 * not CORS, is what authorises a PUT).
 */
export function siteOriginPattern(province: Province): string {
  return province.domain === undefined ? "https://*.cloudfront.net" : `https://${province.domain}`;
}

/** Days a key scheduled for deletion stays recoverable (the maximum KMS allows). */
export const keyDeletionWindowDays = 30;

/** The role that alone may schedule a key's deletion or disable it (assumed with MFA). */
export function keyCustodianRoleName(provinceSlug: string): string {
  return resourceName(provinceSlug, "key-custodian");
}

/**
 * Every key of the province is deleted, if ever, by one deliberate act: its policy denies
 * ScheduleKeyDeletion and DisableKey to every principal but the key-custodian role, which a person
 * assumes with MFA. The account keeps PutKeyPolicy (no lock-out), so changing this is possible but
 * is itself a recorded CloudTrail event; a scheduled deletion can still be cancelled for 30 days.
 */
function protectKey(key: Key, custodianArn: string): void {
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: "OnlyTheCustodianDeletesOrDisables",
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ["kms:ScheduleKeyDeletion", "kms:DisableKey"],
      resources: ["*"],
      conditions: { ArnNotEquals: { "aws:PrincipalArn": custodianArn } },
    }),
  );
}

/**
 * The one conversion from a TableDefinition to CDK: keys, indexes, TTL and stream come from the
 * shared definition (which the local runtime also uses); the settings that protect data — on-demand
 * billing, point-in-time recovery, deletion protection, RETAIN and the customer-managed key — are
 * the same for every table.
 */
export function tableFromDefinition(scope: Construct, provinceSlug: string, name: TableName, key: IKey): TableV2 {
  const definition: TableDefinition = tableDefinitions[name];
  return new TableV2(scope, `${pascalCase(definition.name)}Table`, {
    tableName: physicalTableName(provinceSlug, name),
    partitionKey: keyAttribute(definition.partitionKey),
    sortKey: definition.sortKey === undefined ? undefined : keyAttribute(definition.sortKey),
    globalSecondaryIndexes: definition.globalIndexes.map(
      (index): GlobalSecondaryIndexPropsV2 => ({
        indexName: index.indexName,
        partitionKey: keyAttribute(index.partitionKey),
        sortKey: index.sortKey === undefined ? undefined : keyAttribute(index.sortKey),
        projectionType: index.projection === "ALL" ? ProjectionType.ALL : ProjectionType.KEYS_ONLY,
      }),
    ),
    timeToLiveAttribute: definition.timeToLiveAttribute,
    dynamoStream: definition.stream === undefined ? undefined : StreamViewType[definition.stream],
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    encryption: TableEncryptionV2.customerManagedKey(key),
  });
}

function keyAttribute(attribute: KeyAttribute): KeyAttributeV2 {
  return { name: attribute.name, type: attribute.type === "S" ? AttributeType.STRING : AttributeType.NUMBER };
}

function pascalCase(name: string): string {
  return name
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}
