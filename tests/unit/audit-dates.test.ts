import { describe, expect, it } from "vitest";
import { withConnectSources } from "../../infra/cloudfront/security-headers-policy.ts";
import { contentSecurityPolicy, siteSecurityHeaders } from "../../shared/security-headers.ts";
import { addDays, isCalendarDay, startOfVietnamDay, vietnamDay } from "../../shared/vietnam-time.ts";

/** Audit partitions are Vietnamese calendar days (UTC+7, no daylight saving). */
describe("Vietnam days", () => {
  it.each([
    ["2026-01-01T16:59:59.999Z", "2026-01-01"],
    ["2026-01-01T17:00:00.000Z", "2026-01-02"],
    ["2025-12-31T23:00:00.000Z", "2026-01-01"],
    ["2024-02-28T18:00:00.000Z", "2024-02-29"],
  ])("%s is %s in Vietnam", (instant, day) => {
    expect(vietnamDay(instant)).toBe(day);
  });

  it("starts a day at 17:00 UTC the day before", () => {
    expect(startOfVietnamDay("2026-01-02")).toBe("2026-01-01T17:00:00.000Z");
    expect(vietnamDay(startOfVietnamDay("2026-03-01"))).toBe("2026-03-01");
  });

  it("adds calendar days across months, years and leap days", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(addDays("2025-03-01", -30)).toBe("2025-01-30");
  });

  it.each([
    ["2026-02-28", true],
    ["2024-02-29", true],
    ["2026-02-29", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["26-01-01", false],
  ])("%s is a calendar day: %s", (value, valid) => {
    expect(isCalendarDay(value)).toBe(valid);
  });
});

describe("withConnectSources (the site's CSP in AWS)", () => {
  it("adds the identity provider's origins to connect-src only", () => {
    const headers = withConnectSources(siteSecurityHeaders, [
      "https://cognito-idp.ap-southeast-1.amazonaws.com",
      "https://x.auth.ap-southeast-1.amazoncognito.com",
    ]);
    expect(headers["content-security-policy"]).toBe(
      contentSecurityPolicy.replace(
        "connect-src 'self'",
        "connect-src 'self' https://cognito-idp.ap-southeast-1.amazonaws.com https://x.auth.ap-southeast-1.amazoncognito.com",
      ),
    );
    expect(withConnectSources(siteSecurityHeaders, [])).toBe(siteSecurityHeaders);
  });

  it.each(["http://insecure.example", "https://x.example/path", "*", "https://a.example; script-src *"])("refuses %s", (source) => {
    expect(() => withConnectSources(siteSecurityHeaders, [source])).toThrow();
  });
});
