import { documentClient } from "../lib/dynamo.ts";
import { requiredEnv } from "../lib/env.ts";
import { tracer } from "../lib/powertools.ts";
import type { OfficerDirectory } from "./officer-directory.ts";

/**
 * The officer directory a function uses: Cognito's user pool in AWS (`OFFICER_DIRECTORY=cognito`,
 * `USER_POOL_ID`), the local account store on a laptop (`local`, `TABLE_OFFICERS`). Each is
 * imported at the first request that needs it, so the other one's code is never evaluated; one
 * per container.
 */
let directoryPromise: Promise<OfficerDirectory> | undefined;

export function officerDirectoryFromEnv(): Promise<OfficerDirectory> {
  directoryPromise ??= (async (): Promise<OfficerDirectory> => {
    const kind = requiredEnv("OFFICER_DIRECTORY");
    if (kind === "cognito") {
      const [{ CognitoIdentityProviderClient }, { CognitoOfficerDirectory }] = await Promise.all([
        import("@aws-sdk/client-cognito-identity-provider"),
        import("./cognito-officer-directory.ts"),
      ]);
      return new CognitoOfficerDirectory(tracer.captureAWSv3Client(new CognitoIdentityProviderClient({})), requiredEnv("USER_POOL_ID"));
    }
    if (kind === "local") {
      const { localOfficerDirectoryFromEnv } = await import("./local-officer-directory.ts");
      return localOfficerDirectoryFromEnv(documentClient);
    }
    throw new Error(`OFFICER_DIRECTORY must be "cognito" or "local", not "${kind}"`);
  })();
  directoryPromise.catch(() => {
    directoryPromise = undefined;
  });
  return directoryPromise;
}
