import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vietnamDay } from "../../shared/vietnam-time.ts";
import { fetchFrom, loopbackAddress } from "../support/from-address.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";
import { rawDump, uniqueMarker } from "../support/raw-table.ts";
import { reportBody } from "../support/report-fixtures.ts";

/**
 * The reports API through the local server and the real handler, on DynamoDB Local: public
 * reports (JSON and plain form posts), receipts, idempotency, abuse limits, officer intake, the
 * commune inbox and triage. Other test files share the tables, so counts are compared as deltas
 * and each test uses communes or markers of its own.
 */
let system: OfficerApi;
let communeA: string;
let communeB: string;
let quietCommune: string;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  const codes = system.province.communes.map((commune) => commune.code).sort();
  communeA = system.commune1;
  communeB = system.commune2;
  // Communes no other test file reports to, for exact counts and ordering.
  quietCommune = codes[codes.length - 1] as string;
});
afterAll(async () => {
  await system?.close();
});

const officerOf = (commune: string) => system.tokenFor(["commune-officer"], [commune]).token;

const report = reportBody;

/**
 * A distinct client per call, so the per-address submission limit of one test does not spill into
 * another: the local server takes the address from the socket (as CloudFront does), so the test
 * connects from a loopback address of its own.
 */
const address = loopbackAddress;

async function submit(body: unknown, headers: Record<string, string> = {}, from = address()) {
  return system.call("POST", "/api/reports", { body, headers: { "idempotency-key": randomUUID(), ...headers }, from });
}

