/**
 * Where an officer goes after signing in. The address travels in the sign-in page's `?quay-lai=`
 * and in the OpenID `state`, both of which a stranger can forge, so only a path inside the officer
 * area of this site is ever followed: never another host (`//evil.example`, `https:`), never a
 * sign-in page (a loop), never anything odd.
 */

export const officerHome = "/can-bo/";
export const signInPath = "/dang-nhap/";
export const returnParam = "quay-lai";
export const reasonParam = "ly-do";
/** `?ly-do=het-han`: the session ran out (or the API refused the token). */
export const expiredReason = "het-han";

export function safeReturnPath(value: string | null | undefined, fallback = officerHome): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 512) return fallback;
  // Letters, digits and the punctuation a path, query and fragment need; no backslash, no control characters.
  if (!/^\/[A-Za-z0-9\-._~/?#=&%+]*$/.test(value)) return fallback;
  if (value.startsWith("//")) return fallback;
  // Percent-encoded control characters, dots and slashes: a browser decodes `%2e%2e` into `..`.
  if (/%(?:[01][0-9a-f]|7f|2e|2f|5c)/i.test(value)) return fallback;
  const path = value.replace(/[?#].*$/, "");
  if (!(path === "/can-bo/" || path.startsWith("/can-bo/"))) return fallback;
  if (path.split("/").some((segment) => segment === ".." || segment === ".")) return fallback;
  return value;
}

/** The sign-in page that brings the officer back to `returnTo` (a path with its query). */
export function signInUrl(returnTo: string, expired = false): string {
  const params = new URLSearchParams({ [returnParam]: safeReturnPath(returnTo) });
  if (expired) params.set(reasonParam, expiredReason);
  return `${signInPath}?${params.toString()}`;
}
