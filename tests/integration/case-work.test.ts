import { createHash, createHmac, randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runDigest } from "../../functions/cases/digest.ts";
import { DynamoWorkRepository } from "../../functions/cases/my-work-repository.ts";
import { foldPersonName } from "../../functions/cases/person-index.ts";
import { DynamoCaseRepository } from "../../functions/cases/repository.ts";
import { DynamoAuditRepository } from "../../functions/lib/audit.ts";
import { physicalTableName } from "../../shared/tables.ts";
import { addDays, vietnamDay } from "../../shared/vietnam-time.ts";
import { openTestCase } from "../support/cases.ts";
import { type OfficerApi, startOfficerApi } from "../support/officer-api.ts";

/**
 * Case work as officers live it (issue 14) through the local API and the real handlers on
 * DynamoDB Local: referral outcomes, notes, assignment, the person index (same perpetrator, the
 * Điều 32 count, find by name) and My work. Each test opens cases of its own; My work runs in a
 * commune no other test file uses.
 */
let system: OfficerApi;
let commune: string;
let officer: string;
let leader: string;
let province: string;
const casesTable = physicalTableName("ninh-binh", "cases");
const day = 86_400_000;

beforeAll(async () => {
  system = await startOfficerApi("ninh-binh");
  commune = system.province.communes.map((entry) => entry.code).sort()[6] as string;
  officer = system.tokenFor(["commune-officer"], [commune], { name: "Phạm Cán Bộ" }).token;
  leader = system.tokenFor(["commune-leader"], [commune], { name: "Đỗ Chủ Tịch" }).token;
  province = system.tokenFor(["province-officer"], "province").token;
});
afterAll(async () => {
  await system?.close();
});

const workStore = () =>
  new DynamoWorkRepository(system.api.documents, new DynamoCaseRepository(system.api.documents, casesTable), {
    cases: casesTable,
    reports: physicalTableName("ninh-binh", "reports"),
  });

const newCase = (at?: string) => openTestCase(system.api.documents, { commune, ...(at ? { at } : {}) });

async function read(caseId: string, token = officer) {
  const result = await system.call("GET", `/api/cases/${caseId}`, { token });
  expect(result.status, JSON.stringify(result.json)).toBe(200);
  return result.json;
}

async function change(caseId: string, method: string, suffix: string, body: Record<string, unknown>, token = officer) {
  const current = await read(caseId, token === province ? officer : token);
  return system.call(method, `/api/cases/${caseId}${suffix}`, { token, body: { expectedVersion: current.version, ...body } });
}

async function addParty(caseId: string, party: Record<string, unknown>) {
  const added = await change(caseId, "POST", "/parties", { sex: "male", ageBand: "18-59", relationship: "spouse", vulnerabilities: [], ...party });
  expect(added.status, JSON.stringify(added.json)).toBe(201);
  return (added.json.parties as { partyId: string; role: string }[]).find((entry) => entry.role === party.role)?.partyId as string;
}

async function referredVictim(caseId: string, referredOn = vietnamDay()) {
  const victimId = await addParty(caseId, { role: "victim", name: "Lê Thị Hoa", sex: "female" });
  await change(caseId, "PUT", `/parties/${victimId}/consents/referral`, { given: true });
  const referred = await change(caseId, "POST", "/referrals", { target: "health", victimId, referredOn });
  expect(referred.status, JSON.stringify(referred.json)).toBe(201);
  return referred.json.referrals[0].referralId as string;
}

