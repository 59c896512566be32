/**
 * What a function loads lazily from the S3 client and its presigner: evidence uploads
 * (functions/commendations/attachments.ts). Imported with `await import()` through this module
 * rather than the packages themselves: esbuild cannot see which exports of a dynamically imported
 * package are used and bundles all of them (every S3 command); this module names the few that are.
 */
export { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
export { getSignedUrl } from "@aws-sdk/s3-request-presigner";
