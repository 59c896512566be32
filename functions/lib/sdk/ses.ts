/**
 * What a function loads lazily from @aws-sdk/client-sesv2: it sends officers' e-mail (functions/reports/notifier.ts).
 * Imported with `await import()` through this module rather than the package itself: esbuild
 * cannot see which exports of a dynamically imported package are used and bundles all of them
 * (every command of the service); this module names the few that are.
 */
export { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
