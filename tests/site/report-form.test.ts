/// <reference lib="dom" />
/**
 * The report pages as built, read by a browser without JavaScript (what a plain form post sends):
 * the report form posts exactly the contract's field names (shared/reports.ts), with the limits of
 * `reportLimits`, autocomplete off on sensitive fields, the honeypot out of sight and out of the
 * accessibility tree, every act a–q in its group, every commune, and 113/111 before any question;
 * the follow-up page's two forms post what the API reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reportFormFieldNames, reportLimits } from "../../shared/reports.ts";
import { actGroupLabels, violenceActCodes } from "../../shared/violence-acts.ts";
import { routes } from "../../web/src/i18n.ts";
import { openSite, openTab, type SiteUnderTest } from "./support.ts";

let site: SiteUnderTest;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

interface Control {
  name: string;
  type: string;
  value: string;
  maxLength: number;
  autocomplete: string;
  tabIndex: number;
  required: boolean;
  hiddenFromAssistiveTech: boolean;
}

async function formOn(path: string, selector: string) {
  const { context, page } = await openTab(site, { javaScriptEnabled: false });
  try {
    await page.goto(`${site.url}${path}`);
    return await page.evaluate((selector) => {
      const form = document.querySelector<HTMLFormElement>(selector);
      if (!form) throw new Error(`no ${selector}`);
      const controls = Array.from(form.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>("input, select, textarea"));
      const all = Array.from(document.querySelectorAll("*"));
      return {
        method: form.getAttribute("method"),
        action: form.getAttribute("action"),
        autocomplete: form.getAttribute("autocomplete"),
        controls: controls.map((control) => ({
          name: control.name,
          type: control.type,
          value: control.value,
          maxLength: "maxLength" in control ? control.maxLength : -1,
          autocomplete: control.getAttribute("autocomplete") ?? "",
          tabIndex: control.tabIndex,
          required: control.required,
          hiddenFromAssistiveTech: control.closest('[aria-hidden="true"]') !== null,
        })),
        legends: Array.from(form.querySelectorAll("legend"), (legend) => legend.textContent?.trim() ?? ""),
        /** Where the first tel:113 link and the form stand in document order. */
        callBeforeForm: all.indexOf(document.querySelector('a[href="tel:113"]') as Element) < all.indexOf(form),
        hotlinesLinkBeforeForm:
          all.indexOf(document.querySelector('main a[href$="/duong-day-nong/"], main a[href$="/en/hotlines/"]') as Element) < all.indexOf(form),
      };
    }, selector);
  } finally {
    await context.close();
  }
}

const named = (controls: Control[]) => controls.filter((control) => control.name !== "");

describe("the report form without JavaScript", () => {
  for (const locale of ["vi", "en"] as const) {
    it(`posts the contract's fields to /api/reports (${locale})`, async () => {
      const form = await formOn(routes.report[locale], "#report-form");
      expect(form).toMatchObject({ method: "post", action: "/api/reports", autocomplete: "off", callBeforeForm: true, hotlinesLinkBeforeForm: true });
      expect([...new Set(named(form.controls).map((control) => control.name))].sort()).toEqual(
        reportFormFieldNames.filter((name) => name !== "idempotencyKey").sort(),
      );
      const byName = (name: string) => named(form.controls).filter((control) => control.name === name);
      expect(
        byName("acts")
          .map((control) => control.value)
          .sort(),
      ).toEqual([...violenceActCodes].sort());
      for (const group of Object.values(actGroupLabels)) expect(form.legends).toContain(group[locale]);
      expect(byName("danger").map((control) => control.value)).toEqual(["yes", "no", "unknown"]);
      expect(byName("danger").every((control) => control.required)).toBe(true);
      expect(byName("commune")[0]?.required).toBe(true);
      expect(byName("narrative")[0]?.required).toBe(true);
      expect(byName("reporter.anonymous").map((control) => control.value)).toEqual(["yes", "no"]);
      expect(byName("safeContact.mayCall").map((control) => control.value)).toEqual(["yes", "no"]);
      expect(byName("victim.child")[0]?.value).toBe("yes");
      expect(byName("consentToContact")[0]?.value).toBe("yes");
      // Limits, as the API enforces them.
      expect(byName("narrative")[0]?.maxLength).toBe(reportLimits.narrative);
      expect(byName("location")[0]?.maxLength).toBe(reportLimits.location);
      expect(byName("reporter.name")[0]?.maxLength).toBe(reportLimits.name);
      expect(byName("reporter.phone")[0]?.maxLength).toBe(reportLimits.phone);
      expect(byName("safeContact.when")[0]?.maxLength).toBe(reportLimits.when);
      expect(byName("safeContact.neverCall")[0]?.maxLength).toBe(reportLimits.phone);
      // Nothing the browser would remember or offer again.
      for (const name of ["narrative", "location", "reporter.name", "reporter.phone", "safeContact.when", "safeContact.neverCall", "commune", "occurredOn"]) {
        expect(byName(name)[0]?.autocomplete, name).toBe("off");
      }
      // The honeypot: out of sight, out of the accessibility tree, never tabbed to, never filled in by the browser.
      expect(byName("website")).toEqual([
        expect.objectContaining({ type: "text", value: "", tabIndex: -1, autocomplete: "off", hiddenFromAssistiveTech: true }),
      ]);
      expect(
        named(form.controls)
          .filter((control) => control.hiddenFromAssistiveTech)
          .map((control) => control.name),
      ).toEqual(["website"]);
      // No idempotency key in the page: a static page cannot make one per visit; the server keys a form post by its content.
      expect(byName("idempotencyKey")).toEqual([]);
    });
  }

  it("lists every commune of the province", async () => {
    const { context, page } = await openTab(site, { javaScriptEnabled: false });
    try {
      await page.goto(`${site.url}${routes.report.vi}`);
      const values = await page.locator("#report-commune option").evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
      expect(values[0]).toBe("");
      expect(values.length).toBe(130);
      expect(values).toContain("13285");
      // The search box over the list needs JavaScript: without it, it is not there.
      expect(await page.getByLabel("Tìm xã, phường").isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  });
});

describe("the follow-up page without JavaScript", () => {
  for (const locale of ["vi", "en"] as const) {
    it(`posts the receipt code for the status, and the code and text for an addition (${locale})`, async () => {
      const status = await formOn(routes.reportFollowUp[locale], "#status-form");
      expect(status).toMatchObject({ method: "post", action: "/api/receipts/status", callBeforeForm: true });
      expect(named(status.controls).map((control) => [control.name, control.autocomplete])).toEqual([["receiptCode", "off"]]);
      const addition = await formOn(routes.reportFollowUp[locale], "#addition-form");
      expect(addition).toMatchObject({ method: "post", action: "/api/receipts/additions" });
      expect(named(addition.controls).map((control) => control.name)).toEqual(["receiptCode", "text"]);
      expect(named(addition.controls).find((control) => control.name === "text")?.maxLength).toBe(reportLimits.addition);
    });
  }
});
