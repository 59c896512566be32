/** What tests/infra/bundles.test.ts bundles with the deploy's esbuild options to test the cipher as it ships. */
export { FieldCipher, FieldDecryptionError, localKeyring } from "../../functions/lib/field-encryption.ts";
