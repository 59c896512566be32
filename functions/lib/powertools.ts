import { Logger } from "@aws-lambda-powertools/logger";

/**
 * One logger per function, built once at module scope. Service name and log level come from the
 * POWERTOOLS_* variables that the ApiFunction construct (and the local runtime) set. Counts the
 * province watches are log lines (./log-messages.ts), not in-code metrics. Events are never logged: request bodies may carry personal data. Tracing
 * lives in its own module (`#tracing`: ./tracing.ts), which a bundle may leave out.
 */
export const logger = new Logger();