describe("referral outcomes", () => {
  it("moves sent → received → accepted → service given, each step with its day; refuses a skip back and a stale version", async () => {
    const { caseId } = await newCase();
    const referralId = await referredVictim(caseId, addDays(vietnamDay(), -3));
    for (const [status, on] of [
      ["received", addDays(vietnamDay(), -2)],
      ["accepted", addDays(vietnamDay(), -1)],
      ["service-given", vietnamDay()],
    ] as const) {
      const moved = await change(caseId, "POST", `/referrals/${referralId}/status`, { status, on });
      expect(moved.status, JSON.stringify(moved.json)).toBe(200);
    }
    const referral = (await read(caseId)).referrals[0];
    expect(referral.status).toBe("service-given");
    expect(referral.history.map((step: { status: string }) => step.status)).toEqual(["sent", "received", "accepted", "service-given"]);
    const back = await change(caseId, "POST", `/referrals/${referralId}/status`, { status: "received", on: vietnamDay() });
    expect(back.status).toBe(400);
    expect(back.json.errors[0].field).toBe("body.status");
    const stale = await system.call("POST", `/api/cases/${caseId}/referrals/${referralId}/status`, {
      token: officer,
      body: { expectedVersion: 1, status: "declined", on: vietnamDay(), reason: "Hết chỗ" },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.current.version).toBeGreaterThan(1);
  });

  it("refers to every body the issue names: health care, legal aid, counselling, shelter, police, court, another body", async () => {
    const { caseId } = await newCase();
    const victimId = await addParty(caseId, { role: "victim", name: "Lê Thị Hoa", sex: "female" });
    await change(caseId, "PUT", `/parties/${victimId}/consents/referral`, { given: true });
    const targets = ["health", "legal-aid", "counselling", "shelter", "police", "court", "other"];
    for (const target of targets) {
      const referred = await change(caseId, "POST", "/referrals", { target, victimId, referredOn: vietnamDay() });
      expect(referred.status, JSON.stringify(referred.json)).toBe(201);
    }
    expect((await read(caseId)).referrals.map((referral: { target: string }) => referral.target).sort()).toEqual([...targets].sort());
    expect((await change(caseId, "POST", "/referrals", { target: "nowhere", victimId, referredOn: vietnamDay() })).status).toBe(400);
  });

  it("a decline needs a reason, sealed and shown only to readers of identities", async () => {
    const { caseId } = await newCase();
    const referralId = await referredVictim(caseId);
    const bare = await change(caseId, "POST", `/referrals/${referralId}/status`, { status: "declined", on: vietnamDay() });
    expect(bare.status).toBe(400);
    expect(bare.json.errors[0].field).toBe("body.reason");
    const declined = await change(caseId, "POST", `/referrals/${referralId}/status`, { status: "declined", on: vietnamDay(), reason: "Cơ sở hết giường" });
    expect(declined.status).toBe(200);
    expect(declined.json.referrals[0].history.at(-1).reason).toEqual({ value: "Cơ sở hết giường" });
    expect((await read(caseId, province)).referrals[0].history.at(-1).reason).toEqual({ hidden: true });
  });
});

describe("case notes", () => {
  it("are sealed, authored, append-only with corrections, and only for readers of identities", async () => {
    const { caseId } = await newCase();
    const first = await change(caseId, "POST", "/notes", { text: "Đã gặp chị Hoa tại trạm y tế" });
    expect(first.status, JSON.stringify(first.json)).toBe(201);
    const noteId = first.json.notes[0].noteId as string;
    const corrected = await change(caseId, "POST", "/notes", { text: "Sửa: gặp tại nhà văn hoá thôn", corrects: noteId });
    expect(corrected.status).toBe(201);
    const view = await read(caseId);
    expect(view.notes.map((note: { text: string }) => note.text)).toEqual(["Đã gặp chị Hoa tại trạm y tế", "Sửa: gặp tại nhà văn hoá thôn"]);
    expect(view.notes[0]).toMatchObject({ byName: "Phạm Cán Bộ" });
    expect(view.notes[1].corrects).toBe(noteId);
    expect(view.timeline.map((event: { action: string }) => event.action)).toEqual(expect.arrayContaining(["note.added", "note.corrected"]));
    expect((await read(caseId, province)).notes).toBeUndefined();
    const unknown = await change(caseId, "POST", "/notes", { text: "x", corrects: randomUUID() });
    expect(unknown.status).toBe(400);
    const { Items = [] } = await system.api.documents.send(
      new QueryCommand({ TableName: casesTable, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `CASE#${caseId}` } }),
    );
    expect(JSON.stringify(Items)).not.toContain("trạm y tế");
  });
});

