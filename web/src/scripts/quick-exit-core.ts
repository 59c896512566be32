/**
 * The keyboard half of "Thoát nhanh" (quick exit), as a pure function so it can be tested without
 * a browser: Shift pressed and released three times within about a second, with no other key in
 * between, means "leave now" (after GOV.UK's "Exit this page"). Counting releases rather than
 * presses ignores a held Shift's auto-repeat; any other key resets the count, so typing capitals
 * never triggers it.
 */
export interface ShiftTracker {
  /** Call on every keydown; any key but Shift starts the count again. */
  keyDown(key: string): void;
  /** Call on every keyup with a monotonic time in ms; true when this release completes the sequence. */
  keyUp(key: string, timeMs: number): boolean;
  /** Shift releases counted so far within the window (0 right after the sequence completes or resets). */
  count(): number;
}

export function createShiftTracker(presses = 3, windowMs = 1000): ShiftTracker {
  let times: number[] = [];
  return {
    keyDown(key) {
      if (key !== "Shift") times = [];
    },
    keyUp(key, timeMs) {
      if (key !== "Shift") return false;
      times = [...times, timeMs].filter((time) => timeMs - time <= windowMs);
      if (times.length < presses) return false;
      times = [];
      return true;
    },
    count() {
      return times.length;
    },
  };
}

/**
 * Where an in-site move goes, when it should replace the current history entry: a same-origin
 * http(s) address (not the local OpenID provider's pages, which keep their own flow); undefined for
 * anything else (another site, mailto:, tel:, javascript:), which the browser handles as usual.
 */
export function inSiteDestination(href: string, current: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, current);
  } catch {
    return undefined;
  }
  const here = new URL(current);
  if (url.origin !== here.origin || (url.protocol !== "https:" && url.protocol !== "http:")) return undefined;
  if (url.pathname === "/oidc" || url.pathname.startsWith("/oidc/")) return undefined;
  return url.href;
}
