/**
 * The signed-out page: whatever the way here (the provider's redirect, a bookmark), this tab keeps
 * no token, sign-in state or draft. Deliberately without oidc-client-ts: nothing to load.
 */
import { clearOfficerStorage } from "./drafts.ts";

clearOfficerStorage(window.sessionStorage);
