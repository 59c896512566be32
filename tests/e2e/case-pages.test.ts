import { randomUUID } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { axeViolations, desktop, launchChromium, officerCall, openTab, patiently } from "../support/browser.ts";
import { openTestCase } from "../support/cases.ts";
import { type LocalSystem, signInAt, startLocalSystem } from "../support/local-system.ts";

/**
 * The officer pages of case work (issue 14) in a real browser, as the commune leader of xã 1:
 * assigning an officer of the commune from the case page; linking a second case of the same
 * perpetrator through the same-person search, with community criticism refused on one act in 12
 * months and allowed on two (and a leader's reasoned exception); finding a case by name.
 * Records are prepared through the API; what is tested is clicked. Every wait is for state.
 */
let system: LocalSystem;
let browser: Browser;
let page: Page;
let problems: string[];
const leader = "lanhdao.xa1@pcblgd.local";
const day = 86_400_000;
const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  system = await startLocalSystem();
  browser = await launchChromium();
  ({ page, problems } = await openTab(browser, desktop));
});
afterAll(async () => {
  await browser?.close();
  await system?.close();
});

function commune(): string {
  const jurisdiction = system.officers.find((candidate) => candidate.email === leader)?.jurisdiction;
  if (jurisdiction?.kind !== "communes" || !jurisdiction.communes[0]) throw new Error("the seeded leader has no commune");
  return jurisdiction.communes[0];
}

/** An API call from the signed-in page, with its own ID token (what the page's scripts do). */
const officerApi = (method: string, path: string, body?: unknown) => officerCall(page, method, path, body);

/**
 * A case of xã 1 (or `where`) opened `daysAgo` days back, with a perpetrator of this name and year
 * written by the officer signed in on `by`: its id, number and the party.
 */
async function caseWithPerpetrator(
  name: string,
  daysAgo: number,
  where = commune(),
  by: Page = page,
): Promise<{ caseId: string; caseNumber: string; partyId: string }> {
  const opened = await openTestCase(system.documents, { commune: where, at: new Date(Date.now() - daysAgo * day).toISOString() });
  const added = await officerCall(by, "POST", `/api/cases/${opened.caseId}/parties`, {
    expectedVersion: 1,
    role: "perpetrator",
    name,
    sex: "male",
    birthYear: 1980,
    ageBand: "18-59",
    relationship: "spouse",
    vulnerabilities: [],
  });
  expect(added.status, JSON.stringify(added.json)).toBe(201);
  return { ...opened, partyId: (added.json.parties as { partyId: string }[])[0]?.partyId as string };
}

async function openCase(caseId: string): Promise<void> {
  await page.goto(`${system.url}/can-bo/vu-viec/ho-so/?id=${caseId}`);
  await page.locator("[data-case-heading]").waitFor({ state: "visible", timeout: patiently.timeout });
}

/** Records a community-criticism session for the perpetrator from the case page's form. */
async function criticise(partyId: string, override?: string): Promise<void> {
  const form = page.locator("#session-form");
  await form.locator("#session-form-kind").selectOption("community-criticism");
  await form.locator("#session-form-heldOn").fill(today());
  await form.locator("#session-form-perpetratorId").selectOption(partyId);
  await form.locator("#session-form-override").fill(override ?? "");
  await form.getByRole("button", { name: "Lưu" }).click();
}

