/**
 * "Thoát nhanh" / "Quick exit". Without JavaScript the control is a plain link to a neutral page.
 * With it, a click or Shift × 3 blanks the page in the same task (before the next paint) and
 * replaces this visit in the history with the neutral page (`location.replace`): Back does not
 * return here, and nothing of the page stays on screen while the neutral page loads.
 *
 * And the site holds a SINGLE entry in the tab's history: a move within the site (a same-origin
 * link, a GET form) replaces the current entry instead of adding one (`inSiteDestination`). So
 * after any number of pages and a quick exit, Back leads to whatever was open before the site,
 * never to one of its pages. Without JavaScript nothing changes (plain links and forms).
 */
import { createShiftTracker, inSiteDestination } from "./quick-exit-core.ts";

const links = document.querySelectorAll<HTMLAnchorElement>("a[data-quick-exit]");
const target = links[0]?.href;
const status = document.querySelector<HTMLElement>("[data-quick-exit-status]");

/** Speaks through the status line; clears it after a while so a stale count is not read later. */
let clearTimer: ReturnType<typeof setTimeout> | undefined;
function say(message: string, clearAfterMs?: number): void {
  if (!status) return;
  status.textContent = message;
  clearTimeout(clearTimer);
  if (clearAfterMs !== undefined) clearTimer = setTimeout(() => (status.textContent = ""), clearAfterMs);
}

if (target) {
  let leaving = false;
  const leave = () => {
    if (leaving) return;
    leaving = true;
    // Everything but the status line goes at once: `hidden`, so it holds even if the stylesheet has not loaded.
    for (const element of Array.from(document.body.children)) {
      if (element !== status) (element as HTMLElement).hidden = true;
    }
    document.title = "";
    say(status?.dataset.leaving ?? "");
    window.location.replace(target);
  };
  for (const link of links) {
    // Every click leaves, with or without a modifier key: in a hurry, a Ctrl-click must not open a new tab instead.
    link.addEventListener("click", (event) => {
      event.preventDefault();
      leave();
    });
  }
  const presses = 3;
  const windowMs = 1000;
  const shift = createShiftTracker(presses, windowMs);
  document.addEventListener("keydown", (event) => shift.keyDown(event.key), true);
  document.addEventListener(
    "keyup",
    (event) => {
      if (shift.keyUp(event.key, event.timeStamp)) {
        leave();
        return;
      }
      const counted = shift.count();
      if (event.key === "Shift" && counted > 0) {
        say((status?.dataset.shiftMore ?? "").replace("{n}", String(presses - counted)), windowMs);
      }
    },
    true,
  );
  // A page restored from the back-forward cache after leaving (only possible without replace,
  // e.g. a browser that ignored it) must not show its content again.
  window.addEventListener("pageshow", (event) => {
    if (event.persisted && leaving) window.location.replace(target);
  });
}

/**
 * In-site navigation replaces the history entry. Runs after the page's own handlers (bubble phase
 * on the document): a click or submit they took over (`defaultPrevented`) is theirs. A click with
 * a modifier key or another button, a link to another origin, a new tab or a download behaves as
 * the browser decides.
 */
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.("a[href]");
  if (!(link instanceof HTMLAnchorElement) || link.hasAttribute("download") || (link.target !== "" && link.target !== "_self")) return;
  const destination = inSiteDestination(link.href, location.href);
  if (destination === undefined) return;
  event.preventDefault();
  window.location.replace(destination);
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
  const submitter = (event as SubmitEvent).submitter;
  const method = (submitter?.getAttribute("formmethod") ?? form.method).toLowerCase();
  const target = submitter?.getAttribute("formtarget") ?? form.target;
  // A POST cannot be replayed by location.replace: it stays a normal submission.
  if (method !== "get" || (target !== "" && target !== "_self")) return;
  const action = new URL(submitter?.getAttribute("formaction") ?? form.action, location.href);
  action.search = new URLSearchParams(new FormData(form, submitter) as unknown as [string, string][]).toString();
  const destination = inSiteDestination(action.href, location.href);
  if (destination === undefined) return;
  event.preventDefault();
  window.location.replace(destination);
});