async function postForm(path: string, fields: [string, string][], headers: Record<string, string> = {}) {
  const response = await fetchFrom(address(), `${system.api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

async function counts(commune: string) {
  const result = await system.call("GET", `/api/communes/${commune}/reports?limit=1`, { token: officerOf(commune) });
  expect(result.status).toBe(200);
  return result.json.counts as { total: number; byStatus: Record<string, number>; urgentNew: number };
}

async function inboxIds(commune: string, query = "") {
  const result = await system.call("GET", `/api/communes/${commune}/reports?limit=100${query}`, { token: officerOf(commune) });
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  return (result.json.items as { id: string }[]).map((item) => item.id);
}

/** The newest report of a commune that carries `marker` in its narrative (read as its officer). */
async function findReport(commune: string, marker: string) {
  const token = officerOf(commune);
  for (const id of await inboxIds(commune)) {
    const detail = await system.call("GET", `/api/reports/${id}`, { token });
    if (String(detail.json.narrative).includes(marker)) return detail.json;
  }
  return undefined;
}

describe("a public report (JSON)", () => {
  it("is stored, answers a 16-digit receipt once, and the receipt shows the status only", async () => {
    const body = report(communeA);
    const submitted = await submit(body);
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(201);
    expect(submitted.json.receiptCode).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
    expect(submitted.json).toEqual({ receiptCode: submitted.json.receiptCode, status: "received", urgent: false });
    expect(submitted.headers.get("cache-control")).toBe("no-store");

    const status = await system.call("POST", "/api/receipts/status", { body: { receiptCode: submitted.json.receiptCode } });
    expect(status.status).toBe(200);
    expect(Object.keys(status.json).sort()).toEqual(["additions", "receivedOn", "status", "thread"]);
    expect(status.json.thread).toEqual({ entries: [], canReply: false });
    expect(status.json.status).toBe("received");
    expect(JSON.stringify(status.json)).not.toContain("Lan");

    // Typed with dashes and without spaces, as people do.
    const added = await system.call("POST", "/api/receipts/additions", {
      body: { receiptCode: submitted.json.receiptCode.replaceAll(" ", "-"), text: "Hôm nay anh ấy lại đe doạ." },
    });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json.additions).toBe(1);

    const detail = await findReport(communeA, body.narrative);
    expect(detail).toBeDefined();
    expect(detail.channel).toBe("online");
    expect(detail.reporter).toEqual({ anonymous: false, name: "Nguyễn Thị Lan", phone: "0912 345 678", relationship: "self" });
    expect(detail.safeContact).toEqual({ mayCall: true, channel: "call", when: "Sau 9 giờ sáng", neverCall: "0987 654 321" });
    expect(detail.additionsText.map((addition: { text: string }) => addition.text)).toEqual(["Hôm nay anh ấy lại đe doạ."]);
    expect(detail.identityVisible).toBe(true);
  });

  it("is urgent when someone is in danger now or the victim is a child", async () => {
    const danger = await submit(report(communeA, { danger: "yes" }));
    expect(danger.json.urgent).toBe(true);
    const child = await submit(report(communeA, { victim: { child: true } }));
    expect(child.json.urgent).toBe(true);
  });

  it("answers an unknown or mistyped receipt code with 404, never another report's status", async () => {
    const unknown = await system.call("POST", "/api/receipts/status", {
      body: { receiptCode: "0000 0000 0000 0000" },
      from: address(),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.json.type).toBe("urn:pcblgd:problem:unknown-receipt");
    const malformed = await system.call("POST", "/api/receipts/status", { body: { receiptCode: "abc" }, from: address() });
    expect(malformed.status).toBe(404);
  });

  it("locks an address out after repeated wrong codes (429 with Retry-After), whatever X-Forwarded-For it then writes", async () => {
    const from = address();
    const guess = (attempt: number, headers: Record<string, string> = {}) =>
      system.call("POST", "/api/receipts/status", { body: { receiptCode: `1111 2222 3333 ${String(4000 + attempt)}` }, headers, from });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) statuses.push((await guess(attempt)).status);
    expect(statuses.slice(0, 4)).toEqual([404, 404, 404, 404]);
    expect(statuses[5]).toBe(429);
    // A made-up forwarding header (or viewer address) is no new client: still locked out.
    const forgeries: Record<string, string>[] = [
      { "x-forwarded-for": "198.51.100.77" },
      { "x-forwarded-for": "10.0.0.1, 198.51.100.78" },
      { "cloudfront-viewer-address": "198.51.100.79:443" },
    ];
    for (const forged of forgeries) {
      const again = await guess(10, forged);
      expect(again.status).toBe(429);
      expect(again.headers.get("retry-after")).toBeTruthy();
    }
  }, 60_000);

  it("refuses bad input with problem+json naming each field, and writes nothing", async () => {
    const before = await counts(quietCommune);
    const bad = await submit({ ...report(quietCommune), acts: ["z"], danger: "maybe", extra: 1, reporter: { anonymous: false, name: "", phone: "call me" } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const fields = (bad.json.errors as { field: string; message: string; message_en: string }[]).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(["body.acts.0", "body.danger", "body.extra", "body.reporter.name", "body.reporter.phone"]));
    for (const error of bad.json.errors) expect(error.message_en).toBeTruthy();
    const unknownCommune = await submit(report("99999"));
    expect(unknownCommune.status).toBe(400);
    expect(unknownCommune.json.errors[0].field).toBe("body.commune");
    const bidi = await submit(report(quietCommune, { narrative: "text \u202Egnp.exe" }));
    expect(bidi.status).toBe(400);
    expect(bidi.json.errors[0].field).toBe("body.narrative");
    const future = await submit(report(quietCommune, { occurredOn: "2999-01-01" }));
    expect(future.status).toBe(400);
    expect(await counts(quietCommune)).toEqual(before);
  });

  it("refuses a body over the size limit with 413 before reading it", async () => {
    const huge = await submit({ ...report(quietCommune), narrative: "x".repeat(40_000) });
    expect(huge.status).toBe(413);
    expect(huge.json.type).toBe("urn:pcblgd:problem:payload-too-large");
  });

  it("refuses a filled honeypot and writes nothing", async () => {
    const before = await counts(quietCommune);
    const robot = await submit({ ...report(quietCommune), website: "http://spam.example" });
    expect(robot.status).toBe(400);
    expect(robot.json.errors[0].field).toBe("body.website");
    expect(await counts(quietCommune)).toEqual(before);
  });

  it("creates ONE report for a retried submission with the same Idempotency-Key, and answers the same receipt", async () => {
    const before = await counts(quietCommune);
    const key = randomUUID();
    const body = report(quietCommune);
    const [first, second] = await Promise.all([submit(body, { "idempotency-key": key }), submit(body, { "idempotency-key": key })]);
    const statuses = [first.status, second.status].sort();
    // Both at once: one files it, the other is told it is in progress (409) or gets the same receipt.
    expect(statuses[0]).toBe(201);
    const retry = await submit(body, { "idempotency-key": key });
    expect(retry.status).toBe(201);
    expect(retry.json.receiptCode).toBe(first.status === 201 ? first.json.receiptCode : second.json.receiptCode);
    const after = await counts(quietCommune);
    expect(after.total - before.total).toBe(1);

    const reused = await submit(report(quietCommune), { "idempotency-key": key });
    expect(reused.status).toBe(422);
    expect(reused.json.type).toBe("urn:pcblgd:problem:idempotency-key-reused");
    expect((await counts(quietCommune)).total - before.total).toBe(1);
  });

  it("limits submissions per client address, without refusing another address", async () => {
    const busy = address();
    let last = 0;
    for (let n = 0; n < 31; n++) last = (await submit(report(communeB, { acts: [] }), {}, busy)).status;
    expect(last).toBe(429);
    // Past the limit, a new X-Forwarded-For (or viewer address) written by the client changes nothing.
    expect((await submit(report(communeB), { "x-forwarded-for": "192.0.2.201" }, busy)).status).toBe(429);
    expect((await submit(report(communeB), { "cloudfront-viewer-address": "192.0.2.202:443" }, busy)).status).toBe(429);
    const other = await submit(report(communeB), {}, address());
    expect(other.status).toBe(201);
  }, 120_000);
});

describe("a public report without JavaScript (plain form post)", () => {
  const marker = () => `Hàng xóm đánh vợ ${randomUUID()}`;
  const fields = (commune: string, narrative: string): [string, string][] => [
    ["commune", commune],
    ["narrative", narrative],
    ["acts", "a"],
    ["acts", "n"],
    ["danger", "yes"],
    ["victim.sex", "female"],
    ["victim.ageBand", ""],
    ["reporter.anonymous", "yes"],
    ["reporter.name", ""],
    ["reporter.phone", ""],
    ["safeContact.when", ""],
    ["consentToContact", "yes"],
    ["website", ""],
  ];

  it("answers an HTML receipt page with the code, and a re-posted form files one report", async () => {
    const narrative = marker();
    const before = await counts(quietCommune);
    const page = await postForm("/api/reports", fields(quietCommune, narrative));
    expect(page.status).toBe(201);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    // The page's own policy (its stylesheet, forms to this origin), not the JSON answers' sandbox.
    expect(page.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect(page.headers.get("content-security-policy")).not.toContain("sandbox");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    const code = /(\d{4} \d{4} \d{4} \d{4})/.exec(page.text)?.[1];
    expect(code).toBeDefined();
    expect(page.text).toContain("113");
    expect(page.text).not.toContain(narrative);
    expect(page.text).not.toMatch(/<script/i);

    const again = await postForm("/api/reports", fields(quietCommune, narrative));
    expect(again.status).toBe(201);
    expect(/(\d{4} \d{4} \d{4} \d{4})/.exec(again.text)?.[1]).toBe(code);
    expect((await counts(quietCommune)).total - before.total).toBe(1);

    const status = await postForm("/api/receipts/status", [["receiptCode", String(code)]]);
    expect(status.status).toBe(200);
    expect(status.text).toContain("Đã tiếp nhận");
    const added = await postForm("/api/receipts/additions", [
      ["receiptCode", String(code)],
      ["text", "Thêm: có trẻ nhỏ trong nhà"],
    ]);
    expect(added.status).toBe(201);
    expect(added.text).toContain("Đã gửi thêm thông tin");

    const detail = await findReport(quietCommune, narrative);
    expect(detail.acts).toEqual(["a", "n"]);
    expect(detail.reporter).toEqual({ anonymous: true });
    expect(detail.urgent).toBe(true);
  });

  it("answers bad fields with an HTML page listing them (escaped), and writes nothing", async () => {
    const before = await counts(quietCommune);
    const page = await postForm("/api/reports", [
      ["commune", quietCommune],
      ["narrative", ""],
      ["danger", "yes"],
      ["<script>alert(1)</script>", "x"],
    ]);
    expect(page.status).toBe(400);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.text).toContain("narrative");
    expect(page.text).not.toContain("<script>alert(1)</script>");
    expect(page.text).toContain("&lt;script&gt;");
    const empty = await postForm("/api/reports", []);
    expect(empty.status).toBe(400);
    expect(empty.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await counts(quietCommune)).toEqual(before);
  });
});

describe("officer intake and the commune inbox", () => {
  const intake = (commune: string, overrides: Record<string, unknown> = {}) => ({
    ...report(commune, { reporter: { anonymous: true }, safeContact: { mayCall: false } }),
    channel: "hotline",
    receivedAt: new Date(Date.now() - 60_000).toISOString(),
    receivedByName: "Trưởng thôn Đông",
    ...overrides,
  });

  it("records a hotline report on behalf of the caller, in the officer's commune only", async () => {
    const token = officerOf(communeA);
    const created = await system.call("POST", `/api/communes/${communeA}/reports`, { token, body: intake(communeA) });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json.channel).toBe("hotline");
    expect(created.json.receivedByName).toBe("Trưởng thôn Đông");
    expect(created.json.receivedBy).toBeTruthy();
    const mismatch = await system.call("POST", `/api/communes/${communeA}/reports`, { token, body: intake(communeB) });
    expect(mismatch.status).toBe(400);
    const elsewhere = await system.call("POST", `/api/communes/${communeB}/reports`, { token, body: intake(communeB) });
    expect(elsewhere.status).toBe(404);
  });

  it("lists urgent reports first, then newest first, with counts, filters and a cursor", async () => {
    const commune = system.province.communes.map((c) => c.code).sort()[5] as string;
    const token = officerOf(commune);
    const before = await counts(commune);
    const made: { id: string; urgent: boolean }[] = [];
    for (const [index, danger] of ["no", "yes", "no", "no", "yes"].entries()) {
      const created = await system.call("POST", `/api/communes/${commune}/reports`, {
        token,
        body: intake(commune, { danger, channel: index === 2 ? "school" : "hotline", receivedAt: new Date(Date.now() - (10 - index) * 60_000).toISOString() }),
      });
      expect(created.status).toBe(201);
      made.push({ id: created.json.id, urgent: danger === "yes" });
    }
    const after = await counts(commune);
    expect(after.total - before.total).toBe(5);
    expect(after.urgentNew - before.urgentNew).toBe(2);
    expect(Number(after.byStatus.new) - Number(before.byStatus.new)).toBe(5);

    const mine = new Set(made.map((item) => item.id));
    const order = (await inboxIds(commune)).filter((id) => mine.has(id));
    // Urgent (newest first), then the others (newest first).
    expect(order).toEqual([made[4], made[1], made[3], made[2], made[0]].map((item) => item?.id));

    const school = (await inboxIds(commune, "&channel=school")).filter((id) => mine.has(id));
    expect(school).toEqual([made[2]?.id]);

    // Two at a time, following the cursor, gives every report exactly once.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await system.call("GET", `/api/communes/${commune}/reports?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items.map((item: { id: string }) => item.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const item of made) expect(seen).toContain(item.id);

    const tampered = await system.call("GET", `/api/communes/${commune}/reports?cursor=${Buffer.from('{"pk":"x"}').toString("base64url")}`, { token });
    expect(tampered.status).toBe(400);
    expect(tampered.json.errors[0].field).toBe("query.cursor");
    const reversed = await system.call("GET", `/api/communes/${commune}/reports?from=2026-11-20&to=2026-11-01`, { token });
    expect(reversed.status).toBe(400);
  });

  it("filters by the Vietnamese calendar day", async () => {
    const commune = system.province.communes.map((c) => c.code).sort()[6] as string;
    const token = officerOf(commune);
    // 23:30 in Hà Nội on 2026-11-10 is 16:30 UTC the same day; 00:30 on the 11th is 17:30 UTC on the 10th.
    const late = await system.call("POST", `/api/communes/${commune}/reports`, { token, body: intake(commune, { receivedAt: "2026-11-10T23:30:00+07:00" }) });
    const early = await system.call("POST", `/api/communes/${commune}/reports`, { token, body: intake(commune, { receivedAt: "2026-11-11T00:30:00+07:00" }) });
    expect((await inboxIds(commune, "&from=2026-11-10&to=2026-11-10")).filter((id) => id === late.json.id || id === early.json.id)).toEqual([late.json.id]);
    expect((await inboxIds(commune, "&from=2026-11-11&to=2026-11-11")).filter((id) => id === late.json.id || id === early.json.id)).toEqual([early.json.id]);
  });

  it("filters by “received before” (the dashboard's waiting over 48 h), binds the cursor to it, and refuses a bad instant", async () => {
    const commune = system.province.communes.map((c) => c.code).sort()[7] as string;
    const token = officerOf(commune);
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();
    const ids: Record<string, string> = {};
    for (const [name, hours] of [
      ["older", 96],
      ["old", 50],
      ["fresh", 1],
    ] as const) {
      const created = await system.call("POST", `/api/communes/${commune}/reports`, { token, body: intake(commune, { receivedAt: hoursAgo(hours) }) });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      ids[name] = created.json.id;
    }
    const mine = new Set(Object.values(ids));
    const cutOff = hoursAgo(48);
    const waiting = `&status=new&receivedBefore=${encodeURIComponent(cutOff)}`;
    expect((await inboxIds(commune, waiting)).filter((id) => mine.has(id))).toEqual([ids.old, ids.older]);
    // The same instant written in Vietnam time lists the same reports.
    const inVietnam = `${new Date(Date.parse(cutOff) + 7 * 3600_000).toISOString().slice(0, 19)}+07:00`;
    expect((await inboxIds(commune, `&status=new&receivedBefore=${encodeURIComponent(inVietnam)}`)).filter((id) => mine.has(id))).toEqual([ids.old, ids.older]);
    // With a day range too, the earlier bound wins (the day of "older" ends at least 46 h before "old").
    expect((await inboxIds(commune, `${waiting}&to=${vietnamDay(hoursAgo(96))}`)).filter((id) => mine.has(id))).toEqual([ids.older]);

    // A cursor belongs to its filter: another cut-off, or none, is a 400 on query.cursor — never another list's page.
    const first = await system.call("GET", `/api/communes/${commune}/reports?limit=1${waiting}`, { token });
    expect(first.status).toBe(200);
    const cursor = encodeURIComponent(String(first.json.nextCursor));
    const same = await system.call("GET", `/api/communes/${commune}/reports?limit=1${waiting}&cursor=${cursor}`, { token });
    expect(same.status).toBe(200);
    for (const other of [`&status=new&receivedBefore=${encodeURIComponent(hoursAgo(24))}`, "&status=new"]) {
      const refused = await system.call("GET", `/api/communes/${commune}/reports?limit=1${other}&cursor=${cursor}`, { token });
      expect(refused.status).toBe(400);
      expect(refused.json.errors[0].field).toBe("query.cursor");
    }

    for (const bad of ["yesterday", "2026-12-04", "2026-02-30T10:00:00+07:00", "2026-12-04T10:00:00"]) {
      const refused = await system.call("GET", `/api/communes/${commune}/reports?receivedBefore=${encodeURIComponent(bad)}`, { token });
      expect(refused.status, bad).toBe(400);
      expect(refused.headers.get("content-type")).toContain("application/problem+json");
      expect(refused.json.errors).toEqual([
        {
          field: "query.receivedBefore",
          message: "Thời điểm phải có dạng 2026-12-31T23:30:00+07:00",
          message_en: "A time is written 2026-12-31T23:30:00+07:00",
        },
      ]);
    }
  });

  it("shows a province officer the report without names, phone numbers or the narrative", async () => {
    const body = report(communeA);
    await submit(body);
    const detail = await findReport(communeA, body.narrative);
    const provinceToken = system.tokenFor(["province-officer"], "province").token;
    const seen = await system.call("GET", `/api/reports/${detail.id}`, { token: provinceToken });
    expect(seen.status).toBe(200);
    expect(seen.json.identityVisible).toBe(false);
    expect(JSON.stringify(seen.json)).not.toContain("Nguyễn Thị Lan");
    expect(seen.json.narrative).toBeUndefined();
    expect(seen.json.reporter).toEqual({ anonymous: false, relationship: "self" });
  });
});