describe("case work pages", () => {
  it("a commune leader assigns an officer of the commune from the case page", async () => {
    const { caseId } = await openTestCase(system.documents, { commune: commune() });
    await signInAt(page, system, leader, `/can-bo/vu-viec/ho-so/?id=${caseId}`);
    await page.locator("[data-case-heading]").waitFor({ state: "visible", timeout: patiently.timeout });
    const form = page.locator("#assign-form");
    const colleague = form.getByLabel("Nguyễn Thị Hoa");
    await colleague.waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await colleague.isChecked()).toBe(false);
    await colleague.check();
    await form.getByRole("button", { name: "Lưu phân công" }).click();
    await page.locator('[data-v="assigned"]', { hasText: "Nguyễn Thị Hoa" }).waitFor({ timeout: patiently.timeout });
    await page.locator('[data-list="timeline"] [data-action="case.assigned"]').waitFor({ timeout: patiently.timeout });
    const view = await officerApi("GET", `/api/cases/${caseId}`);
    expect((view.json.assignedOfficers as { name: string }[]).map((officer) => officer.name)).toEqual(["Nguyễn Thị Hoa"]);
  });

  it("a second case of the same perpetrator is linked through the same-person search; community criticism needs 2 acts in 12 months", async () => {
    const name = `Trần Văn Đức ${randomUUID().slice(0, 6)}`;
    const earlier = await caseWithPerpetrator(name, 120);
    const now = await caseWithPerpetrator(name, 0);
    await openCase(now.caseId);

    // One act in 12 months: refused, the reason next to the perpetrator.
    await criticise(now.partyId);
    const error = page.locator("#session-form [data-error-for='perpetratorId']");
    await error.waitFor({ state: "visible", timeout: patiently.timeout });
    expect(await error.textContent()).toContain("Điều 32");

    // The same-person search finds the earlier case by its number; linking it is one click.
    const same = page.locator("[data-same-person]");
    await same.locator("select[name='partyId']").selectOption(now.partyId);
    await same.getByRole("button", { name: "Tìm vụ việc trước" }).click();
    const match = same.locator(`[data-match="${earlier.caseNumber}"]`);
    await match.waitFor({ timeout: patiently.timeout });
    expect(await same.locator("[data-same-matches] li").count()).toBe(1);
    await match.getByRole("button", { name: `Ghi nhận cùng người với vụ việc ${earlier.caseNumber}` }).click();
    await same.locator(`[data-same-as="${now.partyId}"]`, { hasText: earlier.caseNumber }).waitFor({ timeout: patiently.timeout });

    // Two acts in 12 months: the same session is recorded.
    await criticise(now.partyId);
    await page.locator('[data-list="sessions"] .case-item').first().waitFor({ timeout: patiently.timeout });
    expect(await page.locator("#session-form [data-error-for='perpetratorId']").isHidden()).toBe(true);
    await page.locator('[data-list="timeline"] [data-action="party.same-person"]').waitFor({ timeout: patiently.timeout });
  });

  it("the leader may decide community criticism on one act, with a reason", async () => {
    const once = await caseWithPerpetrator(`Hoàng Văn Một ${randomUUID().slice(0, 6)}`, 0);
    await openCase(once.caseId);
    await criticise(once.partyId, "Hành vi nghiêm trọng, gia đình và thôn đề nghị");
    await page.locator('[data-list="sessions"] .case-item').first().waitFor({ timeout: patiently.timeout });
    const view = await officerApi("GET", `/api/cases/${once.caseId}`);
    expect((view.json.timeline as { action: string; detail: { override?: boolean } }[]).at(-1)).toMatchObject({
      action: "session.recorded",
      detail: { override: true },
    });
  });

  it("finds a case by name from the case list: diacritics and case ignored", async () => {
    const name = `Nguyễn Thị Lụa ${randomUUID().slice(0, 6)}`;
    const { caseNumber } = await caseWithPerpetrator(name, 10);
    await page.goto(`${system.url}/can-bo/vu-viec/`);
    await page.getByRole("link", { name: "Tìm theo tên / Find by name" }).click();
    await page.waitForURL(/\/can-bo\/vu-viec\/tim-theo-ten\/$/);
    const form = page.locator("#case-find-form");
    await form.waitFor({ state: "visible", timeout: patiently.timeout });

    // Nothing typed: the error sits next to the name.
    await form.getByRole("button", { name: "Tìm" }).click();
    await form.locator("[data-error-for='name']").waitFor({ state: "visible", timeout: patiently.timeout });

    await form.getByLabel("Họ và tên").fill(name.normalize("NFD").replace(/\p{M}/gu, "").replace("Đ", "D").toLowerCase());
    await form.getByRole("button", { name: "Tìm" }).click();
    const result = page.locator("[data-find-results] a", { hasText: caseNumber });
    await result.waitFor({ timeout: patiently.timeout });
    // The name never reaches the address bar.
    expect(page.url()).not.toContain("lua");
    await result.click();
    await page.waitForURL(/\/can-bo\/vu-viec\/ho-so\/\?id=/);
    await page.locator("[data-v='caseNumber']", { hasText: caseNumber }).waitFor({ timeout: patiently.timeout });

    // A name nobody has: the empty state.
    await page.goto(`${system.url}/can-bo/vu-viec/tim-theo-ten/`);
    await page
      .locator("#case-find-form")
      .getByLabel("Họ và tên")
      .fill(`Không Ai ${randomUUID().slice(0, 6)}`);
    await page.locator("#case-find-form").getByRole("button", { name: "Tìm" }).click();
    await page.locator("[data-find-status]", { hasText: "Không có vụ việc nào" }).waitFor({ timeout: patiently.timeout });
    // The one refusal the test asked for (one act in 12 months) is the only problem on the way —
    // besides the case page asking for the threads of the fixture's reports, which were never filed
    // (tests/support/cases.ts opens cases without a report): 404, and the page leaves them out.
    const expected = (problem: string) => /\/api\/cases\/[^/]+\/sessions/.test(problem) || /404.*\/api\/reports\/[^/]+\/messages/.test(problem);
    expect(problems.filter((problem) => !expected(problem))).toEqual([]);
    expect(problems.filter((problem) => problem.startsWith("HTTP 400"))).toHaveLength(1);
  });
  it("finds a person's cases in every commune of an officer who holds two, each naming its commune", async () => {
    const name = `Đinh Văn Hai Xã ${randomUUID().slice(0, 6)}`;
    const second = system.officers.find((candidate) => candidate.email === "canbo.xa2@pcblgd.local")?.jurisdiction;
    if (second?.kind !== "communes" || !second.communes[0]) throw new Error("the seeded officer of xã 2 has no commune");
    const other = second.communes[0];
    // The leader of xã 1 writes the first case's party; the second case's is written by xã 2's officer.
    const here = await caseWithPerpetrator(name, 20);
    const email = `hai.xa.${randomUUID().slice(0, 8)}@pcblgd.test`;
    await system.directory.create({
      email,
      name: "Cán bộ hai xã",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: [commune(), other] },
      password: system.password,
    });
    const { page: two, problems: twoProblems, context } = await openTab(browser, desktop);
    try {
      await signInAt(two, system, email, "/can-bo/vu-viec/tim-theo-ten/");
      const there = await caseWithPerpetrator(name, 5, other, two);

      const form = two.locator("#case-find-form");
      await form.waitFor({ state: "visible", timeout: patiently.timeout });
      // Both communes at once is offered first, and chosen.
      const select = form.getByLabel("Xã", { exact: true });
      expect(await select.locator("option:checked").textContent()).toBe("Mọi xã, phường của tôi (2)");
      await form.getByLabel("Họ và tên").fill(name);
      await form.getByRole("button", { name: "Tìm" }).click();
      await two.locator("[data-find-status]", { hasText: "2 vụ việc" }).waitFor({ timeout: patiently.timeout });
      // Newest first, each with its commune.
      const items = two.locator("[data-find-results] li");
      expect(await items.locator("a").allTextContents()).toEqual([`Vụ việc ${there.caseNumber}`, `Vụ việc ${here.caseNumber}`]);
      const communeNames = await items.locator('[data-f="commune"]').allTextContents();
      expect(communeNames.every((text) => text.length > 0)).toBe(true);
      expect(new Set(communeNames).size).toBe(2);
      expect(await axeViolations(two)).toEqual([]);
      // One commune only: its case alone.
      await select.selectOption(other);
      await form.getByRole("button", { name: "Tìm" }).click();
      await two.locator("[data-find-status]", { hasText: "1 vụ việc" }).waitFor({ timeout: patiently.timeout });
      expect(await items.locator("a").allTextContents()).toEqual([`Vụ việc ${there.caseNumber}`]);
      expect(twoProblems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
