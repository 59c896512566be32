import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { localOidcMountPath, localWebClientId } from "../../shared/auth-config.ts";
import { defaultCutOffDay } from "../../shared/statistics-periods.ts";
import { localCredentials, localRegion } from "./dynamodb.ts";
import { tableEnvironment } from "./tables.ts";

/**
 * The environment a deployed function gets from the ApiFunction construct, set for the local
 * process before any handler module is imported. The AWS SDK reads AWS_ENDPOINT_URL_DYNAMODB
 * itself, so the functions' code path is exactly the one that runs in AWS.
 *
 * Locally the officers' identities come from the local OpenID provider mounted on the server's
 * own origin (`<origin>/oidc`), and the officer directory is the `officers` table.
 */
export interface FunctionEnvironmentOptions {
  provinceSlug: string;
  /** The province file's `caseNumberPrefix` (NB-2026-000123). */
  caseNumberPrefix: string;
  /** The province file's `statisticsCutOffDay` (default 31). */
  statisticsCutOffDay?: number;
  /** The province's Vietnamese name, for the letterhead of official papers. */
  provinceName?: string;
  dynamoEndpoint: string;
  logLevel?: string;
  /** `http://localhost:<port>`: the OIDC_* variables point at its /oidc provider. Omitted until the port is known. */
  origin?: string;
  /** The HMAC key of the attempt limiter (the local runtime keeps one under .data/). */
  attemptLimiterSecret?: string;
  /** Where invitations are written instead of e-mailed (default `.data/outbox`). */
  outboxDir?: string;
  /** The HMAC pepper of receipt-code lookup keys (the local runtime keeps one under .data/). */
  receiptCodePepper?: string;
  /** The HMAC key of commendation nominees' duplicate keys (the local runtime keeps one under .data/). */
  nomineeKeySecret?: string;
  /** The key of the person index of cases (same perpetrator, find by name): `.data/person-index-secret`. */
  personIndexSecret?: string;
  /** The raw AES key of field encryption (default `.data/keys/data-key.bin`, created on first use). */
  localDataKeyFile?: string;
}

export function configureFunctionEnvironment(options: FunctionEnvironmentOptions): void {
  Object.assign(process.env, {
    ...tableEnvironment(options.provinceSlug),
    PROVINCE_SLUG: options.provinceSlug,
    CASE_NUMBER_PREFIX: options.caseNumberPrefix,
    STATISTICS_CUTOFF_DAY: String(options.statisticsCutOffDay ?? defaultCutOffDay),
    ...(options.provinceName ? { PROVINCE_NAME: options.provinceName } : {}),
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: `pcblgd-${options.provinceSlug}-local`,
    // X-Ray has no daemon here.
    POWERTOOLS_TRACE_ENABLED: "false",
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? "INFO",
    OFFICER_DIRECTORY: "local",
    LOCAL_OUTBOX_DIR: options.outboxDir ?? ".data/outbox",
    // Personal fields are encrypted with a raw AES keyring from a local key file (KMS in AWS).
    FIELD_KEYRING: "local",
    LOCAL_DATA_KEY_FILE: options.localDataKeyFile ?? ".data/keys/data-key.bin",
    // Commendation evidence files: a folder next to the outbox (S3 in AWS), uploads signed with a
    // per-process key and received by the local server's /local-uploads/ (infra/local/uploads.ts).
    ATTACHMENTS_STORE: "local",
    LOCAL_ATTACHMENTS_DIR: join(dirname(options.outboxDir ?? ".data/outbox"), "attachments"),
    LOCAL_UPLOAD_SECRET: process.env.LOCAL_UPLOAD_SECRET || randomBytes(32).toString("base64url"),
    ...(options.receiptCodePepper ? { RECEIPT_CODE_PEPPER: options.receiptCodePepper } : {}),
    ...(options.nomineeKeySecret ? { NOMINEE_KEY_SECRET: options.nomineeKeySecret } : {}),
    ...(options.personIndexSecret ? { PERSON_INDEX_SECRET: options.personIndexSecret } : {}),
    ...(options.attemptLimiterSecret ? { ATTEMPT_LIMITER_SECRET: options.attemptLimiterSecret } : {}),
    ...(options.origin ? oidcEnvironment(options.origin) : {}),
  });
}

/** OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_JWKS_URI of the local provider at `origin`. */
export function oidcEnvironment(origin: string): Record<string, string> {
  const issuer = `${origin.replace(/\/$/, "")}${localOidcMountPath}`;
  return { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: localWebClientId, OIDC_JWKS_URI: `${issuer}/jwks` };
}