describe("assignment", () => {
  it("a leader assigns an officer of the commune; an officer only assigns themselves; an outsider cannot be assigned", async () => {
    const admin = system.tokenFor(["province-admin"], "province").token;
    const invited = await system.call("POST", "/api/admin/officers", {
      token: admin,
      body: {
        email: `giao-viec-${randomUUID().slice(0, 8)}@pcblgd.test`,
        name: "Vũ Được Giao",
        roles: ["commune-officer"],
        jurisdiction: { kind: "communes", communes: [commune] },
      },
    });
    expect(invited.status, JSON.stringify(invited.json)).toBe(201);
    // The leader's picker: the commune's case officers, ids and names only.
    const picker = await system.call("GET", `/api/communes/${commune}/case-officers`, { token: leader });
    expect(picker.status, JSON.stringify(picker.json)).toBe(200);
    expect(picker.json.officers).toContainEqual({ officerId: invited.json.id, name: "Vũ Được Giao" });
    for (const entry of picker.json.officers) expect(Object.keys(entry).sort()).toEqual(["name", "officerId"]);
    const elsewhere = system.tokenFor(["commune-leader"], [system.commune1]).token;
    expect((await system.call("GET", `/api/communes/${commune}/case-officers`, { token: elsewhere })).status).toBe(404);
    const { caseId } = await newCase();
    const assigned = await change(caseId, "PUT", "/assignees", { officerIds: [invited.json.id] }, leader);
    expect(assigned.status, JSON.stringify(assigned.json)).toBe(200);
    expect(assigned.json.assignedOfficers).toEqual([{ officerId: invited.json.id, name: "Vũ Được Giao" }]);

    const byOfficer = await change(caseId, "PUT", "/assignees", { officerIds: [] }, officer);
    expect(byOfficer.status).toBe(400);
    expect(byOfficer.json.errors[0].field).toBe("body.assignedOfficers");
    const outsider = await change(caseId, "PUT", "/assignees", { officerIds: [invited.json.id, randomUUID()] }, leader);
    expect(outsider.status).toBe(400);

    // The invited officer's My work lists the case.
    const theirs = system.tokenFor(["commune-officer"], [commune], { sub: invited.json.id, name: "Vũ Được Giao" }).token;
    const work = await system.call("GET", "/api/my-work", { token: theirs });
    expect(work.status).toBe(200);
    expect(work.json.lines).toContainEqual(expect.objectContaining({ kind: "assigned", caseId, section: "summary" }));
    expect(work.json.counts.openCases).toBe(1);

    // Reassigned away: the case is gone from their list (other files' untriaged reports of the
    // commune may be there: the tables are shared by every test file).
    await change(caseId, "PUT", "/assignees", { officerIds: [] }, leader);
    const after = (await system.call("GET", "/api/my-work", { token: theirs })).json.lines as { caseId?: string }[];
    expect(after.filter((line) => line.caseId === caseId)).toEqual([]);
  });
});