describe("triage", () => {
  async function newReport(commune: string) {
    const token = officerOf(commune);
    const created = await system.call("POST", `/api/communes/${commune}/reports`, {
      token,
      body: {
        ...report(commune, { reporter: { anonymous: true }, safeContact: { mayCall: false } }),
        channel: "walk-in",
        receivedAt: new Date().toISOString(),
      },
    });
    expect(created.status).toBe(201);
    return created.json as { id: string; version: number };
  }

  it("opens a case with a human case number, and the report shows it", async () => {
    const created = await newReport(communeA);
    const triaged = await system.call("POST", `/api/reports/${created.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "open-case", expectedVersion: 1 },
    });
    expect(triaged.status, JSON.stringify(triaged.json)).toBe(200);
    expect(triaged.json.status).toBe("case-opened");
    expect(triaged.json.version).toBe(2);
    expect(triaged.json.triage.caseNumber).toMatch(new RegExp(`^NB-${new Date().getFullYear()}-\\d{6}$`));
    expect(triaged.json.caseId).toBe(triaged.json.triage.caseId);
  });

  it("links a report to an existing case of the same commune, not of another", async () => {
    const first = await newReport(communeA);
    const opened = await system.call("POST", `/api/reports/${first.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "open-case", expectedVersion: 1 },
    });
    const second = await newReport(communeA);
    const linked = await system.call("POST", `/api/reports/${second.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "link-case", caseId: opened.json.caseId, expectedVersion: 1 },
    });
    expect(linked.status, JSON.stringify(linked.json)).toBe(200);
    expect(linked.json.status).toBe("linked");
    expect(linked.json.triage.caseNumber).toBe(opened.json.triage.caseNumber);

    const other = await newReport(communeB);
    const crossed = await system.call("POST", `/api/reports/${other.id}/triage`, {
      token: officerOf(communeB),
      body: { action: "link-case", caseId: opened.json.caseId, expectedVersion: 1 },
    });
    expect(crossed.status).toBe(400);
    expect(crossed.json.errors[0].field).toBe("body.caseId");
  });

  it("links by the case number officers see, typed any way (issue 18), and names the triaging officer", async () => {
    const first = await newReport(communeA);
    const opened = await system.call("POST", `/api/reports/${first.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "open-case", expectedVersion: 1 },
    });
    const number = opened.json.triage.caseNumber as string;
    const [prefix, year, sequence] = number.split("-") as [string, string, string];
    const second = await newReport(communeA);
    const linked = await system.call("POST", `/api/reports/${second.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "link-case", caseNumber: `${prefix.toLowerCase()}-${year}-${String(Number(sequence))}`, expectedVersion: 1 },
    });
    expect(linked.status, JSON.stringify(linked.json)).toBe(200);
    expect(linked.json).toMatchObject({ status: "linked", caseId: opened.json.caseId, triage: { caseNumber: number } });
    expect(linked.json.triage.byName).toBeTruthy();
    const third = await newReport(communeA);
    const unknown = await system.call("POST", `/api/reports/${third.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "link-case", caseNumber: `${prefix}-1999-999999`, expectedVersion: 1 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatchObject({ field: "body.caseNumber", message: "Không có vụ việc này trong xã của tin báo" });
    const malformed = await system.call("POST", `/api/reports/${third.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "link-case", caseNumber: "vụ việc số 1", expectedVersion: 1 },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json.errors[0]).toMatchObject({ field: "body.caseNumber", message: "Số vụ việc theo dạng NB-2026-000123" });
  });

  it("refuses an anonymous reporter's “you may call me” without a number (issue 18)", async () => {
    const answer = await system.call("POST", "/api/reports", {
      body: {
        commune: communeA,
        narrative: "Hàng xóm đánh vợ",
        danger: "no",
        reporter: { anonymous: true },
        safeContact: { mayCall: true },
        consentToContact: true,
      },
    });
    expect(answer.status).toBe(400);
    expect(answer.json.errors).toEqual([expect.objectContaining({ field: "body.safeContact.mayCall", message: expect.stringContaining("Để được gọi lại") })]);
  });

  it("needs a reason to close a report, and keeps the reason readable to the commune only", async () => {
    const created = await newReport(communeA);
    const token = officerOf(communeA);
    const noReason = await system.call("POST", `/api/reports/${created.id}/triage`, { token, body: { action: "not-dv", expectedVersion: 1 } });
    expect(noReason.status).toBe(400);
    expect(noReason.json.errors[0].field).toBe("body.reason");
    const closed = await system.call("POST", `/api/reports/${created.id}/triage`, {
      token,
      body: { action: "referred", reason: "Chuyển Công an xã", expectedVersion: 1 },
    });
    expect(closed.status).toBe(200);
    expect(closed.json.triage.reason).toBe("Chuyển Công an xã");
  });

  it("answers a stale or repeated triage with 409 and the current report; of two at once exactly one wins", async () => {
    const created = await newReport(communeA);
    const token = officerOf(communeA);
    const both = await Promise.all([
      system.call("POST", `/api/reports/${created.id}/triage`, { token, body: { action: "open-case", expectedVersion: 1 } }),
      system.call("POST", `/api/reports/${created.id}/triage`, { token, body: { action: "duplicate", reason: "Trùng", expectedVersion: 1 } }),
    ]);
    expect(both.map((result) => result.status).sort()).toEqual([200, 409]);
    const loser = both.find((result) => result.status === 409);
    const winner = both.find((result) => result.status === 200);
    expect(loser?.json.current.status).toBe(winner?.json.status);
    expect(loser?.json.current.version).toBe(2);
    const stale = await system.call("POST", `/api/reports/${created.id}/triage`, { token, body: { action: "not-dv", reason: "x", expectedVersion: 1 } });
    expect(stale.status).toBe(409);
  });

  it("does not let an officer of another commune read or triage the report", async () => {
    const created = await newReport(communeA);
    const stranger = officerOf(communeB);
    expect((await system.call("GET", `/api/reports/${created.id}`, { token: stranger })).status).toBe(404);
    expect(
      (await system.call("POST", `/api/reports/${created.id}/triage`, { token: stranger, body: { action: "open-case", expectedVersion: 1 } })).status,
    ).toBe(404);
    expect(await inboxIds(communeA)).toContain(created.id);
    expect((await system.call("GET", `/api/communes/${communeA}/reports`, { token: stranger })).status).toBe(404);
  });
});

describe("the reporter's view of a case", () => {
  it("follows the case opened from the report: being handled, then closed when the case closes", async () => {
    const body = report(communeA);
    const submitted = await submit(body);
    const detail = await findReport(communeA, body.narrative);
    const token = officerOf(communeA);
    const opened = await system.call("POST", `/api/reports/${detail.id}/triage`, { token, body: { action: "open-case", expectedVersion: 1 } });
    expect(opened.status).toBe(200);
    const statusOfCode = async () =>
      (await system.call("POST", "/api/receipts/status", { body: { receiptCode: submitted.json.receiptCode }, from: address() })).json.status;
    expect(await statusOfCode()).toBe("in-progress");
    const caseId = opened.json.caseId as string;
    for (const step of [{ to: "intervening" }, { to: "monitoring" }, { to: "closed", reason: "violence-ended" }]) {
      const current = await system.call("GET", `/api/cases/${caseId}`, { token });
      const moved = await system.call("POST", `/api/cases/${caseId}/status`, { token, body: { ...step, expectedVersion: current.json.version } });
      expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    }
    expect(await statusOfCode()).toBe("closed");
  });
});

describe("notifications", () => {
  it("tell the commune's officers (urgent flagged) without the report's content", async () => {
    const commune = system.province.communes.map((c) => c.code).sort()[7] as string;
    const officer = await system.api.directory.invite({
      email: `thongbao-${randomUUID().slice(0, 8)}@pcblgd.test`,
      name: "Cán bộ nhận thông báo",
      roles: ["commune-officer"],
      jurisdiction: { kind: "communes", communes: [commune] },
    });
    const body = report(commune, { danger: "yes" });
    expect((await submit(body)).status).toBe(201);
    const notices = readdirSync(system.api.outboxDir)
      .filter((name) => name.includes("tin-bao"))
      .map((name) => readFileSync(join(system.api.outboxDir, name), "utf8"))
      .filter((text) => text.includes(officer.email));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain("KHẨN");
    expect(notices[0]).not.toContain(body.narrative);
    expect(notices[0]).not.toContain("Nguyễn Thị Lan");
    expect(notices[0]).not.toContain("0912");
  });
});

describe("privacy at rest", () => {
  it("keeps no readable narrative, name, phone number, address or receipt code in the tables", async () => {
    // Markers no other test file can write (the tables are shared by the run), in every secret.
    const token = uniqueMarker();
    const narrative = `Bí mật riêng tư ${token}`;
    const from = address();
    const body = report(communeA, {
      narrative,
      location: `Số 77 đường ${token}`,
      reporter: { anonymous: false, name: `Trần Văn ${token}`, phone: "0977 111 222", relationship: "family" },
      safeContact: { mayCall: false, neverCall: "0966 333 444", when: `Không bao giờ gọi ${token}` },
    });
    const submitted = await submit(body, {}, from);
    expect(submitted.status).toBe(201);
    const triageReason = `Lý do bí mật ${token}`;
    const detail = await findReport(communeA, narrative);
    await system.call("POST", `/api/reports/${detail.id}/triage`, {
      token: officerOf(communeA),
      body: { action: "referred", reason: triageReason, expectedVersion: 1 },
    });
    const raw = await rawDump(system.api.documents, "ninh-binh", ["reports", "idempotency", "throttle", "audit"]);
    // The dump holds this report (every page is read), so the checks below look at real data.
    expect(raw).toContain(detail.id);
    for (const secret of [
      token,
      "0977 111 222",
      "0977111222",
      "0966 333 444",
      submitted.json.receiptCode,
      submitted.json.receiptCode.replaceAll(" ", ""),
      // The client's address (the limiter keeps an HMAC of it).
      `"${from}"`,
      `${from}:`,
    ]) {
      expect(raw, `found "${secret}" in a table`).not.toContain(secret);
    }
  });
});
