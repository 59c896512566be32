import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";

/**
 * One logger and metrics per function, built once at module scope. Service name, log level and
 * metrics namespace come from the POWERTOOLS_* variables that the ApiFunction construct (and the
 * local runtime) set. Events are never logged: request bodies may carry personal data. The X-Ray
 * tracer is loaded only when tracing is on (tracing.ts).
 */
export const logger = new Logger();
export const metrics = new Metrics();
