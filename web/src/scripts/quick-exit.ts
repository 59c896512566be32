/**
 * "Thoát nhanh" / "Quick exit". Without JavaScript the control is a plain link to a neutral page.
 * With it, a click or Shift × 3 hides the page at once and replaces this visit in the history
 * (`location.replace`), so Back does not return here.
 */
import { createShiftTracker } from "./quick-exit-core.ts";

const links = document.querySelectorAll<HTMLAnchorElement>("a[data-quick-exit]");
const target = links[0]?.href;

if (target) {
  let leaving = false;
  const leave = () => {
    if (leaving) return;
    leaving = true;
    document.body.hidden = true;
    document.title = "…";
    window.location.replace(target);
  };
  for (const link of links) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      leave();
    });
  }
  const shift = createShiftTracker();
  document.addEventListener("keydown", (event) => shift.keyDown(event.key), true);
  document.addEventListener(
    "keyup",
    (event) => {
      if (shift.keyUp(event.key, event.timeStamp)) leave();
    },
    true,
  );
}
