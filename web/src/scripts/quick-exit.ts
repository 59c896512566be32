/**
 * "Thoát nhanh" / "Quick exit". Without JavaScript the control is a plain link to a neutral page.
 * With it, a click or Shift × 3 blanks the page in the same task (before the next paint) and
 * replaces this visit in the history with the neutral page (`location.replace`): Back does not
 * return here, and nothing of the page stays on screen while the neutral page loads.
 */
import { createShiftTracker } from "./quick-exit-core.ts";

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
