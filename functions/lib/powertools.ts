import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * One logger and metrics per function, built once at module scope. Service name, log level and
 * metrics namespace come from the POWERTOOLS_* variables that the ApiFunction construct (and the
 * local runtime) set. Events are never logged: request bodies may carry personal data. Tracing
 * lives in its own module (`#tracing`: ./tracing.ts), which a bundle may leave out.
 */
export const logger = new Logger();
export const metrics = new Metrics();
