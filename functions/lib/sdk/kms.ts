/**
 * What a function loads lazily from @aws-sdk/client-kms: it derives HMAC secrets (functions/lib/derived-secrets.ts).
 * Imported with `await import()` through this module rather than the package itself: esbuild
 * cannot see which exports of a dynamically imported package are used and bundles all of them
 * (every command of the service); this module names the few that are.
 */
export { GenerateMacCommand, KMSClient } from "@aws-sdk/client-kms";
