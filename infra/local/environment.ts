import { localCredentials, localRegion } from "./dynamodb.ts";
import { tableEnvironment } from "./tables.ts";

/**
 * The environment a deployed function gets from the ApiFunction construct, set for the local
 * process before any handler module is imported. The AWS SDK reads AWS_ENDPOINT_URL_DYNAMODB
 * itself, so the functions' code path is exactly the one that runs in AWS.
 */
export function configureFunctionEnvironment(options: { provinceSlug: string; dynamoEndpoint: string; logLevel?: string }): void {
  Object.assign(process.env, {
    ...tableEnvironment(options.provinceSlug),
    AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
    AWS_REGION: localRegion,
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    POWERTOOLS_SERVICE_NAME: `pcblgd-${options.provinceSlug}-local`,
    POWERTOOLS_METRICS_NAMESPACE: `pcblgd-${options.provinceSlug}`,
    // Metrics would print an EMF blob per request to the terminal; X-Ray has no daemon here.
    POWERTOOLS_METRICS_DISABLED: "true",
    POWERTOOLS_TRACE_ENABLED: "false",
    POWERTOOLS_LOG_LEVEL: options.logLevel ?? "INFO",
  });
}
