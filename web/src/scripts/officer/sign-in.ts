/**
 * The sign-in page: "Đăng nhập" goes to the provider's sign-in page (Authorization Code + PKCE),
 * remembering the officer page to come back to (`?quay-lai=`, checked by safeReturnPath).
 */
import { startSignIn } from "./auth.ts";
import { expiredReason, reasonParam, returnParam, safeReturnPath } from "./return-to.ts";

const params = new URLSearchParams(window.location.search);
const returnTo = safeReturnPath(params.get(returnParam));
const button = document.querySelector<HTMLButtonElement>("[data-sign-in]");
const error = document.querySelector<HTMLElement>("[data-sign-in-error]");
const expired = document.querySelector<HTMLElement>("[data-expired]");

if (expired && params.get(reasonParam) === expiredReason) expired.hidden = false;

button?.addEventListener("click", () => {
  button.disabled = true;
  if (error) error.hidden = true;
  startSignIn(returnTo).catch((failure: unknown) => {
    console.error("Sign-in could not start:", (failure as Error).name);
    button.disabled = false;
    if (error) error.hidden = false;
  });
});
