/**
 * The OpenID redirect URI: exchanges the authorization code (with the PKCE verifier kept in
 * sessionStorage) for tokens, then returns the officer to the page they wanted — `replace`, so Back
 * does not land on a used code.
 */
import { finishSignIn } from "./auth.ts";

const status = document.querySelector<HTMLElement>("[data-callback-status]");
const error = document.querySelector<HTMLElement>("[data-callback-error]");

finishSignIn().then(
  (returnTo) => window.location.replace(returnTo),
  (failure: unknown) => {
    console.error("Sign-in could not finish:", (failure as Error).name);
    if (status) status.hidden = true;
    if (error) error.hidden = false;
    error?.querySelector<HTMLElement>("a")?.focus();
  },
);
