import { describe, expect, it } from "vitest";
import { createShiftTracker, inSiteDestination } from "../../web/src/scripts/quick-exit-core.ts";

/** Presses and releases Shift at each time (ms); returns what each release reported. */
function pressShift(tracker: ReturnType<typeof createShiftTracker>, times: number[]): boolean[] {
  return times.map((time) => {
    tracker.keyDown("Shift");
    return tracker.keyUp("Shift", time);
  });
}

describe("quick exit: Shift pressed three times", () => {
  it("triggers on the third release within a second", () => {
    expect(pressShift(createShiftTracker(), [0, 300, 600])).toEqual([false, false, true]);
  });

  it("triggers at exactly the window's edge but not after it", () => {
    expect(pressShift(createShiftTracker(), [0, 500, 1000])).toEqual([false, false, true]);
    expect(pressShift(createShiftTracker(), [0, 500, 1001])).toEqual([false, false, false]);
  });

  it("does not trigger on slow presses, but does once three fall within a second", () => {
    expect(pressShift(createShiftTracker(), [0, 900, 1800, 2000, 2100])).toEqual([false, false, false, false, true]);
  });

  it("starts again after it triggers", () => {
    expect(pressShift(createShiftTracker(), [0, 100, 200, 300, 400, 500])).toEqual([false, false, true, false, false, true]);
  });

  it("is reset by any other key, so typing capitals never triggers it", () => {
    const tracker = createShiftTracker();
    pressShift(tracker, [0, 100]);
    tracker.keyDown("A");
    expect(tracker.keyUp("A", 150)).toBe(false);
    expect(pressShift(tracker, [200])).toEqual([false]);
    expect(pressShift(tracker, [300, 400])).toEqual([false, true]);
  });

  it("counts a held Shift (auto-repeat keydowns) once", () => {
    const tracker = createShiftTracker();
    for (let i = 0; i < 10; i++) tracker.keyDown("Shift");
    expect(tracker.keyUp("Shift", 0)).toBe(false);
    expect(pressShift(tracker, [100])).toEqual([false]);
  });

  it("ignores other keys' releases", () => {
    const tracker = createShiftTracker();
    expect(tracker.keyUp("Control", 0)).toBe(false);
    expect(pressShift(tracker, [10, 20, 30])).toEqual([false, false, true]);
  });

  it("takes another count and window", () => {
    expect(pressShift(createShiftTracker(2, 300), [0, 250])).toEqual([false, true]);
    expect(pressShift(createShiftTracker(2, 300), [0, 350])).toEqual([false, false]);
  });
});

describe("quick exit: the count spoken to screen readers", () => {
  it("counts the Shift releases within the window, and starts again after the sequence or another key", () => {
    const tracker = createShiftTracker();
    expect(tracker.count()).toBe(0);
    pressShift(tracker, [0]);
    expect(tracker.count()).toBe(1);
    pressShift(tracker, [200]);
    expect(tracker.count()).toBe(2);
    tracker.keyDown("a");
    expect(tracker.count()).toBe(0);
    pressShift(tracker, [300, 400, 500]);
    expect(tracker.count()).toBe(0);
    pressShift(tracker, [600, 2000]);
    expect(tracker.count()).toBe(1);
  });
});

describe("in-site moves that replace the history entry", () => {
  const here = "https://pcblgd.example/tim-hieu/";
  it("are same-origin http(s) addresses, relative or absolute, with query and fragment", () => {
    expect(inSiteDestination("/duong-day-nong/", here)).toBe("https://pcblgd.example/duong-day-nong/");
    expect(inSiteDestination("https://pcblgd.example/tim-kiem/?q=a#top", here)).toBe("https://pcblgd.example/tim-kiem/?q=a#top");
    expect(inSiteDestination("#main", here)).toBe("https://pcblgd.example/tim-hieu/#main");
  });

  it("leave other sites, other schemes and the sign-in provider to the browser", () => {
    for (const href of ["https://weather.example/", "http://pcblgd.example/", "mailto:a@b.vn", "tel:111", "javascript:void(0)", "/oidc/auth", "http://[bad"]) {
      expect(inSiteDestination(href, here), href).toBeUndefined();
    }
  });
});
