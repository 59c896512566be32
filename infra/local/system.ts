import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { LocalOfficerDirectory } from "../../functions/admin/local-officer-directory.ts";
import { AttemptLimiter } from "../../functions/lib/attempt-limiter.ts";
import type { Province } from "../../shared/province.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { configureFunctionEnvironment, oidcEnvironment } from "./environment.ts";
import { createLocalOidc, type LocalOidcOptions } from "./oidc/provider.ts";
import { startLocalServer } from "./server.ts";

/**
 * The site, the API and the OpenID provider on one local server, with the province's demo officers
 * seeded: what `npm start` runs (infra/local/start.ts) and what the browser tests start
 * (tests/support/local-system.ts). DynamoDB Local, its tables and the site build come before.
 */
export interface LocalSystemOptions {
  province: Province;
  /** DynamoDB Local, already running with the province's tables. */
  client: DynamoDBClient;
  dynamoEndpoint: string;
  /** The built site (web/dist); without it only /api/* (and /oidc) are served. */
  siteDir?: string;
  /** 0 picks a free port. */
  port: number;
  /** The provider's keys and sessions (`.data/oidc`). */
  oidcDir: string;
  /** Where invitations are written instead of e-mailed (`.data/outbox`). */
  outboxDir: string;
  attemptLimiterSecret: string;
  /** The receipt-code pepper (`.data/receipt-code-pepper`). */
  receiptCodePepper?: string;
  /** The nominees' duplicate-key secret (`.data/nominee-key-secret`). */
  nomineeKeySecret?: string;
  /** The person index's key (`.data/person-index-secret`). */
  personIndexSecret?: string;
  /** The field-encryption key file (`.data/keys/data-key.bin`). */
  localDataKeyFile?: string;
  logLevel?: string;
  oidc?: Pick<LocalOidcOptions, "idTokenTtlSeconds" | "progressiveDelay">;
}

/** The server with the site and the API only: the functions' environment, the officer directory and the attempt limiter. */
export async function startLocalApi(options: Omit<LocalSystemOptions, "oidc">) {
  const { province } = options;
  configureFunctionEnvironment({
    provinceSlug: province.slug,
    caseNumberPrefix: province.caseNumberPrefix,
    statisticsCutOffDay: province.statisticsCutOffDay,
    provinceName: province.name.vi,
    dynamoEndpoint: options.dynamoEndpoint,
    attemptLimiterSecret: options.attemptLimiterSecret,
    outboxDir: options.outboxDir,
    ...(options.receiptCodePepper ? { receiptCodePepper: options.receiptCodePepper } : {}),
    ...(options.nomineeKeySecret ? { nomineeKeySecret: options.nomineeKeySecret } : {}),
    ...(options.personIndexSecret ? { personIndexSecret: options.personIndexSecret } : {}),
    ...(options.localDataKeyFile ? { localDataKeyFile: options.localDataKeyFile } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  const server = await startLocalServer({ provinceSlug: province.slug, ...(options.siteDir ? { siteDir: options.siteDir } : {}), port: options.port });
  // The issuer is the server's own origin, known once it listens (port 0 in tests).
  Object.assign(process.env, oidcEnvironment(server.url));

  const documents = DynamoDBDocumentClient.from(options.client, { marshallOptions: { removeUndefinedValues: true } });
  const directory = new LocalOfficerDirectory({
    client: documents,
    tableName: physicalTableName(province.slug, "officers"),
    outboxDir: options.outboxDir,
    siteOrigin: server.url,
  });
  const limiter = new AttemptLimiter({ client: documents, tableName: physicalTableName(province.slug, "throttle"), secret: options.attemptLimiterSecret });
  return { server, documents, directory, limiter };
}

/** …and the OpenID provider under /oidc with the province's demo officers: what `npm start` serves. */
export async function startLocalSystem(options: LocalSystemOptions) {
  const api = await startLocalApi(options);
  const seeded = await api.directory.seedOfficers(options.province);
  const oidc = createLocalOidc({ origin: api.server.url, secretsDir: options.oidcDir, directory: api.directory, limiter: api.limiter, ...options.oidc });
  api.server.mountOidc(oidc);
  return { ...api, oidc, seeded };
}