describe("My work", () => {
  it("lists an overdue follow-up, an order ending within 24 h, a referral unanswered after 7 days and a report untriaged after 24 h", async () => {
    const { caseId, caseNumber } = await newCase();
    const me = system.tokenFor(["commune-officer"], [commune], { name: "Tôi" });
    const token = me.token;
    await change(caseId, "PATCH", "", { assignedOfficers: [{ officerId: me.claims.sub, name: "Tôi" }] }, token);
    await change(caseId, "POST", "/follow-ups", { dueOn: addDays(vietnamDay(), -2) }, token);
    const perpetratorId = await addParty(caseId, { role: "perpetrator", birthYear: 1980 });
    const start = new Date(Date.now() - 48 * 3_600_000).toISOString();
    const end = new Date(Date.now() + 12 * 3_600_000).toISOString();
    const ordered = await change(
      caseId,
      "POST",
      "/measures",
      { code: "c", status: "ordered", authority: "commune-chairman", perpetratorId, decisionNumber: "12/QĐ", startsAt: start, endsAt: end },
      leader,
    );
    expect(ordered.status, JSON.stringify(ordered.json)).toBe(201);
    await referredVictim(caseId, addDays(vietnamDay(), -9));
    const intake = await system.call("POST", `/api/communes/${commune}/reports`, {
      token,
      body: {
        commune,
        narrative: "Gọi đến đường dây nóng hôm kia",
        acts: ["b"],
        danger: "no",
        reporter: { anonymous: true },
        consentToContact: false,
        channel: "hotline",
        receivedAt: new Date(Date.now() - 30 * 3_600_000).toISOString(),
      },
    });
    expect(intake.status).toBe(201);

    const work = await system.call("GET", "/api/my-work", { token });
    expect(work.status, JSON.stringify(work.json)).toBe(200);
    expect(work.json.scope).toBe("own");
    const kinds = (work.json.lines as { kind: string; caseId?: string; reportId?: string }[]).map((line) => [line.kind, line.caseId ?? line.reportId]);
    expect(kinds).toEqual(
      expect.arrayContaining([
        ["assigned", caseId],
        ["follow-up-overdue", caseId],
        ["order-ending", caseId],
        ["referral-unanswered", caseId],
        ["report-untriaged", intake.json.id],
      ]),
    );
    expect(work.json.lines.find((line: { kind: string }) => line.kind === "follow-up-overdue")).toMatchObject({ caseNumber, section: "followups" });
    expect(work.json.counts.overdueFollowUps).toBeGreaterThanOrEqual(1);
    expect(work.json.counts.ordersEnding).toBeGreaterThanOrEqual(1);
    expect(work.json.counts.newReports).toBeGreaterThanOrEqual(1);
    // Case numbers, ids and dates only.
    expect(JSON.stringify(work.json)).not.toContain("Hoa");

    // Another officer of the commune sees the report, not this officer's cases; the leader sees the whole commune.
    const other = await system.call("GET", "/api/my-work", { token: officer });
    expect(other.json.lines.some((line: { caseId?: string }) => line.caseId === caseId)).toBe(false);
    expect(other.json.lines.some((line: { reportId?: string }) => line.reportId === intake.json.id)).toBe(true);
    const lead = await system.call("GET", "/api/my-work", { token: leader });
    expect(lead.json.scope).toBe("commune");
    expect(lead.json.lines).toContainEqual(expect.objectContaining({ kind: "follow-up-overdue", caseId }));
    expect(lead.json.counts.openCases).toBeGreaterThanOrEqual(1);

    // The daily digest: this officer's list as counts and case numbers, to them alone; nothing for an empty list.
    const sent: { to: string[]; subject: string; text: string }[] = [];
    const record = (id: string, email: string) => ({
      id,
      email,
      name: "Tên Cán Bộ",
      roles: ["commune-officer" as const],
      jurisdiction: { kind: "communes" as const, communes: [system.commune2] },
      status: "active" as const,
      createdAt: "",
      updatedAt: "",
    });
    const mine = { ...record(me.claims.sub, "toi@pcblgd.test"), jurisdiction: { kind: "communes" as const, communes: [commune] } };
    const count = await runDigest(workStore(), [mine, record(randomUUID(), "trong@pcblgd.test")], async (message) => {
      sent.push(message);
    });
    expect(count).toBe(1);
    expect(sent[0]?.to).toEqual(["toi@pcblgd.test"]);
    expect(sent[0]?.text).toContain(caseNumber);
    expect(sent[0]?.text).toContain("Theo dõi quá hạn");
    expect(`${sent[0]?.subject}${sent[0]?.text}`).not.toMatch(/Hoa|Tên Cán Bộ|đường dây nóng hôm kia/);

    // Answering the referral takes it off the list.
    const view = await read(caseId, token);
    await change(caseId, "POST", `/referrals/${view.referrals[0].referralId}/status`, { status: "received", on: vietnamDay() }, token);
    const after = await system.call("GET", "/api/my-work", { token });
    expect(after.json.lines.some((line: { kind: string }) => line.kind === "referral-unanswered")).toBe(false);
  });
});

