/**
 * The domain kit: what every function's domain is written with. See docs/architecture.md
 * ("Adding a domain") for the steps.
 */
export * from "./config.ts";
export * from "./cursor.ts";
export * from "./errors.ts";
export * as kitSchemas from "./schemas.ts";
