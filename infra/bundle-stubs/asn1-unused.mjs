/**
 * Stands in for `asn1.js` in the Lambda bundles (infra/bundling.ts `alias`). The AWS Encryption SDK
 * uses asn1.js only for ECDSA signatures (DER signatures, PEM keys), at module load to declare its
 * schemas; FieldCipher's algorithm suite has no signature (functions/lib/field-encryption.ts), so
 * those schemas are never used — and they cost ~70 KB of every encrypting function's cold start.
 * A schema declared here works only in that sense: any use refuses, so a message of a signing
 * suite fails to decrypt (FieldCipher refuses every suite but its own anyway).
 */
const refuse = () => {
  throw new Error("ECDSA-signed messages are not used by PCBLGĐ (asn1.js is left out of the bundle)");
};

export function define(name) {
  return { name, encode: refuse, decode: refuse };
}

export default { define };