describe("the person index: the same perpetrator and Điều 32", () => {
  it("finds an earlier case of the same name and year, records the link, and allows community criticism only with 2 acts in 12 months", async () => {
    const name = `Trần Văn Đức ${randomUUID().slice(0, 6)}`;
    const earlier = await newCase(new Date(Date.now() - 90 * day).toISOString());
    await addParty(earlier.caseId, { role: "perpetrator", name, birthYear: 1980 });
    const old = await newCase(new Date(Date.now() - 500 * day).toISOString());
    await addParty(old.caseId, { role: "perpetrator", name, birthYear: 1980 });
    const now = await newCase();
    // Typed without diacritics and in capitals: the same person.
    const partyId = await addParty(now.caseId, {
      role: "perpetrator",
      name: name.toUpperCase().replace("Đ", "D").normalize("NFD").replace(/\p{M}/gu, ""),
      birthYear: 1980,
    });

    const criticism = { kind: "community-criticism", heldOn: vietnamDay(), perpetratorId: partyId };
    const refused = await change(now.caseId, "POST", "/sessions", criticism);
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].field).toBe("body.perpetratorId");
    expect(refused.json.errors[0].message).toContain("Điều 32");

    const candidates = await system.call("GET", `/api/cases/${now.caseId}/parties/${partyId}/same-person`, { token: officer });
    expect(candidates.status).toBe(200);
    expect(candidates.json.matches.map((match: { caseNumber: string }) => match.caseNumber).sort()).toEqual([earlier.caseNumber, old.caseNumber].sort());
    expect(JSON.stringify(candidates.json)).not.toContain("Đức");

    // The case 500 days back is the same person but outside 12 months: still one act.
    const oldLink = candidates.json.matches.find((match: { caseId: string }) => match.caseId === old.caseId);
    await change(now.caseId, "POST", `/parties/${partyId}/same-person`, { caseId: old.caseId, partyId: oldLink.partyId });
    expect((await change(now.caseId, "POST", "/sessions", criticism)).status).toBe(400);

    const link = candidates.json.matches.find((match: { caseId: string }) => match.caseId === earlier.caseId);
    const linked = await change(now.caseId, "POST", `/parties/${partyId}/same-person`, { caseId: earlier.caseId, partyId: link.partyId });
    expect(linked.status, JSON.stringify(linked.json)).toBe(200);
    expect(
      linked.json.parties.find((party: { partyId: string }) => party.partyId === partyId).sameAs.map((entry: { caseNumber: string }) => entry.caseNumber),
    ).toContain(earlier.caseNumber);
    const allowed = await change(now.caseId, "POST", "/sessions", criticism);
    expect(allowed.status, JSON.stringify(allowed.json)).toBe(201);

    // A link to a case of another name is refused.
    const stranger = await newCase();
    const strangerParty = await addParty(stranger.caseId, { role: "perpetrator", name: "Người Khác Hẳn", birthYear: 1980 });
    const wrong = await change(now.caseId, "POST", `/parties/${partyId}/same-person`, { caseId: stranger.caseId, partyId: strangerParty });
    expect(wrong.status).toBe(400);
  });

  it("a commune leader may decide community criticism without 2 acts, with a reason; an officer may not", async () => {
    const { caseId } = await newCase();
    const partyId = await addParty(caseId, { role: "perpetrator", name: "Hoàng Văn Một Lần", birthYear: 1975 });
    const body = { kind: "community-criticism", heldOn: vietnamDay(), perpetratorId: partyId, override: { reason: "Hành vi nghiêm trọng, gia đình đề nghị" } };
    expect((await change(caseId, "POST", "/sessions", body, officer)).status).toBe(400);
    const short = await change(caseId, "POST", "/sessions", { ...body, override: { reason: "ngắn" } }, leader);
    expect(short.status).toBe(400);
    const decided = await change(caseId, "POST", "/sessions", body, leader);
    expect(decided.status, JSON.stringify(decided.json)).toBe(201);
    expect(decided.json.timeline.at(-1).detail).toMatchObject({ kind: "community-criticism", override: true });
  });

  it("finds a person's cases by exact name, diacritics and case ignored, within the commune only, audited; no name in the table", async () => {
    const name = `Nguyễn Thị Lụa ${randomUUID().slice(0, 6)}`;
    const { caseId, caseNumber } = await newCase();
    await addParty(caseId, { role: "victim", name, sex: "female", birthYear: 1990 });
    const typed = name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
    const found = await system.call("POST", `/api/communes/${commune}/person-search`, { token: officer, body: { name: typed } });
    expect(found.status, JSON.stringify(found.json)).toBe(200);
    expect(found.json.matches).toEqual([expect.objectContaining({ caseId, caseNumber, role: "victim" })]);
    const withYear = await system.call("POST", `/api/communes/${commune}/person-search`, { token: officer, body: { name, birthYear: 1991 } });
    expect(withYear.json.matches).toEqual([]);
    const prefix = await system.call("POST", `/api/communes/${commune}/person-search`, {
      token: officer,
      body: { name: name.split(" ").slice(0, 2).join(" ") },
    });
    expect(prefix.json.matches).toEqual([]);
    // Another commune's officer, and a province officer (no identities), cannot search here.
    const elsewhere = system.tokenFor(["commune-officer"], [system.commune1]).token;
    expect((await system.call("POST", `/api/communes/${commune}/person-search`, { token: elsewhere, body: { name } })).status).toBe(404);
    expect((await system.call("POST", `/api/communes/${commune}/person-search`, { token: province, body: { name } })).status).toBe(404);

    // Each search is audited on the commune, without the name it looked for.
    const audit = new DynamoAuditRepository(system.api.documents, physicalTableName("ninh-binh", "audit"));
    let searches: { action: string; outcome: string }[] = [];
    for (let attempt = 0; attempt < 50 && searches.length < 5; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      searches = (await audit.list({ recordKey: `commune#${commune}`, limit: 100 })).items.filter(
        (entry: { action: string }) => entry.action === "case.person-search",
      );
    }
    expect(searches.map((entry) => entry.outcome)).toEqual(expect.arrayContaining(["allowed", "denied"]));
    expect(JSON.stringify(searches)).not.toMatch(/Lụa|lua/i);

    // The raw table: no name, and a dictionary of names hashed WITHOUT the key matches nothing.
    const { Items = [] } = await system.api.documents.send(
      new QueryCommand({ TableName: casesTable, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `CASE#${caseId}` } }),
    );
    const dump = JSON.stringify(Items);
    expect(dump).not.toContain("Lụa");
    expect(dump.toLowerCase()).not.toContain(foldPersonName(name));
    const folded = foldPersonName(name);
    const dictionary = [folded, `name|${folded}`, name, `person|${folded}|1990`].flatMap((entry) => [
      createHash("sha256").update(entry).digest("base64url"),
      createHash("sha256").update(entry).digest("hex"),
      createHmac("sha256", "").update(entry).digest("base64url"),
    ]);
    for (const guess of dictionary) expect(dump).not.toContain(guess);
    expect(dump).toContain("PERSON#");
  });
});
